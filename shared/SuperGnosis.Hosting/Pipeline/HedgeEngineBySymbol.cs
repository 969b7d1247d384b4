using System.Collections.Concurrent;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.MarketData;

namespace SuperGnosis.Hosting.Pipeline;

/// <summary>
/// The hedge engine for any symbol: the configured <see cref="HedgeEngineOptions"/> with the risk-free rate and the
/// dividend yield taken from <see cref="HedgeMarketInputs"/> when configured, else from the market-data source (its
/// rate, the symbol's yield). One <see cref="HedgeEngine"/> per symbol, built on first use, so one set of pipeline
/// components serves every symbol (stage handlers receive the symbol in each message). The engines read chains and
/// bars from <paramref name="chains"/> and <paramref name="marketData"/> (the run's capture in the composition root).
/// </summary>
public sealed class HedgeEngineBySymbol : IEngine
{
    private readonly IOptionsChainSource _chains;
    private readonly IMarketDataSource? _marketData;
    private readonly MarketDataSources _sources;
    private readonly HedgeEngineOptions _options;
    private readonly HedgeMarketInputs _inputs;
    private readonly ConcurrentDictionary<string, HedgeEngine> _engines = new(StringComparer.Ordinal);

    public HedgeEngineBySymbol(IOptionsChainSource chains, IMarketDataSource? marketData, MarketDataSources sources, HedgeEngineOptions options, HedgeMarketInputs inputs)
    {
        _chains = chains ?? throw new ArgumentNullException(nameof(chains));
        _marketData = marketData;
        _sources = sources ?? throw new ArgumentNullException(nameof(sources));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
        _options.Validate();
    }

    public EngineKind Kind => EngineKind.Hedge;

    public IReadOnlyList<EngineKind> DependsOn => [];

    /// <summary>The options the engine of <paramref name="symbol"/> runs with.</summary>
    public HedgeEngineOptions OptionsFor(string symbol) => For(symbol).Options;

    public Task<EngineOutput> RunAsync(string symbol, DateTimeOffset asOf, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken cancellationToken) =>
        For(symbol).RunAsync(symbol, asOf, upstream, cancellationToken);

    private HedgeEngine For(string symbol) => _engines.GetOrAdd(ContractValidation.Symbol(symbol), s => new HedgeEngine(_chains, _options with
    {
        RiskFreeRate = _inputs.RiskFreeRate ?? _sources.RiskFreeRate,
        DividendYield = _inputs.DividendYield ?? _sources.DividendYieldOf(s),
    }, _marketData));
}
