using System.Text.Json;
using System.Text.Json.Serialization;
using V = SuperGnosis.Core.Contracts.ContractValidation;

namespace SuperGnosis.Core.Contracts;

/// <summary>How a stage of a run ended. Never a string to parse.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StageOutcome>))]
public enum StageOutcome
{
    [JsonStringEnumMemberName("ok")] Ok,
    /// <summary>A result was produced with lowered confidence; <see cref="StageRecord.Reason"/> says why.</summary>
    [JsonStringEnumMemberName("degraded")] Degraded,
    /// <summary>No result; <see cref="StageRecord.Reason"/> says why (exception type and message).</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Not run because an input it needs is missing (e.g. no composite suggestion); the reason names it.</summary>
    [JsonStringEnumMemberName("skipped")] Skipped,
    /// <summary>The host configured no component for this stage.</summary>
    [JsonStringEnumMemberName("not_configured")] NotConfigured,
}

/// <summary>The stages of a run, as recorded in the run state store.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StageKind>))]
public enum StageKind
{
    [JsonStringEnumMemberName("engine")] Engine,
    [JsonStringEnumMemberName("snapshot")] Snapshot,
    [JsonStringEnumMemberName("agent")] Agent,
    [JsonStringEnumMemberName("composer")] Composer,
    [JsonStringEnumMemberName("trade")] Trade,
    [JsonStringEnumMemberName("ledger")] Ledger,
}

/// <summary>
/// Key of one stage result within a run: the stage, plus the engine kind (<c>hedge</c>) or the agent layer
/// (<c>primary_hedge</c>) where a stage has several instances. <see cref="Name"/> is the stable text form
/// (<c>engine.hedge</c>, <c>agent.primary_hedge</c>, <c>snapshot</c>) used as a row key and in metadata.
/// </summary>
public sealed record StageKey
{
    [JsonConstructor]
    public StageKey(StageKind stage, string? part = null)
    {
        Stage = V.Defined(stage, "stage");
        Part = stage switch
        {
            StageKind.Engine => Enum.GetValues<EngineKind>().Any(k => EngineKindNames.Of(k) == part)
                ? part
                : throw new ArgumentException($"an engine stage needs an engine kind as its part (got '{part}')", nameof(part)),
            StageKind.Agent => V.Layer(part, "part"),
            _ => part is null ? null : throw new ArgumentException($"stage '{stage}' has no part (got '{part}')", nameof(part)),
        };
    }

    [JsonPropertyName("stage")] public StageKind Stage { get; }
    [JsonPropertyName("part")] public string? Part { get; }

    [JsonIgnore] public string Name => Part is null ? StageName(Stage) : StageName(Stage) + "." + Part;

    public static StageKey ForEngine(EngineKind kind) => new(StageKind.Engine, EngineKindNames.Of(kind));

    public static StageKey ForAgent(string layer) => new(StageKind.Agent, layer);

    public static StageKey Snapshot { get; } = new(StageKind.Snapshot);

    public static StageKey Composer { get; } = new(StageKind.Composer);

    public static StageKey Trade { get; } = new(StageKind.Trade);

    public static StageKey Ledger { get; } = new(StageKind.Ledger);

    /// <summary>Parses <see cref="Name"/> back; throws <see cref="ArgumentException"/> on an unknown name.</summary>
    public static StageKey Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stageText = dot < 0 ? name : name[..dot];
        var stage = Enum.GetValues<StageKind>().FirstOrDefault(s => StageName(s) == stageText, (StageKind)(-1));
        if (!Enum.IsDefined(stage))
        {
            throw new ArgumentException($"unknown stage '{stageText}' in stage key '{name}'", nameof(name));
        }
        return new StageKey(stage, dot < 0 ? null : name[(dot + 1)..]);
    }

    public override string ToString() => Name;

    private static string StageName(StageKind stage) => stage switch
    {
        StageKind.Engine => "engine",
        StageKind.Snapshot => "snapshot",
        StageKind.Agent => "agent",
        StageKind.Composer => "composer",
        StageKind.Trade => "trade",
        StageKind.Ledger => "ledger",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "unknown stage"),
    };
}

/// <summary>
/// One stage's result in a run, written insert-unique under (run id, <see cref="Key"/>). Exactly the payload
/// that belongs to the stage is set: <see cref="EngineOutput"/> for an engine (absent when it failed),
/// <see cref="Snapshot"/> for the snapshot, <see cref="Suggestion"/> for an agent or the composer,
/// <see cref="TradeIdeas"/> for the trade stage, <see cref="LedgerRecord"/> for the ledger stage.
/// <see cref="Reason"/> is required for every outcome but <see cref="StageOutcome.Ok"/>.
/// </summary>
public sealed record StageRecord
{
    [JsonConstructor]
    public StageRecord(
        StageKey key,
        StageOutcome outcome,
        string? reason,
        EngineOutput? engineOutput = null,
        StandardSnapshot? snapshot = null,
        Suggestion? suggestion = null,
        IReadOnlyList<TradeIdea>? tradeIdeas = null,
        LedgerRecord? ledgerRecord = null)
    {
        Key = key ?? throw new ArgumentException("key is required", nameof(key));
        Outcome = V.Defined(outcome, "outcome");
        Reason = outcome == StageOutcome.Ok || !string.IsNullOrWhiteSpace(reason)
            ? reason
            : throw new ArgumentException($"a {outcome} stage result needs a reason", nameof(reason));
        EngineOutput = engineOutput;
        Snapshot = snapshot;
        Suggestion = suggestion;
        TradeIdeas = tradeIdeas is null ? null : V.List(tradeIdeas, "trade_ideas");
        LedgerRecord = ledgerRecord;
    }

    [JsonPropertyName("key")] public StageKey Key { get; }
    [JsonPropertyName("outcome")] public StageOutcome Outcome { get; }
    [JsonPropertyName("reason")] public string? Reason { get; }
    [JsonPropertyName("engine_output")] public EngineOutput? EngineOutput { get; }
    [JsonPropertyName("snapshot")] public StandardSnapshot? Snapshot { get; }
    [JsonPropertyName("suggestion")] public Suggestion? Suggestion { get; }
    [JsonPropertyName("trade_ideas")] public IReadOnlyList<TradeIdea>? TradeIdeas { get; }
    [JsonPropertyName("ledger_record")] public LedgerRecord? LedgerRecord { get; }
}

/// <summary>Source-generated JSON metadata for stage records (what the Azure run state store persists).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(StageRecord))]
public sealed partial class StageRecordJsonContext : JsonSerializerContext;

/// <summary>Compact JSON for stage records.</summary>
public static class StageRecordJson
{
    // The generated Default applies [JsonSourceGenerationOptions] (nulls omitted, nullable annotations respected).
    private static readonly StageRecordJsonContext Context = StageRecordJsonContext.Default;

    public static string Serialize(StageRecord record) => JsonSerializer.Serialize(record, Context.StageRecord);

    public static StageRecord Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Context.StageRecord) ?? throw new JsonException("stage record is the JSON literal null");
}
