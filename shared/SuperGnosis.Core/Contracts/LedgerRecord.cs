using System.Text.Json.Serialization;
using V = SuperGnosis.Core.Contracts.ContractValidation;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// One line of the append-only ledger (seed schema <c>LedgerRecord</c>). The run id travels in
/// <c>snapshot.metadata["run_id"]</c>. <see cref="CompositeSuggestion"/> is null only when the composer
/// stage was not available for the run (the snapshot metadata then says so).
/// </summary>
public sealed record LedgerRecord(
    DateTimeOffset Timestamp,
    string Symbol,
    StandardSnapshot Snapshot,
    IReadOnlyList<Suggestion> PrimarySuggestions,
    Suggestion? CompositeSuggestion,
    IReadOnlyList<TradeIdea> TradeIdeas,
    double? RealizedPnl)
{
    [JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; } = V.Timestamp(Timestamp);
    [JsonPropertyName("symbol")] public string Symbol { get; } = V.Symbol(Symbol);
    [JsonPropertyName("snapshot")] public StandardSnapshot Snapshot { get; } = Snapshot ?? throw new ArgumentException("snapshot is required", "snapshot");
    [JsonPropertyName("primary_suggestions")] public IReadOnlyList<Suggestion> PrimarySuggestions { get; } = V.List(PrimarySuggestions, "primary_suggestions");
    [JsonPropertyName("composite_suggestion")] public Suggestion? CompositeSuggestion { get; } = CompositeSuggestion;
    [JsonPropertyName("trade_ideas")] public IReadOnlyList<TradeIdea> TradeIdeas { get; } = V.List(TradeIdeas, "trade_ideas");
    [JsonPropertyName("realized_pnl")] public double? RealizedPnl { get; } = V.FiniteOrNull(RealizedPnl, "realized_pnl");

    /// <summary>The run id recorded in the snapshot metadata, if any.</summary>
    [JsonIgnore] public string? RunId => Snapshot.Metadata.TryGetValue(SnapshotMetadataKeys.RunId, out var id) ? id : null;
}
