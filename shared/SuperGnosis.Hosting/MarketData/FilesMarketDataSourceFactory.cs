using SuperGnosis.Data.Files;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Hosting.MarketData;

/// <summary>
/// <c>Source = files</c>: <see cref="FileMarketDataSource"/> over <see cref="MarketDataOptions.DataDirectory"/> (checked at
/// start: it must exist and be a directory). The risk-free rate is <see cref="MarketDataOptions.RiskFreeRate"/>; dividend
/// yields are 0 (set <c>SuperGnosis:Engines:Hedge:DividendYield</c> for a payer). The identity is <c>files:</c> + the
/// directory's full path: the run id names the configuration, not the files' contents (they grow as data arrives and the
/// as-of decides which of them a run reads; hashing them would read every file at each start).
/// </summary>
public sealed class FilesMarketDataSourceFactory : IMarketDataSourceFactory
{
    public string Name => MarketDataOptions.FilesSource;

    public MarketDataSources Create(MarketDataOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        var schemes = (IEnumerable<DataLocationScheme>?)services.GetService(typeof(IEnumerable<DataLocationScheme>)) ?? [];
        if (DataLocations.Problem(options.DataDirectory, schemes, MarketDataOptionsValidator.DataDirectoryProblem) is { } problem)
        {
            throw new InvalidOperationException($"{SuperGnosisSections.MarketData}:DataDirectory {problem}");
        }
        var locations = (DataLocations?)services.GetService(typeof(DataLocations)) ?? new DataLocations(schemes, services);
        var source = new FileMarketDataSource(locations.Open(options.DataDirectory!));
        return new MarketDataSources(Identity(source.Directory, options.RiskFreeRate), source, source, source, prints: null, options.RiskFreeRate, _ => 0, source);
    }

    /// <summary><c>files:/full/path</c> (or <c>files:az://container</c>), with <c>|rate-{r}</c> when the rate is not the default 4 %.</summary>
    public static string Identity(string directory, double riskFreeRate = 0.04) =>
        "files:" + (DataLocations.SchemeOf(directory) is null ? Path.GetFullPath(directory) : directory)
        + (riskFreeRate.Equals(0.04) ? string.Empty : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"|rate-{riskFreeRate:R}"));
}
