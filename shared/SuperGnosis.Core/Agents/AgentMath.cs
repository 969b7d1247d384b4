using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Agents;

/// <summary>Small helpers shared by the primary agents and the composer.</summary>
internal static class AgentMath
{
    /// <summary>+1 long, -1 short, 0 for flat, spread and complex (no pure direction).</summary>
    public static int Direction(SuggestionAction action) => action switch
    {
        SuggestionAction.Long => 1,
        SuggestionAction.Short => -1,
        _ => 0,
    };

    public static SuggestionAction FromDirection(int direction) =>
        direction > 0 ? SuggestionAction.Long : direction < 0 ? SuggestionAction.Short : SuggestionAction.Flat;

    /// <summary>Expected move in percent over a horizon from an annualized vol: sigma * sqrt(days / 365) * 100.</summary>
    public static double ExpectedMovePct(double annualVol, double horizonDays) => annualVol * Math.Sqrt(horizonDays / 365.0) * 100;

    /// <summary>The engine's confidence as recorded by the snapshot builder (0 when the engine produced nothing).</summary>
    public static double EngineConfidence(StandardSnapshot snapshot, EngineKind kind) =>
        snapshot.Metadata.TryGetValue(SnapshotMetadataKeys.EngineConfidencePrefix + SnapshotBuilder.KindName(kind), out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public static string? EngineRegime(StandardSnapshot snapshot, EngineKind kind) =>
        snapshot.Metadata.GetValueOrDefault(SnapshotMetadataKeys.EngineRegimePrefix + SnapshotBuilder.KindName(kind));

    public static double? Get(IReadOnlyDictionary<string, double> features, string name) =>
        features.TryGetValue(name, out var value) ? value : null;

    public static string F(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    public static Suggestion Make(RunContext run, string layer, StandardSnapshot snapshot, SuggestionAction action, double confidence,
        Dictionary<string, double> forecast, string reasoning, List<string> tags) =>
        new(RunIds.ForArtifact(run.RunId, layer, 0), layer, snapshot.Symbol, action, Math.Clamp(confidence, 0, 1), forecast, reasoning, tags);
}
