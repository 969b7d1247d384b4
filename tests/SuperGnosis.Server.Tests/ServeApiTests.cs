using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SuperGnosis.Cli;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Server.Tests.Support;

namespace SuperGnosis.Server.Tests;

/// <summary>Every route of <c>gnosis serve</c> (local storage, in-memory bus) over real HTTP, with its errors.</summary>
public sealed class ServeApiTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 3, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Analyze_answers_exactly_what_gnosis_analyze_json_prints()
    {
        await using var serve = await ServeTestHost.StartAsync();
        var answer = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/analyze/spy?as_of=2026-03-03T16:00:00Z");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal("utf-8", answer.Charset);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var ledger = Path.Combine(Path.GetTempPath(), "sg-analyze-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var code = await GnosisCli.RunAsync(["analyze", "SPY", "--as-of", "2026-03-03T16:00:00Z", "--seed", "7", "--json", "--ledger", ledger],
                CliContext.ForWriters(output, error, TimeProvider.System));
            Assert.Equal(0, code);
        }
        finally
        {
            File.Delete(ledger);
        }
        Assert.Equal(output.ToString().TrimEnd('\n', '\r'), answer.Body);
    }

    [Fact]
    public async Task A_run_started_over_http_completes_with_the_analyze_result_and_lands_once_in_the_ledger()
    {
        await using var serve = await ServeTestHost.StartAsync();
        var asOf = AsOf.AddMinutes(10);

        var started = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", $$"""{"symbol":"qqq","as_of":"{{asOf:O}}"}""");

        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        using var body = JsonDocument.Parse(started.Body);
        Assert.Equal(["run_id", "status_url"], body.RootElement.EnumerateObject().Select(p => p.Name));
        var runId = body.RootElement.GetProperty("run_id").GetString()!;
        Assert.Equal(RunIds.ForRun("QQQ", asOf, serve.Get<Hosting.Pipeline.RunFingerprint>().Value), runId);
        Assert.Equal($"{serve.BaseUrl}/api/runs/{runId}", body.RootElement.GetProperty("status_url").GetString());
        Assert.Equal(new Uri($"{serve.BaseUrl}/api/runs/{runId}"), started.Location);

        using var run = await serve.WaitForRunAsync(runId);
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        Assert.False(run.RootElement.TryGetProperty("reason", out _));
        var analyze = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, $"api/analyze/QQQ?as_of={Uri.EscapeDataString(asOf.ToString("O"))}");
        Assert.Equal(Json.Canonical(analyze.Body), Json.Canonical(run.RootElement.GetProperty("result").GetRawText()));
        var reference = await serve.InProcessAsync("QQQ", asOf);
        Assert.Equal(JsonSerializer.Serialize(reference.ToReport(), ContractJson.Compact.AnalysisReport), run.RootElement.GetProperty("result").GetRawText());

        // The ledger file has the run's record once (the analyze call appended the same run id: idempotent).
        var records = (await serve.Get<ILedgerStore>().ReadAllAsync(CancellationToken.None)).Records;
        var record = Assert.Single(records, r => r.RunId == runId);
        Assert.Equal(JsonSerializer.Serialize(reference.LedgerRecord, ContractJson.Compact.LedgerRecord), JsonSerializer.Serialize(record, ContractJson.Compact.LedgerRecord));
        Assert.Single(File.ReadAllLines(serve.LedgerPath), l => l.Contains(runId, StringComparison.Ordinal));

        var latest = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/symbols/qqq/latest");
        Assert.Equal(HttpStatusCode.OK, latest.Status);
        Assert.Equal(runId, ContractJson.DeserializeLedgerRecord(latest.Body).RunId);

        var from = Uri.EscapeDataString(asOf.ToString("O"));
        var to = Uri.EscapeDataString(asOf.AddMinutes(1).ToString("O"));
        var page = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, $"api/ledger?symbol=QQQ&from={from}&to={to}&limit=5");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        using var ledger = JsonDocument.Parse(page.Body);
        Assert.Equal(["symbol", "from", "to", "limit", "count", "records"], ledger.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, ledger.RootElement.GetProperty("limit").GetInt32());
        Assert.Equal(1, ledger.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(runId, ContractJson.DeserializeLedgerRecord(ledger.RootElement.GetProperty("records")[0].GetRawText()).RunId);

        // Starting the same run again answers the same id and changes nothing.
        var again = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", $$"""{"symbol":"QQQ","as_of":"{{asOf:O}}"}""");
        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        Assert.Equal(started.Body, again.Body);
        Assert.Single((await serve.Get<ILedgerStore>().ReadAllAsync(CancellationToken.None)).Records, r => r.RunId == runId);
    }

    [Fact]
    public async Task Health_checks_the_ledger_file_and_the_bus()
    {
        await using var serve = await ServeTestHost.StartAsync();
        var answer = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/health");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        using var document = JsonDocument.Parse(answer.Body);
        Assert.Equal("healthy", document.RootElement.GetProperty("status").GetString());
        var checks = document.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["ledger", "bus"], checks.Select(c => c.GetProperty("name").GetString()));
        Assert.All(checks, c => Assert.Equal("healthy", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Health_is_503_when_the_ledger_file_cannot_be_written()
    {
        var blocker = Path.Combine(Path.GetTempPath(), "sg-blocker-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "a file where the ledger's folder should be");
        try
        {
            await using var serve = await ServeTestHost.StartAsync(settings: new Dictionary<string, string?>
            {
                ["SuperGnosis:Ledger:Path"] = Path.Combine(blocker, "ledger.jsonl"),
            });
            var answer = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            using var document = JsonDocument.Parse(answer.Body);
            Assert.Equal("unhealthy", document.RootElement.GetProperty("status").GetString());
            var ledger = document.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ledger");
            Assert.Equal("unhealthy", ledger.GetProperty("status").GetString());
            Assert.StartsWith("unreachable (", ledger.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(blocker, answer.Body, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Theory]
    [InlineData("POST", "api/analyze/not%20a%20ticker?as_of=2026-03-03T16:00:00Z", null, 400, "invalid-symbol")]
    [InlineData("POST", "api/analyze/SPY?as_of=", null, 400, "invalid-as-of")]
    [InlineData("POST", "api/analyze/SPY?as_of=03/03/2026", null, 400, "invalid-as-of")]
    [InlineData("POST", "api/analyze/SPY?as_of=1990-01-02T15:00:00Z", null, 400, "as-of-out-of-range")]
    [InlineData("POST", "api/runs", "", 400, "invalid-body")]
    [InlineData("POST", "api/runs", "{\"symbol\":", 400, "malformed-json")]
    [InlineData("POST", "api/runs", "[1,2]", 400, "invalid-body")]
    [InlineData("POST", "api/runs", "{\"symbol\":\"SPY\",\"symbol\":\"QQQ\"}", 400, "malformed-json")]
    [InlineData("POST", "api/runs", "{\"symbol\":\"SPY\",\"extra\":1}", 400, "unknown-field")]
    [InlineData("POST", "api/runs", "{\"symbol\":7}", 400, "invalid-symbol")]
    [InlineData("POST", "api/runs", "{\"symbol\":\"SPY\",\"as_of\":\"2026-02-30\"}", 400, "invalid-as-of")]
    [InlineData("POST", "api/runs", "{\"symbol\":\"SPY\",\"as_of\":\"2099-01-02\"}", 400, "as-of-out-of-range")]
    [InlineData("GET", "api/runs/no-such-run", null, 404, "run-not-found")]
    [InlineData("GET", "api/runs/bad%24id", null, 400, "invalid-run-id")]
    [InlineData("GET", "api/symbols/ZZZZ/latest", null, 404, "no-ledger-record")]
    [InlineData("GET", "api/symbols/b%20d/latest", null, 400, "invalid-symbol")]
    [InlineData("GET", "api/ledger?limit=0", null, 400, "invalid-limit")]
    [InlineData("GET", "api/ledger?limit=ten", null, 400, "invalid-limit")]
    [InlineData("GET", "api/ledger?from=2026-03-03&to=2026-03-03", null, 400, "invalid-range")]
    [InlineData("GET", "api/ledger?from=yesterday", null, 400, "invalid-from")]
    [InlineData("GET", "api/ledger?to=", null, 400, "invalid-to")]
    [InlineData("GET", "api/ledger?symbol=x%20y", null, 400, "invalid-symbol")]
    public async Task Bad_input_is_a_problem_and_starts_nothing(string method, string path, string? body, int status, string slug)
    {
        await using var serve = await ServeTestHost.StartAsync();
        var answer = await HttpAnswer.SendAsync(serve.Http, new HttpMethod(method), path, body);
        answer.AssertProblem(status, slug);
        Assert.Null(answer.Location);
        Assert.False(File.Exists(serve.LedgerPath) && new FileInfo(serve.LedgerPath).Length > 0);
    }

    [Fact]
    public async Task A_run_request_over_16_KiB_is_413_whether_its_length_is_declared_or_streamed()
    {
        await using var serve = await ServeTestHost.StartAsync();
        var big = "{\"symbol\":\"SPY\",\"as_of\":\"" + new string(' ', 17 * 1024) + "\"}";

        (await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", big)).AssertProblem(413, "body-too-large");

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/runs") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))) };
        request.Headers.TransferEncodingChunked = true;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await serve.Http.SendAsync(request);
        (await HttpAnswer.ReadAsync(response)).AssertProblem(413, "body-too-large");
    }

    [Fact]
    public async Task A_form_encoded_body_is_read_as_json_like_curl_sends_it()
    {
        await using var serve = await ServeTestHost.StartAsync();
        using var content = new StringContent("{\"symbol\":\"IWM\",\"as_of\":\"2026-03-03T16:30:00Z\"}", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await serve.Http.PostAsync("api/runs", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_naming_the_request_not_the_exception()
    {
        const string secret = "AccountKey=do-not-show-me";
        await using var serve = await ServeTestHost.StartAsync(configure: sg =>
            sg.UseRunStateStore(_ => new FailingRunStore(new Core.Pipeline.InMemory.InMemoryRunStateStore(), secret)));

        var answer = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/runs/run-0123456789abcdef");

        answer.AssertProblem(500, "internal-error");
        Assert.DoesNotContain(secret, answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), answer.Body, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(answer.Body);
        Assert.Contains("invocation ", document.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routes_answer_only_their_methods()
    {
        await using var serve = await ServeTestHost.StartAsync();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/analyze/SPY")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await HttpAnswer.SendAsync(serve.Http, HttpMethod.Delete, "api/runs/run-1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/nothing-here")).Status);
    }

    /// <summary>A run store whose reads throw an exception carrying a secret, as a misconfigured storage client might.</summary>
    private sealed class FailingRunStore(IRunStateStore inner, string secret) : IRunStateStore
    {
        public Task<VersionedRun> CreateRunAsync(RunHeader header, CancellationToken cancellationToken) => inner.CreateRunAsync(header, cancellationToken);

        public Task<VersionedRun?> GetRunAsync(string runId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("storage said no: " + secret);

        public Task<string?> TryUpdateRunAsync(RunHeader header, string expectedVersion, CancellationToken cancellationToken) =>
            inner.TryUpdateRunAsync(header, expectedVersion, cancellationToken);

        public Task<bool> TryRecordStageAsync(string runId, StageRecord record, CancellationToken cancellationToken) =>
            inner.TryRecordStageAsync(runId, record, cancellationToken);

        public Task<RunTransactionResult> TryRecordStageAndUpdateRunAsync(RunHeader header, string expectedVersion, StageRecord record, CancellationToken cancellationToken) =>
            inner.TryRecordStageAndUpdateRunAsync(header, expectedVersion, record, cancellationToken);

        public Task<StageRecord?> GetStageAsync(string runId, StageKey key, CancellationToken cancellationToken) => inner.GetStageAsync(runId, key, cancellationToken);

        public Task<IReadOnlyList<StageRecord>> GetStagesAsync(string runId, CancellationToken cancellationToken) => inner.GetStagesAsync(runId, cancellationToken);

        public Task<RunView?> GetRunViewAsync(string runId, IReadOnlyCollection<StageKey>? keys, CancellationToken cancellationToken) =>
            inner.GetRunViewAsync(runId, keys, cancellationToken);

        public Task<IReadOnlyList<RunHeader>> ListStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken) =>
            inner.ListStuckAsync(updatedBefore, cancellationToken);
    }
}

internal static class Json
{
    /// <summary>JSON re-serialized compactly, so indentation does not count.</summary>
    public static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
