using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Data.Tests.Files;

namespace SuperGnosis.Cli.Tests.Files;

public sealed class FilesSourceCommandTests : IDisposable
{
    private const string AsOf = "2024-03-06T19:45:00Z";
    private readonly FilesFixture _files = new();

    private string Ledger => Path.Combine(_files.Root, "ledger.jsonl");

    public void Dispose() => _files.Dispose();

    private async Task<AnalysisReport> AnalyzeJson(params string[] extra)
    {
        var (code, output, error) = await CliRunner.RunAsync(["analyze", "SPY", "--as-of", AsOf, "--json", "--ledger", Ledger, .. extra]);
        Assert.True(code == 0, error);
        return JsonSerializer.Deserialize(output, ContractJson.Compact.AnalysisReport)!;
    }

    [Fact]
    public async Task Analyze_on_files_computes_the_engines_from_the_files()
    {
        var files = await AnalyzeJson("--source", "files", "--data", _files.Root);
        var synthetic = await AnalyzeJson();

        var hedge = files.EngineOutputs.Single(o => o.Kind == EngineKind.Hedge);
        Assert.Equal(FilesFixture.SpotAtAsOf, hedge.Features[HedgeFeatureNames.Spot]); // the 19:30Z CSV snapshot's underlying price
        Assert.NotEqual(hedge.Features[HedgeFeatureNames.Spot], synthetic.EngineOutputs.Single(o => o.Kind == EngineKind.Hedge).Features[HedgeFeatureNames.Spot]);
        Assert.Equal("60", hedge.Metadata[HedgeMetadataKeys.RowsIn]);
        Assert.Equal("1", hedge.Metadata["data_chain_skipped_bad_type"]);
        Assert.Equal("2024-03-06T19:30:00Z", hedge.Metadata["chain_snapshot"]);
        Assert.Equal("900", hedge.Metadata["chain_age_seconds"]);
        Assert.Equal("1", hedge.Metadata["data_daily_bars_skipped_bad_price"]);

        var liquidity = files.EngineOutputs.Single(o => o.Kind == EngineKind.Liquidity);
        Assert.Equal("1", liquidity.Metadata["data_trades_skipped_bad_price"]);
        Assert.Equal("1", liquidity.Metadata["data_quotes_skipped_bad_price"]);
        Assert.False(liquidity.Metadata.ContainsKey("data_chain_skipped_bad_type")); // the liquidity engine reads no chain
        // The last print at or before the as-of: 19:45Z, k = 314: 510 + 314 * 0.007 + 0.01.
        Assert.Equal(510 + (314 * 0.007) + 0.01, liquidity.Features[LiquidityFeatureNames.SpotPrice], 9);

        var sentiment = files.EngineOutputs.Single(o => o.Kind == EngineKind.Sentiment);
        Assert.Equal("1", sentiment.Metadata["data_news_skipped_invalid_json"]);
        Assert.NotEqual(files.Snapshot.Metadata["run_id"], synthetic.Snapshot.Metadata["run_id"]);
    }

    [Fact]
    public async Task An_unrecorded_split_is_kept_out_of_the_elasticity_volatility_and_named_in_its_metadata()
    {
        var (code, output, error) = await CliRunner.RunAsync("analyze", "ABC", "--as-of", "2024-03-05T22:00:00Z", "--json", "--ledger", Ledger, "--source", "files", "--data", _files.Root);
        Assert.True(code == 0, error);
        var report = JsonSerializer.Deserialize(output, ContractJson.Compact.AnalysisReport)!;
        var elasticity = report.EngineOutputs.Single(o => o.Kind == EngineKind.Elasticity);
        Assert.Equal("2024-02-15:3", elasticity.Metadata["suspected_splits"]);
        Assert.Equal("2024-02-15:3", elasticity.Metadata["data_daily_bars_suspected_splits"]);
    }

    [Fact]
    public async Task Analyze_text_names_the_files_source_not_the_synthetic_market()
    {
        var (code, output, error) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", AsOf, "--ledger", Ledger, "--source", "files", "--data", _files.Root);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("Synthetic market", output, StringComparison.Ordinal);
        Assert.Contains("Market data (files:", output, StringComparison.Ordinal);
        Assert.Contains("512.34", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_data_folder_is_exit_code_2_with_a_plain_message()
    {
        var missing = Path.Combine(_files.Root, "nope");
        var (code, output, error) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", AsOf, "--source", "files", "--data", missing);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"--data {missing}: no such directory", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        var (noSymbol, _, symbolError) = await CliRunner.RunAsync("analyze", "MSFT", "--as-of", AsOf, "--source", "files", "--data", _files.Root);
        Assert.Equal(2, noSymbol);
        Assert.Contains("has no folder MSFT", symbolError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_quotes_file_degrades_liquidity_naming_file_line_and_column()
    {
        _files.Write("SPY/quotes/2024-03-06.csv", "timestamp,bid,ask,bid_size\n2024-03-06T15:00:00Z,1,2,3\n");
        var report = await AnalyzeJson("--source", "files", "--data", _files.Root);
        var liquidity = report.EngineOutputs.Single(o => o.Kind == EngineKind.Liquidity);
        Assert.Contains("2024-03-06.csv line 1 column 'ask_size': missing required column", liquidity.Metadata["quotes_error"], StringComparison.Ordinal);
        Assert.Equal("missing_quotes", liquidity.Metadata["degraded"]);
    }

    [Fact]
    public async Task A_bad_chain_file_fails_the_engines_that_read_it_naming_the_file()
    {
        _files.Write("SPY/chains/20240306T194000Z.csv", "symbol,strike\nSPY,500\n");
        var report = await AnalyzeJson("--source", "files", "--data", _files.Root);
        var status = report.Snapshot.Metadata["engine_status.hedge"];
        Assert.StartsWith("failed:DataFileException: " + _files.PathOf("SPY", "chains", "20240306T194000Z.csv") + ": the chain CSV is missing required column(s)", status, StringComparison.Ordinal);
        Assert.Empty(report.Snapshot.Hedge);

        var (code, _, error) = await CliRunner.RunAsync("gex", "SPY", "--source", "files", "--data", _files.Root, "--as-of", AsOf);
        Assert.Equal(2, code);
        Assert.Contains("20240306T194000Z.csv: the chain CSV is missing required column(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gex_reads_the_newest_snapshot_at_or_before_as_of()
    {
        var (code, output, error) = await CliRunner.RunAsync("gex", "SPY", "--source", "files", "--data", _files.Root, "--as-of", AsOf, "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var features = doc.RootElement.GetProperty("engine_output").GetProperty("features");
        Assert.Equal(FilesFixture.SpotAtAsOf, features.GetProperty(HedgeFeatureNames.Spot).GetDouble());
        Assert.Contains("20240306T193000Z.csv", error, StringComparison.Ordinal);

        var (later, laterOut, laterError) = await CliRunner.RunAsync("gex", "SPY", "--source", "files", "--data", _files.Root, "--as-of", "2024-03-06T19:45:01Z", "--json");
        Assert.True(later == 0, laterError);
        using var laterDoc = JsonDocument.Parse(laterOut);
        Assert.Equal(600, laterDoc.RootElement.GetProperty("engine_output").GetProperty("features").GetProperty(HedgeFeatureNames.Spot).GetDouble());

        var (none, _, noneError) = await CliRunner.RunAsync("gex", "SPY", "--source", "files", "--data", _files.Root, "--as-of", "2024-03-01T00:00:00Z");
        Assert.Equal(2, none);
        Assert.Contains("no chain snapshot of SPY", noneError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_without_as_of_on_a_closed_market_runs_as_of_the_last_close_and_says_so()
    {
        // Sunday 2024-03-10 18:00Z: the last session closed Friday 2024-03-08 at 16:00 New York (21:00Z).
        var sunday = new FixedTime(new DateTimeOffset(2024, 3, 10, 18, 0, 0, TimeSpan.Zero));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(["analyze", "SPY", "--json", "--ledger", Ledger], CliContext.ForWriters(output, error, sunday));
        Assert.True(code == 0, error.ToString());
        var report = JsonSerializer.Deserialize(output.ToString(), ContractJson.Compact.AnalysisReport)!;
        Assert.Equal(new DateTimeOffset(2024, 3, 8, 21, 0, 0, TimeSpan.Zero), report.Snapshot.Timestamp);
        Assert.Contains("The market is closed: analysing the last session as of its close, 2024-03-08 16:00 New York", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("missing_trades", string.Join(",", report.EngineOutputs.Select(o => o.Metadata.GetValueOrDefault("degraded"))), StringComparison.Ordinal);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
