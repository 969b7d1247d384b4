using System.Text.Json;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>The wire format of the stage messages and the stage keys and records.</summary>
public sealed class PipelineMessageTests
{
    private const string RunId = "run-0123456789abcdef";
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.FromHours(-5));

    public static TheoryData<PipelineMessage, string> Messages() => new()
    {
        { new RunRequested(RunId, "SPY", AsOf), "run_requested" },
        { new EngineOutputReady(RunId, "SPY", AsOf, EngineKind.Elasticity), "engine_output_ready" },
        { new SnapshotReady(RunId, "SPY", AsOf), "snapshot_ready" },
        { new SuggestionReady(RunId, "SPY", AsOf, "primary_hedge"), "suggestion_ready" },
        { new CompositeReady(RunId, "SPY", AsOf), "composite_ready" },
        { new TradeIdeasReady(RunId, "SPY", AsOf), "trade_ideas_ready" },
        { new RunCompleted(RunId, "SPY", AsOf), "run_completed" },
        { new RunFailed(RunId, "SPY", AsOf, "stuck after 3 re-drive(s); missing stages: engine.hedge"), "run_failed" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_round_trips_as_snake_case_json_with_a_type_discriminator(PipelineMessage message, string type)
    {
        var json = PipelineMessageJson.Serialize(message);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(type, root.GetProperty("type").GetString());
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal(RunId, root.GetProperty("run_id").GetString());
        Assert.Equal("SPY", root.GetProperty("symbol").GetString());
        Assert.Equal(AsOf, root.GetProperty("as_of").GetDateTimeOffset());
        Assert.All(root.EnumerateObject(), p => Assert.Matches("^[a-z][a-z_]*$", p.Name));

        var back = PipelineMessageJson.Deserialize(json);
        Assert.Equal(message, back);
        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(AsOf.Offset, back.AsOf.Offset);
        Assert.Equal(json, PipelineMessageJson.Serialize(back));
    }

    [Fact]
    public void Engine_and_layer_fields_are_named_as_in_the_seed()
    {
        Assert.Contains("\"engine\":", PipelineMessageJson.Serialize(new EngineOutputReady(RunId, "SPY", AsOf, EngineKind.Hedge)), StringComparison.Ordinal);
        Assert.Contains("\"layer\":\"primary_hedge\"", PipelineMessageJson.Serialize(new SuggestionReady(RunId, "SPY", AsOf, "primary_hedge")), StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"why\"", PipelineMessageJson.Serialize(new RunFailed(RunId, "SPY", AsOf, "why")), StringComparison.Ordinal);
    }

    private static string Body(string type = "run_requested", string runId = RunId, int version = 1, string extra = "") =>
        $$"""{"type":"{{type}}","schema_version":{{version}},"run_id":"{{runId}}","symbol":"SPY","as_of":"2026-11-24T15:30:00Z"{{extra}}}""";

    [Fact]
    public void Bad_messages_are_rejected_with_clear_exceptions()
    {
        Assert.IsType<RunRequested>(PipelineMessageJson.Deserialize(Body()));

        var unknownType = Assert.ThrowsAny<JsonException>(() => PipelineMessageJson.Deserialize(Body(type: "run_exploded")));
        Assert.Contains("run_exploded", unknownType.Message, StringComparison.Ordinal);

        var version = Assert.ThrowsAny<ArgumentException>(() => PipelineMessageJson.Deserialize(Body(version: 2)));
        Assert.Contains("schema_version 2", version.Message, StringComparison.Ordinal);

        var badRunId = Assert.ThrowsAny<ArgumentException>(() => PipelineMessageJson.Deserialize(Body(runId: "../etc/passwd")));
        Assert.Contains("run_id", badRunId.Message, StringComparison.Ordinal);

        var missingSymbol = Assert.ThrowsAny<JsonException>(() => PipelineMessageJson.Deserialize(
            """{"type":"run_requested","schema_version":1,"run_id":"run-1","as_of":"2026-11-24T15:30:00Z"}"""));
        Assert.Contains("symbol", missingSymbol.Message, StringComparison.Ordinal);

        var missingEngine = Assert.ThrowsAny<JsonException>(() => PipelineMessageJson.Deserialize(Body(type: "engine_output_ready")));
        Assert.Contains("engine", missingEngine.Message, StringComparison.Ordinal);

        Assert.ThrowsAny<ArgumentException>(() => PipelineMessageJson.Deserialize(Body(type: "suggestion_ready", extra: ",\"layer\":\"Primary Hedge\"")));
        Assert.ThrowsAny<ArgumentException>(() => PipelineMessageJson.Deserialize(Body(type: "run_failed", extra: ",\"reason\":\" \"")));
        Assert.ThrowsAny<JsonException>(() => PipelineMessageJson.Deserialize("null"));
        Assert.Contains("type", Assert.ThrowsAny<JsonException>(() => PipelineMessageJson.Deserialize(
            """{"schema_version":1,"run_id":"run-1","symbol":"SPY","as_of":"2026-11-24T15:30:00Z"}""")).Message, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => PipelineMessageJson.Deserialize("{\"type\":\"run_requested\",\"schema_version\":1"));
    }

    [Theory]
    [InlineData("engine.hedge")]
    [InlineData("engine.elasticity")]
    [InlineData("snapshot")]
    [InlineData("agent.primary_hedge")]
    [InlineData("composer")]
    [InlineData("trade")]
    [InlineData("ledger")]
    public void Stage_keys_parse_their_names_back(string name)
    {
        var key = StageKey.Parse(name);
        Assert.Equal(name, key.Name);
        Assert.Equal(key, StageKey.Parse(key.ToString()));
    }

    [Theory]
    [InlineData("engine")]
    [InlineData("engine.gamma")]
    [InlineData("agent")]
    [InlineData("agent.Primary-Hedge")]
    [InlineData("snapshot.hedge")]
    [InlineData("feedback")]
    [InlineData("")]
    public void Invalid_stage_key_names_are_rejected(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => StageKey.Parse(name));

    [Fact]
    public void Stage_records_need_a_reason_for_every_outcome_but_ok_and_round_trip()
    {
        foreach (var outcome in new[] { StageOutcome.Degraded, StageOutcome.Failed, StageOutcome.Skipped, StageOutcome.NotConfigured })
        {
            Assert.Throws<ArgumentException>(() => new StageRecord(StageKey.Trade, outcome, null));
            Assert.Throws<ArgumentException>(() => new StageRecord(StageKey.Trade, outcome, "  "));
            Assert.Equal("why", new StageRecord(StageKey.Trade, outcome, "why").Reason);
        }
        Assert.Null(new StageRecord(StageKey.Trade, StageOutcome.Ok, null).Reason);

        var record = new StageRecord(StageKey.ForEngine(EngineKind.Hedge), StageOutcome.Degraded, "no_quotes",
            engineOutput: new EngineOutput(EngineKind.Hedge, "SPY", AsOf, new Dictionary<string, double> { ["gex"] = 1.5 }, 0.4, "pinned",
                new Dictionary<string, string> { ["degraded"] = "no_quotes" }));
        var json = StageRecordJson.Serialize(record);
        Assert.Contains("\"outcome\":\"degraded\"", json, StringComparison.Ordinal);
        Assert.Contains("\"key\":{\"stage\":\"engine\",\"part\":\"hedge\"}", json, StringComparison.Ordinal);
        Assert.Equal(json, StageRecordJson.Serialize(StageRecordJson.Deserialize(json)));
    }
}
