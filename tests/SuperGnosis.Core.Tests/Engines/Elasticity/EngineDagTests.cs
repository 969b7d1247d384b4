using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Tests.Engines.Liquidity;
using E = SuperGnosis.Core.Engines.Elasticity.ElasticityFeatureNames;

namespace SuperGnosis.Core.Tests.Engines.Elasticity;

public class EngineDagTests
{
    [Fact]
    public async Task Liquidity_runs_before_elasticity_and_feeds_it()
    {
        var data = new InMemoryMarketData
        {
            Bars = LiquidityTestData.DailyBars(40, 5_000_000, 0.005, 20, 5_000_000, 0.005),
            Trades = LiquidityTestData.SymmetricTrades(),
            Quotes = LiquidityTestData.TightQuotes(),
        };
        var liquidityEngine = new LiquidityEngine(data);
        var elasticityEngine = new ElasticityEngine(data);
        var graph = new EngineGraph([elasticityEngine, liquidityEngine]);

        Assert.Equal(2, graph.Waves.Count);
        Assert.Same(liquidityEngine, Assert.Single(graph.Waves[0]));
        Assert.Same(elasticityEngine, Assert.Single(graph.Waves[1]));

        var asOf = LiquidityTestData.AsOf;
        var liquidity = await liquidityEngine.RunAsync("SPY", asOf, new Dictionary<EngineKind, EngineOutput>(), CancellationToken.None);
        var elasticity = await elasticityEngine.RunAsync("SPY", asOf, new Dictionary<EngineKind, EngineOutput> { [EngineKind.Liquidity] = liquidity }, CancellationToken.None);

        Assert.Equal("missing_hedge", elasticity.Metadata[EngineOutput.DegradedKey]);
        Assert.False(elasticity.Metadata.ContainsKey("liquidity_resistance_source")); // measured, not the baseline
        Assert.True(elasticity.Features[E.EnergyToMove1PctUp] > 0);
        Assert.True(elasticity.Features[E.LiquidityResistanceUsdPer1Pct] > 0);
    }
}
