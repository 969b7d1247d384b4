using System.Collections.Immutable;
using System.Globalization;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Benchmarks.Engines;

/// <summary>
/// A deterministic chain of a given size for the hedge benchmarks and the NumPy peer: spot 500, expiries
/// from 0DTE to about a year, $1..$5 strikes around spot, a skewed smile, open interest peaked near the money,
/// provider Greeks exact (BSM) so both the provider and the recompute paths can be timed.
/// </summary>
public static class HedgeBenchmarkChain
{
    public static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
    public const double Spot = 500;
    public const double Rate = 0.04;
    public const double Div = 0.01;

    public static OptionChain Create(int contracts)
    {
        var expiries = Math.Max(1, (int)Math.Round(Math.Sqrt(contracts / 8.0)));
        var strikesPerExpiry = contracts / (2 * expiries);
        var rows = ImmutableArray.CreateBuilder<OptionQuote>(2 * expiries * strikesPerExpiry);
        var rng = new Random(42);
        var day = new DateOnly(2026, 11, 24);
        for (var e = 0; e < expiries; e++)
        {
            var expiry = day.AddDays(e == 0 ? 0 : (int)Math.Round(e * 365.0 / expiries));
            while (!MarketCalendar.Nyse.IsTradingDay(expiry))
            {
                expiry = expiry.AddDays(1);
            }
            var t = YearFraction.ToExpiry(AsOf, expiry);
            var step = Math.Max(0.5, Math.Round(Spot * 0.6 / strikesPerExpiry * 2) / 2);
            for (var j = 0; j < strikesPerExpiry; j++)
            {
                var strike = Spot + ((j - (strikesPerExpiry / 2)) * step);
                var x = Math.Log(strike / Spot) / (0.2 * Math.Sqrt(t));
                var iv = Math.Max(0.05, 0.2 * (1 - (0.1 * Math.Clamp(x, -4, 4)) + (0.02 * x * x)));
                foreach (var right in (ReadOnlySpan<OptionRight>)[OptionRight.Call, OptionRight.Put])
                {
                    var g = BlackScholes.Greeks(right, Spot, strike, t, Rate, Div, iv);
                    var oi = Math.Round(5000 * Math.Exp(-0.5 * x * x / 4) * (0.5 + rng.NextDouble()));
                    rows.Add(new OptionQuote(expiry, strike, right, g.Price * 0.98, (g.Price * 1.02) + 0.01, g.Price + 0.005, oi / 5, oi, iv,
                        g.Delta, g.Gamma, g.Vega, g.Theta, g.Vanna, g.Charm));
                }
            }
        }
        return new OptionChain("BENCH", AsOf, Spot, rows.MoveToImmutable());
    }

    /// <summary>Writes the chain in the seed's CSV columns plus <c>iv</c> (Greeks in mathematical units).</summary>
    public static void WriteCsv(OptionChain chain, string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("symbol,underlying_price,expiry,dte,strike,type,mid_price,bid,ask,volume,open_interest,delta,gamma,vega,theta,vanna,charm,iv");
        var today = NewYorkTime.DateOf(chain.AsOf);
        foreach (var q in chain.Quotes)
        {
            writer.WriteLine(string.Join(',',
                chain.Symbol, F(chain.UnderlyingPrice), q.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                (q.Expiry.DayNumber - today.DayNumber).ToString(CultureInfo.InvariantCulture), F(q.Strike), q.Right == OptionRight.Call ? "C" : "P",
                F(q.Mid), F(q.Bid), F(q.Ask), F(q.Volume), F(q.OpenInterest), F(q.Delta), F(q.Gamma), F(q.Vega), F(q.Theta), F(q.Vanna), F(q.Charm), F(q.ImpliedVol)));
        }
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
