using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Data.Synthetic;

/// <summary>
/// Dated headlines for a symbol: a Poisson number per calendar day (more on trading days), stamped
/// between 06:00 and 20:00 New York time, each from a template of known tone. On trading days the mix
/// leans toward the sign of the day's move (news and price agree more often than not), so sentiment
/// models have something real to find. The tone is an attribute of the generator only; it is never
/// exposed through <see cref="NewsHeadline"/>.
/// </summary>
internal static class SyntheticNews
{
    private static readonly string[] Sources = ["Reuters", "Bloomberg", "Dow Jones", "MarketWatch", "Benzinga", "Seeking Alpha"];

    private static readonly string[] Positive =
    [
        "{name} beats quarterly earnings estimates, raises full-year guidance",
        "{ticker} upgraded to Buy at {bank}, price target lifted",
        "{name} announces $10 billion share buyback",
        "{name} shares jump after record revenue",
        "{bank} sees upside for {ticker} as demand accelerates",
        "{name} wins major contract, shares rally",
        "Strong inflows lift {ticker} to new high",
        "{name} margins expand more than expected",
    ];

    private static readonly string[] Negative =
    [
        "{name} misses estimates and cuts outlook",
        "{ticker} downgraded to Sell at {bank} on weakening demand",
        "{name} faces regulatory probe, shares slide",
        "{name} shares tumble after guidance disappoints",
        "{bank} warns of downside risk for {ticker}",
        "{name} recalls products, losses expected to widen",
        "Heavy outflows hit {ticker} as investors flee risk",
        "{name} does not expect a recovery this year",
    ];

    private static readonly string[] Neutral =
    [
        "{name} to present at {bank} technology conference",
        "{name} schedules quarterly results release date",
        "{ticker} options volume in line with average",
        "{name} names new chief financial officer",
        "{name} completes previously announced debt offering",
        "What to watch in {ticker} this week",
        "{name} annual shareholder meeting set for next month",
        "{bank} initiates coverage of {ticker} at Neutral",
    ];

    private static readonly string[] Banks = ["Goldman Sachs", "Morgan Stanley", "JPMorgan", "Citi", "UBS", "Barclays"];

    public static IEnumerable<NewsHeadline> ForDay(int seed, SymbolProfile profile, DateOnly day, double moveZScore, IMarketCalendar calendar)
    {
        var rng = DeterministicRandom.For(seed, profile.Symbol, day, "news");
        var trading = calendar.IsTradingDay(day);
        var count = rng.NextPoisson(trading ? 3.0 : 0.8);
        var lean = 0.25 * Math.Tanh(moveZScore);
        var headlines = new List<NewsHeadline>(count);
        for (var i = 0; i < count; i++)
        {
            var minuteOfDay = 360 + (int)(rng.NextDouble() * 840);
            var stamp = NewYorkTime.At(day, new TimeOnly(minuteOfDay / 60, minuteOfDay % 60, (int)(rng.NextDouble() * 60)));
            var u = rng.NextDouble();
            var pool = u < 0.3 + lean ? Positive : u < 0.6 ? Negative : Neutral;
            var template = pool[(int)(rng.NextDouble() * pool.Length)];
            var text = template
                .Replace("{name}", profile.CompanyName, StringComparison.Ordinal)
                .Replace("{ticker}", profile.Symbol, StringComparison.Ordinal)
                .Replace("{bank}", Banks[(int)(rng.NextDouble() * Banks.Length)], StringComparison.Ordinal);
            headlines.Add(new NewsHeadline(stamp, profile.Symbol, Sources[(int)(rng.NextDouble() * Sources.Length)], text));
        }
        return headlines.OrderBy(h => h.Timestamp);
    }
}
