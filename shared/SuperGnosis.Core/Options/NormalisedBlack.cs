namespace SuperGnosis.Core.Options;

/// <summary>
/// The normalised Black function of P. Jäckel, "Let's Be Rational" (Wilmott, 2015):
/// b(x, s) = theta [ e^{x/2} Phi(theta (x/s + s/2)) - e^{-x/2} Phi(theta (x/s - s/2)) ],
/// with x = ln(F/K), s = sigma sqrt(T), theta = +1 for calls and -1 for puts. An undiscounted price is
/// sqrt(F K) b(x, s). It is evaluated to near machine relative precision in every region: in-the-money
/// options go through put-call parity to the out-of-the-money one, and the out-of-the-money call
/// (x &lt;= 0) is computed in one of three ways, see <see cref="OtmCall"/> and docs/options-math.md.
/// </summary>
internal static class NormalisedBlack
{
    /// <summary>Below t = s/2 of this the small-t Taylor expansion is used (Jäckel's threshold 2 * eps^(1/16)).</summary>
    internal const double SmallTThreshold = 0.21022410381342863;

    /// <summary>b(x, s) for a call (theta = +1) or put (theta = -1). s &lt;= 0 gives the intrinsic value.</summary>
    public static double Value(double x, double s, double theta)
    {
        // A put at x is a call at -x: b_put(x, s) = b_call(-x, s).
        var xc = theta < 0 ? -x : x;
        if (xc > 0)
        {
            return IntrinsicCall(xc) + OtmCall(-xc, s);
        }
        return OtmCall(xc, s);
    }

    /// <summary>Normalised intrinsic value of a call, max(e^{x/2} - e^{-x/2}, 0) = 2 sinh(x/2) for x &gt; 0.</summary>
    public static double IntrinsicCall(double x) => x > 0 ? 2 * Math.Sinh(0.5 * x) : 0;

    /// <summary>Normalised intrinsic value for either right.</summary>
    public static double Intrinsic(double x, double theta) => IntrinsicCall(theta < 0 ? -x : x);

    /// <summary>db/ds = phi(x/s + s/2) e^{x/2} = exp(-(h^2 + t^2)/2) / sqrt(2 pi), h = x/s, t = s/2; the same for calls and puts.</summary>
    public static double Vega(double x, double s)
    {
        if (!(s > 0))
        {
            // Limit s -> 0: phi(0) at the money, 0 otherwise.
            return x == 0 ? NormalDistribution.InvSqrt2Pi : 0;
        }
        var h = x / s;
        var t = 0.5 * s;
        return NormalDistribution.InvSqrt2Pi * Math.Exp(-0.5 * ((h * h) + (t * t)));
    }

    /// <summary>
    /// Out-of-the-money (x &lt;= 0) normalised call. With h = x/s &lt;= 0, t = s/2 and the Mills ratio
    /// M(u) = Phi(-u)/phi(u), b = phi(0) exp(-(h^2+t^2)/2) [M(-h-t) - M(-h+t)] exactly. Regions:
    /// (1) t &lt; 0.21 and -h &lt; 1/(2t): Taylor series of the Mills-ratio difference in t (odd powers,
    /// derivatives from M' = uM - 1, M^(k+1) = k M^(k-1) + u M^(k)), which avoids the cancellation
    /// between the two Black terms; (2) h + t &gt; 0.85: the plain formula, its first term dominating;
    /// (3) otherwise the difference of two erfcx values (W. J. Cody), which never under- or overflows.
    /// </summary>
    internal static double OtmCall(double x, double s) => OtmCallAndVega(x, s, out _);

    /// <summary><see cref="OtmCall"/> and <see cref="Vega"/> together, sharing exp(-(h^2+t^2)/2).</summary>
    internal static double OtmCallAndVega(double x, double s, out double vega)
    {
        if (!(s > 0))
        {
            vega = x == 0 ? NormalDistribution.InvSqrt2Pi : 0;
            return 0;
        }
        var h = x / s;
        var t = 0.5 * s;
        var u = -h;
        var gauss = Math.Exp(-0.5 * ((h * h) + (t * t)));
        vega = NormalDistribution.InvSqrt2Pi * gauss;
        if (t < SmallTThreshold && u * t < 0.5)
        {
            return 2 * NormalDistribution.InvSqrt2Pi * gauss * SmallTSeries(u, t);
        }
        if (h + t > 0.85)
        {
            return (Math.Exp(0.5 * x) * NormalDistribution.Cdf(h + t)) - (Math.Exp(-0.5 * x) * NormalDistribution.Cdf(h - t));
        }
        var a = NormalDistribution.Erfcx(-NormalDistribution.InvSqrt2 * (h + t));
        var b = NormalDistribution.Erfcx(-NormalDistribution.InvSqrt2 * (h - t));
        return 0.5 * gauss * (a - b);
    }

    /// <summary>
    /// The series sum_{k odd} -M^(k)(u) t^k / k!, u = -h &gt;= 0, with b = 2 phi(0) exp(-(u^2+t^2)/2) * series. The terms
    /// decay like (t/u)^k / u for large u and like t^k / sqrt(k!) for small u; summed until negligible.
    /// </summary>
    private static double SmallTSeries(double u, double t)
    {
        // M(u) = sqrt(pi/2) erfcx(u / sqrt 2).
        var m0 = 1.2533141373155002512 * NormalDistribution.Erfcx(NormalDistribution.InvSqrt2 * u);
        var m1 = (u * m0) - 1;
        var sum = -m1 * t;
        var t2 = t * t;
        var power = t; // t^k / k!
        double mPrev = m0, mCur = m1;
        for (var k = 1; k < 40; k += 2)
        {
            // Advance two orders: M^(k+1) = k M^(k-1) + u M^(k); M^(k+2) = (k+1) M^(k) + u M^(k+1).
            var mNext = (k * mPrev) + (u * mCur);
            var mNext2 = ((k + 1) * mCur) + (u * mNext);
            power *= t2 / ((k + 1) * (k + 2));
            var term = -mNext2 * power;
            sum += term;
            mPrev = mNext;
            mCur = mNext2;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }
        return sum;
    }
}
