using MathNet.Numerics;
using MathNet.Numerics.Statistics;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.Engines.Liquidity;

public class LiquidityCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 14, 14, 0, 0, TimeSpan.Zero);
    private static readonly LiquidityEngineOptions Defaults = new();

    private static Trade T(int second, double price, double size, AggressorSide side = AggressorSide.Unknown) =>
        new(T0.AddSeconds(second), price, size, side);

    [Fact]
    public void Amihud_hand_computed()
    {
        Bar[] bars =
        [
            new(T0.AddDays(-2), 100, 100, 100, 100, 1000),
            new(T0.AddDays(-1), 110, 110, 110, 110, 1000), // |r| = 0.1, dollar volume 110,000
        ];
        var m = LiquidityCalculator.Compute(bars, [], [], Defaults);
        Assert.Equal(0.1 / 110_000 * 1e6, m.AmihudIlliquidity!.Value, 12);
        Assert.Equal(110_000, m.AdvUsd);
        Assert.Null(m.AmihudRatio); // no baseline
    }

    [Fact]
    public void Tick_rule_without_quotes()
    {
        // 10 (unknown), 10.1 uptick buy, 10.1 zero-uptick buy, 10.0 downtick sell, 10.0 zero-downtick sell
        Trade[] trades = [T(0, 10, 1), T(1, 10.1, 2), T(2, 10.1, 3), T(3, 10.0, 4), T(4, 10.0, 5)];
        var m = LiquidityCalculator.Compute([], trades, [], Defaults);
        Assert.Equal(5, m.BuyVolume);
        Assert.Equal(9, m.SellVolume);
        Assert.Equal(14.0 / 15, m.ClassifiedVolumeShare!.Value, 12);
        Assert.Equal(-4.0 / 14, m.Ofi!.Value, 12);
    }

    [Fact]
    public void Lee_ready_uses_the_quote_in_force_before_the_trade_and_the_tick_rule_at_the_mid()
    {
        Quote[] quotes =
        [
            new(T0, 99.90, 100.10, 100, 100),              // mid 100.00
            new(T0.AddSeconds(3), 100.00, 100.20, 100, 100), // mid 100.10, stamped with the 3rd trade: not yet in force
            new(T0.AddSeconds(3.5), 101, 100, 100, 100),   // crossed: ignored
        ];
        Trade[] trades =
        [
            T(1, 100.05, 10),  // above mid 100.00 -> buy
            T(2, 99.95, 20),   // below -> sell
            T(3, 100.00, 30),  // at mid 100.00 (the 100.10 quote is simultaneous) -> tick rule: uptick from 99.95 -> buy
            T(4, 100.05, 40),  // quote in force mid 100.10 -> sell
            T(5, 100.10, 50, AggressorSide.Sell), // reported side wins
        ];
        var m = LiquidityCalculator.Compute([], trades, quotes, Defaults);
        Assert.Equal(40, m.BuyVolume);
        Assert.Equal(110, m.SellVolume);
        Assert.Equal(50, m.ReportedSideVolume);
        Assert.Equal(70, m.QuoteRuleVolume);
        Assert.Equal(30, m.TickRuleVolume);
        Assert.Equal(1, m.DroppedQuotes);
        // quoted spread: mean of 20 bps and 19.98 bps
        Assert.Equal(0.5 * (0.2 / 100 + 0.2 / 100.1) * 1e4, m.AvgSpreadBps!.Value, 9);
        // effective spread, volume weighted over the four trades with a quote: 2 |p - mid| / mid
        var eff = (10 * 2 * 0.05 / 100 + 20 * 2 * 0.05 / 100 + 30 * 0 + 40 * 2 * 0.05 / 100.1 + 50 * 0) / 150.0 * 1e4;
        Assert.Equal(eff, m.EffectiveSpreadBps!.Value, 9);
    }

    [Fact]
    public void Kyle_lambda_matches_an_independent_ols_fit()
    {
        // 30 one-minute intervals, one reported-side print each; price change = 0.0002 * Q plus deterministic noise.
        var options = new LiquidityEngineOptions { KyleInterval = TimeSpan.FromMinutes(1) };
        var trades = new List<Trade>();
        var q = new double[30];
        var dp = new double[30];
        var price = 50.0;
        trades.Add(new Trade(T0, price, 1, AggressorSide.Buy)); // opens interval 0 with the reference price
        for (var k = 0; k < 30; k++)
        {
            var size = 100 + 37 * ((k * 7) % 11);
            var side = k % 3 == 0 ? AggressorSide.Sell : AggressorSide.Buy;
            var signed = (int)side * size;
            var change = 0.0002 * signed + 0.01 * Math.Sin(k * 1.7);
            price += change;
            trades.Add(new Trade(T0.AddMinutes(k).AddSeconds(30), price, size, side));
            q[k] = signed + (k == 0 ? 1 : 0);
            dp[k] = change;
        }
        var m = LiquidityCalculator.Compute([], trades.ToArray(), [], options);
        var (intercept, slope) = Fit.Line(q, dp);
        var fit = m.Kyle!;
        Assert.Equal(30, fit.Intervals);
        Assert.Equal(slope, fit.Lambda, 12);
        Assert.Equal(intercept, fit.Intercept, 12);
        Assert.Equal(GoodnessOfFit.RSquared(q.Select(x => intercept + slope * x), dp), fit.RSquared, 10);
        var residuals = q.Select((x, i) => dp[i] - intercept - slope * x).ToArray();
        var se = Math.Sqrt(residuals.Sum(r => r * r) / 28 / q.Select(x => (x - q.Average()) * (x - q.Average())).Sum());
        Assert.Equal(slope / se, fit.TStat, 8);
        Assert.InRange(fit.Lambda, 0.00015, 0.00025);
    }

    [Fact]
    public void Kyle_lambda_needs_enough_intervals()
    {
        var m = LiquidityCalculator.Compute([], [T(0, 10, 1, AggressorSide.Buy), T(400, 10.1, 1, AggressorSide.Buy)], [], Defaults);
        Assert.Null(m.Kyle);
    }

    [Fact]
    public void Volume_profile_value_area_poc_and_nodes_hand_computed()
    {
        // Unit-wide buckets [100,101), [101,102), ...; volumes 10, 200, 200, 10, 1, 0, 1, 10, 200, 200, 10.
        double[] volumes = [10, 200, 200, 10, 1, 0, 1, 10, 200, 200, 10];
        var trades = new List<Trade>();
        for (var i = 0; i < volumes.Length; i++)
        {
            if (volumes[i] > 0)
            {
                trades.Add(T(i, 100.5 + i, volumes[i], AggressorSide.Buy));
            }
        }
        var options = new LiquidityEngineOptions { BucketFraction = 1 / 100.5 };
        var p = LiquidityCalculator.Compute([], trades.ToArray(), [], options).Profile!;

        Assert.Equal(11, p.Volumes.Count);
        Assert.Equal(842, p.TotalVolume);
        Assert.Equal(101.5, p.PocPrice, 9); // first of the equal maxima
        // value area from bucket 1 (200): bucket 2 (200 > 10) = 400; 10 vs 10 ties upward, bucket 3 = 410; bucket 0
        // (10 > 1) = 420; then only upward: 421, 421, 422, 432, bucket 8 = 632 >= 70% of 842 = 589.4 -> [100, 109).
        Assert.Equal(100, p.ValueAreaLow, 9);
        Assert.Equal(109, p.ValueAreaHigh, 9);
        Assert.Equal([101.5, 108.5], p.HighVolumeNodes.Select(n => Math.Round(n.Price, 6)));
        Assert.Equal([105.5], p.LowVolumeNodes.Select(n => Math.Round(n.Price, 6)));
        Assert.Equal(1 - (2.0 / 3) / (842.0 / 11), p.LowVolumeNodes[0].Strength, 9);

        var spot = 109.5; // last trade
        Assert.Equal(108.5, VolumeProfile.Nearest(p.HighVolumeNodes, spot, above: false)!.Value.Price, 9);
        Assert.Null(VolumeProfile.Nearest(p.HighVolumeNodes, spot, above: true));
        Assert.Equal(Math.Exp(-1 / (0.005 * spot)), VolumeProfile.ProximityScore(p.HighVolumeNodes, spot, 0.005), 9);
    }

    [Fact]
    public void Value_area_of_a_single_mode_hand_computed()
    {
        double[] volumes = [10, 50, 100, 40, 5];
        var trades = volumes.Select((v, i) => T(i, 100.5 + i, v, AggressorSide.Buy)).ToArray();
        var p = LiquidityCalculator.Compute([], trades, [], new LiquidityEngineOptions { BucketFraction = 1 / 100.5 }).Profile!;
        // POC 102.5 (100); neighbours 50 (below) vs 40 -> take 50: 150 >= 0.7 * 205 = 143.5
        Assert.Equal(102.5, p.PocPrice, 9);
        Assert.Equal(101, p.ValueAreaLow, 9);
        Assert.Equal(103, p.ValueAreaHigh, 9);
    }

    [Fact]
    public void Profile_grows_beyond_its_initial_range()
    {
        Trade[] trades = [T(0, 100, 1, AggressorSide.Buy), T(1, 1000, 1, AggressorSide.Buy), T(2, 10, 1, AggressorSide.Buy)];
        var p = LiquidityCalculator.Compute([], trades, [], Defaults).Profile!;
        Assert.Equal(3, p.TotalVolume);
        Assert.Equal(3, p.Volumes.Count(v => v > 0));
        Assert.Equal(10.05, p.BucketCentre(0), 9);
    }

    [Fact]
    public void Bad_prints_are_dropped_and_counted()
    {
        Trade[] trades = [T(0, double.NaN, 1), T(1, 10, -5), T(2, 10, 1, AggressorSide.Buy)];
        var m = LiquidityCalculator.Compute([], trades, [], Defaults);
        Assert.Equal(1, m.TradeCount);
        Assert.Equal(2, m.DroppedTrades);
    }
}
