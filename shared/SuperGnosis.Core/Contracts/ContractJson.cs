using System.Text.Json;
using System.Text.Json.Serialization;

namespace SuperGnosis.Core.Contracts;

/// <summary>Source-generated System.Text.Json metadata for every wire contract.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(EngineOutput))]
[JsonSerializable(typeof(StandardSnapshot))]
[JsonSerializable(typeof(Suggestion))]
[JsonSerializable(typeof(TradeLeg))]
[JsonSerializable(typeof(TradeIdea))]
[JsonSerializable(typeof(LedgerRecord))]
[JsonSerializable(typeof(AnalysisReport))]
[JsonSerializable(typeof(IReadOnlyList<EngineOutput>))]
public sealed partial class ContractJsonContext : JsonSerializerContext;

/// <summary>Serialization helpers over <see cref="ContractJsonContext"/>.</summary>
public static class ContractJson
{
    /// <summary>Compact, one-line JSON (ledger lines, queue messages).</summary>
    public static ContractJsonContext Compact { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.General));

    /// <summary>Indented JSON for people (CLI output).</summary>
    public static ContractJsonContext Indented { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.General) { WriteIndented = true });

    public static string Serialize(LedgerRecord record) => JsonSerializer.Serialize(record, Compact.LedgerRecord);

    /// <summary>
    /// Parses a ledger line. Throws <see cref="JsonException"/> on malformed JSON and
    /// <see cref="ArgumentException"/> when a field fails contract validation.
    /// </summary>
    public static LedgerRecord DeserializeLedgerRecord(string json) =>
        JsonSerializer.Deserialize(json, Compact.LedgerRecord) ?? throw new JsonException("ledger line is the JSON literal null");
}
