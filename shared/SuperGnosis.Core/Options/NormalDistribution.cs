namespace SuperGnosis.Core.Options;

/// <summary>
/// Standard normal distribution and error functions to (near) machine precision, in both tails.
/// erf / erfc / erfcx follow W. J. Cody, "Rational Chebyshev approximations for the error function",
/// Math. Comp. 23 (1969) 631-638 (the SPECFUN CALERF coefficients, which approximate to at least 18
/// significant digits): |x| &lt;= 0.46875 erf by R(x^2); 0.46875 &lt; |x| &lt;= 4 erfcx by a (8,8)
/// rational function; |x| &gt; 4 erfcx by an asymptotic rational function of 1/x^2. exp(-x^2) is
/// evaluated as exp(-x0^2) exp(-(x-x0)(x+x0)) with x0 = x rounded down to 1/16, which keeps the
/// tail relative error at a few ulps (the product x*x would otherwise lose up to x^2 ulps).
/// </summary>
internal static class NormalDistribution
{
    public const double InvSqrt2Pi = 0.398942280401432677939946059934;
    public const double Sqrt2Pi = 2.50662827463100050241576528481;
    public const double InvSqrt2 = 0.707106781186547524400844362105;
    private const double InvSqrtPi = 0.56418958354775628695;

    private static readonly double[] A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
    private static readonly double[] B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
    private static readonly double[] C =
    [
        0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
        1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
    ];
    private static readonly double[] D =
    [
        15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
        4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
    ];
    private static readonly double[] P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
    private static readonly double[] Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];

    /// <summary>Standard normal density phi(x).</summary>
    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// Standard normal CDF Phi(x) with full relative precision in the lower tail: for x &lt; -0.66,
    /// Phi(x) = erfcx(-x/sqrt 2) exp(-x^2/2) / 2 with exp(-x^2/2) formed from the exact x (scaling x by
    /// 1/sqrt 2 first would cost x^2 ulps of relative precision). Underflows to 0 below about -38.5.
    /// </summary>
    public static double Cdf(double x)
    {
        if (!(x < -0.66))
        {
            return 0.5 * Erfc(-x * InvSqrt2);
        }
        var y = -x * InvSqrt2;
        return y <= 4 ? 0.5 * MidErfcx(y) * ExpMinusHalfSquare(x) : 0.5 * TailErfcx(y) * ExpMinusHalfSquare(x);
    }

    /// <summary>erf(x).</summary>
    public static double Erf(double x)
    {
        var y = Math.Abs(x);
        if (y <= 0.46875)
        {
            return x * SmallRatio(y * y);
        }
        var r = 1 - (y <= 4 ? ExpMinusSquare(y) * MidErfcx(y) : y >= 26.543 ? 0 : ExpMinusSquare(y) * TailErfcx(y));
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) = 1 - erf(x), accurate in relative terms for large positive x (underflows to 0 at x &gt;= 26.543).</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        var y = Math.Abs(x);
        double r;
        if (y <= 0.46875)
        {
            return 1 - (x * SmallRatio(y * y));
        }
        else if (y <= 4)
        {
            r = ExpMinusSquare(y) * MidErfcx(y);
        }
        else
        {
            r = y >= 26.543 ? 0 : ExpMinusSquare(y) * TailErfcx(y);
        }
        return x < 0 ? 2 - r : r;
    }

    /// <summary>Scaled complementary error function erfcx(x) = exp(x^2) erfc(x).</summary>
    public static double Erfcx(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        var y = Math.Abs(x);
        if (y <= 0.46875)
        {
            var xsq = x * x;
            return Math.Exp(xsq) * (1 - (x * SmallRatio(xsq)));
        }
        double r;
        r = y <= 4 ? MidErfcx(y) : TailErfcx(y);
        if (x >= 0)
        {
            return r;
        }
        if (x < -26.628)
        {
            return double.PositiveInfinity;
        }
        // erfcx(-y) = 2 exp(y^2) - erfcx(y).
        return (2 / ExpMinusSquare(y)) - r;
    }

    /// <summary>
    /// Inverse standard normal CDF. P. J. Acklam's rational approximation (relative error below
    /// 1.2e-9) followed by one Halley step on the exact <see cref="Cdf"/>, which brings it to a few ulps.
    /// Returns -inf / +inf at 0 / 1 and NaN outside [0, 1].
    /// </summary>
    public static double InverseCdf(double p)
    {
        var x = InverseCdfApprox(p);
        if (!double.IsFinite(x))
        {
            return x;
        }
        // One Halley step on f(x) = Phi(x) - p, worked in the tail where the value is small.
        var e = x <= 0 ? Cdf(x) - p : (1 - p) - Cdf(-x);
        var u = e * Sqrt2Pi * Math.Exp(0.5 * x * x);
        return x - (u / (1 + (0.5 * x * u)));
    }

    /// <summary>Acklam's rational approximation alone (relative error below 1.2e-9); enough for initial guesses.</summary>
    internal static double InverseCdfApprox(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            return double.NaN;
        }
        if (p == 0)
        {
            return double.NegativeInfinity;
        }
        if (p == 1)
        {
            return double.PositiveInfinity;
        }
        const double pLow = 0.02425;
        double x;
        if (p < pLow)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((-7.784894002430293e-03 * q) - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00;
            x /= ((((7.784695709041462e-03 * q) + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1;
        }
        else if (p <= 1 - pLow)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((-3.969683028665376e+01 * r) + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00;
            x = x * q / ((((((-5.447609879822406e+01 * r) + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -((((((-7.784894002430293e-03 * q) - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00);
            x /= ((((7.784695709041462e-03 * q) + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1;
        }
        return x;
    }

    /// <summary>(erf(y)/y) on |y| &lt;= 0.46875 as a rational function of y^2.</summary>
    private static double SmallRatio(double ysq)
    {
        var num = A[4] * ysq;
        var den = ysq;
        for (var i = 0; i < 3; i++)
        {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /// <summary>erfcx(y) on 0.46875 &lt; y &lt;= 4.</summary>
    private static double MidErfcx(double y)
    {
        var num = C[8] * y;
        var den = y;
        for (var i = 0; i < 7; i++)
        {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        return (num + C[7]) / (den + D[7]);
    }

    /// <summary>erfcx(y) on y &gt; 4.</summary>
    private static double TailErfcx(double y)
    {
        if (y >= 6.71e7)
        {
            return InvSqrtPi / y;
        }
        var ysq = 1 / (y * y);
        var num = P[5] * ysq;
        var den = ysq;
        for (var i = 0; i < 4; i++)
        {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }
        var r = ysq * (num + P[4]) / (den + Q[4]);
        return (InvSqrtPi - r) / y;
    }

    /// <summary>exp(-x^2/2) without the rounding error of x*x (x0 = x rounded to 1/16 squares exactly).</summary>
    internal static double ExpMinusHalfSquare(double x)
    {
        var ax = Math.Abs(x);
        if (ax > 64)
        {
            return 0;
        }
        var x0 = Math.Floor(ax * 16) / 16;
        var del = (ax - x0) * (ax + x0);
        return Math.Exp(-0.5 * x0 * x0) * Math.Exp(-0.5 * del);
    }

    /// <summary>exp(-y^2) without the rounding error of forming y*y: y0 = floor(16 y)/16 is exact.</summary>
    private static double ExpMinusSquare(double y)
    {
        var y0 = Math.Floor(y * 16) / 16;
        var del = (y - y0) * (y + y0);
        return Math.Exp(-y0 * y0) * Math.Exp(-del);
    }
}
