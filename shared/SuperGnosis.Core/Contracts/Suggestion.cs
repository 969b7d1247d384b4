using System.Text.Json.Serialization;
using V = SuperGnosis.Core.Contracts.ContractValidation;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// An agent's stance (seed schema <c>Suggestion</c>). <see cref="Layer"/> names the producer,
/// e.g. <c>primary_hedge</c> or <c>composer</c>; <see cref="Forecast"/> holds numeric forecast fields
/// such as <c>horizon_days</c> and <c>exp_move_pct</c>.
/// </summary>
public sealed record Suggestion(
    string Id,
    string Layer,
    string Symbol,
    SuggestionAction Action,
    double Confidence,
    IReadOnlyDictionary<string, double> Forecast,
    string Reasoning,
    IReadOnlyList<string> Tags)
{
    [JsonPropertyName("id")] public string Id { get; } = V.NotBlank(Id, "id");
    [JsonPropertyName("layer")] public string Layer { get; } = V.NotBlank(Layer, "layer");
    [JsonPropertyName("symbol")] public string Symbol { get; } = V.Symbol(Symbol);
    [JsonPropertyName("action")] public SuggestionAction Action { get; } = V.Defined(Action, "action");
    [JsonPropertyName("confidence")] public double Confidence { get; } = V.Confidence(Confidence);
    [JsonPropertyName("forecast")] public IReadOnlyDictionary<string, double> Forecast { get; } = V.Features(Forecast, "forecast");
    [JsonPropertyName("reasoning")] public string Reasoning { get; } = Reasoning ?? string.Empty;
    [JsonPropertyName("tags")] public IReadOnlyList<string> Tags { get; } = V.List(Tags, "tags");
}
