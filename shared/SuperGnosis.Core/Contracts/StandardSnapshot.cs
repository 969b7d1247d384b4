using System.Text.Json.Serialization;
using V = SuperGnosis.Core.Contracts.ContractValidation;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// The merged engine features for one symbol at one instant: the only thing agents ever see
/// (seed schema <c>StandardSnapshot</c>). An engine that did not run leaves its map empty and is
/// named in <see cref="Metadata"/>.
/// </summary>
public sealed record StandardSnapshot(
    string Symbol,
    DateTimeOffset Timestamp,
    IReadOnlyDictionary<string, double> Hedge,
    IReadOnlyDictionary<string, double> Liquidity,
    IReadOnlyDictionary<string, double> Sentiment,
    IReadOnlyDictionary<string, double> Elasticity,
    string? Regime,
    IReadOnlyDictionary<string, string> Metadata)
{
    [JsonPropertyName("symbol")] public string Symbol { get; } = V.Symbol(Symbol);
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; } = V.Timestamp(Timestamp);
    [JsonPropertyName("hedge")] public IReadOnlyDictionary<string, double> Hedge { get; } = V.Features(Hedge, "hedge");
    [JsonPropertyName("liquidity")] public IReadOnlyDictionary<string, double> Liquidity { get; } = V.Features(Liquidity, "liquidity");
    [JsonPropertyName("sentiment")] public IReadOnlyDictionary<string, double> Sentiment { get; } = V.Features(Sentiment, "sentiment");
    [JsonPropertyName("elasticity")] public IReadOnlyDictionary<string, double> Elasticity { get; } = V.Features(Elasticity, "elasticity");
    [JsonPropertyName("regime")] public string? Regime { get; } = Regime;
    [JsonPropertyName("metadata")] public IReadOnlyDictionary<string, string> Metadata { get; } = V.Metadata(Metadata);

    /// <summary>The feature map of one engine.</summary>
    public IReadOnlyDictionary<string, double> FeaturesOf(EngineKind kind) => kind switch
    {
        EngineKind.Hedge => Hedge,
        EngineKind.Liquidity => Liquidity,
        EngineKind.Sentiment => Sentiment,
        EngineKind.Elasticity => Elasticity,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown engine kind"),
    };
}
