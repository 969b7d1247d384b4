using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Data.Tests.Synthetic;

public class SyntheticMarketTests
{
    // Tuesday 2026-11-24, 10:30 New York.
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Same_seed_and_as_of_give_identical_data_and_another_seed_differs()
    {
        var a = new SyntheticMarket(new SyntheticMarketOptions(Seed: 11));
        var b = new SyntheticMarket(new SyntheticMarketOptions(Seed: 11));
        var c = new SyntheticMarket(new SyntheticMarketOptions(Seed: 12));
        var from = AsOf.AddDays(-30);

        Assert.Equal(await a.GetBarsAsync("SPY", BarInterval.Daily, from, AsOf, None), await b.GetBarsAsync("SPY", BarInterval.Daily, from, AsOf, None));
        Assert.Equal(await a.GetTradesAsync("SPY", AsOf.AddHours(-1), AsOf, None), await b.GetTradesAsync("SPY", AsOf.AddHours(-1), AsOf, None));
        Assert.Equal(await a.GetQuotesAsync("SPY", AsOf.AddMinutes(-10), AsOf, None), await b.GetQuotesAsync("SPY", AsOf.AddMinutes(-10), AsOf, None));
        // ImmutableArray's own Equals compares references: compare the elements.
        Assert.Equal((await a.GetChainAsync("SPY", AsOf, None)).Quotes.ToArray(), (await b.GetChainAsync("SPY", AsOf, None)).Quotes.ToArray());
        Assert.Equal(await a.GetHeadlinesAsync("SPY", from, AsOf, None), await b.GetHeadlinesAsync("SPY", from, AsOf, None));
        Assert.NotEqual(a.SpotAt("SPY", AsOf), c.SpotAt("SPY", AsOf));
    }

    [Fact]
    public async Task History_does_not_depend_on_the_order_of_requests()
    {
        var warm = new SyntheticMarket();
        await warm.GetBarsAsync("QQQ", BarInterval.OneMinute, AsOf.AddDays(-3), AsOf, None);
        var cold = new SyntheticMarket();
        var day = AsOf.AddDays(-5);
        Assert.Equal(await cold.GetBarsAsync("QQQ", BarInterval.OneMinute, day.AddHours(-2), day, None),
            await warm.GetBarsAsync("QQQ", BarInterval.OneMinute, day.AddHours(-2), day, None));
    }

    [Fact]
    public async Task Nothing_stamped_after_as_of_is_returned_and_the_past_does_not_change_later()
    {
        var market = new SyntheticMarket();
        var asOf = AsOf.AddSeconds(17); // mid-minute
        var minutes = await market.GetBarsAsync("SPY", BarInterval.OneMinute, asOf.AddDays(-2), asOf, None);
        Assert.All(minutes, b => Assert.True(b.Timestamp.AddMinutes(1) <= asOf));
        var trades = await market.GetTradesAsync("SPY", asOf.AddMinutes(-30), asOf, None);
        Assert.NotEmpty(trades);
        Assert.All(trades, t => Assert.True(t.Timestamp <= asOf));
        var quotes = await market.GetQuotesAsync("SPY", asOf.AddMinutes(-30), asOf, None);
        Assert.All(quotes, q => Assert.True(q.Timestamp <= asOf));
        var news = await market.GetHeadlinesAsync("SPY", asOf.AddDays(-10), asOf, None);
        Assert.All(news, h => Assert.True(h.Timestamp <= asOf));

        // A later as-of extends, never rewrites, what was visible before.
        var later = await market.GetBarsAsync("SPY", BarInterval.OneMinute, asOf.AddDays(-2), asOf.AddHours(3), None);
        Assert.Equal(minutes, later.Take(minutes.Count));
        var laterTrades = await market.GetTradesAsync("SPY", asOf.AddMinutes(-30), asOf.AddHours(1), None);
        Assert.Equal(trades, laterTrades.Take(trades.Count));
    }

    [Fact]
    public async Task Todays_daily_bar_aggregates_only_completed_minutes()
    {
        var market = new SyntheticMarket();
        var daily = await market.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-10), AsOf, None);
        var today = daily[^1];
        var minutes = await market.GetBarsAsync("SPY", BarInterval.OneMinute, MarketCalendar.Nyse.OpenOf(new DateOnly(2026, 11, 24)), AsOf, None);
        Assert.Equal(60, minutes.Count); // 09:30 to 10:30
        Assert.Equal(minutes[0].Open, today.Open);
        Assert.Equal(minutes[^1].Close, today.Close);
        Assert.Equal(minutes.Max(b => b.High), today.High);
        Assert.Equal(minutes.Sum(b => b.Volume), today.Volume);
        Assert.Equal(minutes[^1].Close, market.SpotAt("SPY", AsOf));
        var fives = await market.GetBarsAsync("SPY", BarInterval.FiveMinutes, minutes[0].Timestamp, AsOf, None);
        Assert.Equal(12, fives.Count);
        Assert.Equal(minutes.Take(5).Sum(b => b.Volume), fives[0].Volume);
    }

    [Fact]
    public async Task Bars_are_well_formed_and_daily_bars_skip_weekends_and_holidays()
    {
        var market = new SyntheticMarket();
        var daily = await market.GetBarsAsync("AAPL", BarInterval.Daily, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), AsOf, None);
        Assert.InRange(daily.Count, 470, 480);
        Assert.All(daily, b =>
        {
            Assert.True(b.Low <= Math.Min(b.Open, b.Close) && b.High >= Math.Max(b.Open, b.Close), $"bad OHLC on {b.Timestamp}");
            Assert.True(b.Volume > 0);
            Assert.True(MarketCalendar.Nyse.IsTradingDay(NewYorkTime.DateOf(b.Timestamp)));
        });
        // Annualized close-to-close volatility near the profile's long-run level (sqrt 0.08 = 0.28).
        var returns = daily.Zip(daily.Skip(1), (a, b) => Math.Log(b.Close / a.Close)).ToArray();
        var mean = returns.Average();
        var vol = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1) * 252);
        Assert.InRange(vol, 0.12, 0.6);
    }

    [Fact]
    public async Task Volume_reacts_to_the_size_of_the_move()
    {
        var market = new SyntheticMarket();
        var daily = await market.GetBarsAsync("SPY", BarInterval.Daily, new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero), AsOf, None);
        var moves = daily.Select(b => Math.Abs(Math.Log(b.Close / b.Open))).ToArray();
        var volumes = daily.Select(b => b.Volume).ToArray();
        Assert.True(MathNet.Numerics.Statistics.Correlation.Spearman(moves, volumes) > 0.3);
    }

    [Fact]
    public async Task Trades_and_quotes_are_consistent_with_bars()
    {
        var market = new SyntheticMarket();
        var from = AsOf.AddMinutes(-20);
        var trades = await market.GetTradesAsync("SPY", from, AsOf, None);
        var quotes = await market.GetQuotesAsync("SPY", from, AsOf, None);
        var bars = await market.GetBarsAsync("SPY", BarInterval.OneMinute, from, AsOf, None);
        Assert.Equal(bars.Sum(b => b.Volume), trades.Sum(t => t.Size));
        Assert.All(trades, t => Assert.NotEqual(AggressorSide.Unknown, t.Side));
        Assert.All(quotes, q => Assert.True(q.Ask > q.Bid && q.Bid > 0));
        Assert.True(trades.Zip(trades.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
        var buyShare = trades.Count(t => t.Side == AggressorSide.Buy) / (double)trades.Count;
        Assert.InRange(buyShare, 0.15, 0.85);
    }

    [Fact]
    public async Task Chain_has_weeklies_monthlies_0dte_realistic_strikes_and_quotes_around_model_value()
    {
        var market = new SyntheticMarket();
        var chain = await market.GetChainAsync("SPY", AsOf, None);
        var spot = chain.UnderlyingPrice;
        var expiries = chain.Expiries();
        Assert.Equal(new DateOnly(2026, 11, 24), expiries[0]); // 0DTE on a trading day before the close
        Assert.Contains(new DateOnly(2026, 12, 18), expiries); // December monthly
        Assert.Contains(new DateOnly(2026, 11, 27), expiries); // Friday weekly
        Assert.True(expiries.Count >= 12);
        Assert.All(chain.Quotes, q =>
        {
            Assert.True(q.Bid >= 0 && q.Ask > q.Bid, "uncrossed quotes");
            Assert.Equal(0, q.Strike % 1, 9); // $1 strikes for SPY
            Assert.True(q.OpenInterest >= 0 && q.Volume >= 0);
            Assert.InRange(q.ImpliedVol, 0.02, 2);
        });

        // Mid brackets the BSM value at the quoted vol; Greeks are that model's.
        var t = (MarketCalendar.Nyse.CloseOf(expiries[5]) - AsOf).TotalDays / 365;
        var profile = market.ProfileOf("SPY");
        foreach (var q in chain.Quotes.Where(q => q.Expiry == expiries[5]))
        {
            var g = BlackScholes.Greeks(q.Right, spot, q.Strike, t, 0.04, profile.DividendYield, q.ImpliedVol);
            Assert.InRange(g.Price, q.Bid, q.Ask);
            Assert.Equal(g.Delta, q.Delta, 12);
            Assert.Equal(g.Gamma, q.Gamma, 12);
        }

        // Skew: OTM puts carry higher vol than equidistant OTM calls.
        var monthly = chain.Quotes.Where(q => q.Expiry == new DateOnly(2026, 12, 18)).ToList();
        var put = monthly.Where(q => q.Right == OptionRight.Put).MinBy(q => Math.Abs(q.Strike - (spot * 0.95)));
        var call = monthly.Where(q => q.Right == OptionRight.Call).MinBy(q => Math.Abs(q.Strike - (spot * 1.05)));
        Assert.True(put.ImpliedVol > call.ImpliedVol);

        // Open interest concentrates near the money.
        var near = monthly.Where(q => Math.Abs(q.Strike / spot - 1) < 0.02).Average(q => q.OpenInterest);
        var far = monthly.Where(q => Math.Abs(q.Strike / spot - 1) > 0.08).DefaultIfEmpty().Average(q => q.OpenInterest);
        Assert.True(near > 3 * far);
    }

    [Fact]
    public async Task No_0dte_after_the_close_and_option_volume_is_zero_before_the_open()
    {
        var market = new SyntheticMarket();
        var afterClose = await market.GetChainAsync("SPY", new DateTimeOffset(2026, 11, 24, 21, 30, 0, TimeSpan.Zero), None);
        Assert.DoesNotContain(new DateOnly(2026, 11, 24), afterClose.Expiries());
        var preOpen = await market.GetChainAsync("SPY", new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero), None);
        Assert.All(preOpen.Quotes, q => Assert.Equal(0, q.Volume));
        var stock = await market.GetChainAsync("AAPL", AsOf, None);
        Assert.All(stock.Expiries(), e => Assert.True(e.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Thursday));
    }

    [Fact]
    public async Task Headlines_mix_tones_and_name_the_symbol()
    {
        var market = new SyntheticMarket();
        var news = await market.GetHeadlinesAsync("AAPL", AsOf.AddDays(-60), AsOf, None);
        Assert.InRange(news.Count, 60, 300);
        Assert.All(news, h => Assert.Equal("AAPL", h.Symbol));
        Assert.Contains(news, h => h.Text.Contains("beats", StringComparison.Ordinal) || h.Text.Contains("upgraded", StringComparison.Ordinal));
        Assert.Contains(news, h => h.Text.Contains("downgraded", StringComparison.Ordinal) || h.Text.Contains("misses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_requests_fail_clearly()
    {
        var market = new SyntheticMarket();
        Assert.Equal("symbol", Assert.Throws<ArgumentException>(() => market.SpotAt("spy", AsOf)).ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => market.GetChainAsync("SPY", new DateTimeOffset(2010, 1, 5, 15, 0, 0, TimeSpan.Zero), None));
        Assert.Empty(await market.GetBarsAsync("SPY", BarInterval.Daily, AsOf, AsOf.AddDays(-1), None));
        Assert.Throws<ArgumentException>(() => new SyntheticMarket(new SyntheticMarketOptions(RiskFreeRate: double.NaN)));
    }
}
