using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using F = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;
using K = SuperGnosis.Core.Engines.Hedge.HedgeMetadataKeys;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>How a key-feature value reads: dollars (<see cref="GexNumberFormat.Usd"/>) or a ratio (<see cref="GexNumberFormat.Ratio"/>).</summary>
public enum GexValueKind
{
    Usd,
    Ratio,
}

/// <summary>A level row: its price and distance from spot in percent, or neither (then <see cref="AbsentText"/> says why).</summary>
public sealed record GexLevelRow(string Label, double? Price, double? DistanceFromSpotPct, string AbsentText);

/// <summary>A key feature present in the output, with its display label.</summary>
public sealed record GexFeatureRow(string Label, string Feature, double Value, GexValueKind Kind);

/// <summary>Rows dropped for one reason (e.g. "crossed quote", 3).</summary>
public sealed record GexDroppedReason(string Reason, string Count);

/// <summary>
/// The view of one hedge analysis shared by the CLI, the HTTP API and the dashboard: the levels relative to the
/// chain's spot, the key features, row accounting and the net-GEX strike buckets (null when the analysis has no
/// profile). Counts are the metadata's text, null when the output lacks the key.
/// </summary>
public sealed record GexReport(
    string Symbol,
    DateTimeOffset AsOf,
    string? Degraded,
    string DegradedDetail,
    double Spot,
    IReadOnlyList<GexLevelRow> Levels,
    IReadOnlyList<GexFeatureRow> KeyFeatures,
    string? Regime,
    double Confidence,
    string? RowsIn,
    string? RowsUsed,
    int DroppedTotal,
    IReadOnlyList<GexDroppedReason> DroppedByReason,
    string? GreeksProviderRows,
    string? GreeksRecomputedRows,
    bool EveryContractExpired,
    IReadOnlyList<StrikeBucket>? Buckets)
{
    /// <summary>Builds the view of <paramref name="analysis"/> of <paramref name="chain"/> (spot is the chain's underlying price).</summary>
    public static GexReport Build(HedgeAnalysis analysis, OptionChain chain)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(chain);
        var o = analysis.Output;
        var f = o.Features;
        var m = o.Metadata;

        GexLevelRow Level(string label, string name, string distance, string absent) =>
            f.TryGetValue(name, out var value) ? new GexLevelRow(label, value, f[distance], absent) : new GexLevelRow(label, null, null, absent);
        GexLevelRow[] levels =
        [
            Level("Zero gamma", F.ZeroGammaLevel, F.ZeroGammaDistancePct, "none within +-20%"),
            Level("Call wall", F.CallWall, F.CallWallDistancePct, "none"),
            Level("Put wall", F.PutWall, F.PutWallDistancePct, "none"),
            Level("Abs gamma strike", F.AbsGammaStrike, F.AbsGammaStrikeDistancePct, "none"),
        ];

        (string Label, string Name, GexValueKind Kind)[] keys =
        [
            ("Net GEX (USD per 1% move)", F.NetGexUsdPer1Pct, GexValueKind.Usd),
            ("Gross GEX (USD per 1% move)", F.GrossGexUsdPer1Pct, GexValueKind.Usd),
            ("Vanna (USD per vol point)", F.VannaExposureUsdPerVolPt, GexValueKind.Usd),
            ("Charm (USD per day)", F.CharmExposureUsdPerDay, GexValueKind.Usd),
            ("Net GEX 0DTE", F.NetGex0DteUsdPer1Pct, GexValueKind.Usd),
            ("Net GEX next weekly", F.NetGexNextWeeklyUsdPer1Pct, GexValueKind.Usd),
            ("Net GEX monthly", F.NetGexMonthlyUsdPer1Pct, GexValueKind.Usd),
            ("Net / gross gamma", F.NetGammaRatio, GexValueKind.Ratio),
            ("|GEX| share within +-2% of spot", F.GammaNearSpotShare, GexValueKind.Ratio),
        ];
        var features = keys.Where(k => f.ContainsKey(k.Name)).Select(k => new GexFeatureRow(k.Label, k.Name, f[k.Name], k.Kind)).ToList();

        var dropped = m.Where(kv => kv.Key.StartsWith(K.DroppedPrefix, StringComparison.Ordinal)).ToList();
        var droppedTotal = dropped.Sum(kv => int.TryParse(kv.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0);
        var byReason = dropped.Where(kv => kv.Value != "0")
            .Select(kv => new GexDroppedReason(kv.Key[K.DroppedPrefix.Length..].Replace('_', ' '), kv.Value)).ToList();

        var rowsIn = m.GetValueOrDefault(K.RowsIn);
        var expired = m.GetValueOrDefault(HygieneReport.MetadataKey(DropReason.Expired));
        var everyExpired = expired is not null && expired == rowsIn && chain.Quotes.Length > 0;

        return new GexReport(
            o.Symbol, o.Timestamp, m.GetValueOrDefault(EngineOutput.DegradedKey), m.GetValueOrDefault(K.DegradedDetail, string.Empty),
            chain.UnderlyingPrice, levels, features, o.Regime, o.Confidence,
            rowsIn, m.GetValueOrDefault(K.RowsUsed), droppedTotal, byReason,
            m.GetValueOrDefault(K.GreeksProviderRows), m.GetValueOrDefault(K.GreeksRecomputedRows), everyExpired,
            analysis.Profile is { } profile ? StrikeBuckets.Build(profile) : null);
    }
}
