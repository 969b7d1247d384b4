using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// One chain snapshot's hedge analysis in a history (<c>gnosis gex history</c>; docs/data-formats.md, "gnosis gex
/// history"): the snapshot's stamp (the analysis's as-of) and file, and the levels and exposures of
/// <see cref="HedgeAnalyzer.Analyze"/> on it, as <c>gnosis gex</c> gives them for that snapshot. Levels are null when the
/// engine leaves them out (no sign change of net GEX for the zero-gamma level). Units as in docs/hedge-engine.md.
/// </summary>
public sealed record GexHistoryRow(
    DateTimeOffset Stamp,
    string File,
    double Spot,
    double? ZeroGammaLevel,
    double? CallWall,
    double? PutWall,
    double? AbsGammaStrike,
    [property: JsonPropertyName(HedgeFeatureNames.NetGexUsdPer1Pct)] double NetGexUsdPer1Pct,
    [property: JsonPropertyName(HedgeFeatureNames.GrossGexUsdPer1Pct)] double GrossGexUsdPer1Pct,
    double NetGammaRatio,
    string? Regime,
    double Confidence,
    int? RowsIn,
    int? RowsUsed,
    string? Degraded)
{
    /// <summary>The row of <paramref name="analysis"/> (an analysis with a profile: not degraded to no data).</summary>
    public static GexHistoryRow From(DateTimeOffset stamp, string file, HedgeAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var output = analysis.Output;
        double? Level(string name) => output.Features.TryGetValue(name, out var value) ? value : null;
        double Feature(string name) => output.Features.TryGetValue(name, out var value) ? value : double.NaN;
        int? Count(string key) => output.Metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        return new GexHistoryRow(
            stamp.ToUniversalTime(),
            file,
            Feature(HedgeFeatureNames.Spot),
            Level(HedgeFeatureNames.ZeroGammaLevel),
            Level(HedgeFeatureNames.CallWall),
            Level(HedgeFeatureNames.PutWall),
            Level(HedgeFeatureNames.AbsGammaStrike),
            Feature(HedgeFeatureNames.NetGexUsdPer1Pct),
            Feature(HedgeFeatureNames.GrossGexUsdPer1Pct),
            Feature(HedgeFeatureNames.NetGammaRatio),
            output.Regime,
            output.Confidence,
            Count(HedgeMetadataKeys.RowsIn),
            Count(HedgeMetadataKeys.RowsUsed),
            output.Metadata.GetValueOrDefault(EngineOutput.DegradedKey));
    }
}

/// <summary>A snapshot left out of a history and why (unreadable, misnamed, most rows lost, nothing left after the expiry filter, no usable rows).</summary>
public sealed record GexHistorySkip(DateTimeOffset? Stamp, string File, string Reason);

/// <summary>
/// <c>gnosis gex history --json</c>: the symbol, where the snapshots were read, the range asked for (null = open), the
/// expiry filter, how many snapshot files the range held, one row per analysed snapshot in time order and the snapshots
/// left out. <see cref="SnapshotsInRange"/> = rows + skipped.
/// </summary>
public sealed record GexHistoryDocument(
    string Symbol,
    string Data,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string ExpiryFilter,
    int? MaxDte,
    int SnapshotsInRange,
    IReadOnlyList<GexHistoryRow> Rows,
    IReadOnlyList<GexHistorySkip> Skipped);

/// <summary>Indented source-generated snake_case JSON of <see cref="GexHistoryDocument"/> (instants ISO 8601 with offset, UTC).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(GexHistoryDocument))]
public sealed partial class GexHistoryJsonContext : JsonSerializerContext
{
    public static string Serialize(GexHistoryDocument document) => JsonSerializer.Serialize(document, Default.GexHistoryDocument);
}
