using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.MarketData;
using E = SuperGnosis.Core.Engines.Elasticity.ElasticityFeatureNames;
using H = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;
using L = SuperGnosis.Core.Engines.Liquidity.LiquidityFeatureNames;

namespace SuperGnosis.Core.Tests.Engines.Elasticity;

public class ElasticityEngineTests
{
    private static readonly DateTimeOffset AsOf = new(2024, 6, 14, 20, 0, 0, TimeSpan.Zero);

    /// <summary>60 daily bars alternating +-1% around 100 with 10M shares: ADV ~ $1e9, mean |r| 1%, neutral RSI.</summary>
    private static Bar[] AlternatingBars(double volume = 10_000_000)
    {
        var bars = new Bar[60];
        var close = 100.0;
        for (var i = 0; i < bars.Length; i++)
        {
            var open = close;
            close = i % 2 == 0 ? 101 : 100;
            bars[i] = new Bar(AsOf.AddDays(-(60 - i)), open, Math.Max(open, close) * 1.002, Math.Min(open, close) * 0.998, close, volume);
        }
        return bars;
    }

    private static EngineOutput Liquidity(double confidence = 0.9, params (string Key, double Value)[] features) =>
        new(EngineKind.Liquidity, "SPY", AsOf, features.ToDictionary(f => f.Key, f => f.Value), confidence, "normal", new Dictionary<string, string>());

    private static EngineOutput Hedge(double confidence = 0.9, params (string Key, double Value)[] features) =>
        new(EngineKind.Hedge, "SPY", AsOf, features.ToDictionary(f => f.Key, f => f.Value), confidence, "neutral", new Dictionary<string, string>());

    private static Task<EngineOutput> Run(InMemoryMarketData data, params EngineOutput[] upstream) =>
        new ElasticityEngine(data).RunAsync("SPY", AsOf, upstream.ToDictionary(o => o.Kind), CancellationToken.None);

    // Amihud 5e-6 |r| per $1M = 2e11 USD per unit return (a 1% move per $2e9): twice the bars' neutral 1e11.
    private static EngineOutput HighLiquidity() => Liquidity(0.9,
        (L.SpotPrice, 100), (L.AmihudIlliquidity, 5e-6), (L.KyleLambda, 5e-8), (L.KyleLambdaTStat, 5),
        (L.AvgSpreadBps, 2), (L.AdvUsd, 1e9));

    private static EngineOutput ThinLiquidity() => Liquidity(0.9,
        (L.SpotPrice, 100), (L.AmihudIlliquidity, 5e-5), (L.AvgSpreadBps, 40), (L.AdvUsd, 1e9));

    [Fact]
    public void Declares_its_upstream()
    {
        var engine = new ElasticityEngine(new InMemoryMarketData());
        Assert.Equal(EngineKind.Elasticity, engine.Kind);
        Assert.Equal([EngineKind.Hedge, EngineKind.Liquidity], engine.DependsOn);
    }

    [Fact]
    public async Task Hand_computed_energy_without_bars()
    {
        // R_liq = 1e6 / 0.01 = 1e8 USD per unit return; R_hedge = 100 * 2e5 = 2e7; E(1%) = 1.2e8 * 0.01 = 1.2e6.
        var data = new InMemoryMarketData();
        var output = await Run(data,
            Liquidity(0.8, (L.SpotPrice, 100), (L.AmihudIlliquidity, 0.01), (L.AdvUsd, 1e8)),
            Hedge(0.8, (H.NetGexUsdPer1Pct, 2e5), (H.GammaSign, 1), (H.AtmIv, 0.2)));

        Assert.Equal(1.2e6, output.Features[E.EnergyToMove1PctUp], 6);
        Assert.Equal(1.2e6, output.Features[E.EnergyToMove1PctDown], 6);
        Assert.Equal(0.01 * 1e8 / 1.2e6, output.Features[E.ElasticityUp], 12);
        Assert.Equal(1e6, output.Features[E.LiquidityResistanceUsdPer1Pct], 6);
        Assert.Equal(2e5, output.Features[E.HedgeResistanceUsdPer1Pct], 6);
        var move = 0.2 / Math.Sqrt(252);
        Assert.Equal(100 * move, output.Features[E.ExpectedMove1DayPct], 12);
        Assert.Equal(1.2e8 * move, output.Features[E.ExpectedMoveCost1Day], 4);
        Assert.Equal("implied", output.Metadata["volatility_source"]);
        Assert.Equal("missing_bars", output.Metadata[EngineOutput.DegradedKey]);
        Assert.Equal(1.2, output.Features[E.ResistanceRatio], 12);
        Assert.Equal(ElasticityRegimes.HighResistance, output.Regime);
        Assert.Equal(1, data.BarCalls);
        Assert.Equal(0, data.TradeCalls + data.QuoteCalls); // upstream outputs are used, never re-fetched
    }

    [Fact]
    public async Task Long_gamma_and_high_liquidity_need_high_energy_both_ways()
    {
        var output = await Run(new InMemoryMarketData { Bars = AlternatingBars() },
            HighLiquidity(),
            Hedge(0.9, (H.NetGexUsdPer1Pct, 5e8), (H.GammaSign, 1), (H.AtmIv, 0.15)));

        Assert.Equal(ElasticityRegimes.HighResistance, output.Regime);
        Assert.False(output.IsDegraded);
        // neutral energy: ADV $1e9 over mean |r| ~1% -> ~1e9 for a 1% move
        Assert.True(output.Features[E.EnergyToMove1PctUp] > 2e9);
        Assert.True(output.Features[E.EnergyToMove1PctDown] > 2e9);
        Assert.True(output.Features[E.ResistanceRatio] > 2);
        Assert.True(output.Features[E.ElasticityUp] < 0.5);
    }

    [Fact]
    public async Task Short_gamma_and_thin_liquidity_need_low_energy_lower_still_toward_the_walls()
    {
        var data = new InMemoryMarketData { Bars = AlternatingBars() };
        var noWalls = await Run(data, ThinLiquidity(), Hedge(0.9, (H.NetGexUsdPer1Pct, -5e7), (H.GammaSign, -1), (H.AtmIv, 0.3)));
        var walls = await Run(data, ThinLiquidity(), Hedge(0.9,
            (H.NetGexUsdPer1Pct, -5e7), (H.GammaSign, -1), (H.AtmIv, 0.3), (H.CallWall, 100.5), (H.PutWall, 95)));
        var longGammaLiquid = await Run(data, HighLiquidity(), Hedge(0.9, (H.NetGexUsdPer1Pct, 5e8), (H.GammaSign, 1)));

        Assert.Equal(ElasticityRegimes.LowResistance, noWalls.Regime);
        Assert.True(noWalls.Features[E.ResistanceRatio] < 0.5);
        Assert.True(noWalls.Features[E.EnergyToMove1PctUp] < 0.05 * longGammaLiquid.Features[E.EnergyToMove1PctUp]);
        // walls accelerate in short gamma: the call wall 0.5% above lowers the up energy most
        Assert.True(walls.Features[E.EnergyToMove1PctUp] < noWalls.Features[E.EnergyToMove1PctUp]);
        Assert.True(walls.Features[E.EnergyToMove1PctDown] < noWalls.Features[E.EnergyToMove1PctDown]);
        Assert.True(walls.Features[E.EnergyToMove1PctUp] < walls.Features[E.EnergyToMove1PctDown]);
        var upRatio = walls.Features[E.EnergyToMove1PctUp] / noWalls.Features[E.EnergyToMove1PctUp];
        Assert.Equal(1 - 0.5 * Math.Exp(-0.5), upRatio, 9);
    }

    [Fact]
    public async Task Walls_resist_in_long_gamma()
    {
        var data = new InMemoryMarketData { Bars = AlternatingBars() };
        var plain = await Run(data, HighLiquidity(), Hedge(0.9, (H.NetGexUsdPer1Pct, 1e8), (H.GammaSign, 1)));
        var wall = await Run(data, HighLiquidity(), Hedge(0.9, (H.NetGexUsdPer1Pct, 1e8), (H.GammaSign, 1), (H.CallWall, 101)));
        Assert.Equal(1 + 0.5 * Math.Exp(-1), wall.Features[E.EnergyToMove1PctUp] / plain.Features[E.EnergyToMove1PctUp], 9);
        Assert.Equal(plain.Features[E.EnergyToMove1PctDown], wall.Features[E.EnergyToMove1PctDown], 6);
    }

    [Fact]
    public async Task Zero_gamma_below_spot_eases_the_move_down_in_long_gamma()
    {
        // Hedge only (liquidity from the bar baseline) to isolate the path factor: down 1 - 0.01*100/(2*2) = 0.75, up 1.25.
        var bars = AlternatingBars();
        var data = new InMemoryMarketData { Bars = bars };
        var output = await Run(data, Hedge(0.9, (H.NetGexUsdPer1Pct, 1e9), (H.GammaSign, 1), (H.ZeroGammaLevel, 98)));
        Assert.True(output.Features[E.EnergyToMove1PctDown] < output.Features[E.EnergyToMove1PctUp]);
        var path = ElasticityModel.HedgePathFactor(-1, 0.01, 100, 98);
        Assert.Equal(0.75, path, 12);
        Assert.Equal(1.25, ElasticityModel.HedgePathFactor(+1, 0.01, 100, 98), 12);
    }

    [Fact]
    public async Task Stretched_technicals_raise_the_energy_to_push_further_and_lower_it_to_revert()
    {
        var bars = new Bar[60];
        var close = 100.0;
        for (var i = 0; i < bars.Length; i++)
        {
            var open = close;
            close *= i < 40 ? (i % 2 == 0 ? 1.01 : 0.99) : 1.012; // a steady 20-day rally at the end
            bars[i] = new Bar(AsOf.AddDays(-(60 - i)), open, Math.Max(open, close) * 1.001, Math.Min(open, close) * 0.999, close, 10_000_000);
        }
        var output = await Run(new InMemoryMarketData { Bars = bars }, HighLiquidity(), Hedge(0.9, (H.NetGexUsdPer1Pct, 1e8), (H.GammaSign, 1)));
        Assert.True(output.Features[E.TechnicalStretch] > 0.5);
        Assert.True(output.Features[E.EnergyToMove1PctUp] > output.Features[E.EnergyToMove1PctDown]);
        Assert.True(output.Features[E.EnergyAsymmetry] < 0);
    }

    [Fact]
    public async Task Void_above_and_magnet_below_make_the_move_up_cheaper()
    {
        var liquidity = Liquidity(0.9, (L.SpotPrice, 100), (L.AmihudIlliquidity, 5e-6), (L.AdvUsd, 1e9),
            (L.VoidAboveDistancePct, 0.2), (L.MagnetBelowDistancePct, 0.3));
        var output = await Run(new InMemoryMarketData(), liquidity, Hedge(0.9, (H.NetGexUsdPer1Pct, 0), (H.GammaSign, 1)));
        var up = 1 - 0.3 * Math.Exp(-0.2);
        var down = 1 + 0.3 * Math.Exp(-0.3);
        Assert.Equal(up / down, output.Features[E.EnergyToMove1PctUp] / output.Features[E.EnergyToMove1PctDown], 9);
        Assert.Equal(ElasticityRegimes.AsymmetricUp, output.Regime);
    }

    [Fact]
    public async Task Missing_hedge_is_degraded_with_no_dealer_effect_and_realized_vol()
    {
        var data = new InMemoryMarketData { Bars = AlternatingBars() };
        var full = await Run(data, HighLiquidity(), Hedge(0.9, (H.NetGexUsdPer1Pct, 5e8), (H.GammaSign, 1), (H.AtmIv, 0.15)));
        var output = await Run(data, HighLiquidity());
        Assert.Equal("missing_hedge", output.Metadata[EngineOutput.DegradedKey]);
        Assert.Equal(0.0, output.Features[E.HedgeResistanceUsdPer1Pct]);
        Assert.Equal("realized", output.Metadata["volatility_source"]);
        var bars = AlternatingBars();
        var yangZhang = SuperGnosis.Core.Indicators.RealizedVolatility.Compute(bars, SuperGnosis.Core.Indicators.VolatilityEstimator.YangZhang)[^1]!.Value;
        Assert.Equal(yangZhang, output.Features[E.VolatilityUsed], 12);
        Assert.Equal(yangZhang / Math.Sqrt(252) * 100, output.Features[E.ExpectedMove1DayPct], 12);
        Assert.True(output.Confidence < full.Confidence);
        Assert.True(output.Features[E.EnergyToMove1PctUp] < full.Features[E.EnergyToMove1PctUp]);
    }

    [Fact]
    public async Task Without_upstream_the_bar_baseline_stands_in_for_liquidity()
    {
        var output = await Run(new InMemoryMarketData { Bars = AlternatingBars() });
        Assert.Equal("missing_hedge+missing_liquidity", output.Metadata[EngineOutput.DegradedKey]);
        Assert.Equal("baseline", output.Metadata["liquidity_resistance_source"]);
        Assert.True(output.Confidence < 0.35);
        Assert.InRange(output.Features[E.ResistanceRatio], 0.8, 1.25);
    }

    [Fact]
    public async Task Zero_confidence_upstream_counts_as_missing_and_no_data_gives_zero_confidence()
    {
        var deadLiquidity = new EngineOutput(EngineKind.Liquidity, "SPY", AsOf, new Dictionary<string, double>(), 0, null,
            new Dictionary<string, string> { [EngineOutput.DegradedKey] = "no_data" });
        var output = await Run(new InMemoryMarketData(), deadLiquidity);
        Assert.Equal("no_data", output.Metadata[EngineOutput.DegradedKey]);
        Assert.Equal(0.0, output.Confidence);
        Assert.Empty(output.Features);
    }

    [Fact]
    public async Task Inconsistent_bars_are_reported_not_thrown()
    {
        var bars = AlternatingBars();
        bars[^1] = bars[^1] with { High = 50 };
        var output = await Run(new InMemoryMarketData { Bars = bars }, HighLiquidity());
        Assert.Contains("inconsistent", output.Metadata["bars_error"]);
        Assert.Equal("missing_hedge+missing_bars", output.Metadata[EngineOutput.DegradedKey]);
    }
}
