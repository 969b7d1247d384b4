using Microsoft.Extensions.Options;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Server.Http;

/// <summary>On-demand analysis through the composition root's <see cref="PipelineRunnerFactory"/> (same components and run-id fingerprint as the distributed stages).</summary>
public sealed class RunnerFactoryAnalyzer(PipelineRunnerFactory runners) : IOnDemandAnalyzer
{
    public Task<PipelineResult> AnalyzeAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        runners.Create(symbol).RunOnceAsync(asOf, cancellationToken);
}

/// <summary>
/// The as-of instants the configured source answers for: the synthetic market covers New York dates
/// <see cref="SyntheticMarket.Epoch"/> to <see cref="SyntheticMarket.Horizon"/> (the CLI's rule); any other source
/// takes instants up to <see cref="FutureTolerance"/> past the host's clock (no source has prices from the future).
/// </summary>
public sealed class ConfiguredMarketDataWindow(IOptions<MarketDataOptions> options, TimeProvider time) : IMarketDataWindow
{
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public string? Check(DateTimeOffset asOf)
    {
        if (string.Equals(options.Value.Source, MarketDataOptions.SyntheticSource, StringComparison.OrdinalIgnoreCase))
        {
            var date = NewYorkTime.DateOf(asOf);
            return date < SyntheticMarket.Epoch || date > SyntheticMarket.Horizon
                ? $"as_of must fall between {SyntheticMarket.Epoch:yyyy-MM-dd} and {SyntheticMarket.Horizon:yyyy-MM-dd} (New York dates) for the synthetic market"
                : null;
        }
        return asOf > time.GetUtcNow() + FutureTolerance
            ? $"as_of {asOf:O} is in the future; the market data source has no data for it"
            : null;
    }
}
