using MathNet.Numerics;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>
/// Price and Greeks of one European option under Black-Scholes-Merton with continuous rate and
/// dividend yield, per share, in mathematical units: vega per 1.00 of volatility, theta = dV/dt per
/// year (calendar time passing), rho per 1.00 of rate, charm = d delta/dt per year. See
/// docs/options-math.md.
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
    double Color);

/// <summary>Scalar Black-Scholes-Merton pricing for single contracts.</summary>
public static class BlackScholes
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    /// <summary>Standard normal CDF, via erfc so that tails keep relative precision.</summary>
    public static double NormCdf(double x) => 0.5 * SpecialFunctions.Erfc(-x / Constants.Sqrt2);

    public static double NormPdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    public static double Price(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol)
    {
        Validate(spot, strike, tYears, vol);
        var sqrtT = Math.Sqrt(tYears);
        var d1 = (Math.Log(spot / strike) + ((rate - div + (0.5 * vol * vol)) * tYears)) / (vol * sqrtT);
        var d2 = d1 - (vol * sqrtT);
        var dfq = Math.Exp(-div * tYears);
        var dfr = Math.Exp(-rate * tYears);
        return right == OptionRight.Call
            ? (spot * dfq * NormCdf(d1)) - (strike * dfr * NormCdf(d2))
            : (strike * dfr * NormCdf(-d2)) - (spot * dfq * NormCdf(-d1));
    }

    public static OptionGreeks Greeks(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol)
    {
        Validate(spot, strike, tYears, vol);
        var sqrtT = Math.Sqrt(tYears);
        var volSqrtT = vol * sqrtT;
        var d1 = (Math.Log(spot / strike) + ((rate - div + (0.5 * vol * vol)) * tYears)) / volSqrtT;
        var d2 = d1 - volSqrtT;
        var dfq = Math.Exp(-div * tYears);
        var dfr = Math.Exp(-rate * tYears);
        var pdf = NormPdf(d1);
        var isCall = right == OptionRight.Call;
        var nd1 = isCall ? NormCdf(d1) : -NormCdf(-d1);
        var nd2 = isCall ? NormCdf(d2) : -NormCdf(-d2);

        var price = (spot * dfq * nd1) - (strike * dfr * nd2);
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
        // color = d gamma / dt (calendar time passing).
        var color = -gamma * ((2 * div * tYears) + 1 + (d1 * ((2 * (rate - div) * tYears) - (d2 * volSqrtT)) / volSqrtT)) / (2 * tYears);
        return new OptionGreeks(price, delta, gamma, vega, theta, rho, vanna, charm, vomma, speed, zomma, color);
    }

    private static void Validate(double spot, double strike, double tYears, double vol)
    {
        if (!(spot > 0) || !double.IsFinite(spot))
        {
            throw new ArgumentOutOfRangeException(nameof(spot), spot, "spot must be finite and > 0");
        }
        if (!(strike > 0) || !double.IsFinite(strike))
        {
            throw new ArgumentOutOfRangeException(nameof(strike), strike, "strike must be finite and > 0");
        }
        if (!(tYears > 0) || !double.IsFinite(tYears))
        {
            throw new ArgumentOutOfRangeException(nameof(tYears), tYears, "tYears must be finite and > 0");
        }
        if (!(vol > 0) || !double.IsFinite(vol))
        {
            throw new ArgumentOutOfRangeException(nameof(vol), vol, "vol must be finite and > 0");
        }
    }
}
