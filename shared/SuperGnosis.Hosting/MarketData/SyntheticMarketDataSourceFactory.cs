using System.Globalization;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Hosting.MarketData;

/// <summary>
/// <c>Source = synthetic</c>: the deterministic synthetic market (docs/synthetic-market.md) with
/// <see cref="MarketDataOptions.Seed"/> and <see cref="MarketDataOptions.RiskFreeRate"/>; one market object serves
/// chains, bars, trades, quotes and headlines (its caches are shared by every stage of a run).
/// </summary>
public sealed class SyntheticMarketDataSourceFactory : IMarketDataSourceFactory
{
    private const double DefaultRate = 0.04;

    public string Name => MarketDataOptions.SyntheticSource;

    public MarketDataSources Create(MarketDataOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var market = new SyntheticMarket(new SyntheticMarketOptions(options.Seed, options.RiskFreeRate));
        return new MarketDataSources(Identity(options), market, market, market, prints: null, market.Options.RiskFreeRate, s => market.ProfileOf(s).DividendYield);
    }

    /// <summary><c>synthetic-seed-{seed}</c>, with <c>-rate-{r}</c> when the rate is not the default 4 %.</summary>
    public static string Identity(MarketDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var identity = string.Create(CultureInfo.InvariantCulture, $"synthetic-seed-{options.Seed}");
        return options.RiskFreeRate.Equals(DefaultRate) ? identity : identity + string.Create(CultureInfo.InvariantCulture, $"-rate-{options.RiskFreeRate:R}");
    }
}
