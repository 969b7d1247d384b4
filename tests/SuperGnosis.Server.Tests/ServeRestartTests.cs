using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Server.Scheduling;
using SuperGnosis.Server.Storage;
using SuperGnosis.Server.Tests.Support;
using SuperGnosis.Testing;

namespace SuperGnosis.Server.Tests;

/// <summary>
/// What docs/self-hosting.md says about a stop with runs in flight: with Azure storage the run state outlives the process
/// (the in-memory bus's messages do not), and the next serve's sweeper re-drives the run to completion, with one ledger record.
/// </summary>
[Collection("azurite")]
public sealed class ServeRestartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_run_left_in_flight_by_a_stopped_serve_on_Azurite_is_completed_by_the_next_one()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 16, 0, 20, TimeSpan.Zero));
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["SuperGnosis:Sweeper:Schedule"] = "0 * * * * *",
            ["SuperGnosis:Sweeper:StuckAfter"] = "00:01:00",
        };
        var asOf = new DateTimeOffset(2026, 3, 2, 15, 40, 0, TimeSpan.Zero);
        string runId;
        await using (var first = await ServeTestHost.StartAsync(StorageKind.Azurite, settings, s => s.AddSingleton<TimeProvider>(clock),
            sg => sg.UseMessageSender(_ => new NothingSent())))
        {
            var started = await HttpAnswer.SendAsync(first.Http, HttpMethod.Post, "api/runs", $$"""{"symbol":"XLU","as_of":"{{asOf:O}}"}""");
            using var body = JsonDocument.Parse(started.Body);
            runId = body.RootElement.GetProperty("run_id").GetString()!;
            Assert.Equal(RunStatus.Pending, (await first.Runs.GetRunAsync(runId, CancellationToken.None))!.Header.Status);
        }

        await using var second = await ServeTestHost.StartAsync(StorageKind.Azurite, settings, s => s.AddSingleton<TimeProvider>(clock));
        var sweeper = second.Services.GetServices<IHostedService>().OfType<StuckRunSweeperService>().Single();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await second.Runs.GetRunAsync(runId, CancellationToken.None))!.Header.Status is not (RunStatus.Completed or RunStatus.Failed))
        {
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} not finished; sweeper firings {sweeper.Firings}, clock {clock.GetUtcNow():O}");
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        using var run = await second.WaitForRunAsync(runId);
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        var reference = await second.InProcessAsync("XLU", asOf);
        Assert.Equal(JsonSerializer.Serialize(reference.ToReport(), ContractJson.Compact.AnalysisReport), run.RootElement.GetProperty("result").GetRawText());
        var records = await second.Get<ILedgerStore>().QueryAsync(new LedgerQuery("XLU", asOf, asOf.AddMinutes(1)), CancellationToken.None);
        Assert.Equal(runId, Assert.Single(records).RunId);
    }

    /// <summary>A process that dies between recording a run and sending its messages: nothing reaches the bus.</summary>
    private sealed class NothingSent : IPipelineMessageSender
    {
        public Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
