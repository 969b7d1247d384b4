namespace SuperGnosis.Core.Options;

/// <summary>
/// Shape-preserving rational cubic interpolation of R. Delbourgo and J. A. Gregory, "Shape preserving
/// piecewise rational interpolation", SIAM J. Sci. Stat. Comput. 6 (1985), as used by Jäckel's
/// "Let's Be Rational" for the initial implied-volatility guesses. On [xl, xr] with values yl, yr,
/// slopes dl, dr and control parameter r (r = 3 gives the cubic Hermite interpolant):
/// y(t) = [yr t^3 + (r yr - h dr) t^2 (1-t) + (r yl + h dl) t (1-t)^2 + yl (1-t)^3] / [1 + (r-3) t (1-t)].
/// </summary>
internal static class RationalCubic
{
    private const double MinimumControl = -(1 - 1.4901161193847656e-08);
    private const double MaximumControl = 2 / (2.220446049250313e-16 * 2.220446049250313e-16);

    public static double Interpolate(double x, double xl, double xr, double yl, double yr, double dl, double dr, double r)
    {
        var h = xr - xl;
        if (Math.Abs(h) <= 0)
        {
            return 0.5 * (yl + yr);
        }
        var t = (x - xl) / h;
        if (!(r >= MaximumControl))
        {
            var omt = 1 - t;
            var t2 = t * t;
            var omt2 = omt * omt;
            return ((yr * t2 * t) + (((r * yr) - (h * dr)) * t2 * omt) + (((r * yl) + (h * dl)) * t * omt2) + (yl * omt2 * omt))
                / (1 + ((r - 3) * t * omt));
        }
        return (yr * t) + (yl * (1 - t));
    }

    /// <summary>Control parameter matching a given second derivative at the left end, but no less than shape preservation needs.</summary>
    public static double ConvexControlLeft(double xl, double xr, double yl, double yr, double dl, double dr, double secondLeft, bool preferShape)
    {
        var h = xr - xl;
        var numerator = (0.5 * h * secondLeft) + (dr - dl);
        double r;
        if (IsZero(numerator))
        {
            r = 0;
        }
        else
        {
            var denominator = ((yr - yl) / h) - dl;
            r = IsZero(denominator) ? (numerator > 0 ? MaximumControl : MinimumControl) : numerator / denominator;
        }
        return Math.Max(r, MinimumShapeControl(dl, dr, (yr - yl) / h, preferShape));
    }

    /// <summary>Control parameter matching a given second derivative at the right end, but no less than shape preservation needs.</summary>
    public static double ConvexControlRight(double xl, double xr, double yl, double yr, double dl, double dr, double secondRight, bool preferShape)
    {
        var h = xr - xl;
        var numerator = (0.5 * h * secondRight) + (dr - dl);
        double r;
        if (IsZero(numerator))
        {
            r = 0;
        }
        else
        {
            var denominator = dr - ((yr - yl) / h);
            r = IsZero(denominator) ? (numerator > 0 ? MaximumControl : MinimumControl) : numerator / denominator;
        }
        return Math.Max(r, MinimumShapeControl(dl, dr, (yr - yl) / h, preferShape));
    }

    /// <summary>Smallest control parameter that keeps the interpolant monotone and convex/concave where the data are (Delbourgo-Gregory (3.8), (3.18)).</summary>
    private static double MinimumShapeControl(double dl, double dr, double slope, bool preferShape)
    {
        var monotonic = dl * slope >= 0 && dr * slope >= 0;
        var convex = dl <= slope && slope <= dr;
        var concave = dl >= slope && slope >= dr;
        if (!monotonic && !convex && !concave)
        {
            return MinimumControl;
        }
        var drMinusDl = dr - dl;
        var drMinusS = dr - slope;
        var sMinusDl = slope - dl;
        double r1 = -double.MaxValue, r2 = -double.MaxValue;
        if (monotonic)
        {
            if (!IsZero(slope))
            {
                r1 = (dr + dl) / slope;
            }
            else if (preferShape)
            {
                r1 = MaximumControl;
            }
        }
        if (convex || concave)
        {
            if (!(IsZero(sMinusDl) || IsZero(drMinusS)))
            {
                r2 = Math.Max(Math.Abs(drMinusDl / drMinusS), Math.Abs(drMinusDl / sMinusDl));
            }
            else if (preferShape)
            {
                r2 = MaximumControl;
            }
        }
        else if (monotonic && preferShape)
        {
            r2 = MaximumControl;
        }
        return Math.Max(MinimumControl, Math.Max(r1, r2));
    }

    private static bool IsZero(double x) => Math.Abs(x) < 2.2250738585072014e-308; // DBL_MIN
}
