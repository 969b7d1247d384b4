using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Ledger;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Hosting.Tests.Pipeline;

public sealed class CompositionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-hosting-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string?> WithLedgerFile() => new() { ["SuperGnosis:Ledger:Path"] = Path.Combine(_dir, "ledger.jsonl") };

    [Fact]
    public void Every_registration_resolves()
    {
        var collection = new ServiceCollection();
        var configuration = TestComposition.Configuration(WithLedgerFile());
        collection.AddSuperGnosis(configuration).AddSuperGnosisScheduling(configuration);
        using var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.ValidateSuperGnosisOptions();
        foreach (var type in collection.Where(d => !d.ServiceType.IsGenericTypeDefinition).Select(d => d.ServiceType).Distinct())
        {
            Assert.All(services.GetServices(type), instance => Assert.NotNull(instance));
        }
    }

    [Fact]
    public void The_components_are_the_four_engines_three_agents_composer_trade_agent_and_ledger()
    {
        using var services = TestComposition.BuildValidated(WithLedgerFile());
        var components = services.GetRequiredService<PipelineComponents>();
        Assert.Equal([EngineKind.Hedge, EngineKind.Liquidity, EngineKind.Sentiment, EngineKind.Elasticity], components.Engines.Select(e => e.Kind));
        Assert.Equal(["primary_hedge", "primary_liquidity", "primary_sentiment"], components.PrimaryAgents.Select(a => a.Layer));
        Assert.NotNull(components.Composer);
        Assert.NotNull(components.TradeAgent);
        var ledger = Assert.IsType<JsonLinesLedgerStore>(components.Ledger);
        Assert.Same(ledger, services.GetRequiredService<ILedgerStore>());
        Assert.Equal(Path.Combine(_dir, "ledger.jsonl"), services.GetRequiredService<LedgerSelection>().Location);
        Assert.Equal("synthetic-seed-7", services.GetRequiredService<MarketDataSources>().Identity);
    }

    [Fact]
    public void The_cli_composition_neither_registers_nor_validates_the_timer_sections()
    {
        var collection = new ServiceCollection();
        collection.AddSuperGnosis(TestComposition.Configuration(new Dictionary<string, string?> { ["SuperGnosis:Scheduler:IntervalMinutes"] = "-5" }));
        using var services = collection.BuildServiceProvider();
        services.ValidateSuperGnosisOptions();
        Assert.Null(services.GetService<Hosting.Scheduling.ScheduledRunPlanner>());
    }

    [Fact]
    public void Ledger_kind_none_records_nothing()
    {
        using var services = TestComposition.BuildValidated(TestComposition.NoLedger());
        Assert.Null(services.GetRequiredService<PipelineComponents>().Ledger);
        Assert.Null(services.GetService<ILedgerStore>());
    }

    [Fact]
    public async Task A_host_can_replace_the_ledger_through_the_builder_hook()
    {
        var path = Path.Combine(_dir, "custom.jsonl");
        var collection = new ServiceCollection();
        collection.AddSuperGnosis(TestComposition.Configuration(TestComposition.NoLedger()), sg => sg.UseLedgerStore(_ => new JsonLinesLedgerStore(path)));
        await using var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        services.ValidateSuperGnosisOptions();
        var result = await services.GetRequiredService<PipelineRunnerFactory>().Create("SPY").RunOnceAsync(new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero));
        var read = await services.GetRequiredService<ILedgerStore>().ReadAllAsync(CancellationToken.None);
        Assert.Equal(result.Run.RunId, Assert.Single(read.Records).RunId);
    }

    [Fact]
    public void A_host_registered_ledger_kind_is_selectable_and_listed_as_allowed()
    {
        var path = Path.Combine(_dir, "other.jsonl");
        var collection = new ServiceCollection();
        collection.AddSuperGnosis(TestComposition.Configuration(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "other" }),
            sg => sg.AddLedgerKind("other", _ => new JsonLinesLedgerStore(path)));
        using var services = collection.BuildServiceProvider();
        services.ValidateSuperGnosisOptions();
        Assert.Equal(path, Assert.IsType<JsonLinesLedgerStore>(services.GetRequiredService<ILedgerStore>()).FilePath);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_run_id_and_another_seed_another()
    {
        var asOf = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
        await using var a = TestComposition.BuildValidated(TestComposition.NoLedger());
        var other = TestComposition.NoLedger();
        other["SuperGnosis:MarketData:Seed"] = "8";
        await using var b = TestComposition.BuildValidated(other);
        var runA = a.GetRequiredService<PipelineRunnerFactory>().Create("SPY");
        Assert.Equal(RunIds.ForRun("SPY", asOf, a.GetRequiredService<RunFingerprint>().Value), (await runA.RunOnceAsync(asOf)).Run.RunId);
        Assert.NotEqual(a.GetRequiredService<RunFingerprint>().Value, b.GetRequiredService<RunFingerprint>().Value);
    }
}
