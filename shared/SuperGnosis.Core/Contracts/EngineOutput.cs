using System.Text.Json.Serialization;
using V = SuperGnosis.Core.Contracts.ContractValidation;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// What one engine measured for one symbol at one instant (seed schema <c>EngineOutput</c>).
/// Feature units are given by their names or in docs/.
/// </summary>
public sealed record EngineOutput(
    EngineKind Kind,
    string Symbol,
    DateTimeOffset Timestamp,
    IReadOnlyDictionary<string, double> Features,
    double Confidence,
    string? Regime,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Metadata key an engine sets when its output is degraded (value names the reason).</summary>
    public const string DegradedKey = "degraded";

    [JsonPropertyName("kind")] public EngineKind Kind { get; } = V.Defined(Kind, "kind");
    [JsonPropertyName("symbol")] public string Symbol { get; } = V.Symbol(Symbol);
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; } = V.Timestamp(Timestamp);
    [JsonPropertyName("features")] public IReadOnlyDictionary<string, double> Features { get; } = V.Features(Features, "features");
    [JsonPropertyName("confidence")] public double Confidence { get; } = V.Confidence(Confidence);
    [JsonPropertyName("regime")] public string? Regime { get; } = Regime;
    [JsonPropertyName("metadata")] public IReadOnlyDictionary<string, string> Metadata { get; } = V.Metadata(Metadata);

    [JsonIgnore] public bool IsDegraded => Metadata.ContainsKey(DegradedKey);
}
