using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Data.Ledger;

namespace SuperGnosis.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-cli-").FullName;

    private string Ledger => Path.Combine(_dir, "ledger.jsonl");

    [Fact]
    public async Task Json_output_has_the_contract_keys_and_is_recorded_in_the_ledger()
    {
        var (code, output, error) = await CliRunner.RunAsync("analyze", "spy", "--as-of", "2026-11-24T15:30:00Z", "--json", "--ledger", Ledger);
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(["snapshot", "engine_outputs", "primary_suggestions", "composite_suggestion", "trade_ideas"],
            doc.RootElement.EnumerateObject().Select(p => p.Name));
        var snapshot = doc.RootElement.GetProperty("snapshot");
        Assert.Equal("SPY", snapshot.GetProperty("symbol").GetString());
        var runId = snapshot.GetProperty("metadata").GetProperty("run_id").GetString();

        using var store = new JsonLinesLedgerStore(Ledger);
        var read = await store.ReadAllAsync(CancellationToken.None);
        var record = Assert.Single(read.Records);
        Assert.Equal(runId, record.RunId);
        Assert.Equal(JsonSerializer.Deserialize(output, ContractJson.Compact.AnalysisReport)!.Snapshot.Metadata, record.Snapshot.Metadata);
    }

    [Fact]
    public async Task Full_pipeline_produces_engines_suggestions_and_sized_trade_ideas()
    {
        var (code, output, error) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", "2026-11-24T15:30:00Z", "--json", "--ledger", Ledger);
        Assert.True(code == 0, error);
        var report = JsonSerializer.Deserialize(output, ContractJson.Compact.AnalysisReport)!;
        Assert.Equal(4, report.EngineOutputs.Count);
        Assert.Equal(["primary_hedge", "primary_liquidity", "primary_sentiment"], report.PrimarySuggestions.Select(s => s.Layer));
        Assert.NotNull(report.CompositeSuggestion);
        Assert.NotEmpty(report.TradeIdeas);
        Assert.All(report.TradeIdeas, idea =>
        {
            Assert.StartsWith(report.Snapshot.Metadata["run_id"] + "-trade-", idea.Id, StringComparison.Ordinal);
            Assert.True(idea.RecommendedUnits * idea.MaxLoss <= 0.01 * 100_000 + 1e-9, "sizing respects the default risk budget");
            Assert.NotEmpty(idea.BreakevenLevels);
        });
        Assert.Equal("ok", report.Snapshot.Metadata["stage_status.trade"]);
    }

    [Fact]
    public void Payoff_sketch_profit_matches_the_idea_economics()
    {
        var idea = new TradeIdea("i", "SPY", "call_debit_spread", TradeSide.Long,
            [new TradeLeg(InstrumentType.Call, LegDirection.Buy, 1, 100, new DateOnly(2026, 12, 18)), new TradeLeg(InstrumentType.Call, LegDirection.Sell, 1, 105, new DateOnly(2026, 12, 18))],
            200, 200, 300, [102], null, null, 1, 0.5, "", []);
        Assert.Equal(-200, SuperGnosis.Cli.Commands.PayoffSketch.ProfitAt(idea, 90, 100), 9);
        Assert.Equal(0, SuperGnosis.Cli.Commands.PayoffSketch.ProfitAt(idea, 102, 100), 9);
        Assert.Equal(300, SuperGnosis.Cli.Commands.PayoffSketch.ProfitAt(idea, 120, 100), 9);
        Assert.Contains("▁", SuperGnosis.Cli.Commands.PayoffSketch.Render(idea), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_arguments_give_the_same_report()
    {
        var first = await CliRunner.RunAsync("analyze", "QQQ", "--as-of", "2026-11-20T18:00:00Z", "--seed", "3", "--json", "--ledger", Ledger);
        var second = await CliRunner.RunAsync("analyze", "QQQ", "--as-of", "2026-11-20T18:00:00Z", "--seed", "3", "--json", "--ledger", Ledger);
        Assert.Equal(first.Out, second.Out);
    }

    [Fact]
    public async Task Table_output_shows_the_market_and_names_the_stages_not_available()
    {
        var (code, output, _) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", "2026-11-24T15:30:00Z", "--ledger", Ledger);
        Assert.Equal(0, code);
        Assert.Contains("Synthetic market", output, StringComparison.Ordinal);
        Assert.Contains("Option contracts", output, StringComparison.Ordinal);
        Assert.Contains("Ledger: " + Ledger, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("analyze", "not a ticker")]
    [InlineData("analyze", "SPY", "--as-of", "yesterday")]
    [InlineData("analyze", "SPY", "--as-of", "1999-01-04T15:00:00Z")]
    [InlineData("analyze", "SPY", "--seed", "many")]
    [InlineData("analyze", "SPY", "--frobnicate")]
    [InlineData("analyze")]
    [InlineData("no-such-command")]
    public async Task Bad_arguments_exit_with_2_and_a_message(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync([.. args, "--ledger", Ledger]);
        Assert.Equal(2, code);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Ledger));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
