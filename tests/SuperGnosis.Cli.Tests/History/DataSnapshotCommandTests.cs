using System.Text.Json;
using System.Text.Json.Nodes;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Testing;

namespace SuperGnosis.Cli.Tests.History;

/// <summary>One Azurite for the CLI tests that read and write blob containers (az://).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

/// <summary>
/// <c>gnosis data snapshot</c>: what the synthetic market returns for an instant, saved into the files layout (a folder or a
/// blob container on Azurite), gives the same <c>gnosis analyze</c> JSON when read back with <c>--source files</c>; a second
/// snapshot changes nothing; different data under a file's name is an error naming it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DataSnapshotCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gnosis-data-snapshot-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Configuration as if from the environment: SPY's dividend yield in the synthetic market for every run (the files layout
    /// has no place for it, so the files source's is 0), and the storage connection of az:// locations (Azurite).
    /// </summary>
    private readonly Dictionary<string, string?> _configuration;

    public DataSnapshotCommandTests(AzuriteFixture azurite)
    {
        Directory.CreateDirectory(_root);
        _configuration = new()
        {
            ["SuperGnosis:Engines:Hedge:DividendYield"] = new SyntheticMarket().ProfileOf("SPY").DividendYield.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        };
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Out => Path.Combine(_root, "out");

    private string Ledger => Path.Combine(_root, "ledger.jsonl");

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.RunWithAsync(_configuration, args);

    private async Task<string> Succeeds(params string[] args)
    {
        var (code, output, error) = await Run(args);
        Assert.True(code == 0, $"exit {code}: {error}");
        return output;
    }

    /// <summary>
    /// The analyze JSON with what names the source taken out: the run id (it hashes the source's identity, and the ids of the
    /// run's suggestions and ideas derive from it) and the two keys only the files source reports (chain_snapshot,
    /// chain_age_seconds). Everything else must be equal.
    /// </summary>
    private static string Normalized(string json)
    {
        var node = JsonNode.Parse(json)!;
        var runId = node["snapshot"]!["metadata"]!["run_id"]!.GetValue<string>();
        foreach (var output in node["engine_outputs"]!.AsArray())
        {
            var metadata = output!["metadata"]!.AsObject();
            metadata.Remove("chain_snapshot");
            metadata.Remove("chain_age_seconds");
        }
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace(runId, "run-id", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-03-06T19:45:00Z")] // Wed 14:45 New York: the session is open, its partial daily bar comes from minute bars
    [InlineData("2024-03-06T22:30:00Z")] // after the close: the session's daily bar is complete
    public async Task Analyze_on_the_snapshot_gives_the_analysis_of_the_source(string asOf)
    {
        var saved = await Succeeds("data", "snapshot", "SPY", "--as-of", asOf, "--out", Out);
        Assert.Contains("SPY/chains/", saved, StringComparison.Ordinal);

        var synthetic = await Succeeds("analyze", "SPY", "--as-of", asOf, "--json", "--ledger", Ledger);
        var files = await Succeeds("analyze", "SPY", "--source", "files", "--data", Out, "--as-of", asOf, "--json", "--ledger", Ledger);
        Assert.Contains("\"chain_snapshot\"", files, StringComparison.Ordinal);
        Assert.Equal(Normalized(synthetic), Normalized(files));

        // The chain and the daily bars read back bit for bit.
        var at = DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture);
        var market = new SyntheticMarket();
        var source = new FileMarketDataSource(Out);
        var chain = await source.GetChainAsync("SPY", at, default);
        var expected = await market.GetChainAsync("SPY", at, default);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.UnderlyingPrice), BitConverter.DoubleToInt64Bits(chain.UnderlyingPrice));
        Assert.True(expected.Quotes.AsSpan().SequenceEqual(chain.Quotes.AsSpan()));
        var bars = await source.GetBarsAsync("SPY", BarInterval.Daily, at.AddDays(-90), at, default);
        var expectedBars = await market.GetBarsAsync("SPY", BarInterval.Daily, at.AddDays(-90), at, default);
        Assert.Equal(expectedBars.Select(b => (b.Timestamp.UtcTicks, b.Open, b.High, b.Low, b.Close, b.Volume)), bars.Select(b => (b.Timestamp.UtcTicks, b.Open, b.High, b.Low, b.Close, b.Volume)));
    }

    [Fact]
    public async Task A_second_snapshot_of_the_same_instant_changes_no_file()
    {
        await Succeeds("data", "snapshot", "SPY", "--as-of", "2024-03-06T19:45:00Z", "--out", Out);
        var before = Directory.EnumerateFiles(Out, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var again = await Succeeds("data", "snapshot", "SPY", "--as-of", "2024-03-06T19:45:00Z", "--out", Out);
        Assert.Contains("0 created, 0 extended, 8 unchanged", again, StringComparison.Ordinal);
        Assert.Equal(before, Directory.EnumerateFiles(Out, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public async Task A_file_holding_other_data_for_the_instant_is_an_error_naming_it_and_stays_as_it_was()
    {
        await Succeeds("data", "snapshot", "SPY", "--as-of", "2024-03-06T19:45:00Z", "--out", Out);
        var chainFile = Path.Combine(Out, "SPY", "chains", "20240306T194500Z.parquet");
        var other = await new SyntheticMarket(new SyntheticMarketOptions(Seed: 8)).GetChainAsync("SPY", new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero), default);
        await using (var stream = File.Create(chainFile))
        {
            await Data.Chains.OptionChainParquet.WriteAsync(other, stream, default);
        }
        var bytes = File.ReadAllBytes(chainFile);

        var (code, output, error) = await Run("data", "snapshot", "SPY", "--as-of", "2024-03-06T19:45:00Z", "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"error: {chainFile}: a chain snapshot stamped 2024-03-06T19:45:00Z exists with different content", error, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(chainFile));
    }

    [Fact]
    public async Task Bad_arguments_are_usage_errors()
    {
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "x");
        var onFile = await Run("data", "snapshot", "SPY", "--as-of", "2024-03-06T19:45:00Z", "--out", file);
        Assert.Equal(2, onFile.Code);
        Assert.Contains("is a file, not a directory", onFile.Err, StringComparison.Ordinal);

        var unknown = await Run("data", "snapshot", "SPY", "--source", "nosuch", "--as-of", "2024-03-06T19:45:00Z", "--out", Out);
        Assert.Equal(2, unknown.Code);
        Assert.Contains("--source must be synthetic, files, cboe, polygon, tradier or alpaca", unknown.Err, StringComparison.Ordinal);

        Directory.CreateDirectory(Out);
        var same = await Run("data", "snapshot", "SPY", "--source", "files", "--data", Out, "--as-of", "2024-03-06T19:45:00Z", "--out", Out);
        Assert.Equal(2, same.Code);
        Assert.Contains("is the --data directory the snapshot reads", same.Err, StringComparison.Ordinal);

        var noParent = await Run("data", "snapshot", "SPY", "--as-of", "2024-03-06T19:45:00Z", "--out", Path.Combine(_root, "a", "b"));
        Assert.Equal(2, noParent.Code);
        Assert.Contains("does not exist", noParent.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_container_holds_the_snapshot_and_every_command_reads_it()
    {
        var container = "az://" + AzuriteFixture.UniqueName("history-");
        const string AsOf = "2024-03-06T19:45:00Z";
        var saved = await Succeeds("data", "snapshot", "SPY", "--as-of", AsOf, "--out", container);
        Assert.Contains("8 created", saved, StringComparison.Ordinal);
        Assert.Contains("0 created, 0 extended, 8 unchanged", await Succeeds("data", "snapshot", "SPY", "--as-of", AsOf, "--out", container), StringComparison.Ordinal);

        var synthetic = await Succeeds("analyze", "SPY", "--as-of", AsOf, "--json", "--ledger", Ledger);
        var blob = await Succeeds("analyze", "SPY", "--source", "files", "--data", container, "--as-of", AsOf, "--json", "--ledger", Ledger);
        Assert.Equal(Normalized(synthetic), Normalized(blob));

        var history = JsonSerializer.Deserialize(await Succeeds("gex", "history", "SPY", "--data", container, "--json"), GexHistoryJsonContext.Default.GexHistoryDocument)!;
        var row = Assert.Single(history.Rows);
        Assert.Equal(container, history.Data);
        var gex = JsonDocument.Parse(await Succeeds("gex", "SPY", "--data", container, "--as-of", AsOf, "--json"));
        Assert.Equal(gex.RootElement.GetProperty("engine_output").GetProperty("features").GetProperty(HedgeFeatureNames.ZeroGammaLevel).GetDouble(), row.ZeroGammaLevel);

        var missing = await Run("analyze", "QQQ", "--source", "files", "--data", container, "--as-of", AsOf, "--json", "--ledger", Ledger);
        Assert.Equal(2, missing.Code);
        Assert.Contains("has no folder QQQ", missing.Err, StringComparison.Ordinal);
    }
}
