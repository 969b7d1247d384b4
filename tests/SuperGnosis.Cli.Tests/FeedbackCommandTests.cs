using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Data.Ledger;

namespace SuperGnosis.Cli.Tests;

public sealed class FeedbackCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-feedback-").FullName;

    private string Ledger => Path.Combine(_dir, "ledger.jsonl");

    private string Parameters => Path.Combine(_dir, "parameters");

    /// <summary>40 daily decisions copied from one real run (own run ids), P&amp;L +400 for 7 of every 10, else -300.</summary>
    private async Task WriteClosedLedgerAsync()
    {
        var source = Path.Combine(_dir, "source.jsonl");
        var (code, _, error) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", "2026-03-02T15:30:00Z", "--json", "--ledger", source);
        Assert.True(code == 0, error);
        using var read = new JsonLinesLedgerStore(source);
        var template = Assert.Single((await read.ReadAllAsync(CancellationToken.None)).Records);
        Assert.NotEmpty(template.TradeIdeas);
        using var ledger = new JsonLinesLedgerStore(Ledger);
        for (var k = 0; k < 40; k++)
        {
            var at = template.Timestamp.AddDays(k);
            var s = template.Snapshot;
            var snapshot = new StandardSnapshot(s.Symbol, at, s.Hedge, s.Liquidity, s.Sentiment, s.Elasticity, s.Regime,
                new Dictionary<string, string>(s.Metadata) { ["run_id"] = $"run-test-{k}" });
            await ledger.AppendAsync(new LedgerRecord(at, "SPY", snapshot, template.PrimarySuggestions, template.CompositeSuggestion,
                template.TradeIdeas, k % 10 < 7 ? 400 : -300), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Json_shows_the_metrics_and_the_proposal_and_saves_nothing()
    {
        await WriteClosedLedgerAsync();

        var (code, output, error) = await CliRunner.RunAsync("feedback", "--ledger", Ledger, "--json");

        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var metrics = doc.RootElement.GetProperty("metrics");
        Assert.Equal(40, metrics.GetProperty("closed_trades").GetInt32());
        Assert.Equal(0.7, metrics.GetProperty("hit_rate").GetDouble(), 12);
        Assert.Equal((28 * 400.0) / (12 * 300.0), metrics.GetProperty("profit_factor").GetDouble(), 12);
        Assert.Equal(28 * 400 - 12 * 300, metrics.GetProperty("total_pnl").GetDouble(), 9);
        var proposal = doc.RootElement.GetProperty("proposal");
        Assert.Equal(1, proposal.GetProperty("version").GetInt32());
        Assert.Equal("proposed", proposal.GetProperty("status").GetString());
        Assert.Equal(0.012, proposal.GetProperty("parameters").GetProperty(ParameterNames.RiskFraction).GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("saved").ValueKind);
        Assert.False(Directory.Exists(Parameters));
    }

    [Fact]
    public async Task Accept_writes_the_next_version_and_the_next_proposal_chains_from_it()
    {
        await WriteClosedLedgerAsync();

        var (code, output, error) = await CliRunner.RunAsync("feedback", "--ledger", Ledger, "--parameters", Parameters, "--accept");
        Assert.True(code == 0, error);
        Assert.Contains("Saved:", output, StringComparison.Ordinal);
        var first = ParameterVersion.Parse(await File.ReadAllTextAsync(Path.Combine(Parameters, "v000001.json")));
        Assert.Equal(ParameterVersionStatus.Accepted, first.Status);

        var (code2, output2, _) = await CliRunner.RunAsync("feedback", "--ledger", Ledger, "--parameters", Parameters, "--save", "--json");
        Assert.Equal(0, code2);
        using var doc = JsonDocument.Parse(output2);
        Assert.Equal(1, doc.RootElement.GetProperty("current_version").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("proposal").GetProperty("version").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("proposal").GetProperty("parent_version").GetInt32());
        Assert.Equal(0.0144, doc.RootElement.GetProperty("proposal").GetProperty("parameters").GetProperty(ParameterNames.RiskFraction).GetDouble(), 12);
        Assert.True(File.Exists(Path.Combine(Parameters, "v000002.json")));

        // v2 is only proposed: the newest accepted is still v1, so a third proposal is again derived from v1, numbered 3.
        var (_, output3, _) = await CliRunner.RunAsync("feedback", "--ledger", Ledger, "--parameters", Parameters, "--json");
        using var doc3 = JsonDocument.Parse(output3);
        Assert.Equal(3, doc3.RootElement.GetProperty("proposal").GetProperty("version").GetInt32());
        Assert.Equal(1, doc3.RootElement.GetProperty("proposal").GetProperty("parent_version").GetInt32());
    }

    [Fact]
    public async Task A_ledger_without_closed_trades_proposes_no_change()
    {
        var (code, _, error) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", "2026-03-02T15:30:00Z", "--json", "--ledger", Ledger);
        Assert.True(code == 0, error);

        var (code2, output, _) = await CliRunner.RunAsync("feedback", "--ledger", Ledger);

        Assert.Equal(0, code2);
        Assert.Contains("No change proposed", output, StringComparison.Ordinal);
        Assert.Contains("Closed trades / open decisions", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--save")]
    [InlineData("--accept")]
    public async Task Saving_needs_a_parameters_folder(string flag)
    {
        await File.WriteAllTextAsync(Ledger, "");
        var (code, _, error) = await CliRunner.RunAsync("feedback", "--ledger", Ledger, flag);
        Assert.Equal(2, code);
        Assert.Contains("--parameters", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_ledger_is_a_usage_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("feedback", "--ledger", Path.Combine(_dir, "none.jsonl"));
        Assert.Equal(2, code);
        Assert.Contains("no ledger at", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
