namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// Breakevens as the boundary points of the profit region {P &gt; 0} on a sampled profit curve (knots of a
/// piecewise-linear payoff, or a grid): a strict sign change inside a cell is a root found by
/// <c>rootInCell(i)</c> (cell [x_i, x_{i+1}]); a run of exact zeros between a loss and a profit gives one
/// breakeven at the run's end on the profit side; a zero run between two regions of the same sign (a touch) gives
/// none; a zero run at either end counts as the loss side. Ascending, S &gt; 0. Callers snap values within
/// <see cref="ZeroTolerance"/> of zero to zero first.
/// </summary>
internal static class BreakevenScan
{
    public static List<double> Boundaries(IReadOnlyList<double> x, IReadOnlyList<double> v, Func<int, double> rootInCell)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(rootInCell);
        var roots = new List<double>();
        var lastSign = 0;
        var zeroRunStart = -1;
        for (var i = 0; i < v.Count; i++)
        {
            if (v[i] == 0)
            {
                if (zeroRunStart < 0)
                {
                    zeroRunStart = i;
                }
                continue;
            }
            var sign = v[i] > 0 ? 1 : -1;
            if (zeroRunStart >= 0)
            {
                // Zero run [zeroRunStart, i - 1]; a leading run (lastSign 0) counts as the loss side.
                if (sign > 0 && lastSign <= 0)
                {
                    Add(roots, x[i - 1]);
                }
                else if (sign < 0 && lastSign > 0)
                {
                    Add(roots, x[zeroRunStart]);
                }
                zeroRunStart = -1;
            }
            else if (lastSign != 0 && sign != lastSign)
            {
                Add(roots, rootInCell(i - 1));
            }
            lastSign = sign;
        }
        if (zeroRunStart >= 0 && lastSign > 0)
        {
            Add(roots, x[zeroRunStart]);
        }
        return roots;
    }

    /// <summary>
    /// Rounding tolerance for "exactly zero" profit: 1e-12 x the position's notional sum |sign qty m| max(K, fill, 1).
    /// Far below a cent per unit, far above the rounding of the payoff sums.
    /// </summary>
    public static double ZeroTolerance(IReadOnlyList<PricedLeg> legs)
    {
        ArgumentNullException.ThrowIfNull(legs);
        var notional = 0.0;
        foreach (var leg in legs)
        {
            var price = leg.IsOption ? Math.Max(leg.Strike, leg.Fill) : leg.Fill;
            notional += Math.Abs(leg.SignedShares) * Math.Max(price, 1);
        }
        return 1e-12 * notional;
    }

    private static void Add(List<double> roots, double x)
    {
        if (x > 0 && (roots.Count == 0 || roots[^1] < x))
        {
            roots.Add(x);
        }
    }
}
