using System.Text.Json;
using SuperGnosis.Data.Ledger;

namespace SuperGnosis.Cli.Tests.Commands;

public sealed class BacktestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-backtest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Json_metrics_agree_with_the_trades_the_equity_curve_and_the_ledger()
    {
        var ledger = Path.Combine(_dir, "bt.jsonl");
        var (code, output, error) = await CliRunner.RunAsync("backtest", "SPY", "--from", "2024-01-02", "--to", "2024-02-16", "--json", "--ledger", ledger);
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var metrics = root.GetProperty("metrics"); // LedgerMetrics over the recorded decisions
        var simulator = root.GetProperty("simulator");
        var trades = root.GetProperty("trades").EnumerateArray().ToList();
        var equity = root.GetProperty("equity").EnumerateArray().Select(p => p.GetProperty("equity").GetDouble()).ToList();

        Assert.Equal(33, simulator.GetProperty("steps").GetInt32()); // NYSE sessions 2024-01-02 .. 2024-02-16
        Assert.Equal(33, equity.Count);
        Assert.NotEmpty(trades);
        Assert.Equal(trades.Count, simulator.GetProperty("positions").GetInt32());
        var realized = trades.Sum(t => t.GetProperty("realized_pnl").GetDouble());
        Assert.Equal(realized, metrics.GetProperty("total_pnl").GetDouble(), 6);
        Assert.Equal(trades.Sum(t => t.GetProperty("fees").GetDouble()), simulator.GetProperty("fees").GetDouble(), 9);
        // Every position is closed at the end, so the final equity is the initial equity plus the realized P&L, in both views.
        Assert.Equal(100_000 + realized, simulator.GetProperty("final_equity").GetDouble(), 6);
        Assert.Equal(100_000 + realized, metrics.GetProperty("final_equity").GetDouble(), 6);
        Assert.Equal(equity[^1], simulator.GetProperty("final_equity").GetDouble(), 6);
        foreach (var t in trades)
        {
            Assert.Equal(t.GetProperty("entry_cash_flow").GetDouble() + t.GetProperty("exit_cash_flow").GetDouble() - t.GetProperty("fees").GetDouble(),
                t.GetProperty("realized_pnl").GetDouble(), 9);
        }

        // One ledger record per step; their realized P&L adds up to the trades'.
        using var store = new JsonLinesLedgerStore(ledger);
        var read = await store.ReadAllAsync(CancellationToken.None);
        Assert.Empty(read.Warnings);
        Assert.Equal(33, read.Records.Count);
        Assert.Equal(realized, read.Records.Sum(r => r.RealizedPnl ?? 0), 6);
        Assert.Equal(33, read.Records.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(read.Records.Count(r => r.RealizedPnl is not null && r.TradeIdeas.Count > 0), metrics.GetProperty("closed_trades").GetInt32());
        Assert.Equal(0, metrics.GetProperty("open_decisions").GetInt32() - read.Records.Count(r => r.RealizedPnl is null && r.TradeIdeas.Count > 0));
        Assert.Contains("backtest SPY: step 33/33", error, StringComparison.Ordinal); // plain progress lines when redirected
    }

    [Fact]
    public async Task The_report_is_a_self_contained_html_page_with_png_charts()
    {
        var report = Path.Combine(_dir, "report");
        var (code, output, error) = await CliRunner.RunAsync("backtest", "SPY", "--from", "2024-03-01", "--to", "2024-03-15", "--report", report);
        Assert.True(code == 0, error);
        Assert.Contains("Max drawdown (realized, by decision)", output, StringComparison.Ordinal);
        Assert.Contains("Sharpe (annualized)", output, StringComparison.Ordinal);
        Assert.Contains("Total realized P&L (net of fees)", output, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(report, "index.html"));
        Assert.Equal(2, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase); // no CDN, no external resource
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h2>Trades (", html, StringComparison.Ordinal);
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G'];
        foreach (var name in new[] { "equity.png", "drawdown.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(report, name));
            Assert.Equal(png, bytes[..4]);
            Assert.Contains(Convert.ToBase64String(bytes), html, StringComparison.Ordinal);
        }
        Assert.True(File.Exists(Path.Combine(report, "ledger.jsonl")));
    }

    [Theory]
    [InlineData("2024-13-01", "2024-12-31", "--from must be a date yyyy-MM-dd")]
    [InlineData("2024-01-01", "yesterday", "--to must be a date yyyy-MM-dd")]
    [InlineData("2024-12-31", "2024-01-01", "--from 2024-12-31 is after --to 2024-01-01")]
    [InlineData("2024-12-25", "2024-12-25", "no NYSE session between 2024-12-25 and 2024-12-25")]
    [InlineData("2014-01-01", "2014-02-01", "the synthetic market covers")]
    public async Task Bad_ranges_are_one_clear_line_and_exit_code_2(string from, string to, string message)
    {
        var (code, output, error) = await CliRunner.RunAsync("backtest", "SPY", "--from", from, "--to", to, "--ledger", Path.Combine(_dir, "x.jsonl"));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.jsonl")));
    }

    [Fact]
    public async Task An_existing_ledger_and_a_bad_interval_are_refused_before_any_work()
    {
        var existing = Path.Combine(_dir, "live.jsonl");
        await File.WriteAllTextAsync(existing, "{}\n");
        var (code, _, error) = await CliRunner.RunAsync("backtest", "SPY", "--from", "2024-01-02", "--to", "2024-01-05", "--ledger", existing);
        Assert.Equal(2, code);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.Equal("{}\n", await File.ReadAllTextAsync(existing));

        (code, _, error) = await CliRunner.RunAsync("backtest", "SPY", "--from", "2024-01-02", "--to", "2024-01-05", "--interval", "5m");
        Assert.Equal(2, code);
        Assert.Contains("--interval must be 1d or 30m", error, StringComparison.Ordinal);
    }
}
