using System.Collections.Immutable;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Providers;

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

    /// <summary>Every kind of data.</summary>
    public static ImmutableHashSet<DataKind> AllKinds { get; } = [.. Enum.GetValues<DataKind>()];

    /// <summary>The source's name as <c>MarketData:Source</c> spells it (<c>files</c>, <c>cboe</c>, <c>cboe+polygon</c>).</summary>
    public string Name { get; init; } = identity;

    /// <summary>
    /// The kinds of data the source really serves (all of them for the synthetic market and the files); a composition
    /// (<c>cboe+polygon</c>, <see cref="MarketDataComposition"/>) takes each kind from the first source that serves it.
    /// </summary>
    public ImmutableHashSet<DataKind> Provides { get; init; } = AllKinds;

    /// <summary>The live provider's chain snapshots, when the chains come from one (what <c>gnosis gex --source cboe</c> reads).</summary>
    public IChainSnapshotSource? ChainSnapshots { get; init; }
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
