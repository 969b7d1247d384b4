using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Tests.Agents.Trading;

/// <summary>
/// Independent brute-force evaluation of a position's profit at expiry on a dense grid: written from the
/// payoff definitions, not from <see cref="ExpiryPayoff"/>.
/// </summary>
internal static class BruteForcePayoff
{
    public static double Profit(IReadOnlyList<PricedLeg> legs, double s)
    {
        var value = 0.0;
        var cost = 0.0;
        foreach (var leg in legs)
        {
            var units = (leg.Direction == LegDirection.Buy ? 1.0 : -1.0) * leg.Qty * leg.Multiplier;
            var payoff = leg.Instrument switch
            {
                InstrumentType.Call => s > leg.Strike ? s - leg.Strike : 0,
                InstrumentType.Put => s < leg.Strike ? leg.Strike - s : 0,
                _ => s,
            };
            value += units * payoff;
            cost += units * leg.Fill;
        }
        return value - cost;
    }

    /// <summary>0, every strike, 20,000 uniform points to 3 x the largest strike, and far points up to 100 x.</summary>
    public static double[] Grid(IReadOnlyList<PricedLeg> legs, double spot, int points = 20_000)
    {
        var top = Math.Max(spot, legs.Where(l => l.IsOption).Select(l => l.Strike).DefaultIfEmpty(spot).Max()) * 3;
        var grid = new List<double> { 0 };
        grid.AddRange(legs.Where(l => l.IsOption).Select(l => l.Strike));
        for (var i = 1; i <= points; i++)
        {
            grid.Add(top * i / points);
        }
        grid.Add(top * 10);
        grid.Add(top * 33.3);
        grid.Sort();
        return [.. grid.Distinct()];
    }

    /// <summary>
    /// Boundaries of {f &gt; 0} on the grid: strict sign changes refined by bisection to 1e-13 relative; a run of
    /// exact zeros between a loss and a profit gives its end on the profit side; touches give nothing.
    /// </summary>
    public static List<double> Roots(Func<double, double> f, double[] grid, double zeroTolerance = 0)
    {
        var roots = new List<double>();
        var values = grid.Select(s => Math.Abs(f(s)) <= zeroTolerance ? 0 : f(s)).ToArray();
        var lastSign = 0;
        var zeroStart = -1;
        for (var i = 0; i < grid.Length; i++)
        {
            if (values[i] == 0)
            {
                zeroStart = zeroStart < 0 ? i : zeroStart;
                continue;
            }
            var sign = Math.Sign(values[i]);
            if (zeroStart >= 0)
            {
                if (sign > 0 && lastSign <= 0)
                {
                    roots.Add(grid[i - 1]);
                }
                else if (sign < 0 && lastSign > 0)
                {
                    roots.Add(grid[zeroStart]);
                }
                zeroStart = -1;
            }
            else if (lastSign != 0 && sign != lastSign)
            {
                double a = grid[i - 1], b = grid[i], fa = values[i - 1];
                for (var k = 0; k < 300 && b - a > 1e-13 * Math.Max(1, b); k++)
                {
                    var m = 0.5 * (a + b);
                    var fm = f(m);
                    if (fm == 0)
                    {
                        a = b = m;
                        break;
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
                roots.Add(0.5 * (a + b));
            }
            lastSign = sign;
        }
        if (zeroStart >= 0 && lastSign > 0)
        {
            roots.Add(grid[zeroStart]);
        }
        return roots.Where(r => r > 0).ToList();
    }

    public static void AssertClose(double expected, double actual, double tolerance, string what)
    {
        var scale = Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance} x {scale})");
    }

    /// <summary>Checks an expiry payoff summary against the brute force: max loss, max profit (or unboundedness) and breakevens to 1e-9.</summary>
    public static void AssertMatches(IReadOnlyList<PricedLeg> legs, PayoffSummary summary, double spot, string label)
    {
        var grid = Grid(legs, spot);
        var values = grid.Select(s => Profit(legs, s)).ToArray();
        var top = grid[^1];
        var beforeTop = grid[^2];
        var gridMax = values.Max();
        var gridMin = values.Min();
        // Slope over the far ray, with a tolerance for the rounding of large S (a zero slope stays zero).
        var farSlope = (Profit(legs, top * 2) - values[^1]) / top;
        var noise = 1e-9 * Math.Max(1, Math.Abs(values[^1])) / top;
        var risingAtInfinity = values[^1] > values[^2] && farSlope > noise;
        var fallingAtInfinity = values[^1] < values[^2] && farSlope < -noise;
        _ = beforeTop;
        if (summary.MaxProfit is { } maxProfit)
        {
            Assert.False(risingAtInfinity, $"{label}: brute force shows unbounded profit but max_profit = {maxProfit}");
            AssertClose(gridMax, maxProfit, 1e-9, $"{label} max profit");
        }
        else
        {
            Assert.True(risingAtInfinity, $"{label}: max_profit null but the payoff does not rise without bound");
        }
        if (summary.LossUnbounded)
        {
            Assert.True(fallingAtInfinity, $"{label}: loss flagged unbounded but the payoff does not fall without bound");
        }
        else
        {
            Assert.False(fallingAtInfinity, $"{label}: brute force shows unbounded loss");
            AssertClose(Math.Max(0, -gridMin), summary.MaxLoss, 1e-9, $"{label} max loss");
        }
        // Rounding of the brute-force sums far out on the grid: 1e-9 x notional counts as zero (far below a cent).
        var notional = legs.Sum(l => l.Qty * l.Multiplier * Math.Max(l.IsOption ? Math.Max(l.Strike, l.Fill) : l.Fill, 1));
        var roots = Roots(s => Profit(legs, s), grid, 1e-9 * notional);
        Assert.True(roots.Count == summary.Breakevens.Count,
            $"{label}: breakevens [{string.Join(", ", summary.Breakevens)}] vs brute force [{string.Join(", ", roots)}]");
        for (var i = 0; i < roots.Count; i++)
        {
            AssertClose(roots[i], summary.Breakevens[i], 1e-9, $"{label} breakeven {i}");
        }
    }
}
