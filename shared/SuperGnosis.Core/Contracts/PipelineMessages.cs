using System.Text.Json;
using System.Text.Json.Serialization;
using V = SuperGnosis.Core.Contracts.ContractValidation;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// A message between pipeline stages (docs/architecture.md, "Distributed run"). Messages carry references
/// (run id, stage, engine kind or layer), never payloads: a stage reads what it needs from the run state
/// store. Every message names its run, symbol and as-of instant and carries <see cref="SchemaVersion"/>.
/// Serialized as snake_case JSON with a <c>type</c> discriminator (see <see cref="PipelineMessageJson"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RunRequested), "run_requested")]
[JsonDerivedType(typeof(EngineOutputReady), "engine_output_ready")]
[JsonDerivedType(typeof(SnapshotReady), "snapshot_ready")]
[JsonDerivedType(typeof(SuggestionReady), "suggestion_ready")]
[JsonDerivedType(typeof(CompositeReady), "composite_ready")]
[JsonDerivedType(typeof(TradeIdeasReady), "trade_ideas_ready")]
[JsonDerivedType(typeof(RunCompleted), "run_completed")]
[JsonDerivedType(typeof(RunFailed), "run_failed")]
public abstract record PipelineMessage
{
    /// <summary>The message schema this build writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    protected PipelineMessage(string runId, string symbol, DateTimeOffset asOf, int schemaVersion)
    {
        RunId = V.RunId(runId);
        Symbol = V.Symbol(symbol);
        AsOf = V.Timestamp(asOf, "as_of");
        SchemaVersion = schemaVersion == CurrentSchemaVersion
            ? schemaVersion
            : throw new ArgumentException($"schema_version {schemaVersion} is not supported (this build reads {CurrentSchemaVersion})", "schema_version");
    }

    [JsonPropertyName("schema_version")] public int SchemaVersion { get; }
    [JsonPropertyName("run_id")] public string RunId { get; }
    [JsonPropertyName("symbol")] public string Symbol { get; }
    [JsonPropertyName("as_of")] public DateTimeOffset AsOf { get; }
}

/// <summary>Start a run; sent to each engine stage whose dependencies are met (elasticity gets it from the fan-in).</summary>
public sealed record RunRequested : PipelineMessage
{
    [JsonConstructor]
    public RunRequested(string runId, string symbol, DateTimeOffset asOf, int schemaVersion = CurrentSchemaVersion)
        : base(runId, symbol, asOf, schemaVersion)
    {
    }
}

/// <summary>The result of engine <see cref="Engine"/> is recorded (ok, degraded or failed) in the run state store.</summary>
public sealed record EngineOutputReady : PipelineMessage
{
    [JsonConstructor]
    public EngineOutputReady(string runId, string symbol, DateTimeOffset asOf, EngineKind engine, int schemaVersion = CurrentSchemaVersion)
        : base(runId, symbol, asOf, schemaVersion) => Engine = V.Defined(engine, "engine");

    [JsonPropertyName("engine")] public EngineKind Engine { get; }
}

/// <summary>The run's <see cref="StandardSnapshot"/> is recorded; sent to every primary agent stage.</summary>
public sealed record SnapshotReady : PipelineMessage
{
    [JsonConstructor]
    public SnapshotReady(string runId, string symbol, DateTimeOffset asOf, int schemaVersion = CurrentSchemaVersion)
        : base(runId, symbol, asOf, schemaVersion)
    {
    }
}

/// <summary>The primary agent of <see cref="Layer"/> has recorded its result (a suggestion or a failure).</summary>
public sealed record SuggestionReady : PipelineMessage
{
    [JsonConstructor]
    public SuggestionReady(string runId, string symbol, DateTimeOffset asOf, string layer, int schemaVersion = CurrentSchemaVersion)
        : base(runId, symbol, asOf, schemaVersion) => Layer = V.Layer(layer);

    [JsonPropertyName("layer")] public string Layer { get; }
}

/// <summary>The composer stage has recorded its result.</summary>
public sealed record CompositeReady : PipelineMessage
{
    [JsonConstructor]
    public CompositeReady(string runId, string symbol, DateTimeOffset asOf, int schemaVersion = CurrentSchemaVersion)
        : base(runId, symbol, asOf, schemaVersion)
    {
    }
}

/// <summary>The trade stage has recorded its result (ideas, none, or a failure).</summary>
public sealed record TradeIdeasReady : PipelineMessage
{
    [JsonConstructor]
    public TradeIdeasReady(string runId, string symbol, DateTimeOffset asOf, int schemaVersion = CurrentSchemaVersion)
        : base(runId, symbol, asOf, schemaVersion)
    {
    }
}

/// <summary>The run's ledger record is written and the run is marked completed.</summary>
public sealed record RunCompleted : PipelineMessage
{
    [JsonConstructor]
    public RunCompleted(string runId, string symbol, DateTimeOffset asOf, int schemaVersion = CurrentSchemaVersion)
        : base(runId, symbol, asOf, schemaVersion)
    {
    }
}

/// <summary>The run cannot finish; <see cref="Reason"/> says why.</summary>
public sealed record RunFailed : PipelineMessage
{
    [JsonConstructor]
    public RunFailed(string runId, string symbol, DateTimeOffset asOf, string reason, int schemaVersion = CurrentSchemaVersion)
        : base(runId, symbol, asOf, schemaVersion) =>
        Reason = string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException("reason is required", "reason") : reason;

    [JsonPropertyName("reason")] public string Reason { get; }
}

/// <summary>Source-generated JSON metadata for the pipeline messages.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(PipelineMessage))]
public sealed partial class PipelineMessageJsonContext : JsonSerializerContext;

/// <summary>Compact one-line JSON for pipeline messages (queue bodies).</summary>
public static class PipelineMessageJson
{
    // The generated Default applies [JsonSourceGenerationOptions] (required constructor parameters, no duplicate
    // properties); a context built over a fresh JsonSerializerOptions would silently drop them, and a message without
    // "engine" would then read as the hedge engine.
    private static readonly PipelineMessageJsonContext Context = PipelineMessageJsonContext.Default;

    public static string Serialize(PipelineMessage message) => JsonSerializer.Serialize(message, Context.PipelineMessage);

    /// <summary>
    /// Parses a message body. Throws <see cref="JsonException"/> on malformed JSON or an unknown <c>type</c>, and
    /// <see cref="ArgumentException"/> when a field fails validation (including an unsupported schema version).
    /// </summary>
    public static PipelineMessage Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, Context.PipelineMessage) ?? throw new JsonException("message is the JSON literal null");
        }
        catch (NotSupportedException ex)
        {
            // What System.Text.Json throws for a body without a "type" discriminator.
            throw new JsonException("message has no \"type\" (or it is not the first property): " + ex.Message, ex);
        }
    }
}
