using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Hosting;

namespace SuperGnosis.Messaging.Tests;

/// <summary>A started in-memory bus over the hosting root built from in-memory settings; stopped on dispose.</summary>
internal sealed class BusComposition : IAsyncDisposable
{
    private BusComposition(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    /// <summary>Every log line of the composition (for assertions and failure messages).</summary>
    public CapturingLoggerProvider Log { get; private init; } = new();

    public static IConfiguration Configuration(IReadOnlyDictionary<string, string?>? settings = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "none" }).Build();

    public static async Task<BusComposition> StartAsync(Action<SuperGnosisBuilder>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var log = new CapturingLoggerProvider();
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(log)).AddSuperGnosisBus(Configuration(settings), configure)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        services.ValidateSuperGnosisOptions();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await services.GetRequiredService<IBusControl>().StartAsync(timeout.Token);
        return new BusComposition(services) { Log = log };
    }

    public async ValueTask DisposeAsync()
    {
        await Services.GetRequiredService<IBusControl>().StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
    }
}
