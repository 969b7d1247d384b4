using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Data.Tests.Synthetic;

/// <summary>The synthetic market on the day after Thanksgiving 2026: the session runs 09:30-13:00 New York.</summary>
public class SyntheticHalfDayTests
{
    private static readonly DateOnly HalfDay = new(2026, 11, 27);
    private static readonly DateTimeOffset Open = new(2026, 11, 27, 14, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EarlyClose = new(2026, 11, 27, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Evening = new(2026, 11, 27, 23, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task No_bars_trades_or_quotes_after_the_13_00_close()
    {
        var market = new SyntheticMarket();
        var minutes = await market.GetBarsAsync("SPY", BarInterval.OneMinute, Open, Evening, None);
        Assert.Equal(210, minutes.Count); // 09:30-13:00
        Assert.Equal(Open, minutes[0].Timestamp);
        Assert.Equal(EarlyClose.AddMinutes(-1), minutes[^1].Timestamp);
        Assert.All(await market.GetTradesAsync("SPY", Open, Evening, None), t => Assert.True(t.Timestamp < EarlyClose));
        Assert.All(await market.GetQuotesAsync("SPY", Open, Evening, None), q => Assert.True(q.Timestamp < EarlyClose));
        Assert.NotEmpty(await market.GetTradesAsync("SPY", EarlyClose.AddMinutes(-1), Evening, None));

        var daily = (await market.GetBarsAsync("SPY", BarInterval.Daily, Open, Evening, None)).Single();
        Assert.Equal(minutes[^1].Close, daily.Close);
        Assert.Equal(minutes.Sum(b => b.Volume), daily.Volume);
        Assert.Equal(minutes[^1].Close, market.SpotAt("SPY", Evening));
        // The regular day before has the full 390 minutes.
        var wednesday = await market.GetBarsAsync("SPY", BarInterval.OneMinute, Open.AddDays(-2), Open.AddDays(-1), None);
        Assert.Equal(390, wednesday.Count);
    }

    [Fact]
    public async Task The_half_day_0dte_expiry_settles_at_13_00()
    {
        var market = new SyntheticMarket();
        var elevenAm = new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);
        var chain = await market.GetChainAsync("SPY", elevenAm, None);
        var zeroDte = chain.Quotes.Where(q => q.Expiry == HalfDay).ToList();
        Assert.NotEmpty(zeroDte);
        var profile = market.ProfileOf("SPY");
        foreach (var q in zeroDte.Take(20))
        {
            var g = BlackScholes.Greeks(q.Right, chain.UnderlyingPrice, q.Strike, 2.0 / 8760, 0.04, profile.DividendYield, q.ImpliedVol);
            Assert.Equal(g.Gamma, q.Gamma, 10);
        }
        // After the early close the 0DTE expiry is gone from the chain.
        var afterClose = await market.GetChainAsync("SPY", EarlyClose.AddMinutes(30), None);
        Assert.DoesNotContain(afterClose.Quotes, q => q.Expiry == HalfDay);
        Assert.Contains(afterClose.Quotes, q => q.Expiry == new DateOnly(2026, 11, 30));
    }
}
