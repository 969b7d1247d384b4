using BenchmarkDotNet.Attributes;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Benchmarks.Engines;

/// <summary>
/// The whole hedge engine on one chain (hygiene, Greeks, exposures, levels, 41-point zero-gamma scan with
/// Illinois refinement, regime): with the provider's Greeks (auto mode, exact provider values) and with every
/// contract's Greeks recomputed from its IV. Pinned to one core.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*HedgeEngineBenchmarks*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class HedgeEngineBenchmarks
{
    private OptionChain _chain = null!;
    private HedgeEngine _auto = null!;
    private HedgeEngine _recompute = null!;

    [Params(20_000, 200_000)]
    public int Contracts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chain = HedgeBenchmarkChain.Create(Contracts);
        var options = new HedgeEngineOptions { RiskFreeRate = HedgeBenchmarkChain.Rate, DividendYield = HedgeBenchmarkChain.Div };
        _auto = new HedgeEngine(new NoSource(), options);
        _recompute = new HedgeEngine(new NoSource(), options with { Greeks = GreeksSource.Recompute });
    }

    [Benchmark(Baseline = true, Description = "auto (provider Greeks)")]
    public double Auto() => _auto.Analyze("BENCH", HedgeBenchmarkChain.AsOf, _chain).Output.Features[HedgeFeatureNames.NetGexUsdPer1Pct];

    [Benchmark(Description = "recompute Greeks from IV")]
    public double Recompute() => _recompute.Analyze("BENCH", HedgeBenchmarkChain.AsOf, _chain).Output.Features[HedgeFeatureNames.NetGexUsdPer1Pct];

    private sealed class NoSource : Core.Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("benchmarks pass the chain directly");
    }
}
