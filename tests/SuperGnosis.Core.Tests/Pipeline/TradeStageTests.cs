using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;
using SuperGnosis.Core.Tests.Agents.Trading;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>The trade stage's typed result: no failure is recorded as "ok with no ideas".</summary>
public sealed class TradeStageTests
{
    private static readonly DateTimeOffset AsOf = TestChains.AsOf;

    private static PipelineComponents Components(ITradeAgent trader) => new(
        [new RecordingEngine(EngineKind.Hedge)], [new FixedAgent("primary_hedge", SuggestionAction.Long)], new MajorityComposer(), trader, new MemoryLedger());

    [Fact]
    public async Task A_failing_chain_source_makes_the_trade_stage_failed_with_the_exception_message()
    {
        var market = new CountingMarket { ChainError = new IOException("chain feed down") };
        var result = await new PipelineRunner(CountingMarket.Symbol, Components(new TradeAgent(market, market))).RunOnceAsync(AsOf);

        Assert.Equal("failed:option chain unavailable: IOException: chain feed down", result.Snapshot.Metadata["stage_status.trade"]);
        Assert.Equal(new StageStatus("trade", "failed:option chain unavailable: IOException: chain feed down"), result.StageStatuses[^1]);
        Assert.Empty(result.TradeIdeas);
        Assert.Equal(result.Snapshot.Metadata["stage_status.trade"], result.LedgerRecord.Snapshot.Metadata["stage_status.trade"]);

        // The stage record is typed: failed, with the reason, not a string to parse.
        var runs = new InMemoryRunStateStore();
        var stages = new PipelineStages(Components(new TradeAgent(market, market)), runs);
        var started = await stages.StartRunAsync(CountingMarket.Symbol, AsOf, CancellationToken.None);
        await new MessageDriver(stages, DeliveryOrder.Fifo).DrainAsync(started.Messages);
        var trade = await runs.GetStageAsync(started.Run.RunId, StageKey.Trade, CancellationToken.None);
        Assert.Equal(StageOutcome.Failed, trade!.Outcome);
        Assert.Equal("option chain unavailable: IOException: chain feed down", trade.Reason);
    }

    [Fact]
    public async Task Failing_daily_bars_degrade_the_trade_stage_but_keep_its_ideas()
    {
        var good = new CountingMarket();
        var ok = await new PipelineRunner(CountingMarket.Symbol, Components(new TradeAgent(good, good))).RunOnceAsync(AsOf);
        Assert.Equal("ok", ok.Snapshot.Metadata["stage_status.trade"]);

        var market = new CountingMarket { BarsError = new TimeoutException("bars timed out") };
        var result = await new PipelineRunner(CountingMarket.Symbol, Components(new TradeAgent(market, market))).RunOnceAsync(AsOf);
        Assert.Equal("degraded:daily bars unavailable (TimeoutException: bars timed out): realized vol unknown", result.Snapshot.Metadata["stage_status.trade"]);
        Assert.NotEmpty(result.TradeIdeas);
    }

    [Fact]
    public async Task A_trade_agent_that_throws_is_failed_with_type_and_message_and_GenerateIdeas_no_longer_hides_a_chain_failure()
    {
        var result = await new PipelineRunner("SPY", Components(new ThrowingTrader())).RunOnceAsync(AsOf);
        Assert.Equal("failed:InvalidOperationException: broker offline", result.Snapshot.Metadata["stage_status.trade"]);

        var market = new CountingMarket { ChainError = new IOException("chain feed down") };
        var agent = new TradeAgent(market);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.GenerateIdeasAsync(
            TestChains.Composite(SuggestionAction.Long, 0.8), TestChains.Snapshot(), TestChains.Run, CancellationToken.None));
        Assert.Contains("chain feed down", ex.Message, StringComparison.Ordinal);
        var analysis = await agent.AnalyzeAsync(TestChains.Composite(SuggestionAction.Long, 0.8), TestChains.Snapshot(), TestChains.Run, CancellationToken.None);
        Assert.Equal(StageOutcome.Failed, analysis.Outcome);
    }

    [Fact]
    public async Task A_trade_agent_without_its_own_outcome_is_ok_through_the_default()
    {
        ITradeAgent trader = new OneIdeaTrader();
        var produced = await trader.ProduceIdeasAsync(TestChains.Composite(SuggestionAction.Long, 0.8), TestChains.Snapshot(), TestChains.Run, CancellationToken.None);
        Assert.Equal(StageOutcome.Ok, produced.Outcome);
        Assert.Single(produced.Ideas);
        Assert.Throws<ArgumentException>(() => TradeStageResult.Failed(" "));
        Assert.Throws<ArgumentException>(() => TradeStageResult.Degraded([], ""));
    }

    private sealed class ThrowingTrader : ITradeAgent
    {
        public Task<IReadOnlyList<TradeIdea>> GenerateIdeasAsync(Suggestion composite, StandardSnapshot snapshot, RunContext run, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("broker offline");
    }
}
