using System.Text.Json.Serialization;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// Everything one pipeline run produced, as printed by <c>gnosis analyze --json</c> and returned by the
/// on-demand HTTP analysis.
/// </summary>
public sealed record AnalysisReport(
    [property: JsonPropertyName("snapshot")] StandardSnapshot Snapshot,
    [property: JsonPropertyName("engine_outputs")] IReadOnlyList<EngineOutput> EngineOutputs,
    [property: JsonPropertyName("primary_suggestions")] IReadOnlyList<Suggestion> PrimarySuggestions,
    [property: JsonPropertyName("composite_suggestion")] Suggestion? CompositeSuggestion,
    [property: JsonPropertyName("trade_ideas")] IReadOnlyList<TradeIdea> TradeIdeas);
