using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SuperGnosis.Cli;

namespace SuperGnosis.Server.Tests;

/// <summary>Tests that set process environment variables run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary><c>gnosis serve</c> as a command: a real process that serves and stops cleanly on SIGTERM, and its errors.</summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class ServeCommandTests
{
    private static async Task<(int Code, string Out, string Err)> GnosisAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(args, CliContext.ForWriters(output, error, TimeProvider.System));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_serve_process_answers_runs_and_stops_cleanly_on_SIGTERM()
    {
        var data = Directory.CreateTempSubdirectory("sg-serve-process-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "gnosis.dll"), "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GNOSIS_DATA_DIR"] = data;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = new List<string>();
        var banner = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.Add(e.Data);
            }
            if (e.Data.StartsWith("gnosis serve listening on", StringComparison.Ordinal))
            {
                banner.TrySetResult();
            }
        };
        var errors = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();
        try
        {
            await banner.Task.WaitAsync(TimeSpan.FromSeconds(60));
            lock (output)
            {
                Assert.Contains($"gnosis serve listening on http://127.0.0.1:{port} (API under http://127.0.0.1:{port}/api; Ctrl+C or SIGTERM stops it)", output);
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            using (var health = await http.GetAsync("api/health"))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
            var (code, printed, error) = await GnosisAsync("runs", "start", "SPY", "--as-of", "2026-03-02T15:30:00Z", "--wait", "--json", "--url", $"http://127.0.0.1:{port}");
            Assert.True(code == 0, error);
            using (var run = JsonDocument.Parse(printed))
            {
                Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
                // The run id of the same symbol, as-of and default configuration as on the Functions host (docs/functions.md).
                Assert.Equal("run-6f579e4ec3e9638b", run.RootElement.GetProperty("run_id").GetString());
            }
            var ledger = await File.ReadAllLinesAsync(Path.Combine(data, "ledger.jsonl"));
            Assert.Single(ledger, l => l.Contains("run-6f579e4ec3e9638b", StringComparison.Ordinal));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(40));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await errors);
            lock (output)
            {
                Assert.Equal("gnosis serve stopped", output[^1]);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_code_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, output, error) = await GnosisAsync("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal($"error: port {port} on 127.0.0.1 is already in use (another gnosis serve?); choose another with --port", error.TrimEnd('\n', '\r'));
    }

    [Theory]
    [InlineData("--port", "99999", "error: --port must be a whole number from 0 to 65535 (got '99999')")]
    [InlineData("--port", "http", "error: --port must be a whole number from 0 to 65535 (got 'http')")]
    [InlineData("--bind", "localhost:80", "error: --bind must be an IP address such as 127.0.0.1, 0.0.0.0 or :: (got 'localhost:80')")]
    [InlineData("--transport", "kafka", "error: --transport must be inmemory or rabbitmq (got 'kafka')")]
    [InlineData("--storage", "disk", "error: --storage must be one of local, azurite, azure (got 'disk')")]
    public async Task Bad_options_are_one_error_line_and_exit_code_2(string option, string value, string line)
    {
        var (code, output, error) = await GnosisAsync("serve", option, value);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal([line, "Run 'gnosis --help' for usage."], error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Theory]
    [InlineData("SuperGnosis__Ledger__Kind", "none", new[] { "serve", "--port", "0" },
        "error: configuration: SuperGnosis:Ledger:Kind = 'none' does not go with storage kind 'local', which uses 'jsonl'; remove the setting or choose another storage kind")]
    [InlineData("SuperGnosis__Storage__Kind", "floppy", new[] { "serve", "--port", "0" },
        "error: configuration: SuperGnosis:Storage:Kind 'floppy' is not a storage kind; allowed values: local, azurite, azure")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "https://account.table.core.windows.net", new[] { "serve", "--port", "0", "--storage", "azure" },
        "error: configuration: storage connection 'AzureWebJobsStorage': 'AzureWebJobsStorage__blobServiceUri' is not set")]
    [InlineData("AzureWebJobsStorage", "garbage;AccountKey=SECRETKEY", new[] { "serve", "--port", "0", "--storage", "azure" },
        "error: configuration: storage connection 'AzureWebJobsStorage': the connection string has a segment that is not key=value")]
    [InlineData("SuperGnosis__Sweeper__MaxRedrives", "99", new[] { "serve", "--port", "0" },
        "error: configuration: SuperGnosis:Sweeper:MaxRedrives = 99 must be in [0, 20]")]
    public async Task Bad_settings_are_one_configuration_line_naming_the_key_and_exit_code_2(string variable, string value, string[] args, string line)
    {
        var previous = Environment.GetEnvironmentVariable(variable);
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            var (code, output, error) = await GnosisAsync(args);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Equal(line, error.TrimEnd('\n', '\r'));
            Assert.DoesNotContain("SECRETKEY", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, previous);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
