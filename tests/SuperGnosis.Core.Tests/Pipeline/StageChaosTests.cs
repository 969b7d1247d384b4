using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;
using SuperGnosis.Core.Tests.Agents.Trading;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>At-least-once delivery, reordering, crashes and lost messages: one result per stage, one ledger record per run.</summary>
public sealed class StageChaosTests
{
    private static readonly DateTimeOffset AsOf = TestChains.AsOf;
    private static readonly CountingMarket Market = new();

    private static (PipelineStages Stages, InstrumentedRunStateStore Store, MemoryLedger Ledger) Stages(int seed = 1, double writeFailureRate = 0)
    {
        var ledger = new MemoryLedger();
        var store = new InstrumentedRunStateStore(new InMemoryRunStateStore(), seed) { WriteFailureRate = writeFailureRate };
        return (new PipelineStages(ProductLikeComponents.Create(Market, ledger), store), store, ledger);
    }

    private static async Task<PipelineResult> Expected() =>
        await new PipelineRunner(CountingMarket.Symbol, ProductLikeComponents.Create(Market, null)).RunOnceAsync(AsOf);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task Duplicated_shuffled_and_crashing_deliveries_record_every_stage_once_and_one_ledger_record(int seed)
    {
        var expected = await Expected();
        var (stages, store, ledger) = Stages(seed, writeFailureRate: 0.1);
        var started = await StartWithRetriesAsync(stages);
        var driver = new MessageDriver(stages, DeliveryOrder.Shuffled, seed) { Duplicate = true, CrashRate = 0.25 };
        await driver.DrainAsync(started.Messages);

        var result = await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None);
        Assert.NotNull(result);
        Assert.True(driver.Crashes > 0, "the chaos must have crashed some deliveries");
        // 4 engines, snapshot, 3 agents, composer, trade, ledger: each stored exactly once.
        Assert.Equal(11, store.StoredStages.Count);
        Assert.All(store.StoredStages, kv => Assert.Equal(1, kv.Value));
        var record = Assert.Single(ledger.Records);
        Assert.Equal(ContractJson.Serialize(expected.LedgerRecord), ContractJson.Serialize(record));
        Assert.Equal(ContractJson.Serialize(expected.LedgerRecord), ContractJson.Serialize(result.LedgerRecord));
        Assert.All(driver.RunEvents, e => Assert.IsType<RunCompleted>(e.Message));
        var header = (await store.GetRunAsync(started.Run.RunId, CancellationToken.None))!.Header;
        Assert.Equal(RunStatus.Completed, header.Status);
        Assert.Equal(["composer", "elasticity", "snapshot"], header.Fired.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(header.Arrived.Count, header.Arrived.Distinct().Count());
    }

    private static async Task<StartedRun> StartWithRetriesAsync(PipelineStages stages)
    {
        while (true)
        {
            try
            {
                return await stages.StartRunAsync(CountingMarket.Symbol, AsOf, CancellationToken.None);
            }
            catch (IOException)
            {
                // The host retries the start like any message.
            }
        }
    }

    [Theory]
    [InlineData("run_requested:sg-engine-elasticity")]
    [InlineData("engine_output_ready:sg-snapshot")]
    [InlineData("snapshot_ready:sg-agent-primary-liquidity")]
    [InlineData("suggestion_ready:sg-composer")]
    [InlineData("composite_ready:sg-trade")]
    [InlineData("trade_ideas_ready:sg-ledger")]
    public async Task The_sweeper_redrives_a_run_whose_message_was_lost(string lost)
    {
        var expected = await Expected();
        var (stages, store, ledger) = Stages();
        var started = await stages.StartRunAsync(CountingMarket.Symbol, AsOf, CancellationToken.None);
        var dropped = false;
        bool DropOnce(OutboundMessage m)
        {
            if (!dropped && Describe(m) == lost)
            {
                dropped = true;
                return true;
            }
            return false;
        }
        await new MessageDriver(stages, DeliveryOrder.Fifo) { Drop = DropOnce }.DrainAsync(started.Messages);
        Assert.True(dropped);
        Assert.Null(await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None));

        // Not stuck yet: nothing to do.
        Assert.Empty(await stages.SweepAsync(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), 3, CancellationToken.None));
        var later = DateTimeOffset.UtcNow.AddMinutes(10);
        var redrive = await stages.SweepAsync(later, TimeSpan.FromMinutes(5), 3, CancellationToken.None);
        Assert.NotEmpty(redrive);
        Assert.Equal(1, (await store.GetRunAsync(started.Run.RunId, CancellationToken.None))!.Header.Redrives);
        await new MessageDriver(stages, DeliveryOrder.Fifo).DrainAsync(redrive);

        var result = await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None);
        Assert.NotNull(result);
        Assert.Equal(ContractJson.Serialize(expected.LedgerRecord), ContractJson.Serialize(result.LedgerRecord));
        Assert.Single(ledger.Records);
        Assert.All(store.StoredStages, kv => Assert.Equal(1, kv.Value));
        Assert.Empty(await stages.SweepAsync(later.AddHours(1), TimeSpan.FromMinutes(5), 3, CancellationToken.None));
    }

    [Fact]
    public async Task A_crash_between_recording_and_sending_is_redriven_by_the_sweeper()
    {
        // The snapshot fan-in records the snapshot transition, then the process dies before sending SnapshotReady.
        var (stages, _, _) = Stages();
        var started = await stages.StartRunAsync(CountingMarket.Symbol, AsOf, CancellationToken.None);
        await new MessageDriver(stages, DeliveryOrder.Fifo) { Drop = m => m.Message is SnapshotReady }.DrainAsync(started.Messages);
        var redrive = await stages.SweepAsync(DateTimeOffset.UtcNow.AddMinutes(10), TimeSpan.FromMinutes(5), 3, CancellationToken.None);
        Assert.Equal(3, redrive.Count(m => m.Message is SnapshotReady));
        await new MessageDriver(stages, DeliveryOrder.Lifo).DrainAsync(redrive);
        Assert.NotNull(await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None));
    }

    [Fact]
    public async Task Past_max_redrives_the_run_is_failed_with_the_missing_stages_and_stays_failed()
    {
        var (stages, store, ledger) = Stages();
        var started = await stages.StartRunAsync(CountingMarket.Symbol, AsOf, CancellationToken.None);
        // The hedge engine's queue is lost for good.
        var driver = new MessageDriver(stages, DeliveryOrder.Fifo) { Drop = m => m.To == StageAddress.Engine(EngineKind.Hedge) };
        await driver.DrainAsync(started.Messages);
        var now = DateTimeOffset.UtcNow;
        for (var i = 1; i <= 2; i++)
        {
            now = now.AddMinutes(10);
            var redrive = await stages.SweepAsync(now, TimeSpan.FromMinutes(5), maxRedrives: 2, CancellationToken.None);
            Assert.Contains(redrive, m => m.To == StageAddress.Engine(EngineKind.Hedge) && m.Message is RunRequested);
            await driver.DrainAsync(redrive);
        }
        var last = await stages.SweepAsync(now.AddMinutes(10), TimeSpan.FromMinutes(5), maxRedrives: 2, CancellationToken.None);

        var failed = Assert.IsType<RunFailed>(Assert.Single(last).Message);
        Assert.Equal(StageAddress.RunEvents, last[0].To);
        Assert.Contains("engine.hedge", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("engine.elasticity", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("snapshot", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("ledger", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("engine.liquidity", failed.Reason, StringComparison.Ordinal);
        var header = (await store.GetRunAsync(started.Run.RunId, CancellationToken.None))!.Header;
        Assert.Equal(RunStatus.Failed, header.Status);
        Assert.Equal(failed.Reason, header.Reason);
        Assert.Null(await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None));
        Assert.Empty(await stages.SweepAsync(now.AddHours(1), TimeSpan.FromMinutes(5), 2, CancellationToken.None));

        // A late delivery does nothing; failing again is idempotent and keeps the first reason.
        Assert.Empty(await stages.HandlerFor(StageAddress.Engine(EngineKind.Hedge)).HandleAsync(new RunRequested(header.RunId, header.Symbol, header.AsOf), CancellationToken.None));
        var again = await stages.FailRunAsync(header.RunId, "poison message", CancellationToken.None);
        Assert.Equal(failed.Reason, Assert.IsType<RunFailed>(Assert.Single(again).Message).Reason);
        Assert.Empty(ledger.Records);
    }

    [Fact]
    public async Task Failing_a_run_for_a_poison_message_and_a_completed_run_stays_completed()
    {
        var (stages, store, _) = Stages();
        var poisoned = await stages.StartRunAsync(CountingMarket.Symbol, AsOf, CancellationToken.None);
        var sent = await stages.FailRunAsync(poisoned.Run.RunId, "sg-engine-hedge: poison after 5 dequeues", CancellationToken.None);
        Assert.Equal("sg-engine-hedge: poison after 5 dequeues", Assert.IsType<RunFailed>(Assert.Single(sent).Message).Reason);
        Assert.Empty(await stages.HandlerFor(StageAddress.Engine(EngineKind.Liquidity)).HandleAsync(poisoned.Messages[0].Message, CancellationToken.None));

        var completed = await stages.StartRunAsync(CountingMarket.Symbol, AsOf.AddMinutes(1), CancellationToken.None);
        await new MessageDriver(stages, DeliveryOrder.Fifo).DrainAsync(completed.Messages);
        Assert.Empty(await stages.FailRunAsync(completed.Run.RunId, "late poison", CancellationToken.None));
        Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(completed.Run.RunId, CancellationToken.None))!.Header.Status);
        // A redelivered ledger message re-announces the completion and writes nothing.
        var replay = await stages.HandlerFor(StageAddress.Ledger).HandleAsync(new TradeIdeasReady(completed.Run.RunId, CountingMarket.Symbol, AsOf.AddMinutes(1)), CancellationToken.None);
        Assert.IsType<RunCompleted>(Assert.Single(replay).Message);
    }

    private static string Describe(OutboundMessage m) => m.Message switch
    {
        RunRequested => "run_requested",
        EngineOutputReady => "engine_output_ready",
        SnapshotReady => "snapshot_ready",
        SuggestionReady => "suggestion_ready",
        CompositeReady => "composite_ready",
        TradeIdeasReady => "trade_ideas_ready",
        _ => "other",
    } + ":" + m.To.QueueName;
}
