using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Files;

/// <summary>
/// What a source returned for one request window: the items it gave for <c>[From, AsOf]</c> of the snapshot. The window
/// matters to the writer: a file written before holds the rows of its own window, and only the rows both windows cover
/// must agree (docs/data-formats.md, "Snapshots").
/// </summary>
public sealed record SnapshotWindow<T>(DateTimeOffset From, IReadOnlyList<T> Items);

/// <summary>
/// One instant's market data of one symbol, as a source returned it, to be written into the files layout
/// (<see cref="MarketSnapshotWriter"/>): the chain at <see cref="AsOf"/>, daily bars, minute bars, trades, quotes and
/// headlines with the windows they were asked for. Absent parts (null) are not written.
/// </summary>
public sealed record MarketSnapshot(string Symbol, DateTimeOffset AsOf)
{
    /// <summary>The chain as of <see cref="AsOf"/>; written as <c>chains/&lt;AsOf, whole seconds&gt;.parquet</c>.</summary>
    public OptionChain? Chain { get; init; }

    /// <summary>Daily bars (stamped at their session's open); a session still open at <see cref="AsOf"/> is left out (its minute bars make its partial bar).</summary>
    public SnapshotWindow<Bar>? DailyBars { get; init; }

    /// <summary>Minute bars (stamped at their start), complete at <see cref="AsOf"/>.</summary>
    public SnapshotWindow<Bar>? MinuteBars { get; init; }

    public SnapshotWindow<Trade>? Trades { get; init; }

    public SnapshotWindow<Quote>? Quotes { get; init; }

    public SnapshotWindow<NewsHeadline>? News { get; init; }

    /// <summary>The chain file's stamp: <see cref="AsOf"/> in UTC, truncated to whole seconds (the file name's precision).</summary>
    public DateTimeOffset Stamp => StampOf(AsOf);

    /// <summary><paramref name="asOf"/> in UTC truncated to whole seconds.</summary>
    public static DateTimeOffset StampOf(DateTimeOffset asOf) =>
        new(asOf.UtcTicks - (asOf.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
