using System.Diagnostics;
using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Data.Tests.Providers;

namespace SuperGnosis.Cli.Tests.Providers;

/// <summary><c>--source cboe|polygon|...</c> on gex and analyze, against CBOE and Polygon fakes on loopback.</summary>
public sealed class ProviderCommandTests : IDisposable
{
    private readonly FakeProviders _fake = new FakeProviders().ServeCboeSpy().ServePolygonSpy();
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-providers-").FullName;

    public void Dispose()
    {
        _fake.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private Dictionary<string, string?> Config(Action<Dictionary<string, string?>>? change = null)
    {
        var settings = _fake.Settings("synthetic");
        settings.Remove("SuperGnosis:MarketData:Source"); // the command's --source decides
        change?.Invoke(settings);
        return settings;
    }

    [Fact]
    public async Task Gex_reads_cboe_s_latest_chain_as_of_its_stamp()
    {
        var (code, output, error) = await CliRunner.RunWithAsync(Config(), "gex", "SPY", "--source", "cboe", "--json");

        Assert.True(code == 0, error);
        Assert.Contains("chain snapshot from cboe (stamped 2024-01-05T21:15:04Z, 0 min before the as-of)", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(output);
        var engine = json.RootElement.GetProperty("engine_output");
        Assert.Equal(467.92, engine.GetProperty("features").GetProperty(HedgeFeatureNames.Spot).GetDouble());
        Assert.Equal("4", engine.GetProperty("metadata").GetProperty(HedgeMetadataKeys.RowsIn).GetString());
    }

    [Fact]
    public async Task Gex_refuses_an_as_of_the_latest_snapshot_cannot_serve_with_one_line()
    {
        var (code, output, error) = await CliRunner.RunWithAsync(Config(), "gex", "SPY", "--source", "cboe", "--as-of", "2024-01-03T10:00:00");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: cboe option chain for SPY: the provider serves only its latest data, stamped 2024-01-05T21:15:04Z", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gex_on_a_source_without_chains_is_a_usage_error()
    {
        var (code, _, error) = await CliRunner.RunWithAsync(Config(s =>
        {
            s["SuperGnosis:Data:Alpaca:KeyId"] = "id";
            s["SuperGnosis:Data:Alpaca:SecretKey"] = "secret";
        }), "gex", "SPY", "--source", "alpaca");
        Assert.Equal(2, code);
        Assert.Contains("--source alpaca serves no option chains", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_provider_is_one_line_and_exit_code_1_within_the_timeout()
    {
        var config = Config(s =>
        {
            s["SuperGnosis:Data:Cboe:BaseUrl"] = $"http://127.0.0.1:{FakeProviders.FreePort()}/";
            s["SuperGnosis:Data:Cboe:Timeout"] = "00:00:02";
            s["SuperGnosis:Data:Cboe:RetryDelay"] = "00:00:00.100";
        });
        var watch = Stopwatch.StartNew();

        var (code, output, error) = await CliRunner.RunWithAsync(config, "gex", "SPY", "--source", "cboe");

        // The provider gives up within its 2 s; the rest is building the composition on a loaded 2-core machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2 + 6), $"took {watch.Elapsed}");
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: cboe delayed quotes for SPY: cannot reach http://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_on_cboe_plus_polygon_runs_every_engine_on_the_providers_data()
    {
        var ledger = Path.Combine(_dir, "ledger.jsonl");
        var (code, output, error) = await CliRunner.RunWithAsync(Config(), "analyze", "SPY", "--source", "cboe+polygon", "--as-of", "2024-01-05T16:30:00", "--json", "--ledger", ledger);

        Assert.True(code == 0, error);
        var report = JsonSerializer.Deserialize(output, ContractJson.Compact.AnalysisReport)!;
        var hedge = report.EngineOutputs.Single(o => o.Kind == EngineKind.Hedge);
        Assert.Equal(467.92, hedge.Features[HedgeFeatureNames.Spot]);
        Assert.Equal("cboe", hedge.Metadata["data_chain_source"]);
        Assert.Equal("polygon", report.EngineOutputs.Single(o => o.Kind == EngineKind.Liquidity).Metadata["data_trades_source"]);
        Assert.Single(File.ReadAllLines(ledger));
    }

    [Fact]
    public async Task Analyze_with_a_refused_key_is_one_line_exit_code_2_without_the_key()
    {
        _fake.Server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/v3/snapshot/options/SPY").UsingGet()).AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(401)
                .WithBody($$"""{ "status": "ERROR", "request_id": "r", "error": "Unknown API Key {{FakeProviders.PolygonKey}}" }"""));

        var (code, output, error) = await CliRunner.RunWithAsync(Config(), "analyze", "SPY", "--source", "polygon", "--as-of", "2024-01-05T16:30:00", "--ledger", Path.Combine(_dir, "l.jsonl"));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("error: polygon option chain snapshot for SPY: the credentials were refused (HTTP 401: Unknown API Key ***); check SuperGnosis:Data:Polygon:ApiKey", line);
    }

    [Theory]
    [InlineData("bloomberg", "--source must be synthetic, files, cboe, polygon, tradier or alpaca")]
    [InlineData("cboe+files", "--source cboe+files needs --data <dir>")]
    [InlineData("synthetic+cboe", "--source synthetic cannot be combined")]
    public async Task Bad_sources_are_usage_errors(string source, string expected)
    {
        var (code, _, error) = await CliRunner.RunWithAsync(Config(), "analyze", "SPY", "--source", source);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    /// <summary>
    /// The CLI's own build output (bin/&lt;configuration&gt;/net10.0 of cli/SuperGnosis.Cli, built as this project's
    /// reference): its deps file lists its own dependencies, which the test's output folder does not all hold.
    /// </summary>
    private static string GnosisDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName; // tests/SuperGnosis.Cli.Tests/bin/<c>/<tfm>
        var dll = Path.Combine(root, "cli", "SuperGnosis.Cli", "bin", configuration, framework, "gnosis.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        return dll;
    }

    /// <summary>The real executable in its own process: one line on standard error, exit code 1, no stack trace, within the timeout.</summary>
    [Fact]
    public async Task The_gnosis_process_fails_on_an_unreachable_provider_with_one_line_and_exit_code_1()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(GnosisDll());
        foreach (var arg in new[] { "analyze", "SPY", "--source", "cboe" })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["SuperGnosis__Data__Cboe__BaseUrl"] = $"http://127.0.0.1:{FakeProviders.FreePort()}/";
        start.Environment["SuperGnosis__Data__Cboe__Timeout"] = "00:00:03";
        start.Environment["SuperGnosis__Data__Cboe__RetryDelay"] = "00:00:00.200";
        start.Environment["GNOSIS_DATA_DIR"] = _dir;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        watch.Stop();

        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, process.ExitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: cboe delayed quotes for SPY: cannot reach http://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stdout, StringComparison.Ordinal);
        // The provider gives up within its 3 s; the rest is the process starting (a loaded 2-core machine).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3 + 20), $"took {watch.Elapsed}");
    }
}
