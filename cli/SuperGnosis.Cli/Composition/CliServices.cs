using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Cli.Commands;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Cli.Composition;

/// <summary>
/// The CLI's composition: the hosting root (<see cref="SuperGnosisServiceCollectionExtensions.AddSuperGnosis"/>) over a
/// configuration of environment variables (<c>SuperGnosis__Engines__Hedge__RiskFreeRate=0.05</c>, docs/operations.md)
/// with the command's flags on top. No generic host: no file watchers, no hosted services, nothing that costs start-up
/// time. Options are validated before anything runs; a bad value is a usage error (exit code 2) naming the key.
/// </summary>
public static class CliServices
{
    /// <summary>
    /// Configuration keys the flags of <c>gnosis analyze</c> set. The run's market-data capture stays on, as in every host:
    /// the hedge engine, the sentiment engine and the trade agent read one captured chain.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> AnalyzeSettings(int seed, string? ledgerPath, CliSource? source = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [SuperGnosisSections.MarketData + ":Seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in SourceSettings(source ?? CliSource.Synthetic))
        {
            settings[key] = value;
        }
        if (ledgerPath is not null)
        {
            settings[SuperGnosisSections.Ledger + ":Path"] = ledgerPath;
        }
        return settings;
    }

    /// <summary>
    /// Keys of <c>--source</c>/<c>--data</c>: <c>MarketData:Source</c> (and <c>DataDirectory</c> with files). <c>--source
    /// synthetic</c> sets nothing (the default), so an environment's Source stays in force.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> SourceSettings(CliSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!source.IsSynthetic)
        {
            settings[SuperGnosisSections.MarketData + ":Source"] = source.Source;
        }
        if (source.DataDirectory is not null)
        {
            settings[SuperGnosisSections.MarketData + ":DataDirectory"] = source.DataDirectory;
        }
        return settings;
    }

    /// <summary>
    /// A validated service provider over the environment, then <paramref name="environment"/> (keys a host or a test adds as
    /// if from the environment: <see cref="CliContext.Configuration"/>), then <paramref name="settings"/> (which win).
    /// </summary>
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, bool includeEnvironment = true, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new ConfigurationBuilder();
        if (includeEnvironment)
        {
            builder.AddEnvironmentVariables();
        }
        if (environment is not null)
        {
            builder.AddInMemoryCollection(environment);
        }
        var configuration = builder.AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSuperGnosis(configuration, builder => Commands.CliDataLocation.AddBlobScheme(builder, configuration));
        var provider = services.BuildServiceProvider();
        try
        {
            provider.ValidateSuperGnosisOptions();
            return provider;
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            provider.Dispose();
            throw new CliUsageException("configuration: " + ex.Message);
        }
    }
}
