using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>Result of an implied-volatility solve: NaN volatility unless <see cref="Status"/> is Ok.</summary>
public readonly record struct ImpliedVolResult(OptionStatus Status, double Volatility, int Iterations)
{
    public bool IsOk => Status == OptionStatus.Ok;

    internal static ImpliedVolResult Fail(OptionStatus status) => new(status, double.NaN, 0);
}

/// <summary>
/// European implied volatility by P. Jäckel's "Let's Be Rational" (Wilmott 2015, pp. 40-53): the
/// price is normalised to beta = P / (e^{-rT} sqrt(F K)) on the out-of-the-money side, an initial
/// guess for s = sigma sqrt(T) comes from one of four rational-cubic branches (lowest and highest in
/// transformed coordinates), and Householder steps of order 3 on branch-specific objectives
/// (1/ln b in the lowest, ln(b_max - b) in the highest, b otherwise) converge to machine precision
/// in two iterations. Never throws: invalid input gives a status.
/// </summary>
public static class ImpliedVolatility
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>Iterations stop once a step is below this fraction of s (the next one would be ~1e-24 s).</summary>
    private const double StepTolerance = 1e-5;

    private const int MaxIterations = 10;

    /// <summary>Implied volatility of a European option from its price, spot, strike, time, rate and dividend yield.</summary>
    public static ImpliedVolResult European(OptionRight right, double price, double spot, double strike, double tYears, double rate, double div)
    {
        if (!double.IsFinite(price) || !double.IsFinite(spot) || !double.IsFinite(strike) || !double.IsFinite(tYears)
            || !double.IsFinite(rate) || !double.IsFinite(div))
        {
            return ImpliedVolResult.Fail(OptionStatus.NonFiniteInput);
        }
        if (!(spot > 0))
        {
            return ImpliedVolResult.Fail(OptionStatus.NonPositiveSpot);
        }
        if (!(strike > 0))
        {
            return ImpliedVolResult.Fail(OptionStatus.NonPositiveStrike);
        }
        if (!(tYears > 0))
        {
            return ImpliedVolResult.Fail(OptionStatus.NonPositiveTime);
        }
        if (!(price > 0))
        {
            return ImpliedVolResult.Fail(OptionStatus.NonPositivePrice);
        }
        var dfr = Math.Exp(-rate * tYears);
        var dfq = Math.Exp(-div * tYears);
        var x = BlackScholes.LogMoneyness(spot, strike) + ((rate - div) * tYears);
        var beta = price / Math.Sqrt(spot * dfq * strike * dfr);
        var status = Normalised(beta, x, right == OptionRight.Call ? 1 : -1, out var s, out var iterations);
        return status == OptionStatus.Ok
            ? new ImpliedVolResult(OptionStatus.Ok, s / Math.Sqrt(tYears), iterations)
            : ImpliedVolResult.Fail(status);
    }

    /// <summary>
    /// Batch European implied volatility over spans: one Let's Be Rational solve per row, NaN and a
    /// status for rows that cannot be solved; never throws for bad rows (only for mismatched spans).
    /// </summary>
    public static void EuropeanBatch(ReadOnlySpan<OptionRight> right, ReadOnlySpan<double> price, ReadOnlySpan<double> spot,
        ReadOnlySpan<double> strike, ReadOnlySpan<double> tYears, ReadOnlySpan<double> rate, ReadOnlySpan<double> div,
        Span<double> vol, Span<OptionStatus> status)
    {
        var n = right.Length;
        if (price.Length != n || spot.Length != n || strike.Length != n || tYears.Length != n || rate.Length != n || div.Length != n
            || vol.Length < n || status.Length < n)
        {
            throw new ArgumentException("input spans must have the same length and outputs at least that length");
        }
        for (var i = 0; i < n; i++)
        {
            var result = European(right[i], price[i], spot[i], strike[i], tYears[i], rate[i], div[i]);
            vol[i] = result.Volatility;
            status[i] = result.Status;
        }
    }

    /// <summary>
    /// Solves b(x, s) = beta for s = sigma sqrt(T), with x = ln(F/K) and theta = +1 (call) or -1 (put).
    /// </summary>
    public static OptionStatus Normalised(double beta, double x, double theta, out double s, out int iterations)
    {
        s = double.NaN;
        iterations = 0;
        if (!double.IsFinite(beta) || !double.IsFinite(x))
        {
            return OptionStatus.NonFiniteInput;
        }
        // Upper bound: a call is worth less than e^{x/2} (i.e. S e^{-qT}), a put less than e^{-x/2} (K e^{-rT}).
        var ax = Math.Abs(x);
        var eHalf = Math.Exp(0.5 * ax);
        var inTheMoney = theta * x > 0;
        var bound = inTheMoney ? eHalf : 1 / eHalf;
        if (beta >= bound)
        {
            return OptionStatus.PriceAboveMaximum;
        }
        // Intrinsic 2 sinh(|x|/2) to an ulp: deep in the money the time value is beta minus this, so its error counts fully.
        var intrinsic = inTheMoney ? 2 * Math.Sinh(0.5 * ax) : 0;
        if (beta <= intrinsic)
        {
            return OptionStatus.PriceBelowIntrinsic;
        }
        // In-the-money -> out-of-the-money by put-call parity; then a put at x is a call at -x.
        if (inTheMoney)
        {
            beta -= intrinsic;
            theta = -theta;
        }
        if (theta < 0)
        {
            x = -x;
        }
        s = UncheckedOtmCall(beta, x, 1 / eHalf, out iterations);
        return double.IsFinite(s) && s > 0 ? OptionStatus.Ok : OptionStatus.NotConverged;
    }

    /// <summary>LBR core for an out-of-the-money call: x &lt;= 0, 0 &lt; beta &lt; e^{x/2}.</summary>
    private static double UncheckedOtmCall(double beta, double x, double bMax, out int iterations)
    {
        iterations = 0;
        var sc = Math.Sqrt(2 * Math.Abs(x));
        var bc = NormalisedBlack.OtmCallAndVega(x, sc, out var vc);
        double s, sLeft = double.Epsilon, sRight = double.MaxValue;
        var branch = Branch.Middle;
        if (beta < bc)
        {
            var sl = sc - (bc / vc);
            var bl = NormalisedBlack.OtmCallAndVega(x, sl, out var vl);
            if (beta < bl)
            {
                LowerMap(x, sl, out var fl, out var dfl, out var d2fl);
                var rll = RationalCubic.ConvexControlRight(0, bl, 0, fl, 1, dfl, d2fl, true);
                var f = RationalCubic.Interpolate(beta, 0, bl, 0, fl, 1, dfl, rll);
                if (!(f > 0))
                {
                    var t = beta / bl;
                    f = ((fl * t) + (bl * (1 - t))) * t;
                }
                s = InverseLowerMap(x, f);
                sRight = sl;
                branch = Branch.Lowest;
            }
            else
            {
                var rlm = RationalCubic.ConvexControlRight(bl, bc, sl, sc, 1 / vl, 1 / vc, 0, false);
                s = RationalCubic.Interpolate(beta, bl, bc, sl, sc, 1 / vl, 1 / vc, rlm);
                sLeft = sl;
                sRight = sc;
            }
        }
        else
        {
            var sh = vc > double.Epsilon ? sc + ((bMax - bc) / vc) : sc;
            var bh = NormalisedBlack.OtmCallAndVega(x, sh, out var vh);
            if (beta <= bh)
            {
                var rhm = RationalCubic.ConvexControlLeft(bc, bh, sc, sh, 1 / vc, 1 / vh, 0, false);
                s = RationalCubic.Interpolate(beta, bc, bh, sc, sh, 1 / vc, 1 / vh, rhm);
                sLeft = sc;
                sRight = sh;
            }
            else
            {
                UpperMap(x, sh, out var fh, out var dfh, out var d2fh);
                var f = double.NaN;
                if (double.IsFinite(d2fh))
                {
                    var rhh = RationalCubic.ConvexControlLeft(bh, bMax, fh, 0, dfh, -0.5, d2fh, true);
                    f = RationalCubic.Interpolate(beta, bh, bMax, fh, 0, dfh, -0.5, rhh);
                }
                if (!(f > 0))
                {
                    var hh = bMax - bh;
                    var t = (beta - bh) / hh;
                    f = ((fh * (1 - t)) + (0.5 * hh * t)) * (1 - t);
                }
                s = -2 * NormalDistribution.InverseCdfApprox(f);
                sLeft = sh;
                branch = Branch.Highest;
            }
        }
        if (!(s > 0) || !double.IsFinite(s))
        {
            s = sc > 0 ? sc : 1;
        }

        var lnBeta = Math.Log(beta);
        for (var i = 0; i < MaxIterations; i++)
        {
            iterations++;
            var b = NormalisedBlack.OtmCallAndVega(x, s, out var bp);
            if (b > beta && s < sRight)
            {
                sRight = s;
            }
            else if (b < beta && s > sLeft)
            {
                sLeft = s;
            }
            double ds;
            if (b <= 0 || bp <= 0 || (branch == Branch.Highest && b >= bMax))
            {
                ds = Bisect(sLeft, sRight, s);
            }
            else
            {
                var h = x / s;
                // b''/b' = h^2/s - s/4 and b'''/b' = (b''/b')^2 - 3 (h/s)^2 - 1/4, for b' the normalised vega.
                var bHalley = (h * h / s) - (0.25 * s);
                var bHh3 = (bHalley * bHalley) - (3 * (h / s) * (h / s)) - 0.25;
                double newton, halley, hh3;
                switch (branch)
                {
                    case Branch.Lowest:
                    {
                        // Objective g = 1/ln b - 1/ln beta.
                        var lnB = Math.Log(b);
                        var bpob = bp / b;
                        var lambda = 1 / lnB;
                        newton = (lnBeta - lnB) * lnB / lnBeta / bpob;
                        halley = bHalley - (bpob * (1 + (2 * lambda)));
                        hh3 = bHh3 + (bpob * ((2 * bpob * (1 + (3 * lambda * (1 + lambda)))) - (3 * bHalley * (1 + (2 * lambda)))));
                        break;
                    }
                    case Branch.Highest:
                    {
                        // Objective g = ln(b_max - beta) - ln(b_max - b).
                        var gap = bMax - b;
                        var g = Math.Log((bMax - beta) / gap);
                        var gp = bp / gap;
                        newton = -g / gp;
                        halley = bHalley + gp;
                        hh3 = bHh3 + (gp * ((2 * gp) + (3 * bHalley)));
                        break;
                    }
                    default:
                        newton = (beta - b) / bp;
                        halley = bHalley;
                        hh3 = bHh3;
                        break;
                }
                ds = newton * (1 + (0.5 * halley * newton)) / (1 + (newton * (halley + (hh3 * newton / 6))));
                if (!double.IsFinite(ds) || s + ds < sLeft || s + ds > sRight)
                {
                    // A step leaving the bracket (only possible far from the root) is replaced by bisection.
                    ds = Bisect(sLeft, sRight, s);
                }
            }
            s += ds;
            if (Math.Abs(ds) <= StepTolerance * s || sRight - sLeft <= 4 * Eps * s)
            {
                return s;
            }
        }
        // Ten Householder/bisection steps without the step shrinking is a failure signal.
        return double.NaN;
    }

    private static double Bisect(double sLeft, double sRight, double s)
    {
        if (sRight >= double.MaxValue)
        {
            return s; // unbounded bracket: double s
        }
        return (0.5 * (sLeft + sRight)) - s;
    }

    /// <summary>
    /// Lower map f(beta) = (2 pi |x| / sqrt 27) Phi(-z)^3 with z = |x| / (sqrt 3 s), and df/dbeta, d2f/dbeta2
    /// (derivatives in s divided by the normalised vega).
    /// </summary>
    internal static void LowerMap(double x, double s, out double f, out double fp, out double fpp)
    {
        var ax = Math.Abs(x);
        var z = ax / (1.7320508075688772 * s);
        var y = z * z;
        var phiCdf = NormalDistribution.Cdf(-z);
        var phi2 = phiCdf * phiCdf;
        f = 1.2091995761561452 * ax * phi2 * phiCdf;
        fp = 2 * Math.PI * y * phi2 * Math.Exp(y + (0.125 * s * s));
        var vega = NormalisedBlack.Vega(x, s);
        // d ln fp / ds = -2/s - 2y/s + s/4 + 2 phi(z) z / (s Phi(-z)).
        var dlnfp = (-2 / s) - (2 * y / s) + (0.25 * s) + (2 * NormalDistribution.Pdf(z) * z / (s * phiCdf));
        fpp = fp * dlnfp / vega;
        if (!double.IsFinite(fpp))
        {
            fpp = 0;
        }
    }

    private static double InverseLowerMap(double x, double f)
    {
        var ax = Math.Abs(x);
        var p = Math.Cbrt(f / (1.2091995761561452 * ax));
        return Math.Abs(x / (1.7320508075688772 * NormalDistribution.InverseCdfApprox(p)));
    }

    /// <summary>Upper map f(beta) = Phi(-s/2), df/dbeta = -exp(w/2)/2 and d2f/dbeta2 = sqrt(pi/2) exp(w + s^2/8) w / s, w = (x/s)^2.</summary>
    internal static void UpperMap(double x, double s, out double f, out double fp, out double fpp)
    {
        f = NormalDistribution.Cdf(-0.5 * s);
        var w = (x / s) * (x / s);
        fp = -0.5 * Math.Exp(0.5 * w);
        fpp = 1.2533141373155002512 * Math.Exp(w + (0.125 * s * s)) * w / s;
    }

    private enum Branch
    {
        Lowest,
        Middle,
        Highest,
    }
}
