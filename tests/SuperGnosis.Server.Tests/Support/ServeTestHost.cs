using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SuperGnosis.Cli.Serve;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting;
using SuperGnosis.Server.Storage;

namespace SuperGnosis.Server.Tests.Support;

/// <summary>
/// A <c>gnosis serve</c> host (<see cref="ServeHost"/>, the composition the command runs) on real Kestrel at a free port
/// of 127.0.0.1, with its ledger in a fresh temporary folder and console logging off; stopped and deleted on dispose.
/// </summary>
public sealed class ServeTestHost : IAsyncDisposable
{
    private readonly string _folder;

    private ServeTestHost(WebApplication app, string folder, Uri baseAddress)
    {
        App = app;
        _folder = folder;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>The base URL as the API writes it in status URLs (no trailing slash).</summary>
    public string BaseUrl => BaseAddress.ToString().TrimEnd('/');

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public string LedgerPath => Path.Combine(_folder, "ledger.jsonl");

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="settings">Settings on top of the defaults (synthetic market, seed 7, the temporary ledger).</param>
    /// <param name="services">Runs after the host's own registrations (e.g. a fake clock).</param>
    /// <param name="configure">The composition root's hook (e.g. a wrapped message sender).</param>
    public static async Task<ServeTestHost> StartAsync(
        StorageKind storage = StorageKind.Local,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        Action<SuperGnosisBuilder>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("sg-serve-").FullName;
        var serve = new ServeSettings(IPAddress.Loopback, 0, ServeSettings.InMemoryTransport, storage);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["SuperGnosis:MarketData:Source"] = "synthetic",
            ["SuperGnosis:MarketData:Seed"] = "7",
            // Scheduled hosts archive runs' inputs (SuperGnosis:Archive, on by default): into the test's folder.
            ["SuperGnosis:Archive:Location"] = Path.Combine(folder, "archive"),
            // The start-up analysis adds a ledger record; tests that count records turn it on explicitly.
            ["SuperGnosis:Dashboard:AnalyzeOnStart"] = "false",
        };
        if (storage == StorageKind.Local)
        {
            values["SuperGnosis:Ledger:Path"] = Path.Combine(folder, "ledger.jsonl");
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        foreach (var (key, value) in serve.ConfigurationKeys())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var app = ServeHost.Build(configuration, serve, s =>
        {
            s.AddLogging(logging => logging.ClearProviders());
            services?.Invoke(s);
        }, configure);
        try
        {
            ServeHost.Validate(app);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await app.StartAsync(timeout.Token);
            return new ServeTestHost(app, folder, ServeHost.BaseAddress(app));
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Polls <c>GET /api/runs/{id}</c> until the run is completed or failed; returns the last body.</summary>
    public async Task<JsonDocument> WaitForRunAsync(string runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            using var response = await Http.GetAsync("api/runs/" + runId);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (document.RootElement.GetProperty("status").GetString() is "completed" or "failed")
            {
                return document;
            }
            document.Dispose();
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not finish in time");
            await Task.Delay(50);
        }
    }

    /// <summary>The in-process result for the same inputs and configuration (no ledger touched), the reference of equality checks.</summary>
    public Task<PipelineResult> InProcessAsync(string symbol, DateTimeOffset asOf) =>
        new PipelineRunner(symbol, Get<PipelineComponents>() with { Ledger = null }, Get<Hosting.Pipeline.RunFingerprint>().Value).RunOnceAsync(asOf);

    public IRunStateStore Runs => Get<IRunStateStore>();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a late writer; the temporary folder is left behind.
        }
    }
}

/// <summary>An HTTP response read whole: status, media type, Location and body.</summary>
public sealed record HttpAnswer(HttpStatusCode Status, string? MediaType, string? Charset, Uri? Location, string Body)
{
    public static async Task<HttpAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return new HttpAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentType?.CharSet, response.Headers.Location, body);
    }

    public static async Task<HttpAnswer> SendAsync(HttpClient http, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        return await ReadAsync(response);
    }

    /// <summary>Asserts an RFC 7807 problem: the status, <c>application/problem+json</c>, exactly type/title/status/detail.</summary>
    public void AssertProblem(int status, string slug)
    {
        Assert.True((int)Status == status, $"expected {status} {slug}, got {(int)Status}: {Body}");
        Assert.Equal("application/problem+json", MediaType);
        Assert.Equal("utf-8", Charset);
        using var document = JsonDocument.Parse(Body);
        Assert.Equal(["type", "title", "status", "detail"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("urn:supergnosis:problem:" + slug, document.RootElement.GetProperty("type").GetString());
        Assert.Equal(status, document.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(document.RootElement.GetProperty("detail").GetString()));
        Assert.DoesNotContain("   at ", Body, StringComparison.Ordinal);
    }
}
