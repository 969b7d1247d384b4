using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>
/// Price and Greeks of one European option under Black-Scholes-Merton with continuous rate and
/// dividend yield, per share, in mathematical units: vega per 1.00 of volatility, theta = dV/dt per
/// year (calendar time passing, = -dV/dT), rho per 1.00 of rate, vanna = d delta/d sigma,
/// charm = d delta/dt per year (= -d delta/dT), vomma = d vega/d sigma, speed = d gamma/dS,
/// zomma = d gamma/d sigma, color = d gamma/dt per year. See docs/options-math.md.
/// </summary>
public readonly record struct OptionGreeks(
    double Price,
    double Delta,
    double Gamma,
    double Vega,
    double Theta,
    double Rho,
    double Vanna,
    double Charm,
    double Vomma,
    double Speed,
    double Zomma,
    double Color)
{
    /// <summary>Vega per 1 volatility point (0.01).</summary>
    public double VegaPerPct => Vega / 100;

    /// <summary>Theta per calendar day (ACT/365).</summary>
    public double ThetaPerDay => Theta / 365;

    /// <summary>Charm per calendar day (ACT/365).</summary>
    public double CharmPerDay => Charm / 365;
}

/// <summary>
/// Scalar Black-Scholes-Merton pricing for single contracts. Arguments are validated (throws
/// <see cref="ArgumentOutOfRangeException"/>); the batch API <see cref="BlackScholesBatch"/> never throws.
/// The price is computed through the normalised Black function (<see cref="NormalisedBlack"/>), so it
/// keeps relative precision for far out-of-the-money, short-dated contracts.
/// </summary>
public static class BlackScholes
{
    /// <summary>Standard normal CDF (W. J. Cody erfc), full relative precision in the lower tail.</summary>
    public static double NormCdf(double x) => NormalDistribution.Cdf(x);

    /// <summary>Standard normal density.</summary>
    public static double NormPdf(double x) => NormalDistribution.Pdf(x);

    /// <summary>European BSM price per share.</summary>
    public static double Price(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol)
    {
        Validate(spot, strike, tYears, rate, div, vol);
        return PriceUnchecked(right, spot, strike, tYears, rate, div, vol);
    }

    /// <summary>Price and all Greeks.</summary>
    public static OptionGreeks Greeks(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol)
    {
        Validate(spot, strike, tYears, rate, div, vol);
        return GreeksUnchecked(right, spot, strike, tYears, rate, div, vol);
    }

    /// <summary>Checks the arguments without throwing; <see cref="OptionStatus.Ok"/> when they are valid.</summary>
    public static OptionStatus Check(double spot, double strike, double tYears, double rate, double div, double vol)
    {
        if (!double.IsFinite(spot) || !double.IsFinite(strike) || !double.IsFinite(tYears) || !double.IsFinite(rate)
            || !double.IsFinite(div) || !double.IsFinite(vol))
        {
            return OptionStatus.NonFiniteInput;
        }
        if (!(spot > 0))
        {
            return OptionStatus.NonPositiveSpot;
        }
        if (!(strike > 0))
        {
            return OptionStatus.NonPositiveStrike;
        }
        if (!(tYears > 0))
        {
            return OptionStatus.NonPositiveTime;
        }
        return vol > 0 ? OptionStatus.Ok : OptionStatus.NonPositiveVolatility;
    }

    internal static double PriceUnchecked(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol)
    {
        var dfr = Math.Exp(-rate * tYears);
        var dfq = Math.Exp(-div * tYears);
        // x = ln(F/K) with F = S e^{(r-q)T}; the prefactor sqrt(F K) e^{-rT} = sqrt(S e^{-qT} K e^{-rT}).
        var x = LogMoneyness(spot, strike) + ((rate - div) * tYears);
        var s = vol * Math.Sqrt(tYears);
        var theta = right == OptionRight.Call ? 1.0 : -1.0;
        return Math.Sqrt(spot * dfq * strike * dfr) * NormalisedBlack.Value(x, s, theta);
    }

    internal static OptionGreeks GreeksUnchecked(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol)
    {
        var sqrtT = Math.Sqrt(tYears);
        var volSqrtT = vol * sqrtT;
        var d1 = (LogMoneyness(spot, strike) + ((rate - div + (0.5 * vol * vol)) * tYears)) / volSqrtT;
        var d2 = d1 - volSqrtT;
        var dfq = Math.Exp(-div * tYears);
        var dfr = Math.Exp(-rate * tYears);
        var pdf = NormPdf(d1);
        var isCall = right == OptionRight.Call;
        // Signed probabilities: N(d) for calls, -N(-d) for puts.
        var nd1 = isCall ? NormCdf(d1) : -NormCdf(-d1);
        var nd2 = isCall ? NormCdf(d2) : -NormCdf(-d2);

        var price = PriceUnchecked(right, spot, strike, tYears, rate, div, vol);
        var delta = dfq * nd1;
        var gamma = dfq * pdf / (spot * volSqrtT);
        var vega = spot * dfq * pdf * sqrtT;
        var theta = (-spot * dfq * pdf * vol / (2 * sqrtT)) + (div * spot * dfq * nd1) - (rate * strike * dfr * nd2);
        var rho = strike * tYears * dfr * nd2;
        var vanna = -dfq * pdf * d2 / vol;
        // charm = d delta / dt (calendar time passing) = -d delta / dT.
        var charm = (div * dfq * nd1) - (dfq * pdf * ((2 * (rate - div) * tYears) - (d2 * volSqrtT)) / (2 * tYears * volSqrtT));
        var vomma = vega * d1 * d2 / vol;
        var speed = -gamma / spot * (1 + (d1 / volSqrtT));
        var zomma = gamma * ((d1 * d2) - 1) / vol;
        // color = d gamma / dt (calendar time passing) = -d gamma / dT.
        var color = gamma * ((2 * div * tYears) + 1 + (d1 * ((2 * (rate - div) * tYears) - (d2 * volSqrtT)) / volSqrtT)) / (2 * tYears);
        return new OptionGreeks(price, delta, gamma, vega, theta, rho, vanna, charm, vomma, speed, zomma, color);
    }

    /// <summary>
    /// ln(S/K) with relative precision also when S is close to K: log1p((S-K)/K), since S-K is exact
    /// there (Sterbenz) while the rounded quotient S/K would carry an absolute error of one ulp of 1.
    /// </summary>
    internal static double LogMoneyness(double spot, double strike)
    {
        var diff = spot - strike;
        return Math.Abs(diff) < 0.5 * strike ? LogOnePlus(diff / strike) : Math.Log(spot / strike);
    }

    /// <summary>ln(1 + y) to a few ulps (Goldberg's correction: ln(u) y / (u - 1) with u = 1 + y rounded).</summary>
    internal static double LogOnePlus(double y)
    {
        var u = 1 + y;
        return u == 1 ? y : Math.Log(u) * y / (u - 1);
    }

    internal static void Validate(double spot, double strike, double tYears, double rate, double div, double vol)
    {
        switch (Check(spot, strike, tYears, rate, div, vol))
        {
            case OptionStatus.Ok:
                return;
            case OptionStatus.NonFiniteInput:
                throw new ArgumentOutOfRangeException(nameof(spot), "spot, strike, tYears, rate, div and vol must all be finite");
            case OptionStatus.NonPositiveSpot:
                throw new ArgumentOutOfRangeException(nameof(spot), spot, "spot must be > 0");
            case OptionStatus.NonPositiveStrike:
                throw new ArgumentOutOfRangeException(nameof(strike), strike, "strike must be > 0");
            case OptionStatus.NonPositiveTime:
                throw new ArgumentOutOfRangeException(nameof(tYears), tYears, "tYears must be > 0");
            default:
                throw new ArgumentOutOfRangeException(nameof(vol), vol, "vol must be > 0");
        }
    }
}
