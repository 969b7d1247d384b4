using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Queues;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Server.Http;
using SuperGnosis.Hosting;

namespace SuperGnosis.Functions.Tests.Harness;

/// <summary>Helpers shared by the distributed-run tests.</summary>
public static class Runs
{
    /// <summary>A Monday in the NYSE regular session (10:30 New York, EST).</summary>
    public static readonly DateTimeOffset SessionInstant = new(2026, 3, 2, 15, 30, 0, TimeSpan.Zero);

    /// <summary>Starts a run the way <c>POST /api/runs</c> does and returns its id.</summary>
    public static async Task<string> StartAsync(TestApp app, string symbol, DateTimeOffset asOf)
    {
        var result = await app.Get<PipelineApi>().StartRunAsync(
            JsonSerializer.Serialize(new Dictionary<string, string> { ["symbol"] = symbol, ["as_of"] = asOf.ToString("O") }),
            "http://localhost", CancellationToken.None);
        Assert.Equal(202, result.StatusCode);
        using var document = JsonDocument.Parse(result.Body);
        return document.RootElement.GetProperty("run_id").GetString()!;
    }

    /// <summary>True when every run is completed or failed.</summary>
    public static Func<Task<bool>> Finished(TestApp app, IEnumerable<string> runIds) => async () =>
    {
        foreach (var id in runIds)
        {
            if ((await app.Runs.GetRunAsync(id, CancellationToken.None))?.Header.Status is not (RunStatus.Completed or RunStatus.Failed))
            {
                return false;
            }
        }
        return true;
    };

    public static string Json(AnalysisReport report) => JsonSerializer.Serialize(report, ContractJson.Compact.AnalysisReport);

    public static string Json(LedgerRecord record) => JsonSerializer.Serialize(record, ContractJson.Compact.LedgerRecord);

    /// <summary>
    /// Asserts the distributed run <paramref name="runId"/> completed with exactly the in-process result: the report
    /// (snapshot, engine outputs, suggestions, trade ideas), the ledger record, one snapshot stage record and one ledger record.
    /// </summary>
    public static async Task AssertEqualsInProcessAsync(TestApp app, string runId, string symbol, DateTimeOffset asOf)
    {
        var header = (await app.Runs.GetRunAsync(runId, CancellationToken.None))!.Header;
        Assert.True(header.Status == RunStatus.Completed, $"run {runId} is {header.Status}: {header.Reason}");
        var reference = await app.InProcessAsync(symbol, asOf);
        Assert.Equal(reference.Run.RunId, runId);

        var distributed = await app.Stages.ReadResultAsync(runId, CancellationToken.None);
        Assert.NotNull(distributed);
        Assert.Equal(Json(reference.ToReport()), Json(distributed.ToReport()));

        var stages = await app.Runs.GetStagesAsync(runId, CancellationToken.None);
        Assert.Single(stages, s => s.Key == StageKey.Snapshot);
        Assert.Single(stages, s => s.Key == StageKey.Ledger);

        var ledger = await app.Ledger.QueryAsync(new LedgerQuery(symbol, asOf, asOf.AddTicks(1)), CancellationToken.None);
        var record = Assert.Single(ledger, r => r.RunId == runId);
        Assert.Equal(Json(reference.LedgerRecord), Json(record));
    }

    /// <summary>Replaces the app's sender with <see cref="ChaosSender"/> over the real Storage Queue sender.</summary>
    public static Action<SuperGnosisBuilder> WithChaos(ChaosPlan plan) => builder => builder.UseMessageSender(sp => new ChaosSender(
        new StorageQueueMessageSender(
            sp.GetRequiredService<AzureStorageConnection>(),
            sp.GetRequiredKeyedService<BlobPayloadStore>(FunctionsServiceCollectionExtensions.PayloadsKey)),
        plan));
}
