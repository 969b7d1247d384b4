using SuperGnosis.Core.Ports;

namespace SuperGnosis.Hosting.MarketData;

/// <summary>
/// The market-data ports of one configured source, shared by every engine and the trade agent, and what the source
/// knows about a symbol's carry: its risk-free rate and a symbol's dividend yield (the hedge engine's defaults).
/// <see cref="Identity"/> names the source and whatever makes its data differ (the synthetic market's seed, the files
/// source's full directory path); it enters the run-id fingerprint. <see cref="Quality"/> reaches the engines' metadata
/// (<see cref="Pipeline.DataQualityEngine"/>).
/// </summary>
public sealed class MarketDataSources(
    string identity,
    IOptionsChainSource chains,
    IMarketDataSource market,
    INewsSource? news,
    IOptionPrintsSource? prints,
    double riskFreeRate,
    Func<string, double> dividendYieldOf,
    IDataQualitySource? quality = null)
{
    public string Identity { get; } = string.IsNullOrWhiteSpace(identity) ? throw new ArgumentException("identity is required", nameof(identity)) : identity;

    public IOptionsChainSource Chains { get; } = chains ?? throw new ArgumentNullException(nameof(chains));

    public IMarketDataSource Market { get; } = market ?? throw new ArgumentNullException(nameof(market));

    public INewsSource? News { get; } = news;

    public IOptionPrintsSource? Prints { get; } = prints;

    /// <summary>What the source left out per (symbol, as-of), when it reports it (the files source); null otherwise.</summary>
    public IDataQualitySource? Quality { get; } = quality;

    /// <summary>Continuous annual risk-free rate the source's prices embed.</summary>
    public double RiskFreeRate { get; } = riskFreeRate;

    /// <summary>Continuous annual dividend yield of a symbol.</summary>
    public double DividendYieldOf(string symbol) => dividendYieldOf(symbol);
}

/// <summary>
/// Creates a market-data source from <c>SuperGnosis:MarketData</c>. <see cref="Name"/> is the value of
/// <c>SuperGnosis:MarketData:Source</c> that selects it (case-insensitive). Register more with
/// <see cref="SuperGnosisBuilder.AddMarketDataSource"/>.
/// </summary>
public interface IMarketDataSourceFactory
{
    string Name { get; }

    MarketDataSources Create(Configuration.MarketDataOptions options, IServiceProvider services);
}
