using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using static SuperGnosis.Core.Tests.Engines.Liquidity.LiquidityTestData;
using F = SuperGnosis.Core.Engines.Liquidity.LiquidityFeatureNames;

namespace SuperGnosis.Core.Tests.Engines.Liquidity;

public class LiquidityEngineTests
{
    private static readonly Dictionary<EngineKind, EngineOutput> NoUpstream = [];

    private static Task<EngineOutput> Run(InMemoryMarketData data, LiquidityEngineOptions? options = null) =>
        new LiquidityEngine(data, options).RunAsync("SPY", AsOf, NoUpstream, CancellationToken.None);

    [Fact]
    public async Task Low_volume_high_return_series_has_high_amihud_and_thin_liquidity()
    {
        var liquid = await Run(new InMemoryMarketData { Bars = DailyBars(40, 10_000_000, 0.003, 20, 10_000_000, 0.003) });
        var thin = await Run(new InMemoryMarketData { Bars = DailyBars(40, 10_000_000, 0.003, 20, 200_000, 0.03) });

        Assert.True(thin.Features[F.AmihudIlliquidity] > 100 * liquid.Features[F.AmihudIlliquidity]);
        Assert.Equal(LiquidityRegimes.ThinLiquidity, thin.Regime);
        Assert.True(thin.Features[F.AmihudRatio] > 100);
        Assert.Equal(1.0, liquid.Features[F.AmihudRatio], 3);
        Assert.NotEqual(LiquidityRegimes.ThinLiquidity, liquid.Regime);
        // bars only: degraded, flagged, and less confident than with full data
        Assert.Equal("missing_trades+missing_quotes", thin.Metadata[EngineOutput.DegradedKey]);
        Assert.True(thin.Confidence < 0.5);
    }

    [Fact]
    public async Task Symmetric_flow_gives_ofi_near_zero()
    {
        var output = await Run(new InMemoryMarketData
        {
            Bars = DailyBars(40, 5_000_000, 0.005, 20, 5_000_000, 0.005),
            Trades = SymmetricTrades(),
            Quotes = TightQuotes(),
        });
        Assert.InRange(output.Features[F.Ofi], -0.01, 0.01);
        Assert.Equal(1.0, output.Features[F.ClassifiedVolumeShare]);
        Assert.False(output.IsDegraded);
        Assert.NotEqual(LiquidityRegimes.OneSidedFlow, output.Regime);
        Assert.Equal(1.0, output.Features[F.AvgSpreadBps], 6); // 0.01 / 100
    }

    [Fact]
    public async Task One_big_buy_wave_without_sides_or_quotes_is_one_sided_flow_by_tick_rule()
    {
        // Price climbs 1 cent per print with a 1-cent dip every 10th print: 8 of 9 classified prints are upticks.
        var trades = new Trade[5000];
        var price = 100.0;
        for (var i = 0; i < trades.Length; i++)
        {
            price += i % 10 == 9 ? -0.01 : 0.01;
            trades[i] = new Trade(SessionOpen.AddSeconds(4 * i), price, 200, AggressorSide.Unknown);
        }
        var output = await Run(new InMemoryMarketData { Bars = DailyBars(40, 5_000_000, 0.005, 20, 5_000_000, 0.005), Trades = trades });

        Assert.True(output.Features[F.Ofi] > 0.6);
        Assert.Equal(LiquidityRegimes.OneSidedFlow, output.Regime);
        Assert.Equal("missing_quotes", output.Metadata[EngineOutput.DegradedKey]);
        Assert.StartsWith("reported=0;quote_rule=0;tick_rule=1", output.Metadata["side_source"]);
        Assert.False(output.Features.ContainsKey(F.AvgSpreadBps));
    }

    [Fact]
    public async Task A_sell_wave_hitting_the_bid_is_one_sided_with_negative_ofi_by_lee_ready()
    {
        // Quotes 99.99/100.01; 90% of prints at the bid, 10% at the ask, no reported sides.
        var trades = new Trade[3000];
        for (var i = 0; i < trades.Length; i++)
        {
            trades[i] = new Trade(SessionOpen.AddSeconds(5 * i + 1), i % 10 == 0 ? 100.01 : 99.99, 100, AggressorSide.Unknown);
        }
        var output = await Run(new InMemoryMarketData { Trades = trades, Quotes = TightQuotes(0.01) });
        Assert.Equal(-0.8, output.Features[F.Ofi], 9);
        Assert.Equal(LiquidityRegimes.OneSidedFlow, output.Regime);
        Assert.StartsWith("reported=0;quote_rule=1;tick_rule=0", output.Metadata["side_source"]);
        Assert.Equal(2.0, output.Features[F.EffectiveSpreadBps], 9); // every print 1 cent from the 100.00 mid
    }

    [Fact]
    public async Task Tight_quotes_balanced_flow_and_steady_amihud_is_high_liquidity()
    {
        var output = await Run(new InMemoryMarketData
        {
            Bars = DailyBars(40, 50_000_000, 0.004, 20, 50_000_000, 0.004),
            Trades = SymmetricTrades(),
            Quotes = TightQuotes(0.005),
        });
        Assert.Equal(LiquidityRegimes.HighLiquidity, output.Regime);
        Assert.True(output.Confidence > 0.5);
    }

    [Fact]
    public async Task Wide_quotes_are_thin_liquidity()
    {
        var output = await Run(new InMemoryMarketData
        {
            Bars = DailyBars(40, 5_000_000, 0.005, 20, 5_000_000, 0.005),
            Trades = SymmetricTrades(),
            Quotes = TightQuotes(0.20), // 40 bps quoted spread
        });
        Assert.Equal(40.0, output.Features[F.AvgSpreadBps], 6);
        Assert.Equal(LiquidityRegimes.ThinLiquidity, output.Regime);
    }

    [Fact]
    public async Task No_data_is_degraded_with_zero_confidence()
    {
        var output = await Run(new InMemoryMarketData());
        Assert.Equal("no_data", output.Metadata[EngineOutput.DegradedKey]);
        Assert.Equal(0.0, output.Confidence);
        Assert.Empty(output.Features);
    }

    [Fact]
    public async Task Failing_trade_feed_degrades_and_reports_the_error()
    {
        var full = await Run(new InMemoryMarketData
        {
            Bars = DailyBars(40, 5_000_000, 0.005, 20, 5_000_000, 0.005),
            Trades = SymmetricTrades(),
            Quotes = TightQuotes(),
        });
        var output = await Run(new InMemoryMarketData
        {
            Bars = DailyBars(40, 5_000_000, 0.005, 20, 5_000_000, 0.005),
            Trades = SymmetricTrades(),
            Quotes = TightQuotes(),
            FailTrades = true,
        });
        Assert.Equal("missing_trades", output.Metadata[EngineOutput.DegradedKey]);
        Assert.Contains("trade feed down", output.Metadata["trades_error"]);
        Assert.True(output.Confidence < full.Confidence);
        Assert.True(output.Features.ContainsKey(F.AvgSpreadBps));
        Assert.True(output.Features.ContainsKey(F.AmihudIlliquidity));
        Assert.False(output.Features.ContainsKey(F.Ofi));
    }

    [Fact]
    public async Task Data_after_as_of_is_ignored_and_unsorted_trades_are_ordered()
    {
        var trades = SymmetricTrades(2000).Reverse().ToList();
        trades.Add(new Trade(AsOf.AddMinutes(1), 500, 1_000_000, AggressorSide.Buy));
        var output = await Run(new InMemoryMarketData { Trades = trades, Quotes = TightQuotes(), Unfiltered = true });
        Assert.Equal("1", output.Metadata["dropped_after_as_of"]);
        Assert.Equal(2000, output.Features[F.TradeCount]);
        Assert.InRange(output.Features[F.Ofi], -0.01, 0.01);
        Assert.True(output.Features[F.SpotPrice] < 101);
    }

    private sealed class FixedDarkPool(double? share) : IOffExchangeVolumeSource
    {
        public Task<double?> GetOffExchangeShareAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult(share);
    }

    [Fact]
    public async Task Dark_pool_intensity_only_when_a_source_reports_it()
    {
        var data = new InMemoryMarketData { Trades = SymmetricTrades(1000), Quotes = TightQuotes() };
        var with = await new LiquidityEngine(data, null, new FixedDarkPool(0.42)).RunAsync("SPY", AsOf, NoUpstream, CancellationToken.None);
        var unknown = await new LiquidityEngine(data, null, new FixedDarkPool(null)).RunAsync("SPY", AsOf, NoUpstream, CancellationToken.None);
        var without = await Run(data);
        Assert.Equal(0.42, with.Features[F.DarkPoolIntensity]);
        Assert.Equal("provided", with.Metadata["dark_pool"]);
        Assert.False(unknown.Features.ContainsKey(F.DarkPoolIntensity));
        Assert.Equal("unavailable", without.Metadata["dark_pool"]);
    }

    [Fact]
    public async Task Profile_levels_are_published_around_spot()
    {
        // Two volume clusters (100.00-100.05 and 101.00-101.05) with a thin bridge; last print between them.
        var trades = new List<Trade>();
        var t = SessionOpen;
        for (var i = 0; i < 3000; i++)
        {
            var price = i % 2 == 0 ? 100.02 : 101.02;
            trades.Add(new Trade(t = t.AddSeconds(1), price, 100, i % 4 < 2 ? AggressorSide.Buy : AggressorSide.Sell));
        }
        for (var p = 100.10; p < 101.0; p += 0.1)
        {
            trades.Add(new Trade(t = t.AddSeconds(1), Math.Round(p, 2), 1, AggressorSide.Buy));
        }
        trades.Add(new Trade(t.AddSeconds(1), 100.55, 1, AggressorSide.Sell));
        var output = await Run(new InMemoryMarketData { Trades = trades, Quotes = TightQuotes() });
        Assert.Equal(100.55, output.Features[F.SpotPrice]);
        Assert.InRange(output.Features[F.MagnetAbove], 100.95, 101.1);
        Assert.InRange(output.Features[F.MagnetBelow], 99.95, 100.1);
        Assert.InRange(output.Features[F.VoidAbove] - 100.55, -1e-9, 0.5);
        if (output.Features.TryGetValue(F.VoidBelow, out var voidBelow))
        {
            Assert.InRange(voidBelow, 100.1, 100.55);
        }
        Assert.InRange(output.Features[F.LiquidityVoidScore], 0.5, 1);
        Assert.InRange(output.Features[F.VolumeMagnetScore], 0, 0.5);
        Assert.Equal(Math.Abs(output.Features[F.MagnetAbove] - 100.55) / 100.55 * 100, output.Features[F.MagnetAboveDistancePct], 9);
    }

    [Fact]
    public void Bad_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new LiquidityEngine(new InMemoryMarketData(), new LiquidityEngineOptions { BucketFraction = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new LiquidityEngine(new InMemoryMarketData(), new LiquidityEngineOptions { ValueAreaShare = 1.5 }));
    }
}
