using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SuperGnosis.Cli;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Testing;

namespace SuperGnosis.Worker.Tests;

/// <summary>
/// <c>gnosis worker</c> processes on a real RabbitMQ broker with run state and ledger on Azurite: two workers with
/// different stages and a serve complete a run equal to the in-process one; a worker killed (SIGKILL) or stopped
/// (SIGTERM) mid-run leaves runs that complete once a worker is back, with one ledger record each.
/// </summary>
[Collection("servers")]
public sealed class WorkerProcessTests(RabbitMqFixture rabbit, AzuriteFixture azurite)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    private static IEnumerable<DateTimeOffset> AsOfs(int day, int count) =>
        Enumerable.Range(0, count).Select(i => new DateTimeOffset(2026, 11, day, 15, 0, 0, TimeSpan.Zero).AddMinutes(5 * i));

    [Fact]
    public async Task Two_worker_processes_with_different_stages_and_a_serve_complete_a_run_equal_to_the_in_process_run()
    {
        await using var topology = await Topology.CreateAsync(rabbit.Server, azurite.Server);
        await topology.StartWorkerAsync(Topology.EngineStages);
        await topology.StartWorkerAsync(Topology.RestStages);
        var port = FreePort();
        // The serve hosts no stage consumer here: every stage runs in one of the two workers.
        var serve = topology.StartProcess(new Dictionary<string, string> { ["SuperGnosis__Bus__Stages"] = "none" },
            "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--transport", "rabbitmq", "--storage", "azurite");
        await serve.WaitForOutputAsync("gnosis serve listening on", Long);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var asOf = new DateTimeOffset(2026, 11, 16, 15, 30, 0, TimeSpan.Zero);

        using var started = await http.PostAsJsonAsync("api/runs", new { symbol = "SPY", as_of = asOf });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        using var startedBody = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var runId = startedBody.RootElement.GetProperty("run_id").GetString()!;

        var deadline = DateTime.UtcNow + Long;
        JsonDocument run;
        while (true)
        {
            using var response = await http.GetAsync("api/runs/" + runId);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            run = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (run.RootElement.GetProperty("status").GetString() is "completed" or "failed")
            {
                break;
            }
            run.Dispose();
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} not finished in time");
            await Task.Delay(100);
        }
        using (run)
        {
            Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
            Assert.Equal(await Topology.InProcessReportAsync("SPY", asOf), run.RootElement.GetProperty("result").GetRawText());
        }
        Assert.Equal([runId], await topology.LedgerRunIdsAsync([runId]));
    }

    [Fact]
    public async Task A_worker_killed_mid_run_and_started_again_completes_every_run_with_one_ledger_record()
    {
        await using var topology = await Topology.CreateAsync(rabbit.Server, azurite.Server);
        await topology.StartWorkerAsync(Topology.EngineStages);
        var rest = await topology.StartWorkerAsync(Topology.RestStages);
        var runIds = await topology.StartRunsAsync("SPY", AsOfs(day: 17, count: 6));

        await topology.WaitUntilAnyRecordedAsync(runIds, StageKey.Snapshot, Long);
        ProcessSignals.Kill(rest.Id);
        Assert.NotEqual(0, await rest.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        // Killed with work left: the runs wait (their messages are back in the queues), none failed.
        var afterKill = await topology.HeadersAsync(runIds);
        Assert.Contains(afterKill, h => h.Status != RunStatus.Completed);
        Assert.DoesNotContain(afterKill, h => h.Status == RunStatus.Failed);

        await topology.StartWorkerAsync(Topology.RestStages);
        await topology.WaitUntilCompletedAsync(runIds, Long);

        Assert.Equal(runIds.Order(StringComparer.Ordinal), await topology.LedgerRunIdsAsync(runIds));
        Assert.DoesNotContain(await topology.QueuesAsync(), q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Ready > 0);
    }

    [Fact]
    public async Task A_worker_stopped_with_SIGTERM_mid_run_exits_cleanly_without_failing_anything_and_a_new_one_completes_the_runs()
    {
        await using var topology = await Topology.CreateAsync(rabbit.Server, azurite.Server);
        await topology.StartWorkerAsync(Topology.EngineStages);
        var rest = await topology.StartWorkerAsync(Topology.RestStages);
        var runIds = await topology.StartRunsAsync("QQQ", AsOfs(day: 18, count: 6));

        await topology.WaitUntilAnyRecordedAsync(runIds, StageKey.Snapshot, Long);
        ProcessSignals.Terminate(rest.Id);
        Assert.Equal(GnosisCli.Ok, await rest.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("gnosis worker stopped", rest.Out);

        // Every message it held was finished (acknowledged) or returned: nothing unacknowledged, nothing dead-lettered,
        // no run failed, and runs still wait for the stopped worker's stages.
        var queues = await topology.QueuesAsync();
        Assert.All(queues, q => Assert.Equal((q.Name, 0), (q.Name, q.Unacknowledged)));
        Assert.DoesNotContain(queues, q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Ready > 0);
        var afterStop = await topology.HeadersAsync(runIds);
        Assert.DoesNotContain(afterStop, h => h.Status == RunStatus.Failed);
        Assert.Contains(afterStop, h => h.Status != RunStatus.Completed);

        await topology.StartWorkerAsync(Topology.RestStages);
        await topology.WaitUntilCompletedAsync(runIds, Long);
        Assert.Equal(runIds.Order(StringComparer.Ordinal), await topology.LedgerRunIdsAsync(runIds));
    }

    [Fact]
    public async Task An_unreachable_broker_is_one_line_and_exit_code_1_within_the_connect_timeout()
    {
        await using var topology = await Topology.CreateAsync(rabbit.Server, azurite.Server);
        var closedPort = FreePort();
        var worker = topology.StartProcess(new Dictionary<string, string>
        {
            ["RabbitMq__Port"] = closedPort.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq__ConnectTimeout"] = "00:00:03",
            ["RabbitMq__Password"] = "pa55-not-to-be-shown",
        }, "worker", "--stages", "hedge");

        Assert.Equal(GnosisCli.RunFailed, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var line = Assert.Single(worker.Err);
        Assert.StartsWith($"error: cannot connect to RabbitMQ at rabbitmq://127.0.0.1:{closedPort}/", line, StringComparison.Ordinal);
        Assert.Contains("within 3 s", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55-not-to-be-shown", line, StringComparison.Ordinal);
        Assert.Empty(worker.Out);
    }

    [Fact]
    public async Task A_broker_refusing_the_credentials_is_one_line_and_exit_code_1_without_the_password()
    {
        await using var topology = await Topology.CreateAsync(rabbit.Server, azurite.Server);
        var worker = topology.StartProcess(new Dictionary<string, string>
        {
            ["RabbitMq__Password"] = "wrong-pa55-not-to-be-shown",
            ["RabbitMq__ConnectTimeout"] = "00:00:05",
        }, "worker", "--stages", "hedge");

        Assert.Equal(GnosisCli.RunFailed, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var line = Assert.Single(worker.Err);
        Assert.StartsWith($"error: cannot connect to RabbitMQ at rabbitmq://{rabbit.Server.Host}:{rabbit.Server.Port}/", line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pa55-not-to-be-shown", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line.Split("):", 2)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_serve_on_an_unreachable_broker_is_one_line_and_exit_code_1()
    {
        await using var topology = await Topology.CreateAsync(rabbit.Server, azurite.Server);
        var closedPort = FreePort();
        var serve = topology.StartProcess(new Dictionary<string, string>
        {
            ["RabbitMq__Port"] = closedPort.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq__ConnectTimeout"] = "00:00:03",
        }, "serve", "--port", "0", "--transport", "rabbitmq", "--storage", "azurite");

        Assert.Equal(GnosisCli.RunFailed, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var line = Assert.Single(serve.Err);
        Assert.Equal($"error: cannot connect to RabbitMQ at rabbitmq://127.0.0.1:{closedPort}/{topology.VirtualHost} as 'guest' within 3 s "
            + "(check RabbitMq:Host, Port, VirtualHost, Username, Password): connection refused", line);
        Assert.DoesNotContain(serve.Out, l => l.Contains(" at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("hedge,gamma", "unknown stage 'gamma'; known: all, none, engines, agents, hedge")]
    [InlineData("none", "'none' leaves a worker nothing to do")]
    public async Task Unknown_or_empty_stages_are_one_line_and_exit_code_2(string stages, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await GnosisCli.RunAsync(["worker", "--stages", stages], CliContext.ForWriters(output, error, TimeProvider.System));

        Assert.Equal(GnosisCli.BadArguments, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_storage_is_refused_because_a_worker_shares_run_state()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await GnosisCli.RunAsync(["worker", "--stages", "hedge", "--storage", "local"], CliContext.ForWriters(output, error, TimeProvider.System));

        Assert.Equal(GnosisCli.BadArguments, code);
        Assert.Contains("--storage must be azurite or azure (got 'local')", error.ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
