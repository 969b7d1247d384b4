using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Providers;
using SuperGnosis.Data.Providers.Alpaca;
using SuperGnosis.Data.Providers.Cboe;
using SuperGnosis.Data.Providers.Polygon;
using SuperGnosis.Data.Providers.Tradier;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Hosting.MarketData;

/// <summary>
/// The live providers as market-data sources <c>MarketData:Source</c> can name (<c>cboe</c>, <c>polygon</c>,
/// <c>tradier</c>, <c>alpaca</c>; docs/providers.md). Each is built over its typed client (resolved per use, so the
/// client factory's handler rotation applies), its options (<c>SuperGnosis:Data:&lt;Provider&gt;</c>) and the shared
/// response cache. The risk-free rate is <see cref="MarketDataOptions.RiskFreeRate"/> and dividend yields are 0, as for
/// the files (set <c>SuperGnosis:Engines:Hedge:DividendYield</c> for a payer). The identity, which enters the run id, is
/// the provider's name and base URL (<c>polygon:https://api.polygon.io/</c>): the configuration, not the data.
/// </summary>
public abstract class LiveProviderFactory : IMarketDataSourceFactory
{
    public abstract string Name { get; }

    public abstract MarketDataSources Create(MarketDataOptions options, IServiceProvider services);

    /// <summary><c>{name}:{base url}</c>, with <c>|rate-{r}</c> when the rate is not the default 4 %.</summary>
    public static string Identity(string name, LiveProviderOptions provider, double riskFreeRate = 0.04)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return name + ":" + provider.EffectiveBaseUrl
            + (riskFreeRate.Equals(0.04) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"|rate-{riskFreeRate:R}"));
    }

    private protected MarketDataSources Sources(LiveMarketData source, LiveProviderOptions provider, MarketDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var none = UnavailableMarketData.Instance;
        return new MarketDataSources(Identity(Name, provider, options.RiskFreeRate),
            source as IOptionsChainSource ?? none, source as IMarketDataSource ?? none, source as INewsSource ?? none,
            prints: null, options.RiskFreeRate, _ => 0, source)
        {
            Name = Name,
            Provides = source.Provides,
            ChainSnapshots = source as IChainSnapshotSource,
        };
    }

    private protected static T Options<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;
}

/// <summary><c>Source = cboe</c>: CBOE delayed quotes, chains only.</summary>
public sealed class CboeMarketDataSourceFactory : LiveProviderFactory
{
    public override string Name => CboeClient.Name;

    public override MarketDataSources Create(MarketDataOptions options, IServiceProvider services)
    {
        var o = Options<CboeOptions>(services);
        return Sources(new CboeMarketData(services.GetRequiredService<CboeClient>, o, services.GetRequiredService<ProviderResponseCache>(), MarketCalendar.Nyse), o, options);
    }
}

/// <summary><c>Source = polygon</c>: chains, bars, trades, quotes and news.</summary>
public sealed class PolygonMarketDataSourceFactory : LiveProviderFactory
{
    public override string Name => PolygonClient.Name;

    public override MarketDataSources Create(MarketDataOptions options, IServiceProvider services)
    {
        var o = Options<PolygonOptions>(services);
        return Sources(new PolygonMarketData(services.GetRequiredService<PolygonClient>, o, services.GetRequiredService<ProviderResponseCache>(), MarketCalendar.Nyse,
            services.GetRequiredService<TimeProvider>()), o, options);
    }
}

/// <summary><c>Source = tradier</c>: chains, bars and the current quote.</summary>
public sealed class TradierMarketDataSourceFactory : LiveProviderFactory
{
    public override string Name => TradierClient.Name;

    public override MarketDataSources Create(MarketDataOptions options, IServiceProvider services)
    {
        var o = Options<TradierOptions>(services);
        return Sources(new TradierMarketData(services.GetRequiredService<TradierClient>, o, services.GetRequiredService<ProviderResponseCache>(), MarketCalendar.Nyse,
            services.GetRequiredService<TimeProvider>()), o, options);
    }
}

/// <summary><c>Source = alpaca</c>: bars, trades, quotes and news.</summary>
public sealed class AlpacaMarketDataSourceFactory : LiveProviderFactory
{
    public override string Name => AlpacaClient.Name;

    public override MarketDataSources Create(MarketDataOptions options, IServiceProvider services)
    {
        var o = Options<AlpacaOptions>(services);
        return Sources(new AlpacaMarketData(services.GetRequiredService<AlpacaClient>, o, services.GetRequiredService<ProviderResponseCache>(), MarketCalendar.Nyse), o, options);
    }
}
