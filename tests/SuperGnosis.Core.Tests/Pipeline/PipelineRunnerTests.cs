using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Tests.Pipeline;

public class PipelineRunnerTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    private static PipelineRunner Runner(IReadOnlyList<IEngine> engines, ILedgerStore? ledger = null, IReadOnlyList<IPrimaryAgent>? agents = null,
        IComposerAgent? composer = null, ITradeAgent? trader = null) =>
        new("SPY", new PipelineComponents(engines, agents ?? [], composer, trader, ledger));

    [Fact]
    public void Graph_puts_elasticity_after_hedge_and_liquidity()
    {
        var graph = new EngineGraph([
            new RecordingEngine(EngineKind.Elasticity, EngineKind.Hedge, EngineKind.Liquidity),
            new RecordingEngine(EngineKind.Sentiment),
            new RecordingEngine(EngineKind.Liquidity),
            new RecordingEngine(EngineKind.Hedge),
        ]);
        Assert.Equal(2, graph.Waves.Count);
        Assert.Equal([EngineKind.Hedge, EngineKind.Liquidity, EngineKind.Sentiment], graph.Waves[0].Select(e => e.Kind));
        Assert.Equal([EngineKind.Elasticity], graph.Waves[1].Select(e => e.Kind));
    }

    [Fact]
    public void Graph_rejects_cycles_and_duplicate_kinds()
    {
        var cycle = Assert.Throws<ArgumentException>(() => new EngineGraph([
            new RecordingEngine(EngineKind.Hedge, EngineKind.Elasticity),
            new RecordingEngine(EngineKind.Elasticity, EngineKind.Hedge),
        ]));
        Assert.Contains("cycle", cycle.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new EngineGraph([new RecordingEngine(EngineKind.Hedge), new RecordingEngine(EngineKind.Hedge)]));
    }

    [Fact]
    public async Task Independent_engines_run_concurrently_and_elasticity_sees_its_upstreams()
    {
        // Each first-wave engine waits until all three have started: a sequential runner would time out.
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Rendezvous()
        {
            if (Interlocked.Increment(ref started) == 3)
            {
                allStarted.SetResult();
            }
            await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        var elasticity = new RecordingEngine(EngineKind.Elasticity, EngineKind.Hedge, EngineKind.Liquidity);
        var runner = Runner([
            new RecordingEngine(EngineKind.Hedge) { Body = Rendezvous },
            new RecordingEngine(EngineKind.Liquidity) { Body = Rendezvous },
            new RecordingEngine(EngineKind.Sentiment) { Body = Rendezvous },
            elasticity,
        ]);

        var result = await runner.RunOnceAsync(AsOf);

        Assert.All(result.EngineStatuses, s => Assert.Equal(EngineState.Ok, s.State));
        Assert.Equal([EngineKind.Hedge, EngineKind.Liquidity], elasticity.SeenUpstream!.Keys.Order());
        Assert.Equal(2, result.Snapshot.Elasticity["upstream_count"]);
        Assert.Equal(0, result.Snapshot.Hedge["upstream_count"]);
        Assert.Equal("hedge_regime", result.Snapshot.Regime);
        Assert.False(result.Snapshot.Metadata.ContainsKey(SnapshotMetadataKeys.DegradedEngines));
    }

    [Fact]
    public async Task A_failing_engine_is_recorded_and_the_run_goes_on()
    {
        var elasticity = new RecordingEngine(EngineKind.Elasticity, EngineKind.Hedge, EngineKind.Liquidity);
        var ledger = new MemoryLedger();
        var runner = Runner([
            new RecordingEngine(EngineKind.Hedge) { Throws = new InvalidOperationException("chain feed down") },
            new RecordingEngine(EngineKind.Liquidity) { DegradedReason = "no_quotes" },
            elasticity,
        ], ledger);

        var result = await runner.RunOnceAsync(AsOf);

        var meta = result.Snapshot.Metadata;
        Assert.Equal("failed:InvalidOperationException: chain feed down", meta["engine_status.hedge"]);
        Assert.Equal("degraded:no_quotes", meta["engine_status.liquidity"]);
        Assert.Equal("not_configured", meta["engine_status.sentiment"]);
        Assert.Equal("ok", meta["engine_status.elasticity"]);
        Assert.Equal("hedge,liquidity,sentiment", meta[SnapshotMetadataKeys.DegradedEngines]);
        Assert.Empty(result.Snapshot.Hedge);
        Assert.Equal([EngineKind.Liquidity], elasticity.SeenUpstream!.Keys);
        Assert.Null(result.Snapshot.Regime);
        Assert.Single(ledger.Records);
    }

    [Fact]
    public async Task An_engine_answering_for_another_kind_counts_as_failed()
    {
        var impostor = new ImpostorEngine();
        var result = await Runner([impostor]).RunOnceAsync(AsOf);
        Assert.Equal(EngineState.Failed, result.EngineStatuses.Single(s => s.Kind == EngineKind.Sentiment).State);
        Assert.Empty(result.EngineOutputs);
    }

    [Fact]
    public async Task Run_ids_and_artifact_ids_are_deterministic()
    {
        var a = await Runner([new RecordingEngine(EngineKind.Hedge)], agents: [new FixedAgent("primary_hedge", SuggestionAction.Long)], composer: new MajorityComposer()).RunOnceAsync(AsOf);
        var b = await Runner([new RecordingEngine(EngineKind.Hedge)], agents: [new FixedAgent("primary_hedge", SuggestionAction.Long)], composer: new MajorityComposer()).RunOnceAsync(AsOf);
        var c = await Runner([new RecordingEngine(EngineKind.Hedge)]).RunOnceAsync(AsOf.AddMinutes(1));
        Assert.Equal(a.Run.RunId, b.Run.RunId);
        Assert.NotEqual(a.Run.RunId, c.Run.RunId);
        Assert.Equal(a.CompositeSuggestion!.Id, b.CompositeSuggestion!.Id);
        Assert.Equal(ContractJson.Serialize(a.LedgerRecord), ContractJson.Serialize(b.LedgerRecord));
        Assert.Equal(a.Run.RunId + "-composer-0", a.CompositeSuggestion.Id);
    }

    [Fact]
    public async Task Agents_composer_trader_and_ledger_run_in_order_and_failures_are_recorded()
    {
        var composer = new MajorityComposer();
        var ledger = new MemoryLedger();
        var runner = Runner([new RecordingEngine(EngineKind.Hedge)], ledger,
            agents: [
                new FixedAgent("primary_hedge", SuggestionAction.Long),
                new FixedAgent("primary_liquidity", SuggestionAction.Long),
                new FixedAgent("primary_sentiment", SuggestionAction.Short, throws: true),
            ],
            composer: composer, trader: new OneIdeaTrader());

        var result = await runner.RunOnceAsync(AsOf);

        Assert.Equal(2, result.PrimarySuggestions.Count);
        Assert.Equal(2, composer.Seen!.Count);
        Assert.Equal(SuggestionAction.Long, result.CompositeSuggestion!.Action);
        Assert.Single(result.TradeIdeas);
        Assert.StartsWith("failed:InvalidOperationException", result.Snapshot.Metadata["stage_status.primary_sentiment"], StringComparison.Ordinal);
        Assert.Equal("ok", result.Snapshot.Metadata["stage_status.trade"]);
        var recorded = Assert.Single(ledger.Records);
        Assert.Equal(result.Run.RunId, recorded.RunId);
        Assert.Equal(ContractJson.Serialize(result.LedgerRecord), ContractJson.Serialize(recorded));
    }

    [Fact]
    public async Task Without_composer_no_trade_stage_runs_and_the_ledger_still_records_the_snapshot()
    {
        var ledger = new MemoryLedger();
        var result = await Runner([], ledger, trader: new OneIdeaTrader()).RunOnceAsync(AsOf);
        Assert.Null(result.CompositeSuggestion);
        Assert.Empty(result.TradeIdeas);
        Assert.Equal("not_configured", result.Snapshot.Metadata["stage_status.composer"]);
        Assert.Equal("skipped:no composite suggestion", result.Snapshot.Metadata["stage_status.trade"]);
        Assert.Single(ledger.Records);
    }

    [Fact]
    public async Task Cancellation_propagates_instead_of_being_recorded_as_a_failure()
    {
        using var cts = new CancellationTokenSource();
        var engine = new RecordingEngine(EngineKind.Hedge)
        {
            Body = async () =>
            {
                await cts.CancelAsync();
                cts.Token.ThrowIfCancellationRequested();
            },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner([engine]).RunOnceAsync(AsOf, cts.Token));
    }

    private sealed class ImpostorEngine : IEngine
    {
        public EngineKind Kind => EngineKind.Sentiment;

        public IReadOnlyList<EngineKind> DependsOn => [];

        public Task<EngineOutput> RunAsync(string symbol, DateTimeOffset asOf, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken cancellationToken) =>
            Task.FromResult(new EngineOutput(EngineKind.Hedge, symbol, asOf, null!, 0.5, null, null!));
    }
}
