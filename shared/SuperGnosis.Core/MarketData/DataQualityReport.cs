using System.Collections.Immutable;

namespace SuperGnosis.Core.MarketData;

/// <summary>The kinds of market data a source reads; each engine uses some of them (docs/data-formats.md, "Data quality").</summary>
public enum DataKind
{
    Chain,
    DailyBars,
    MinuteBars,
    Trades,
    Quotes,
    News,
}

/// <summary>
/// What a source had to leave out of one kind of data for one (symbol, as-of): rows skipped, counted by reason (a
/// reason is a short snake_case slug such as <c>bad_price</c>), the chain snapshot's own time when the kind is
/// <see cref="DataKind.Chain"/>, daily moves that look like unrecorded splits, and <see cref="Notes"/>: facts about
/// how the data was served, keyed by a snake_case slug (a live provider's <c>source</c> = <c>polygon</c>, a row cap's
/// <c>capped_from</c> = the earliest instant kept, <c>unavailable</c> = the sources that lack this kind).
/// </summary>
public sealed record DataKindQuality(
    ImmutableSortedDictionary<string, int> SkippedByReason,
    DateTimeOffset? SnapshotTime,
    ImmutableArray<SuspectedSplit> SuspectedSplits,
    ImmutableSortedDictionary<string, string>? Notes = null)
{
    public static DataKindQuality Empty { get; } = new(ImmutableSortedDictionary<string, int>.Empty, null, []);

    /// <summary>The notes, empty when there are none.</summary>
    public ImmutableSortedDictionary<string, string> NotesOrEmpty => Notes ?? ImmutableSortedDictionary<string, string>.Empty;

    public int SkippedRows => SkippedByReason.Values.Sum();
}

/// <summary>
/// Per (symbol, as-of): the quality of each kind of data a source served (what an <see cref="Ports.IDataQualitySource"/>
/// reports). Kinds the source did not read are absent.
/// </summary>
public sealed record DataQualityReport(ImmutableSortedDictionary<DataKind, DataKindQuality> Kinds)
{
    public static DataQualityReport Empty { get; } = new(ImmutableSortedDictionary<DataKind, DataKindQuality>.Empty);
}
