using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Testing;

namespace SuperGnosis.Functions.Tests.Harness;

[CollectionDefinition("azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

/// <summary>A clock the test sets.</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// The Functions app's services (<see cref="FunctionsServiceCollectionExtensions.AddSuperGnosisFunctions"/>, the same
/// wiring as Program.cs) over Azurite, with the settings of local.settings.sample.json, validated as at host start.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public TestApp(AzuriteFixture azurite, TimeProvider? time = null, Action<SuperGnosisBuilder>? configure = null, IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["SuperGnosis:MarketData:Source"] = "synthetic",
            ["SuperGnosis:MarketData:Seed"] = "7",
            ["SuperGnosis:Ledger:Kind"] = "table",
            ["SuperGnosis:RunState:Kind"] = "table",
            ["SuperGnosis:Scheduler:Watchlist:0"] = "SPY",
            ["SuperGnosis:Scheduler:Watchlist:1"] = "QQQ",
            // Each app archives into its own container, so tests stay independent.
            ["SuperGnosis:Archive:Location"] = "az://" + AzuriteFixture.UniqueName("archive-"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }
        services.AddSuperGnosisFunctions(Configuration, configure);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _provider.ValidateSuperGnosisOptions();
    }

    public IConfiguration Configuration { get; }

    public IServiceProvider Services => _provider;

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public PipelineStages Stages => Get<PipelineStages>();

    public IRunStateStore Runs => Get<IRunStateStore>();

    public ILedgerStore Ledger => Get<ILedgerStore>();

    /// <summary>The in-process result for the same inputs, computed without touching the ledger (the reference of every equality check).</summary>
    public Task<PipelineResult> InProcessAsync(string symbol, DateTimeOffset asOf)
    {
        var components = Get<PipelineComponents>() with { Ledger = null };
        return new PipelineRunner(symbol, components, Get<RunFingerprint>().Value).RunOnceAsync(asOf);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
