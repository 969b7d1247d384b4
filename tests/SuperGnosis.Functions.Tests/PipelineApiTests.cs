using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Functions.Http;
using SuperGnosis.Server.Http;
using SuperGnosis.Functions.Tests.Harness;
using SuperGnosis.Testing;

namespace SuperGnosis.Functions.Tests;

/// <summary>Every route of the HTTP API over Azurite, through <see cref="PipelineApi"/> (what the HTTP functions call).</summary>
[Collection("azurite")]
public sealed class PipelineApiTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 3, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Analyze_returns_the_gnosis_analyze_json_of_the_in_process_run()
    {
        await using var app = new TestApp(azurite);
        var api = app.Get<PipelineApi>();

        var result = await api.AnalyzeAsync(" spy", "2026-03-03T16:00:00Z", CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("application/json", result.ContentType);
        var reference = await app.InProcessAsync("SPY", AsOf);
        Assert.Equal(JsonSerializer.Serialize(reference.ToReport(), ContractJson.Indented.AnalysisReport), result.Body);
    }

    [Theory]
    [InlineData("not a ticker", "2026-03-03T16:00:00Z", "invalid-symbol")]
    [InlineData("SPY", "", "invalid-as-of")]
    [InlineData("SPY", "03/03/2026", "invalid-as-of")]
    [InlineData("SPY", "1990-01-02T15:00:00Z", "as-of-out-of-range")]
    public async Task Analyze_rejects_bad_input_with_problem_details(string symbol, string asOf, string slug)
    {
        await using var app = new TestApp(azurite);
        var result = await app.Get<PipelineApi>().AnalyzeAsync(symbol, asOf, CancellationToken.None);
        PipelineApiParsingTests.AssertProblem(result, 400, slug);
    }

    [Fact]
    public async Task Analyze_without_as_of_uses_the_host_clock()
    {
        await using var app = new TestApp(azurite, new ManualTime(AsOf));
        var result = await app.Get<PipelineApi>().AnalyzeAsync("SPY", null, CancellationToken.None);
        Assert.Equal(200, result.StatusCode);
        using var document = JsonDocument.Parse(result.Body);
        Assert.Equal(AsOf, document.RootElement.GetProperty("snapshot").GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_run_goes_from_202_to_pending_running_and_completed_with_the_analyze_result()
    {
        await using var app = new TestApp(azurite);
        var api = app.Get<PipelineApi>();
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        await harness.PurgeAsync();
        var asOf = AsOf.AddMinutes(10);

        var started = await api.StartRunAsync($$"""{"symbol":"qqq","as_of":"{{asOf:O}}"}""", "https://app.example", CancellationToken.None);

        Assert.Equal(202, started.StatusCode);
        using var body = JsonDocument.Parse(started.Body);
        Assert.Equal(["run_id", "status_url"], body.RootElement.EnumerateObject().Select(p => p.Name));
        var runId = body.RootElement.GetProperty("run_id").GetString()!;
        Assert.Equal(RunIds.ForRun("QQQ", asOf, app.Get<Hosting.Pipeline.RunFingerprint>().Value), runId);
        Assert.Equal("https://app.example/api/runs/" + runId, body.RootElement.GetProperty("status_url").GetString());
        Assert.Equal(body.RootElement.GetProperty("status_url").GetString(), started.Location);

        Assert.Equal("pending", await StatusAsync(api, runId));
        Assert.True(await harness.DeliverOneAsync(StageQueues.EngineHedge)); // its result and arrival: the run is running
        Assert.Equal("running", await StatusAsync(api, runId));
        using (var running = JsonDocument.Parse((await api.GetRunAsync(runId, CancellationToken.None)).Body))
        {
            Assert.False(running.RootElement.TryGetProperty("result", out _));
        }

        await harness.DrainAsync(Runs.Finished(app, [runId]), TimeSpan.FromMinutes(2));
        var completed = await api.GetRunAsync(runId, CancellationToken.None);
        using var document = JsonDocument.Parse(completed.Body);
        Assert.Equal("completed", document.RootElement.GetProperty("status").GetString());
        Assert.False(document.RootElement.TryGetProperty("reason", out _));
        var analyze = await api.AnalyzeAsync("QQQ", asOf.ToString("O"), CancellationToken.None);
        Assert.Equal(Canonical(analyze.Body), Canonical(document.RootElement.GetProperty("result").GetRawText()));

        // Starting the same run again is idempotent: same id, nothing new to do.
        var again = await api.StartRunAsync($$"""{"symbol":"QQQ","as_of":"{{asOf:O}}"}""", "https://app.example", CancellationToken.None);
        Assert.Equal(202, again.StatusCode);
        Assert.Contains(runId, again.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_run_reports_failed_with_its_reason()
    {
        await using var app = new TestApp(azurite);
        var api = app.Get<PipelineApi>();
        var runId = await Runs.StartAsync(app, "TLT", AsOf.AddMinutes(20));
        await app.Stages.FailRunAsync(runId, "operator stopped it", CancellationToken.None);

        using var document = JsonDocument.Parse((await api.GetRunAsync(runId, CancellationToken.None)).Body);
        Assert.Equal("failed", document.RootElement.GetProperty("status").GetString());
        Assert.Equal("operator stopped it", document.RootElement.GetProperty("reason").GetString());
        Assert.False(document.RootElement.TryGetProperty("result", out _));
    }

    [Fact]
    public async Task Unknown_and_malformed_run_ids_are_404_and_400_problems()
    {
        await using var app = new TestApp(azurite);
        var api = app.Get<PipelineApi>();
        PipelineApiParsingTests.AssertProblem(await api.GetRunAsync("no-such-run", CancellationToken.None), 404, "run-not-found");
        PipelineApiParsingTests.AssertProblem(await api.GetRunAsync("../etc/passwd", CancellationToken.None), 400, "invalid-run-id");
    }

    [Theory]
    [InlineData("{\"symbol\":", "malformed-json")]
    [InlineData("{\"symbol\":\"SPY\",\"extra\":1}", "unknown-field")]
    [InlineData("{\"symbol\":\"$$$\"}", "invalid-symbol")]
    [InlineData("{\"symbol\":\"SPY\",\"as_of\":\"2026-02-30\"}", "invalid-as-of")]
    [InlineData("{\"symbol\":\"SPY\",\"as_of\":\"2099-01-02\"}", "as-of-out-of-range")]
    public async Task Bad_run_requests_are_400_problems_and_start_nothing(string body, string slug)
    {
        await using var app = new TestApp(azurite);
        var result = await app.Get<PipelineApi>().StartRunAsync(body, "http://localhost", CancellationToken.None);
        PipelineApiParsingTests.AssertProblem(result, 400, slug);
        Assert.Null(result.Location);
    }

    [Fact]
    public async Task Latest_and_ledger_read_the_ledger_newest_first_within_half_open_ranges()
    {
        await using var app = new TestApp(azurite);
        var api = app.Get<PipelineApi>();
        var day = new DateTimeOffset(2026, 4, 7, 14, 0, 0, TimeSpan.Zero);
        foreach (var minutes in new[] { 0, 30, 60 })
        {
            Assert.Equal(200, (await api.AnalyzeAsync("XLK", day.AddMinutes(minutes).ToString("O"), CancellationToken.None)).StatusCode);
        }

        var latest = await api.LatestAsync("xlk", CancellationToken.None);
        Assert.Equal(200, latest.StatusCode);
        Assert.Equal(day.AddMinutes(60), ContractJson.DeserializeLedgerRecord(latest.Body).Timestamp);
        PipelineApiParsingTests.AssertProblem(await api.LatestAsync("ZZZZ", CancellationToken.None), 404, "no-ledger-record");
        PipelineApiParsingTests.AssertProblem(await api.LatestAsync("bad symbol", CancellationToken.None), 400, "invalid-symbol");

        var page = await api.LedgerAsync("XLK", day.ToString("O"), day.AddMinutes(60).ToString("O"), null, CancellationToken.None);
        Assert.Equal(200, page.StatusCode);
        using (var document = JsonDocument.Parse(page.Body))
        {
            var stamps = document.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("timestamp").GetDateTimeOffset()).ToList();
            Assert.Equal([day.AddMinutes(30), day], stamps);
            Assert.Equal(2, document.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(PipelineApi.DefaultLedgerLimit, document.RootElement.GetProperty("limit").GetInt32());
        }
        using (var limited = JsonDocument.Parse((await api.LedgerAsync("XLK", day.ToString("O"), null, "1", CancellationToken.None)).Body))
        {
            Assert.Equal(day.AddMinutes(60), Assert.Single(limited.RootElement.GetProperty("records").EnumerateArray()).GetProperty("timestamp").GetDateTimeOffset());
        }

        PipelineApiParsingTests.AssertProblem(await api.LedgerAsync("XLK", null, null, "0", CancellationToken.None), 400, "invalid-limit");
        PipelineApiParsingTests.AssertProblem(await api.LedgerAsync("XLK", null, null, "1001", CancellationToken.None), 400, "invalid-limit");
        PipelineApiParsingTests.AssertProblem(await api.LedgerAsync("XLK", null, null, "ten", CancellationToken.None), 400, "invalid-limit");
        PipelineApiParsingTests.AssertProblem(await api.LedgerAsync("XLK", day.ToString("O"), day.ToString("O"), null, CancellationToken.None), 400, "invalid-range");
        PipelineApiParsingTests.AssertProblem(await api.LedgerAsync("XLK", "yesterday", null, null, CancellationToken.None), 400, "invalid-from");
        PipelineApiParsingTests.AssertProblem(await api.LedgerAsync("XLK", null, "", null, CancellationToken.None), 400, "invalid-to");
        PipelineApiParsingTests.AssertProblem(await api.LedgerAsync("x y", null, null, null, CancellationToken.None), 400, "invalid-symbol");
    }

    [Fact]
    public async Task Health_reports_each_storage_service()
    {
        await using var app = new TestApp(azurite);
        var result = await app.Get<PipelineApi>().HealthAsync(CancellationToken.None);
        Assert.Equal(200, result.StatusCode);
        using var document = JsonDocument.Parse(result.Body);
        Assert.Equal("healthy", document.RootElement.GetProperty("status").GetString());
        Assert.Equal(["tables", "queues", "blobs"], document.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Health_is_503_without_secrets_when_storage_does_not_answer()
    {
        const string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        var unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + key
            + ";BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1";
        await using var app = new TestApp(azurite, settings: new Dictionary<string, string?> { ["AzureWebJobsStorage"] = unreachable });
        var result = await app.Get<PipelineApi>().HealthAsync(CancellationToken.None);
        Assert.Equal(503, result.StatusCode);
        Assert.Contains("\"unhealthy\"", result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(key, result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_become_responses_with_their_status_media_type_and_location()
    {
        var context = new DefaultHttpContext();
        var action = HttpFunctions.ToActionResult(new ApiResult(202, ApiResult.Json, "{}", "https://app.example/api/runs/x"), context.Response);
        var content = Assert.IsType<ContentResult>(action);
        Assert.Equal(202, content.StatusCode);
        Assert.Equal("application/json; charset=utf-8", content.ContentType);
        Assert.Equal("https://app.example/api/runs/x", context.Response.Headers.Location.ToString());
        var problem = Assert.IsType<ContentResult>(HttpFunctions.ToActionResult(Problem.NotFound("run-not-found", "no run")));
        Assert.Equal("application/problem+json; charset=utf-8", problem.ContentType);
    }

    private static async Task<string?> StatusAsync(PipelineApi api, string runId)
    {
        var result = await api.GetRunAsync(runId, CancellationToken.None);
        Assert.Equal(200, result.StatusCode);
        using var document = JsonDocument.Parse(result.Body);
        return document.RootElement.GetProperty("status").GetString();
    }

    /// <summary>JSON re-serialized compactly, so indentation does not count.</summary>
    private static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
