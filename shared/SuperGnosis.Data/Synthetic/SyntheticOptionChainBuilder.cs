using System.Collections.Immutable;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Numerics;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Data.Synthetic;

/// <summary>
/// Builds the synthetic chain at an instant:
/// <list type="bullet">
/// <item>expiries: daily (index ETFs, 0DTE included while the session is open, to 13:00 New York on an early close) for five sessions,
/// Friday weeklies for six weeks, third-Friday monthlies for six months, then two quarterlies;</item>
/// <item>ATM implied vol from the Heston expected average variance over the option's life,
/// sigma_atm(T)^2 = theta + (v - theta)(1 - e^{-kT})/(kT); smile
/// sigma = sigma_atm (1 + skew x + curvature x^2), x = ln(K/F)/(sigma_atm sqrt T) clipped to [-4, 4];</item>
/// <item>model value and Greeks from Black-Scholes-Merton (European) at that vol; bid/ask around model
/// value on a one-cent grid with a spread widening away from the money; volume and open interest
/// concentrated near the money, at round strikes and in monthlies; today's volume grows with the
/// elapsed share of the session.</item>
/// </list>
/// Greeks are in the units of <see cref="OptionQuote"/> (per share, per 1.00 vol, per year). Every contract is
/// equity-style: root = the symbol, American exercise (valued as European, as before), PM settlement.
/// </summary>
internal static class SyntheticOptionChainBuilder
{
    private const double Skew = -0.12;
    private const double Curvature = 0.025;

    public static OptionChain Build(int seed, SyntheticPriceHistory history, DateTimeOffset asOf, double spot, double rate, IMarketCalendar calendar)
    {
        var profile = history.Profile;
        var today = NewYorkTime.DateOf(asOf);
        var dayIndex = history.IndexOnOrBefore(today);
        var v = history.Variance(dayIndex);
        var quoteDate = dayIndex >= 0 ? history.Day(dayIndex) : today;
        var sessionShare = SessionElapsedShare(calendar, today, asOf);

        var quotes = ImmutableArray.CreateBuilder<OptionQuote>();
        foreach (var expiry in Expiries(calendar, profile, today, asOf))
        {
            var tYears = YearFraction.ToExpiry(calendar, asOf, expiry);
            if (tYears <= 0)
            {
                continue;
            }
            var k = profile.MeanReversion;
            var kt = k * tYears;
            var avgVariance = profile.LongRunVariance + ((v - profile.LongRunVariance) * (1 - Math.Exp(-kt)) / kt);
            var atmVol = Math.Sqrt(avgVariance);
            var forward = spot * Math.Exp((rate - profile.DividendYield) * tYears);
            var isMonthly = expiry == calendar.MonthlyExpiry(expiry.Year, expiry.Month);
            var sdMove = atmVol * Math.Sqrt(tYears);
            var halfRange = Math.Clamp(3.5 * sdMove, 0.04, 0.5);
            var step = StrikeStep(profile, spot);
            while ((2 * spot * halfRange / step) > 160)
            {
                step *= 2;
            }
            var lowStrike = Math.Ceiling(spot * (1 - halfRange) / step) * step;
            var highStrike = Math.Floor(spot * (1 + halfRange) / step) * step;
            var rng = DeterministicRandom.For(seed, profile.Symbol, quoteDate, expiry, "chain");
            for (var strike = lowStrike; strike <= highStrike + (step / 2); strike += step)
            {
                var kRounded = Math.Round(strike, 2);
                if (kRounded <= 0)
                {
                    continue;
                }
                var x = Math.Clamp(Math.Log(kRounded / forward) / sdMove, -4, 4);
                var vol = Math.Max(0.3 * atmVol, atmVol * (1 + (Skew * x) + (Curvature * x * x)));
                foreach (var right in (ReadOnlySpan<OptionRight>)[OptionRight.Call, OptionRight.Put])
                {
                    var g = BlackScholes.Greeks(right, spot, kRounded, tYears, rate, profile.DividendYield, vol);
                    var (bid, ask) = Quote(g.Price, x, rng);
                    var (oi, volume) = Activity(profile, right, kRounded, spot, x, tYears, isMonthly, sessionShare, rng);
                    quotes.Add(new OptionQuote(expiry, kRounded, right, bid, ask, Math.Round(0.5 * (bid + ask), 4),
                        volume, oi, vol, g.Delta, g.Gamma, g.Vega, g.Theta, g.Vanna, g.Charm,
                        profile.Symbol, ExerciseStyle.American, OptionSettlement.Pm));
                }
            }
        }
        return new OptionChain(profile.Symbol, asOf, spot, quotes.ToImmutable());
    }

    /// <summary>Strike grid step: $1 for the index ETFs, otherwise by price level.</summary>
    private static double StrikeStep(SymbolProfile profile, double spot) =>
        profile.StrikeStepOverride > 0 ? profile.StrikeStepOverride
        : spot < 25 ? 0.5
        : spot < 100 ? 1
        : spot < 250 ? 2.5
        : spot < 1000 ? 5
        : 10;

    private static IEnumerable<DateOnly> Expiries(IMarketCalendar calendar, SymbolProfile profile, DateOnly today, DateTimeOffset asOf)
    {
        var set = new SortedSet<DateOnly>();
        var first = calendar.IsTradingDay(today) && asOf < calendar.CloseOf(today)
            ? today
            : calendar.NextTradingDay(today);
        if (profile.HasDailyExpiries)
        {
            var d = first;
            for (var i = 0; i < 5; i++, d = calendar.NextTradingDay(d))
            {
                set.Add(d);
            }
        }
        // Friday weeklies (Thursday when the Friday is a holiday).
        var friday = today.AddDays(((int)DayOfWeek.Friday - (int)today.DayOfWeek + 7) % 7);
        for (var w = 0; w < 6; w++, friday = friday.AddDays(7))
        {
            set.Add(calendar.IsTradingDay(friday) ? friday : calendar.PreviousTradingDay(friday));
        }
        for (var m = 0; m < 6; m++)
        {
            var month = new DateOnly(today.Year, today.Month, 1).AddMonths(m);
            set.Add(calendar.MonthlyExpiry(month.Year, month.Month));
        }
        var quarter = new DateOnly(today.Year, today.Month, 1).AddMonths(6);
        var added = 0;
        while (added < 2)
        {
            if (quarter.Month % 3 == 0)
            {
                set.Add(calendar.MonthlyExpiry(quarter.Year, quarter.Month));
                added++;
            }
            quarter = quarter.AddMonths(1);
        }
        return set.Where(e => e >= first);
    }

    /// <summary>Bid/ask on a one-cent grid around model value; relative spread widens away from the money.</summary>
    private static (double Bid, double Ask) Quote(double model, double x, DeterministicRandom rng)
    {
        const double tick = 0.01;
        var relative = 0.015 + (0.01 * Math.Abs(x)) + (0.01 * rng.NextDouble());
        var half = Math.Max(tick, model * relative) / 2;
        var bid = Math.Max(0, Math.Floor((model - half) / tick) * tick);
        var ask = Math.Ceiling((model + half) / tick) * tick;
        if (ask <= bid)
        {
            ask = bid + tick;
        }
        return (Math.Round(bid, 2), Math.Round(ask, 2));
    }

    private static (double OpenInterest, double Volume) Activity(
        SymbolProfile profile, OptionRight right, double strike, double spot, double x, double tYears,
        bool isMonthly, double sessionShare, DeterministicRandom rng)
    {
        // Puts carry more open interest below spot, calls above (hedgers and overwriters).
        var sideTilt = right == OptionRight.Put ? (strike < spot ? 1.4 : 0.6) : (strike > spot ? 1.3 : 0.7);
        var roundness = strike % 50 == 0 ? 3.0 : strike % 10 == 0 ? 2.0 : strike % 5 == 0 ? 1.4 : 1.0;
        var tenor = isMonthly ? 2.0 : 1.0;
        var nearMoney = Math.Exp(-0.5 * x * x / 2.25);
        var baseOi = profile.AverageDailyVolume / 10_000 * nearMoney * roundness * tenor * sideTilt;
        var oi = Math.Round(baseOi * Math.Exp((0.5 * rng.NextGaussian()) - 0.125));
        // Short-dated contracts turn over faster; 0DTE trades several times its open interest.
        var turnover = 0.05 + (0.25 / Math.Sqrt(Math.Max(tYears * 365, 0.25)));
        var fullDay = (baseOi * turnover * Math.Exp((0.6 * rng.NextGaussian()) - 0.18)) + (tYears < 2.0 / 365 ? baseOi * 0.5 * nearMoney : 0);
        return (oi, Math.Round(fullDay * sessionShare));
    }

    private static double SessionElapsedShare(IMarketCalendar calendar, DateOnly today, DateTimeOffset asOf)
    {
        if (calendar.SessionOf(today) is not { } session)
        {
            return 0;
        }
        return Math.Clamp((asOf - session.Open).TotalMinutes / (session.Close - session.Open).TotalMinutes, 0, 1);
    }
}
