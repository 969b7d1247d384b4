using System.Collections.Concurrent;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;
using SuperGnosis.Core.Tests.Agents.Trading;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>Many runs and many arrivals at once on one store.</summary>
public sealed class StageConcurrencyTests
{
    private static readonly DateTimeOffset AsOf = TestChains.AsOf;

    [Fact]
    public async Task Fifty_runs_at_once_on_one_store_all_complete_with_correct_fan_in()
    {
        var market = new CountingMarket();
        var ledger = new MemoryLedger();
        var store = new InstrumentedRunStateStore(new InMemoryRunStateStore()) { YieldEveryCall = true };
        var stages = new PipelineStages(ProductLikeComponents.Create(market, ledger), store);
        var instants = Enumerable.Range(0, 50).Select(i => AsOf.AddMinutes(i)).ToList();

        async Task<PipelineResult> DriveAsync(DateTimeOffset asOf, int seed)
        {
            var started = await stages.StartRunAsync(CountingMarket.Symbol, asOf, CancellationToken.None);
            // Each run's messages are delivered concurrently wave by wave, and duplicated.
            IReadOnlyList<OutboundMessage> wave = [.. started.Messages, .. started.Messages];
            while (wave.Count > 0)
            {
                var results = await Task.WhenAll(wave.Select(m => Task.Run(() => stages.HandlerFor(m.To).HandleAsync(m.Message, CancellationToken.None))));
                wave = [.. results.SelectMany(r => r).Where(m => m.To.Route != StageRoute.RunEvents)];
            }
            return (await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None))!;
        }

        var results = await Task.WhenAll(instants.Select((asOf, i) => DriveAsync(asOf, i)));

        Assert.Equal(50, results.Select(r => r.Run.RunId).Distinct().Count());
        Assert.Equal(50, ledger.Records.Count);
        Assert.All(store.StoredStages, kv => Assert.Equal(1, kv.Value));
        Assert.Equal(50 * 11, store.StoredStages.Count);
        foreach (var result in results)
        {
            var header = (await store.GetRunAsync(result.Run.RunId, CancellationToken.None))!.Header;
            Assert.Equal(RunStatus.Completed, header.Status);
            Assert.Equal(3, header.Fired.Count);
            Assert.Equal(7, header.Arrived.Count);
            Assert.Equal(4, result.EngineOutputs.Count);
            Assert.Equal(3, result.PrimarySuggestions.Count);
        }
        // Spot-check against the in-process runner.
        foreach (var i in new[] { 0, 17, 49 })
        {
            var expected = await new PipelineRunner(CountingMarket.Symbol, ProductLikeComponents.Create(market, null)).RunOnceAsync(instants[i]);
            Assert.Equal(ContractJson.Serialize(expected.LedgerRecord), ContractJson.Serialize(results[i].LedgerRecord));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exactly_one_arrival_sends_each_transition_under_concurrent_arrivals(bool duplicates)
    {
        var random = new Random(5);
        for (var trial = 0; trial < 25; trial++)
        {
            // Four independent engines: the four arrivals race for the snapshot transition.
            var store = new InstrumentedRunStateStore(new InMemoryRunStateStore()) { YieldEveryCall = true };
            var stages = new PipelineStages(new PipelineComponents(
                [new RecordingEngine(EngineKind.Hedge), new RecordingEngine(EngineKind.Liquidity), new RecordingEngine(EngineKind.Sentiment), new RecordingEngine(EngineKind.Elasticity)],
                [new FixedAgent("primary_a", SuggestionAction.Long), new FixedAgent("primary_b", SuggestionAction.Short)],
                new MajorityComposer(), null, null), store);
            var started = await stages.StartRunAsync("SPY", AsOf.AddSeconds(trial), CancellationToken.None);
            Assert.Equal(4, started.Messages.Count);

            // The four engine deliveries (each 1-3 times with duplicates) record and arrive at once: only the one whose
            // arrival completes the snapshot transition sends, and it sends one message to the snapshot fan-in.
            var engineSends = await DeliverConcurrentlyAsync(stages, [.. started.Messages], duplicates, random);
            var header = (await store.GetRunAsync(started.Run.RunId, CancellationToken.None))!.Header;
            var snapshot = Assert.Single(header.Fired);
            Assert.Equal(4, header.Arrived.Count);
            var senders = engineSends.Where(s => s.Sent.Count > 0).ToList();
            Assert.All(senders, s => Assert.Equal(snapshot.CompletedBy, "engine." + s.Delivered.To.Part));
            Assert.All(senders, s => Assert.Equal(StageAddress.SnapshotFanIn, Assert.Single(s.Sent).To));
            Assert.Equal(snapshot.CompletedBy, StageKey.ForEngine(Assert.IsType<EngineOutputReady>(senders[0].Sent[0].Message).Engine).Name);
            if (!duplicates)
            {
                Assert.Single(senders);
            }
            Assert.All(store.StoredStages.Where(kv => kv.Key.Contains("/engine.", StringComparison.Ordinal)), kv => Assert.Equal(1, kv.Value));

            // The fan-in builds the snapshot once; the agents' arrivals race for the composer transition.
            var suggestions = await stages.HandlerFor(StageAddress.SnapshotFanIn).HandleAsync(senders[0].Sent[0].Message, CancellationToken.None);
            Assert.Equal(2, suggestions.Count(m => m.Message is SnapshotReady));
            var composerSends = await DeliverConcurrentlyAsync(stages, [.. suggestions], duplicates, random);
            var composerSenders = composerSends.Where(s => s.Sent.Count > 0).ToList();
            header = (await store.GetRunAsync(started.Run.RunId, CancellationToken.None))!.Header;
            var composer = header.Fired.Single(f => f.Name == "composer");
            Assert.All(composerSenders, s => Assert.Equal(composer.CompletedBy, "agent." + ((SuggestionReady)Assert.Single(s.Sent).Message).Layer));
            Assert.All(composerSenders, s => Assert.Equal(composer.CompletedBy, "agent." + s.Delivered.To.Part));
            if (!duplicates)
            {
                Assert.Single(composerSenders);
            }
            Assert.Equal(1, store.StoredStages.Count(kv => kv.Key.EndsWith("/snapshot", StringComparison.Ordinal)));
        }
    }

    private static async Task<List<(OutboundMessage Delivered, IReadOnlyList<OutboundMessage> Sent)>> DeliverConcurrentlyAsync(
        PipelineStages stages, List<OutboundMessage> messages, bool duplicates, Random random)
    {
        var deliveries = messages.SelectMany(m => Enumerable.Repeat(m, duplicates ? random.Next(1, 4) : 1)).ToList();
        var sends = new ConcurrentBag<(OutboundMessage, IReadOnlyList<OutboundMessage>)>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = deliveries.Select(m => Task.Run(async () =>
        {
            await gate.Task;
            sends.Add((m, await stages.HandlerFor(m.To).HandleAsync(m.Message, CancellationToken.None)));
        })).ToList();
        gate.SetResult();
        await Task.WhenAll(tasks);
        return [.. sends];
    }
}
