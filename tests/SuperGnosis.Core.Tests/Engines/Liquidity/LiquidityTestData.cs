using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.Engines.Liquidity;

internal static class LiquidityTestData
{
    public static readonly DateTimeOffset AsOf = new(2024, 6, 14, 20, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SessionOpen = new(2024, 6, 14, 13, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// Daily bars ending the day before <see cref="AsOf"/>: <paramref name="baselineDays"/> bars of
    /// <paramref name="baselineVolume"/> shares and +-<paramref name="baselineMove"/> returns, then
    /// <paramref name="recentDays"/> bars with <paramref name="recentVolume"/> and +-<paramref name="recentMove"/>.
    /// </summary>
    public static Bar[] DailyBars(int baselineDays, double baselineVolume, double baselineMove, int recentDays, double recentVolume, double recentMove)
    {
        var total = baselineDays + recentDays + 1;
        var bars = new Bar[total];
        var close = 100.0;
        for (var i = 0; i < total; i++)
        {
            var recent = i > baselineDays;
            var move = recent ? recentMove : baselineMove;
            if (i > 0)
            {
                close *= i % 2 == 0 ? 1 + move : 1 - move;
            }
            var volume = recent ? recentVolume : baselineVolume;
            var day = AsOf.Date.AddDays(-(total - i));
            bars[i] = new Bar(new DateTimeOffset(day.Year, day.Month, day.Day, 13, 30, 0, TimeSpan.Zero), close, close * 1.01, close * 0.99, close, volume);
        }
        return bars;
    }

    /// <summary>Two-sided tight quotes around 100 every 10 seconds through the session.</summary>
    public static Quote[] TightQuotes(double halfSpread = 0.005)
    {
        var quotes = new Quote[2340];
        for (var i = 0; i < quotes.Length; i++)
        {
            quotes[i] = new Quote(SessionOpen.AddSeconds(10 * i), 100 - halfSpread, 100 + halfSpread, 500, 500);
        }
        return quotes;
    }

    /// <summary>Alternating buy/sell prints of equal size around 100, reported sides, every second.</summary>
    public static Trade[] SymmetricTrades(int count = 20_000)
    {
        var trades = new Trade[count];
        for (var i = 0; i < count; i++)
        {
            var buy = i % 2 == 0;
            var price = 100 + 0.02 * Math.Sin(i * 0.01) + (buy ? 0.005 : -0.005);
            trades[i] = new Trade(SessionOpen.AddSeconds(i), price, 100, buy ? AggressorSide.Buy : AggressorSide.Sell);
        }
        return trades;
    }
}
