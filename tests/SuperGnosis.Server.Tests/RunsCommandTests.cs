using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SuperGnosis.Cli;
using SuperGnosis.Server.Tests.Support;

namespace SuperGnosis.Server.Tests;

/// <summary><c>gnosis runs start</c> and <c>gnosis runs show</c> against a running serve host.</summary>
public sealed class RunsCommandTests
{
    private static async Task<(int Code, string Out, string Err)> GnosisAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(args, CliContext.ForWriters(output, error, TimeProvider.System));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Start_with_wait_follows_the_run_to_its_result_and_show_prints_the_same_document()
    {
        await using var serve = await ServeTestHost.StartAsync();

        var (code, output, error) = await GnosisAsync("runs", "start", "spy", "--as-of", "2026-03-03T11:15:00-05:00", "--wait", "--json", "--url", serve.BaseUrl);

        Assert.True(code == 0, error);
        Assert.Equal("", error);
        using var printed = JsonDocument.Parse(output);
        var runId = printed.RootElement.GetProperty("run_id").GetString()!;
        Assert.Equal("completed", printed.RootElement.GetProperty("status").GetString());
        var asOf = new DateTimeOffset(2026, 3, 3, 16, 15, 0, TimeSpan.Zero);
        var analyze = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/analyze/SPY?as_of=" + Uri.EscapeDataString(asOf.ToString("O")));
        Assert.Equal(Json.Canonical(analyze.Body), Json.Canonical(printed.RootElement.GetProperty("result").GetRawText()));

        var show = await GnosisAsync("runs", "show", runId, "--json", "--url", serve.BaseUrl + "/");
        Assert.Equal(0, show.Code);
        var direct = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, "api/runs/" + runId);
        Assert.Equal(direct.Body, show.Out.TrimEnd('\n', '\r'));
        Assert.Equal(output, show.Out);

        var text = await GnosisAsync("runs", "show", runId, "--url", serve.BaseUrl);
        Assert.Equal(0, text.Code);
        Assert.StartsWith($"run {runId}: completed", text.Out, StringComparison.Ordinal);
        Assert.Contains("SPY as of 2026-03-03 16:15:00Z", text.Out, StringComparison.Ordinal);
        Assert.Contains("primary_hedge", text.Out, StringComparison.Ordinal);
        Assert.Contains("composer", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_without_wait_prints_the_run_id_and_where_to_follow_it()
    {
        await using var serve = await ServeTestHost.StartAsync();

        var (code, output, error) = await GnosisAsync("runs", "start", "IWM", "--as-of", "2026-03-03T15:00:00Z", "--url", serve.BaseUrl);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var runId = lines[0].Split(' ')[1];
        Assert.Equal($"run {runId} accepted; status: {serve.BaseUrl}/api/runs/{runId}", lines[0]);
        Assert.Equal($"follow it with: gnosis runs show {runId} --url {serve.BaseUrl}/", lines[1]);
        using var run = await serve.WaitForRunAsync(runId);
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_run_is_one_line_and_exit_code_1()
    {
        await using var serve = await ServeTestHost.StartAsync();
        var (code, output, error) = await GnosisAsync("runs", "show", "run-0000000000000000", "--url", serve.BaseUrl);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("error: no run with id 'run-0000000000000000' (404 run-not-found)", error.TrimEnd('\n', '\r'));
    }

    [Fact]
    public async Task A_request_the_server_refuses_as_bad_input_is_exit_code_2_with_its_detail()
    {
        await using var serve = await ServeTestHost.StartAsync();
        var (code, _, error) = await GnosisAsync("runs", "start", "SPY", "--as-of", "1990-01-02", "--url", serve.BaseUrl);
        Assert.Equal(2, code);
        Assert.StartsWith("error: the server refused the request (as-of-out-of-range): as_of must fall between", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_unreachable_server_is_one_clear_line_and_exit_code_1()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        foreach (var args in new[] { new[] { "runs", "start", "SPY", "--url", url }, new[] { "runs", "show", "run-1", "--url", url } })
        {
            var (code, output, error) = await GnosisAsync(args);
            Assert.Equal(1, code);
            Assert.Equal("", output);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"error: no gnosis serve answers at {url}/: ", line, StringComparison.Ordinal);
            Assert.EndsWith("(start one with 'gnosis serve', or give --url)", line.TrimEnd('\r'), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("runs", "start", "not a ticker")]
    [InlineData("runs", "start", "SPY", "--as-of", "")]
    [InlineData("runs", "start", "SPY", "--url", "ftp://example.com")]
    [InlineData("runs", "start", "SPY", "--wait", "--timeout", "0")]
    [InlineData("runs", "show")]
    public async Task Bad_arguments_are_exit_code_2_before_any_request(params string[] args)
    {
        var (code, output, error) = await GnosisAsync(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
