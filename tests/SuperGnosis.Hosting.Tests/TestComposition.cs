using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SuperGnosis.Hosting.Tests;

/// <summary>Builds the hosting root from in-memory settings (no environment), the way every host does.</summary>
internal static class TestComposition
{
    public static IConfiguration Configuration(IReadOnlyDictionary<string, string?>? settings = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

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
