using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// Profit of a multi-expiry position (calendar) at the front expiry T1: legs expiring at T1 pay their
/// intrinsic value; every later leg is priced by Black-Scholes-Merton with the remaining time
/// T_leg - T1 at its current implied vol (sticky strike: the vol of each strike is unchanged when the
/// underlying moves) and the configured rate and dividend yield. The value is smooth except at the
/// front strikes, so max profit, max loss and breakevens are found numerically on
/// [0, <see cref="UpperBound"/>]: a uniform grid plus every strike, golden-section refinement of each
/// extreme inside its two neighbouring cells, and bisection of every sign change to 1e-12 relative (breakevens are the boundaries of {P &gt; 0}, see <see cref="BreakevenScan"/>).
/// Outside the domain nothing is claimed (documented in docs/trade-agent.md).
/// </summary>
internal sealed class CalendarPayoff : IPayoffModel
{
    private readonly PricedLeg[] _legs;
    private readonly double[] _remaining;
    private readonly double _rate;
    private readonly double _div;
    private readonly int _gridPoints;

    public CalendarPayoff(IReadOnlyList<PricedLeg> legs, double rate, double div, double upperBound, int gridPoints)
    {
        ArgumentNullException.ThrowIfNull(legs);
        if (legs.Count == 0 || legs.Any(l => !l.IsOption))
        {
            throw new ArgumentException("a calendar needs option legs only", nameof(legs));
        }
        if (!(upperBound > 0) || !double.IsFinite(upperBound))
        {
            throw new ArgumentOutOfRangeException(nameof(upperBound), upperBound, "upper bound must be finite and > 0");
        }
        _legs = [.. legs];
        FrontYears = _legs.Min(l => l.YearsToExpiry);
        _remaining = [.. _legs.Select(l => l.YearsToExpiry - FrontYears)];
        _rate = rate;
        _div = div;
        UpperBound = upperBound;
        _gridPoints = Math.Max(gridPoints, 11);
        Cost = _legs.Sum(l => l.SignedShares * l.Fill);
    }

    public double Cost { get; }

    /// <summary>Years from as-of to the front expiry, the valuation date.</summary>
    public double FrontYears { get; }

    /// <summary>Strikes of the legs (the front strikes are the kinks of the valuation).</summary>
    public IReadOnlyList<double> Strikes => [.. _legs.Select(l => l.Strike)];

    /// <summary>Upper end of the price domain searched for extremes and breakevens.</summary>
    public double UpperBound { get; }

    public double ProfitAt(double s)
    {
        var value = 0.0;
        for (var i = 0; i < _legs.Length; i++)
        {
            value += _legs[i].SignedShares * LegValue(_legs[i], _remaining[i], s);
        }
        return value - Cost;
    }

    private double LegValue(in PricedLeg leg, double tau, double s)
    {
        if (tau <= 0)
        {
            return leg.ExpiryValue(s);
        }
        if (s <= 0)
        {
            return leg.Instrument == Contracts.InstrumentType.Put ? leg.Strike * Math.Exp(-_rate * tau) : 0;
        }
        return BlackScholes.PriceUnchecked(leg.Right, s, leg.Strike, tau, _rate, _div, leg.ImpliedVol);
    }

    public PayoffSummary Summarize(double stressPrice)
    {
        var grid = Grid();
        var values = new double[grid.Length];
        int iMin = 0, iMax = 0;
        for (var i = 0; i < grid.Length; i++)
        {
            values[i] = ProfitAt(grid[i]);
            if (values[i] < values[iMin])
            {
                iMin = i;
            }
            if (values[i] > values[iMax])
            {
                iMax = i;
            }
        }
        var max = Refine(grid, values, iMax, maximize: true);
        var min = Refine(grid, values, iMin, maximize: false);
        var tolerance = BreakevenScan.ZeroTolerance(_legs);
        var snapped = values.Select(value => Math.Abs(value) <= tolerance ? 0 : value).ToArray();
        var roots = BreakevenScan.Boundaries(grid, snapped, i => Bisect(grid[i], grid[i + 1], snapped[i]));
        return new PayoffSummary(Cost, Math.Max(0, -min), false, max, roots);
    }

    /// <summary>Uniform points on [0, upper bound] merged with the strikes, ascending and distinct.</summary>
    public double[] Grid()
    {
        var points = new List<double>(_gridPoints + _legs.Length);
        for (var i = 0; i < _gridPoints; i++)
        {
            points.Add(UpperBound * i / (_gridPoints - 1));
        }
        foreach (var leg in _legs)
        {
            if (leg.Strike < UpperBound)
            {
                points.Add(leg.Strike);
            }
        }
        points.Sort();
        return [.. points.Distinct()];
    }

    private double Refine(double[] grid, double[] values, int i, bool maximize)
    {
        var best = values[i];
        if (i == 0 || i == grid.Length - 1)
        {
            return best;
        }
        var sign = maximize ? 1.0 : -1.0;
        double a = grid[i - 1], b = grid[i + 1];
        const double InvPhi = 0.6180339887498949;
        var c = b - (InvPhi * (b - a));
        var d = a + (InvPhi * (b - a));
        var fc = sign * ProfitAt(c);
        var fd = sign * ProfitAt(d);
        for (var k = 0; k < 200 && b - a > 1e-12 * Math.Max(1, b); k++)
        {
            if (fc > fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - (InvPhi * (b - a));
                fc = sign * ProfitAt(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + (InvPhi * (b - a));
                fd = sign * ProfitAt(d);
            }
        }
        // Golden section brackets an extreme of a unimodal cell; never report less than the best grid value.
        var refined = sign * Math.Max(fc, fd);
        return maximize ? Math.Max(best, refined) : Math.Min(best, refined);
    }

    private double Bisect(double a, double b, double fa)
    {
        for (var k = 0; k < 200 && b - a > 1e-12 * Math.Max(1, b); k++)
        {
            var m = 0.5 * (a + b);
            var fm = ProfitAt(m);
            if (fm == 0)
            {
                return m;
            }
            if ((fm < 0) == (fa < 0))
            {
                a = m;
                fa = fm;
            }
            else
            {
                b = m;
            }
        }
        return 0.5 * (a + b);
    }
}
