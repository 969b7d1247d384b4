using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Hosting.Pipeline;

/// <summary>
/// An engine whose output also says what the source left out of the data it read (docs/data-formats.md, "Data
/// quality"): after the engine runs, the source's <see cref="DataQualityReport"/> for (symbol, as-of) adds to the
/// metadata, for each kind of data this engine reads (<see cref="KindsOf"/>):
/// <c>data_{kind}_skipped_{reason}</c> = rows skipped for that reason (only reasons that occurred),
/// <c>data_{kind}_{note}</c> = the source's notes on that kind (<see cref="DataKindQuality.Notes"/>: a live provider's
/// <c>source</c>, a row cap's <c>capped_from</c>, <c>unavailable</c> when no selected source has the kind),
/// <c>data_daily_bars_suspected_splits</c> = <c>2024-06-10:2,...</c>, and for the chain <c>chain_snapshot</c> (the
/// snapshot's stamp, ISO-8601 UTC, or <c>none</c>) and <c>chain_age_seconds</c>. A chain older than
/// <c>ChainStalenessLimit</c> adds <c>stale_chain</c> to <c>degraded</c> (joined with '+' to a reason the engine gave);
/// a missing snapshot adds <c>no_chain_snapshot</c>; a snapshot stamped after the as-of (a live provider's latest,
/// accepted because the market was closed in between) adds <c>chain_after_as_of</c>. Confidence and features are the engine's.
/// </summary>
public sealed class DataQualityEngine(IEngine inner, IDataQualitySource quality, TimeSpan chainStalenessLimit) : IEngine
{
    public EngineKind Kind => inner.Kind;

    public IReadOnlyList<EngineKind> DependsOn => inner.DependsOn;

    /// <summary>The engine this one annotates.</summary>
    public IEngine Inner => inner;

    /// <summary>The data each engine reads: hedge chain + daily bars; liquidity daily bars, trades, quotes; sentiment news, chain, daily bars; elasticity daily bars.</summary>
    public static IReadOnlyList<DataKind> KindsOf(EngineKind kind) => kind switch
    {
        EngineKind.Hedge => [DataKind.Chain, DataKind.DailyBars],
        EngineKind.Liquidity => [DataKind.DailyBars, DataKind.Trades, DataKind.Quotes],
        EngineKind.Sentiment => [DataKind.News, DataKind.Chain, DataKind.DailyBars],
        EngineKind.Elasticity => [DataKind.DailyBars],
        _ => [],
    };

    /// <summary>The metadata key part of a kind: <c>chain</c>, <c>daily_bars</c>, <c>minute_bars</c>, <c>trades</c>, <c>quotes</c>, <c>news</c>.</summary>
    public static string KeyOf(DataKind kind) => kind switch
    {
        DataKind.DailyBars => "daily_bars",
        DataKind.MinuteBars => "minute_bars",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public async Task<EngineOutput> RunAsync(string symbol, DateTimeOffset asOf, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken cancellationToken)
    {
        var output = await inner.RunAsync(symbol, asOf, upstream, cancellationToken).ConfigureAwait(false);
        return Annotate(output, quality.QualityOf(symbol, asOf), asOf, chainStalenessLimit);
    }

    /// <summary>The output with the report's entries for the engine's kinds of data (unchanged when there are none).</summary>
    public static EngineOutput Annotate(EngineOutput output, DataQualityReport report, DateTimeOffset asOf, TimeSpan chainStalenessLimit)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        var metadata = output.Metadata.ToDictionary();
        var degraded = new List<string>();
        foreach (var kind in KindsOf(output.Kind))
        {
            if (!report.Kinds.TryGetValue(kind, out var q))
            {
                continue;
            }
            foreach (var (reason, count) in q.SkippedByReason)
            {
                metadata[$"data_{KeyOf(kind)}_skipped_{reason}"] = count.ToString(CultureInfo.InvariantCulture);
            }
            foreach (var (note, value) in q.NotesOrEmpty)
            {
                metadata[$"data_{KeyOf(kind)}_{note}"] = value;
            }
            if (!q.SuspectedSplits.IsDefaultOrEmpty)
            {
                metadata[$"data_{KeyOf(kind)}_suspected_splits"] = string.Join(',', q.SuspectedSplits);
            }
            if (kind == DataKind.Chain)
            {
                if (q.SnapshotTime is { } stamp)
                {
                    var age = asOf - stamp;
                    metadata["chain_snapshot"] = stamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    metadata["chain_age_seconds"] = Math.Round(age.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    if (age > chainStalenessLimit)
                    {
                        degraded.Add("stale_chain");
                    }
                    else if (age < TimeSpan.Zero)
                    {
                        // A live provider's latest snapshot, stamped after the as-of while the market was closed in between
                        // (docs/providers.md, "Point in time"): served, and said so.
                        degraded.Add("chain_after_as_of");
                    }
                }
                else
                {
                    metadata["chain_snapshot"] = "none";
                    degraded.Add("no_chain_snapshot");
                }
            }
        }
        if (degraded.Count > 0)
        {
            metadata[EngineOutput.DegradedKey] = metadata.TryGetValue(EngineOutput.DegradedKey, out var existing) && !string.IsNullOrWhiteSpace(existing)
                ? existing + "+" + string.Join('+', degraded)
                : string.Join('+', degraded);
        }
        return metadata.Count == output.Metadata.Count && degraded.Count == 0
            ? output
            : new EngineOutput(output.Kind, output.Symbol, output.Timestamp, output.Features, output.Confidence, output.Regime, metadata);
    }
}
