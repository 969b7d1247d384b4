using System.Net;
using System.Text.Json;
using SuperGnosis.Functions.Tests.Harness;
using SuperGnosis.Server.Http;
using SuperGnosis.Server.Storage;
using SuperGnosis.Server.Tests.Support;
using SuperGnosis.Testing;

namespace SuperGnosis.Server.Tests;

/// <summary>
/// <c>gnosis serve</c> answers exactly what the Functions app answers: the same requests go to a serve process (local
/// storage, in-memory bus, over HTTP) and to the Functions app's <see cref="PipelineApi"/> composed as the app composes
/// it (Azure Tables, Blobs and Storage Queues on Azurite, the queues drained through the app's functions), and the
/// bodies are compared byte for byte (status URLs compared with each host's own base URL).
/// </summary>
[Collection("azurite")]
public sealed class FunctionsParityTests(AzuriteFixture azurite)
{
    private const string FunctionsBase = "https://functions.example";
    private static readonly DateTimeOffset AnalyzeAt = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RunAt = new(2026, 3, 4, 15, 45, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_route_answers_the_same_bodies_as_the_Functions_app_for_the_same_run()
    {
        await using var functions = new TestApp(azurite);
        var api = functions.Get<PipelineApi>();
        var harness = new QueueHarness(functions.Services, azurite.ConnectionString);
        await harness.PurgeAsync();
        await using var serve = await ServeTestHost.StartAsync();
        var ct = CancellationToken.None;

        // On-demand analysis.
        var analyzeAt = Uri.EscapeDataString(AnalyzeAt.ToString("O"));
        AssertSame(await api.AnalyzeAsync("DIA", AnalyzeAt.ToString("O"), ct),
            await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, $"api/analyze/DIA?as_of={analyzeAt}"));

        // A distributed run: the same 202 (up to the base URL), then the same completed document.
        var request = $$"""{"symbol":"DIA","as_of":"{{RunAt:O}}"}""";
        var fnStarted = await api.StartRunAsync(request, FunctionsBase, ct);
        var serveStarted = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", request);
        Assert.Equal(202, fnStarted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, serveStarted.Status);
        Assert.Equal(fnStarted.Body.Replace(FunctionsBase, "{base}", StringComparison.Ordinal), serveStarted.Body.Replace(serve.BaseUrl, "{base}", StringComparison.Ordinal));
        Assert.Equal(fnStarted.Location!.Replace(FunctionsBase, serve.BaseUrl, StringComparison.Ordinal), serveStarted.Location!.ToString());
        using var started = JsonDocument.Parse(fnStarted.Body);
        var runId = started.RootElement.GetProperty("run_id").GetString()!;

        // Pending on both before anything is delivered to the Functions app (serve's bus may already be further).
        using (var pending = JsonDocument.Parse((await api.GetRunAsync(runId, ct)).Body))
        {
            Assert.Equal("pending", pending.RootElement.GetProperty("status").GetString());
        }
        await harness.DrainAsync(Runs.Finished(functions, [runId]), TimeSpan.FromMinutes(2));
        (await serve.WaitForRunAsync(runId)).Dispose();
        var fnRun = await api.GetRunAsync(runId, ct);
        var serveRun = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/runs/" + runId);
        AssertSame(fnRun, serveRun);
        using (var completed = JsonDocument.Parse(serveRun.Body))
        {
            Assert.Equal("completed", completed.RootElement.GetProperty("status").GetString());
        }

        // The ledger routes over what both recorded: the analysis and the run.
        AssertSame(await api.LatestAsync("dia", ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/symbols/dia/latest"));
        var from = AnalyzeAt.AddMinutes(-1).ToString("O");
        var to = RunAt.AddMinutes(1).ToString("O");
        var fnLedger = await api.LedgerAsync("DIA", from, to, "10", ct);
        AssertSame(fnLedger, await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get,
            $"api/ledger?symbol=DIA&from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&limit=10"));
        using (var page = JsonDocument.Parse(fnLedger.Body))
        {
            Assert.Equal(2, page.RootElement.GetProperty("count").GetInt32());
        }
    }

    [Theory]
    [InlineData("analyze", "not a ticker", "2026-03-03T16:00:00Z")]
    [InlineData("analyze", "SPY", "")]
    [InlineData("analyze", "SPY", "1990-01-02T15:00:00Z")]
    [InlineData("runs", "{\"symbol\":", null)]
    [InlineData("runs", "{\"symbol\":\"SPY\",\"extra\":1}", null)]
    [InlineData("runs", "{\"symbol\":\"SPY\",\"as_of\":\"2026-02-30\"}", null)]
    [InlineData("runs", "", null)]
    [InlineData("run", "no-such-run", null)]
    [InlineData("run", "bad$id", null)]
    [InlineData("latest", "QQQQQ", null)]
    [InlineData("latest", "b d", null)]
    [InlineData("ledger", "0", null)]
    [InlineData("ledger-range", "2026-03-03", "2026-03-03")]
    public async Task Bad_requests_get_the_same_problem_from_both_hosts(string route, string first, string? second)
    {
        await using var functions = new TestApp(azurite);
        var api = functions.Get<PipelineApi>();
        await using var serve = await ServeTestHost.StartAsync();
        var ct = CancellationToken.None;
        var (fn, http) = route switch
        {
            "analyze" => (await api.AnalyzeAsync(first, second, ct),
                await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, $"api/analyze/{Uri.EscapeDataString(first)}?as_of={Uri.EscapeDataString(second!)}")),
            "runs" => (await api.StartRunAsync(first, FunctionsBase, ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", first)),
            "run" => (await api.GetRunAsync(first, ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/runs/" + Uri.EscapeDataString(first))),
            "latest" => (await api.LatestAsync(first, ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, $"api/symbols/{Uri.EscapeDataString(first)}/latest")),
            "ledger" => (await api.LedgerAsync(null, null, null, first, ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/ledger?limit=" + first)),
            "ledger-range" => (await api.LedgerAsync(null, first, second, null, ct),
                await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, $"api/ledger?from={first}&to={second}")),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
        Assert.Equal(ApiResult.ProblemJson, fn.ContentType);
        AssertSame(fn, http);
    }

    /// <summary>
    /// <c>gnosis serve --storage azurite</c> keeps runs and the ledger in the tables the Functions app reads: a run
    /// served over HTTP completes with the in-process result, and the Functions app's API answers the same documents.
    /// </summary>
    [Fact]
    public async Task Serve_on_Azurite_stores_runs_and_ledger_where_the_Functions_app_reads_them()
    {
        await using var serve = await ServeTestHost.StartAsync(StorageKind.Azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        });
        Assert.IsType<Azure.Tables.TableRunStateStore>(serve.Runs);
        Assert.IsType<Azure.Tables.TableLedgerStore>(serve.Get<Core.Ports.ILedgerStore>());
        var asOf = new DateTimeOffset(2026, 3, 5, 16, 15, 0, TimeSpan.Zero);

        var started = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", $$"""{"symbol":"XLE","as_of":"{{asOf:O}}"}""");
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        using var body = JsonDocument.Parse(started.Body);
        var runId = body.RootElement.GetProperty("run_id").GetString()!;
        using var run = await serve.WaitForRunAsync(runId);
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        var reference = await serve.InProcessAsync("XLE", asOf);
        Assert.Equal(Runs.Json(reference.ToReport()), run.RootElement.GetProperty("result").GetRawText());

        await using var functions = new TestApp(azurite);
        var api = functions.Get<PipelineApi>();
        AssertSame(await api.GetRunAsync(runId, CancellationToken.None), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/runs/" + runId));
        var latest = await api.LatestAsync("XLE", CancellationToken.None);
        Assert.Equal(Runs.Json(reference.LedgerRecord), latest.Body);
        AssertSame(latest, await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/symbols/XLE/latest"));
        var stages = await functions.Runs.GetStagesAsync(runId, CancellationToken.None);
        Assert.Single(stages, s => s.Key == Core.Contracts.StageKey.Snapshot);
        Assert.Single(stages, s => s.Key == Core.Contracts.StageKey.Ledger);

        var health = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/health");
        Assert.Equal(HttpStatusCode.OK, health.Status);
        using var checks = JsonDocument.Parse(health.Body);
        Assert.Equal(["tables", "blobs", "bus"], checks.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task The_dashboard_routes_answer_the_same_bodies_as_the_Functions_app()
    {
        await using var functions = new TestApp(azurite);
        var api = functions.Get<PipelineApi>();
        await using var serve = await ServeTestHost.StartAsync();
        var ct = CancellationToken.None;
        var at = new DateTimeOffset(2026, 3, 6, 15, 5, 0, TimeSpan.Zero).ToString("O");
        Assert.Equal(200, (await api.AnalyzeAsync("XLU", at, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/analyze/XLU?as_of=" + Uri.EscapeDataString(at))).Status);

        AssertSame(await api.GexAsync("XLU", at, ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/symbols/XLU/gex?as_of=" + Uri.EscapeDataString(at)));
        AssertSame(await api.BarsAsync("XLU", at, "30", ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/symbols/XLU/bars?days=30&as_of=" + Uri.EscapeDataString(at)));
        var levels = await api.LevelsAsync("XLU", "2026-03-06", "2026-03-07", null, ct);
        AssertSame(levels, await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/symbols/XLU/levels?from=2026-03-06&to=2026-03-07"));
        using (var points = JsonDocument.Parse(levels.Body))
        {
            Assert.Equal(1, points.RootElement.GetProperty("count").GetInt32());
        }
        AssertSame(await api.GexAsync("XLU", "tomorrow", ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/symbols/XLU/gex?as_of=tomorrow"));
        AssertSame(await api.BarsAsync("XLU", null, "0", ct), await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/symbols/XLU/bars?days=0"));
    }

    private static void AssertSame(ApiResult functions, HttpAnswer serve)
    {
        Assert.Equal(functions.StatusCode, (int)serve.Status);
        Assert.Equal(functions.ContentType, serve.MediaType);
        Assert.Equal(functions.Body, serve.Body);
    }
}
