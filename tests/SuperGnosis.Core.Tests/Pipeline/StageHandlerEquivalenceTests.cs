using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;
using SuperGnosis.Core.Tests.Agents.Trading;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>The in-process runner and the same handlers driven message by message, in other orders, give identical results.</summary>
public sealed class StageHandlerEquivalenceTests
{
    private static readonly DateTimeOffset AsOf = TestChains.AsOf;

    internal static string ReportJson(PipelineResult result) => JsonSerializer.Serialize(result.ToReport(), ContractJson.Compact.AnalysisReport);

    [Theory]
    [InlineData(DeliveryOrder.Fifo, 1)]
    [InlineData(DeliveryOrder.Lifo, 1)]
    [InlineData(DeliveryOrder.Shuffled, 7)]
    [InlineData(DeliveryOrder.Shuffled, 42)]
    public async Task Product_stages_driven_in_another_order_equal_the_in_process_runner(DeliveryOrder order, int seed)
    {
        var market = new CountingMarket();
        var runnerLedger = new MemoryLedger();
        var expected = await new PipelineRunner(CountingMarket.Symbol, ProductLikeComponents.Create(market, runnerLedger), "fp-1").RunOnceAsync(AsOf);

        var ledger = new MemoryLedger();
        var stages = new PipelineStages(ProductLikeComponents.Create(market, ledger), new InMemoryRunStateStore(),
            new PipelineStagesOptions { ConfigurationFingerprint = "fp-1" });
        var started = await stages.StartRunAsync(CountingMarket.Symbol, AsOf, CancellationToken.None);
        var driver = new MessageDriver(stages, order, seed);
        await driver.DrainAsync(started.Messages);
        var actual = await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None);

        Assert.NotNull(actual);
        Assert.Equal(expected.Run, actual.Run);
        Assert.Equal(ContractJson.Serialize(expected.LedgerRecord), ContractJson.Serialize(actual.LedgerRecord));
        Assert.Equal(ReportJson(expected), ReportJson(actual));
        Assert.Equal(expected.EngineStatuses, actual.EngineStatuses);
        Assert.Equal(expected.StageStatuses, actual.StageStatuses);
        Assert.Equal(ContractJson.Serialize(runnerLedger.Records.Single()), ContractJson.Serialize(ledger.Records.Single()));
        var completed = Assert.Single(driver.RunEvents);
        Assert.IsType<RunCompleted>(completed.Message);

        // The composition is meaningful: every engine produced an output, every agent a suggestion, and there are ideas.
        Assert.Equal(4, expected.EngineOutputs.Count);
        Assert.Equal(3, expected.PrimarySuggestions.Count);
        Assert.NotNull(expected.CompositeSuggestion);
        Assert.Equal("ok", expected.Snapshot.Metadata["stage_status.trade"]);
    }

    [Theory]
    [InlineData(DeliveryOrder.Lifo, 1)]
    [InlineData(DeliveryOrder.Shuffled, 3)]
    public async Task Failures_and_degradations_are_recorded_identically_in_any_order(DeliveryOrder order, int seed)
    {
        static PipelineComponents Components(ILedgerStore ledger) => new(
            [
                new RecordingEngine(EngineKind.Hedge) { Throws = new InvalidOperationException("chain feed down") },
                new RecordingEngine(EngineKind.Liquidity) { DegradedReason = "no_quotes" },
                new RecordingEngine(EngineKind.Elasticity, EngineKind.Hedge, EngineKind.Liquidity),
            ],
            [
                new FixedAgent("primary_hedge", SuggestionAction.Long),
                new FixedAgent("primary_sentiment", SuggestionAction.Short, throws: true),
                new FixedAgent("primary_liquidity", SuggestionAction.Long),
            ],
            new MajorityComposer(), new OneIdeaTrader(), ledger);

        var expected = await new PipelineRunner("SPY", Components(new MemoryLedger())).RunOnceAsync(AsOf);
        var ledger = new MemoryLedger();
        var stages = new PipelineStages(Components(ledger), new InMemoryRunStateStore());
        var started = await stages.StartRunAsync("SPY", AsOf, CancellationToken.None);
        await new MessageDriver(stages, order, seed).DrainAsync(started.Messages);
        var actual = await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None);

        Assert.Equal(ContractJson.Serialize(expected.LedgerRecord), ContractJson.Serialize(actual!.LedgerRecord));
        Assert.Equal("failed:InvalidOperationException: chain feed down", actual.Snapshot.Metadata["engine_status.hedge"]);
        Assert.Equal("degraded:no_quotes", actual.Snapshot.Metadata["engine_status.liquidity"]);
        Assert.StartsWith("failed:InvalidOperationException: agent broke", actual.Snapshot.Metadata["stage_status.primary_sentiment"], StringComparison.Ordinal);
        Assert.Equal(["primary_hedge", "primary_liquidity"], actual.PrimarySuggestions.Select(s => s.Layer));
    }

    [Fact]
    public async Task Without_engines_and_agents_the_run_still_completes_with_the_same_record()
    {
        var expected = await new PipelineRunner("SPY", new PipelineComponents([], [], null, null, null)).RunOnceAsync(AsOf);
        var stages = new PipelineStages(new PipelineComponents([], [], null, null, null), new InMemoryRunStateStore());
        var started = await stages.StartRunAsync("SPY", AsOf, CancellationToken.None);
        Assert.Equal(StageAddress.SnapshotFanIn, Assert.Single(started.Messages).To);
        await new MessageDriver(stages, DeliveryOrder.Lifo).DrainAsync(started.Messages);
        var actual = await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None);
        Assert.Equal(ContractJson.Serialize(expected.LedgerRecord), ContractJson.Serialize(actual!.LedgerRecord));
        Assert.Equal("not_configured", actual.Snapshot.Metadata["stage_status.primary_agents"]);
        Assert.Equal("not_configured", actual.Snapshot.Metadata["stage_status.composer"]);
        Assert.Equal("not_configured", actual.Snapshot.Metadata["stage_status.trade"]);
    }

    [Fact]
    public async Task Handlers_cover_every_address_and_refuse_unknown_ones_and_wrong_messages()
    {
        var market = new CountingMarket();
        var stages = new PipelineStages(ProductLikeComponents.Create(market), new InMemoryRunStateStore());
        Assert.Equal(
            ["sg-engine-hedge", "sg-engine-liquidity", "sg-engine-sentiment", "sg-engine-elasticity", "sg-snapshot",
             "sg-agent-primary-hedge", "sg-agent-primary-liquidity", "sg-agent-primary-sentiment", "sg-composer", "sg-trade", "sg-ledger"],
            stages.Handlers.Select(h => h.Address.QueueName));
        Assert.Throws<ArgumentException>(() => stages.HandlerFor(StageAddress.RunEvents));
        Assert.Throws<ArgumentException>(() => stages.HandlerFor(StageAddress.Agent("primary_other")));
        var started = await stages.StartRunAsync(CountingMarket.Symbol, AsOf, CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => stages.HandlerFor(StageAddress.Trade)
            .HandleAsync(new RunRequested(started.Run.RunId, CountingMarket.Symbol, AsOf), CancellationToken.None));
        // A message naming the run with another instant does not belong to it.
        await Assert.ThrowsAsync<ArgumentException>(() => stages.HandlerFor(StageAddress.Engine(EngineKind.Hedge))
            .HandleAsync(new RunRequested(started.Run.RunId, CountingMarket.Symbol, AsOf.AddMinutes(1)), CancellationToken.None));
    }

    [Fact]
    public async Task A_message_for_an_unknown_run_throws_UnknownRunException_and_records_nothing()
    {
        var store = new InMemoryRunStateStore();
        var stages = new PipelineStages(new PipelineComponents([new RecordingEngine(EngineKind.Hedge)], [], null, null, null), store);
        var ex = await Assert.ThrowsAsync<UnknownRunException>(() => stages.HandlerFor(StageAddress.Engine(EngineKind.Hedge))
            .HandleAsync(new RunRequested("run-missing", "SPY", AsOf), CancellationToken.None));
        Assert.Equal("run-missing", ex.RunId);
        Assert.Equal(0, store.Count);
        Assert.Empty(await stages.FailRunAsync("run-missing", "poison", CancellationToken.None));
    }

    [Fact]
    public async Task Starting_a_run_twice_returns_the_stored_run_and_a_finished_run_sends_nothing()
    {
        var stages = new PipelineStages(new PipelineComponents([new RecordingEngine(EngineKind.Hedge), new RecordingEngine(EngineKind.Elasticity, EngineKind.Hedge)], [], null, null, null),
            new InMemoryRunStateStore(), new PipelineStagesOptions { ConfigurationFingerprint = "abc" });
        var first = await stages.StartRunAsync("SPY", AsOf, CancellationToken.None);
        Assert.Equal(RunIds.ForRun("SPY", AsOf, "abc"), first.Run.RunId);
        Assert.Equal("abc", first.Run.ConfigurationFingerprint);
        Assert.Equal(RunStatus.Pending, first.Run.Status);
        Assert.Equal([StageAddress.Engine(EngineKind.Hedge)], first.Messages.Select(m => m.To));
        var again = await stages.StartRunAsync("SPY", AsOf, CancellationToken.None);
        Assert.Equal(first.Run, again.Run);
        Assert.Null(await stages.ReadResultAsync(first.Run.RunId, CancellationToken.None));
        await new MessageDriver(stages, DeliveryOrder.Fifo).DrainAsync(again.Messages);
        Assert.Empty((await stages.StartRunAsync("SPY", AsOf, CancellationToken.None)).Messages);
        Assert.NotNull(await stages.ReadResultAsync(first.Run.RunId, CancellationToken.None));
    }
}
