using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Functions.Tests.Harness;
using SuperGnosis.Testing;

namespace SuperGnosis.Functions.Tests;

/// <summary>The whole topology over Azurite: every queue drained into its function class, as the host would.</summary>
[Collection("azurite")]
public sealed class DistributedRunTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_distributed_run_gives_exactly_the_in_process_result()
    {
        await using var app = new TestApp(azurite);
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        await harness.PurgeAsync();

        var runId = await Runs.StartAsync(app, "SPY", Runs.SessionInstant);
        await harness.DrainAsync(Runs.Finished(app, [runId]), Timeout);

        await Runs.AssertEqualsInProcessAsync(app, runId, "SPY", Runs.SessionInstant);
        Assert.Empty(harness.Failures);
        Assert.Empty(harness.Poisoned);
        // Every stage queue saw its messages: 4 engines, 4 arrivals at the snapshot fan-in, 3 agents, 3 arrivals at the composer, trade, ledger, run event.
        Assert.Equal(1, harness.Invocations[StageQueues.EngineElasticity]);
        // The fan-ins get one message each: from the engine and the agent whose arrival completed them.
        Assert.Equal(1, harness.Invocations[StageQueues.Snapshot]);
        Assert.Equal(1, harness.Invocations[StageQueues.Composer]);
        Assert.Equal(1, harness.Invocations[StageQueues.Ledger]);
        Assert.Equal(1, harness.Invocations[StageQueues.RunEvents]);
    }

    [Fact]
    public async Task Duplicated_reordered_and_crashed_deliveries_still_give_one_snapshot_and_one_ledger_record_per_run()
    {
        var plan = new ChaosPlan(seed: 20261129)
        {
            CrashBeforeHandle = 0.2,
            CrashBeforeAck = 0.35,
            CrashInSender = 0.25,
            ShuffleDeliveries = true,
        };
        await using var app = new TestApp(azurite, configure: Runs.WithChaos(plan));
        var harness = new QueueHarness(app.Services, azurite.ConnectionString, plan, parallelism: 4);
        await harness.PurgeAsync();

        var runs = new[] { ("SPY", Runs.SessionInstant.AddMinutes(1)), ("QQQ", Runs.SessionInstant.AddMinutes(1)), ("IWM", Runs.SessionInstant.AddMinutes(2)) };
        var ids = new List<string>();
        foreach (var (symbol, asOf) in runs)
        {
            ids.Add(await Runs.StartAsync(app, symbol, asOf));
        }
        await harness.DrainAsync(Runs.Finished(app, ids), Timeout);

        for (var i = 0; i < runs.Length; i++)
        {
            await Runs.AssertEqualsInProcessAsync(app, ids[i], runs[i].Item1, runs[i].Item2);
        }
        var all = await app.Ledger.ReadAllAsync(CancellationToken.None);
        foreach (var id in ids)
        {
            Assert.Single(all.Records, r => r.RunId == id);
        }
        Assert.True(plan.InjectedCrashes > 0, "the plan injected no crash");
        Assert.True(harness.Invocations.Values.Sum() > 3 * 17, "no message was delivered twice");
        Assert.Empty(harness.Poisoned);
    }

    [Fact]
    public async Task A_message_that_always_fails_ends_in_the_poison_queue_is_kept_and_fails_its_run_with_the_reason()
    {
        var plan = new ChaosPlan(seed: 1) { AlwaysFailQueue = StageQueues.Composer };
        await using var app = new TestApp(azurite);
        var harness = new QueueHarness(app.Services, azurite.ConnectionString, plan);
        await harness.PurgeAsync();
        var asOf = Runs.SessionInstant.AddMinutes(5);

        var runId = await Runs.StartAsync(app, "DIA", asOf);
        await harness.DrainAsync(Runs.Finished(app, [runId]), Timeout);

        var header = (await app.Runs.GetRunAsync(runId, CancellationToken.None))!.Header;
        Assert.Equal(RunStatus.Failed, header.Status);
        Assert.Contains("sg-composer", header.Reason, StringComparison.Ordinal);
        Assert.Contains("sg-composer-poison", header.Reason, StringComparison.Ordinal);
        Assert.Contains("suggestion_ready", header.Reason, StringComparison.Ordinal);

        // The suggestion the composer could not take (the one the completing agent sent) went to the poison queue after
        // the host's maximum dequeue count, and it is kept.
        Assert.Equal(1, harness.Poisoned[StageQueues.Composer]);
        Assert.Equal(QueueSettings.MaxDequeueCount, harness.Invocations[StageQueues.Composer]);
        var archive = app.Services.GetRequiredKeyedService<BlobPayloadStore>(FunctionsServiceCollectionExtensions.PoisonKey);
        var kept = await archive.ListAsync($"poison/{StageQueues.Composer}/{runId}/", CancellationToken.None);
        Assert.Single(kept);
        var document = (await archive.DownloadAsync(kept[0], CancellationToken.None)).ToString();
        Assert.Contains("\"type\": \"suggestion_ready\"", document, StringComparison.Ordinal);
        Assert.Contains(runId, document, StringComparison.Ordinal);
        Assert.Equal(0, await harness.CountAsync(StageQueues.ComposerPoison));

        // No decision was recorded for the failed run, and the result is not offered.
        Assert.Empty((await app.Ledger.QueryAsync(new LedgerQuery("DIA", asOf, asOf.AddTicks(1)), CancellationToken.None)));
        Assert.Null(await app.Stages.ReadResultAsync(runId, CancellationToken.None));
    }

    [Fact]
    public async Task A_poison_message_delivered_again_is_stored_once_and_the_run_keeps_its_first_reason()
    {
        await using var app = new TestApp(azurite);
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        await harness.PurgeAsync();
        var asOf = Runs.SessionInstant.AddMinutes(6);
        var runId = await Runs.StartAsync(app, "XLF", asOf);
        var body = PipelineMessageJson.Serialize(new EngineOutputReady(runId, "XLF", asOf, EngineKind.Hedge));

        await harness.InvokeAsync(StageQueues.SnapshotPoison, body, "poison-1", 1);
        var first = (await app.Runs.GetRunAsync(runId, CancellationToken.None))!.Header;
        await harness.InvokeAsync(StageQueues.SnapshotPoison, body, "poison-1", 2);
        var second = (await app.Runs.GetRunAsync(runId, CancellationToken.None))!.Header;

        Assert.Equal(RunStatus.Failed, first.Status);
        Assert.Equal(first.Reason, second.Reason);
        var archive = app.Services.GetRequiredKeyedService<BlobPayloadStore>(FunctionsServiceCollectionExtensions.PoisonKey);
        Assert.Equal([$"poison/{StageQueues.Snapshot}/{runId}/poison-1.json"], await archive.ListAsync($"poison/{StageQueues.Snapshot}/{runId}/", CancellationToken.None));
    }

    [Fact]
    public async Task A_claim_check_body_is_resolved_from_the_payload_container()
    {
        await using var app = new TestApp(azurite);
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        await harness.PurgeAsync();
        var asOf = Runs.SessionInstant.AddMinutes(7);
        var runId = await Runs.StartAsync(app, "EEM", asOf);
        var payloads = app.Services.GetRequiredKeyedService<BlobPayloadStore>(FunctionsServiceCollectionExtensions.PayloadsKey);
        var content = BinaryData.FromString(PipelineMessageJson.Serialize(new RunRequested(runId, "EEM", asOf)));
        var blob = await payloads.PutContentAddressedAsync("queues/test", content, "application/json", CancellationToken.None);
        var pointer = Azure.Queues.QueueMessageBody.Pointer(payloads.ContainerName, blob, content.ToMemory().Length, BlobPayloadStore.Sha256Hex(content));

        await harness.InvokeAsync(StageQueues.EngineHedge, pointer, "claim-1", 1);

        Assert.NotNull(await app.Runs.GetStageAsync(runId, StageKey.ForEngine(EngineKind.Hedge), CancellationToken.None));
    }

    [Fact]
    public async Task An_unreadable_poison_message_is_kept_without_failing_anything()
    {
        await using var app = new TestApp(azurite);
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        var id = "unreadable-" + Guid.NewGuid().ToString("N")[..8];

        await harness.InvokeAsync(StageQueues.TradePoison, "{not json", id, 1);

        var archive = app.Services.GetRequiredKeyedService<BlobPayloadStore>(FunctionsServiceCollectionExtensions.PoisonKey);
        var document = (await archive.DownloadAsync($"poison/{StageQueues.Trade}/unreadable/{id}.json", CancellationToken.None)).ToString();
        Assert.Contains("\"read_error\"", document, StringComparison.Ordinal);
        Assert.Contains("{not json", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifty_runs_at_once_over_the_same_tables_and_queues_all_complete_with_correct_fan_in()
    {
        await using var app = new TestApp(azurite);
        var harness = new QueueHarness(app.Services, azurite.ConnectionString, parallelism: 8);
        await harness.PurgeAsync();
        string[] symbols = ["SPY", "QQQ", "IWM", "DIA", "XLF", "XLE", "XLK", "GLD", "TLT", "EEM"];
        var runs = Enumerable.Range(0, 50).Select(i => (Symbol: symbols[i % 10], AsOf: Runs.SessionInstant.AddDays(1).AddMinutes(i / 10))).ToList();

        var ids = await Task.WhenAll(runs.Select(r => Runs.StartAsync(app, r.Symbol, r.AsOf)));
        Assert.Equal(50, ids.Distinct(StringComparer.Ordinal).Count());
        await harness.DrainAsync(Runs.Finished(app, ids), TimeSpan.FromMinutes(6));

        var ledger = await app.Ledger.ReadAllAsync(CancellationToken.None);
        for (var i = 0; i < runs.Count; i++)
        {
            var header = (await app.Runs.GetRunAsync(ids[i], CancellationToken.None))!.Header;
            Assert.Equal(RunStatus.Completed, header.Status);
            // Each fan-in fired exactly once, completed by one arrival.
            Assert.Equal(header.Fired.Count, header.Fired.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
            Assert.Contains(header.Fired, f => f.Name == "snapshot");
            Assert.Contains(header.Fired, f => f.Name == "composer");
            var result = (await app.Stages.ReadResultAsync(ids[i], CancellationToken.None))!;
            Assert.Equal(4, result.EngineOutputs.Count);
            Assert.Equal(3, result.PrimarySuggestions.Count);
            Assert.All(result.PrimarySuggestions, s => Assert.Equal(runs[i].Symbol, s.Symbol));
            Assert.Single(ledger.Records, r => r.RunId == ids[i]);
            var reference = await app.InProcessAsync(runs[i].Symbol, runs[i].AsOf);
            Assert.Equal(Runs.Json(reference.ToReport()), Runs.Json(result.ToReport()));
        }
        Assert.Empty(harness.Failures);
    }
}
