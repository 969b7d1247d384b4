using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SuperGnosis.Hosting.Tests;

/// <summary>Builds the hosting root from in-memory settings (no environment), the way every host does.</summary>
internal static class TestComposition
{
    /// <summary>
    /// The settings as configuration. The run archive, on by default in a host that schedules runs, stays off unless a test
    /// sets <c>SuperGnosis:Archive:Enabled</c>: tests must not write into the user data folder.
    /// </summary>
    public static IConfiguration Configuration(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        values.TryAdd("SuperGnosis:Archive:Enabled", "false");
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>
    /// A provider of a timer host (the root plus scheduling) with build-time validation on (every registration's
    /// dependencies resolvable, no captive scopes).
    /// </summary>
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? more = null, Action<SuperGnosisBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        var configuration = Configuration(settings);
        services.AddSuperGnosis(configuration, configure).AddSuperGnosisScheduling(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>As <see cref="Build"/>, then start-up validation, as a host does before serving.</summary>
    public static ServiceProvider BuildValidated(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var provider = Build(settings);
        try
        {
            provider.ValidateSuperGnosisOptions();
            return provider;
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public static Dictionary<string, string?> NoLedger() => new() { ["SuperGnosis:Ledger:Kind"] = "none" };
}
