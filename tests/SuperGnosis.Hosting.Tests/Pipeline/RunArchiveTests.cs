using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Hosting.Archive;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;
using Microsoft.Extensions.Logging;
using SuperGnosis.Hosting.Tests.Telemetry;

namespace SuperGnosis.Hosting.Tests.Pipeline;

/// <summary>
/// The run archive: with <c>SuperGnosis:Archive</c> on, a completed run's captured inputs are in the files layout and replay
/// through the files source; off by default in a host that does not schedule, on in one that does; the location is checked
/// at start; a failed archive write is logged and does not fail the run.
/// </summary>
public sealed class RunArchiveTests : IDisposable
{
    /// <summary>Wed 2024-03-06 14:45 New York, the session open.</summary>
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gnosis-archive-" + Guid.NewGuid().ToString("N"));

    public RunArchiveTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Archive => Path.Combine(_dir, "archive");

    private Dictionary<string, string?> Archived() => new(TestComposition.NoLedger())
    {
        ["SuperGnosis:Archive:Enabled"] = "true",
        ["SuperGnosis:Archive:Location"] = Archive,
    };

    [Fact]
    public async Task A_completed_run_leaves_its_inputs_in_the_files_layout_and_they_replay()
    {
        await using var services = TestComposition.BuildValidated(Archived());
        Assert.IsType<ArchivingMarketCaptureStore>(services.GetRequiredService<StageMarketData>().Capture);
        var run = await services.GetRequiredService<PipelineRunnerFactory>().Create("SPY").RunOnceAsync(AsOf);
        Assert.True(File.Exists(Path.Combine(Archive, "SPY", "chains", "20240306T194500Z.parquet")));
        Assert.True(File.Exists(Path.Combine(Archive, "SPY", "bars", "1d.parquet")));
        Assert.True(File.Exists(Path.Combine(Archive, "SPY", "bars", "1m", "2024-03-06.parquet")));
        Assert.True(File.Exists(Path.Combine(Archive, "SPY", "trades", "2024-03-06.parquet")));
        Assert.True(File.Exists(Path.Combine(Archive, "SPY", "quotes", "2024-03-05.parquet")));
        Assert.True(File.Exists(Path.Combine(Archive, "SPY", "news.jsonl")));

        // The archive replays as the run's source answered: the same run on the files source gives the same engine features.
        var replaySettings = new Dictionary<string, string?>(TestComposition.NoLedger())
        {
            ["SuperGnosis:MarketData:Source"] = "files",
            ["SuperGnosis:MarketData:DataDirectory"] = Archive,
            ["SuperGnosis:Engines:Hedge:DividendYield"] = new SyntheticMarket().ProfileOf("SPY").DividendYield.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        var sameYield = new Dictionary<string, string?>(TestComposition.NoLedger()) { ["SuperGnosis:Engines:Hedge:DividendYield"] = replaySettings["SuperGnosis:Engines:Hedge:DividendYield"] };
        await using var original = TestComposition.BuildValidated(sameYield);
        await using var replay = TestComposition.BuildValidated(replaySettings);
        var expected = await original.GetRequiredService<PipelineRunnerFactory>().Create("SPY").RunOnceAsync(AsOf);
        var actual = await replay.GetRequiredService<PipelineRunnerFactory>().Create("SPY").RunOnceAsync(AsOf);
        Assert.Equal(4, actual.EngineOutputs.Count);
        foreach (var output in expected.EngineOutputs)
        {
            var replayed = actual.EngineOutputs.Single(o => o.Kind == output.Kind);
            Assert.Equal(output.Features, replayed.Features);
            Assert.Equal(output.Confidence, replayed.Confidence);
            Assert.Equal(output.Regime, replayed.Regime);
        }
        Assert.Equal(expected.TradeIdeas.Count, actual.TradeIdeas.Count);
        Assert.Equal(run.EngineOutputs.Single(o => o.Kind == Core.Contracts.EngineKind.Hedge).Features[Core.Engines.Hedge.HedgeFeatureNames.Spot],
            actual.EngineOutputs.Single(o => o.Kind == Core.Contracts.EngineKind.Hedge).Features[Core.Engines.Hedge.HedgeFeatureNames.Spot]);
    }

    [Fact]
    public void Off_by_default_without_a_schedule_on_by_default_with_one()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestComposition.NoLedger()).Build();
        using (var plain = new ServiceCollection().AddSuperGnosis(configuration).BuildServiceProvider())
        {
            Assert.False(plain.GetRequiredService<IOptions<ArchiveOptions>>().Value.IsEnabled);
            Assert.IsNotType<ArchivingMarketCaptureStore>(plain.GetRequiredService<StageMarketData>().Capture);
        }
        var located = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(TestComposition.NoLedger()) { ["SuperGnosis:Archive:Location"] = Archive }).Build();
        using var scheduled = new ServiceCollection().AddSuperGnosis(located).AddSuperGnosisScheduling(located).BuildServiceProvider();
        scheduled.ValidateSuperGnosisOptions();
        Assert.True(scheduled.GetRequiredService<IOptions<ArchiveOptions>>().Value.IsEnabled);
        var store = Assert.IsType<ArchivingMarketCaptureStore>(scheduled.GetRequiredService<StageMarketData>().Capture);
        Assert.Equal(Path.GetFullPath(Archive), store.Archive.Location);
        Assert.True(Directory.Exists(Archive)); // created when the composition opened it

        var disabled = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(TestComposition.NoLedger()) { ["SuperGnosis:Archive:Enabled"] = "false" }).Build();
        using var off = new ServiceCollection().AddSuperGnosis(disabled).AddSuperGnosisScheduling(disabled).BuildServiceProvider();
        Assert.False(off.GetRequiredService<IOptions<ArchiveOptions>>().Value.IsEnabled);
    }

    [Fact]
    public void The_default_folder_is_archive_beside_the_default_ledger()
    {
        Assert.Equal(Path.Combine("/srv/gnosis", "archive"), ArchiveOptions.DefaultFolder(name => name == "GNOSIS_DATA_DIR" ? "/srv/gnosis" : null));
    }

    [Fact]
    public void The_location_is_checked_at_start_naming_the_key()
    {
        var file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");
        var onFile = Assert.Throws<OptionsValidationException>(() => TestComposition.BuildValidated(new Dictionary<string, string?>(TestComposition.NoLedger())
        {
            ["SuperGnosis:Archive:Enabled"] = "true",
            ["SuperGnosis:Archive:Location"] = Path.Combine(file, "below"),
        }).Dispose());
        Assert.Contains($"SuperGnosis:Archive:Location '{Path.Combine(file, "below")}' is under '{file}', which is a file", onFile.Message, StringComparison.Ordinal);

        var blob = Assert.Throws<OptionsValidationException>(() => TestComposition.BuildValidated(new Dictionary<string, string?>(TestComposition.NoLedger())
        {
            ["SuperGnosis:Archive:Enabled"] = "true",
            ["SuperGnosis:Archive:Location"] = "az://sg-archive",
        }).Dispose());
        Assert.Contains("SuperGnosis:Archive:Location 'az://sg-archive': this host cannot open az:// locations", blob.Message, StringComparison.Ordinal);

        // Off, a bad location is not looked at.
        using var off = TestComposition.BuildValidated(new Dictionary<string, string?>(TestComposition.NoLedger()) { ["SuperGnosis:Archive:Location"] = Path.Combine(file, "below") });
    }

    [Fact]
    public async Task A_failed_archive_write_is_logged_and_the_run_completes()
    {
        // A chain file under the run's stamp with other content: the archive refuses to overwrite it.
        var chains = Path.Combine(Archive, "SPY", "chains");
        Directory.CreateDirectory(chains);
        var other = await new SyntheticMarket(new SyntheticMarketOptions(Seed: 99)).GetChainAsync("SPY", AsOf, default);
        await using (var stream = File.Create(Path.Combine(chains, "20240306T194500Z.parquet")))
        {
            await Data.Chains.OptionChainParquet.WriteAsync(other, stream, default);
        }
        var before = File.ReadAllBytes(Path.Combine(chains, "20240306T194500Z.parquet"));
        var logs = new ScopeCapturingLoggerProvider();
        await using var services = TestComposition.Build(Archived(), more: s => s.AddLogging(b => b.AddProvider(logs)));
        services.ValidateSuperGnosisOptions();

        var result = await services.GetRequiredService<PipelineRunnerFactory>().Create("SPY").RunOnceAsync(AsOf);

        Assert.Equal(4, result.EngineOutputs.Count);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(chains, "20240306T194500Z.parquet")));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error
            && e.Message.Contains("could not be written", StringComparison.Ordinal) && e.Message.Contains("exists with different content", StringComparison.Ordinal));
    }

    [Fact]
    public void The_widest_window_of_each_kind_makes_the_snapshot()
    {
        var bar = new Bar(AsOf.AddDays(-3), 1, 2, 0.5, 1.5, 10);
        var items = new List<Core.Ports.CapturedItem>
        {
            new("bars.daily." + AsOf.AddDays(-10).UtcTicks, (IReadOnlyList<Bar>)[bar]),
            new("bars.daily." + AsOf.AddDays(-40).UtcTicks, (IReadOnlyList<Bar>)[bar, bar]),
            new("prints." + AsOf.AddDays(-1).UtcTicks, (IReadOnlyList<OptionPrint>)[]),
            new("chain", new OptionChain("SPY", AsOf, 500, [])),
        };
        var snapshot = CaptureArchiver.ToSnapshot("SPY", AsOf, items);
        Assert.Equal(AsOf.AddDays(-40), snapshot.DailyBars!.From);
        Assert.Equal(2, snapshot.DailyBars.Items.Count);
        Assert.Equal(500, snapshot.Chain!.UnderlyingPrice);
        Assert.Null(snapshot.Trades);
        Assert.Null(snapshot.News);
    }
}
