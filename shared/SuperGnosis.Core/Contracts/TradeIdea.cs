using System.Text.Json.Serialization;
using V = SuperGnosis.Core.Contracts.ContractValidation;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// A concrete, priced trade (seed schema <c>TradeIdea</c>). Money fields are per unit of the idea in
/// the underlying's currency, contract multiplier included: <see cref="CostPerUnit"/> &gt; 0 is a
/// debit paid, &lt; 0 a credit received; <see cref="MaxLoss"/> is a positive amount (or 0);
/// <see cref="MaxProfit"/> is null when unbounded.
/// </summary>
public sealed record TradeIdea(
    string Id,
    string Symbol,
    string StrategyType,
    TradeSide Side,
    IReadOnlyList<TradeLeg> Legs,
    double CostPerUnit,
    double MaxLoss,
    double? MaxProfit,
    IReadOnlyList<double> BreakevenLevels,
    double? TargetExitPrice,
    double? StopLossPrice,
    int RecommendedUnits,
    double Confidence,
    string Rationale,
    IReadOnlyList<string> Tags)
{
    [JsonPropertyName("id")] public string Id { get; } = V.NotBlank(Id, "id");
    [JsonPropertyName("symbol")] public string Symbol { get; } = V.Symbol(Symbol);
    [JsonPropertyName("strategy_type")] public string StrategyType { get; } = V.NotBlank(StrategyType, "strategy_type");
    [JsonPropertyName("side")] public TradeSide Side { get; } = V.Defined(Side, "side");
    [JsonPropertyName("legs")] public IReadOnlyList<TradeLeg> Legs { get; } = CheckLegs(Legs);
    [JsonPropertyName("cost_per_unit")] public double CostPerUnit { get; } = V.Finite(CostPerUnit, "cost_per_unit");
    [JsonPropertyName("max_loss")] public double MaxLoss { get; } = V.NonNegative(MaxLoss, "max_loss");
    [JsonPropertyName("max_profit")] public double? MaxProfit { get; } = V.FiniteOrNull(MaxProfit, "max_profit");
    [JsonPropertyName("breakeven_levels")] public IReadOnlyList<double> BreakevenLevels { get; } = CheckLevels(BreakevenLevels);
    [JsonPropertyName("target_exit_price")] public double? TargetExitPrice { get; } = V.FiniteOrNull(TargetExitPrice, "target_exit_price");
    [JsonPropertyName("stop_loss_price")] public double? StopLossPrice { get; } = V.FiniteOrNull(StopLossPrice, "stop_loss_price");
    [JsonPropertyName("recommended_units")] public int RecommendedUnits { get; } =
        RecommendedUnits >= 0 ? RecommendedUnits : throw new ArgumentException($"recommended_units must be >= 0 (got {RecommendedUnits})", "recommended_units");
    [JsonPropertyName("confidence")] public double Confidence { get; } = V.Confidence(Confidence);
    [JsonPropertyName("rationale")] public string Rationale { get; } = Rationale ?? string.Empty;
    [JsonPropertyName("tags")] public IReadOnlyList<string> Tags { get; } = V.List(Tags, "tags");

    private static IReadOnlyList<TradeLeg> CheckLegs(IReadOnlyList<TradeLeg>? legs)
    {
        var list = V.List(legs, "legs");
        return list.Length > 0 ? list : throw new ArgumentException("legs must contain at least one leg", "legs");
    }

    private static IReadOnlyList<double> CheckLevels(IReadOnlyList<double>? levels)
    {
        if (levels is null)
        {
            return [];
        }
        for (var i = 0; i < levels.Count; i++)
        {
            V.Finite(levels[i], $"breakeven_levels[{i}]");
        }
        return [.. levels];
    }
}
