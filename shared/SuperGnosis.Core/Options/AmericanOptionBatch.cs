using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>
/// Batch American price and delta over spans: the Leisen-Reimer tree of <see cref="AmericanOption"/>
/// run for <see cref="Vector{T}.Count"/> contracts at once (one contract per SIMD lane, same step
/// count), with the same European control variate, floors and delta clamp. Calls with q &lt;= 0 take
/// the exact BSM value. Invalid rows get NaN and a status; never throws for bad rows.
/// </summary>
public static class AmericanOptionBatch
{
    public static void PriceAndDelta(in OptionBatchInput input, Span<double> price, Span<double> delta, Span<OptionStatus> status,
        int steps = AmericanOption.DefaultSteps)
    {
        var n = input.Length;
        if (price.Length < n || delta.Length < n || status.Length < n)
        {
            throw new ArgumentException("output spans are shorter than the input");
        }
        if (steps < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be at least 3");
        }
        var m = steps | 1;
        var width = Vector<double>.Count;
        var am = new Vector<double>[m + 1];
        var eu = new Vector<double>[m + 1];
        var lane = new LaneParameters(width);
        Span<int> rows = stackalloc int[width];
        var filled = 0;
        for (var i = 0; i < n; i++)
        {
            var check = BlackScholes.Check(input.Spot[i], input.Strike[i], input.TYears[i], input.Rate[i], input.Div[i], input.Vol[i]);
            status[i] = check;
            if (check != OptionStatus.Ok)
            {
                price[i] = double.NaN;
                delta[i] = double.NaN;
                continue;
            }
            if (input.Right[i] == OptionRight.Call && input.Div[i] <= 0)
            {
                // Never exercised early: the European value is exact.
                var g = BlackScholes.GreeksUnchecked(OptionRight.Call, input.Spot[i], input.Strike[i], input.TYears[i], input.Rate[i], input.Div[i], input.Vol[i]);
                price[i] = g.Price;
                delta[i] = g.Delta;
                continue;
            }
            rows[filled++] = i;
            if (filled == width)
            {
                RunLanes(input, rows, filled, m, lane, am, eu, price, delta);
                filled = 0;
            }
        }
        if (filled > 0)
        {
            RunLanes(input, rows, filled, m, lane, am, eu, price, delta);
        }
    }

    private sealed class LaneParameters(int width)
    {
        public readonly double[] Pu = new double[width], Pd = new double[width], InvDown = new double[width], Strike = new double[width],
            Sign = new double[width], Terminal = new double[width], Ratio = new double[width], Up = new double[width], Down = new double[width],
            BsmPrice = new double[width], BsmDelta = new double[width], Spot = new double[width], Degenerate = new double[width];
    }

    private static void RunLanes(in OptionBatchInput input, ReadOnlySpan<int> rows, int filled, int m, LaneParameters l,
        Vector<double>[] am, Vector<double>[] eu, Span<double> price, Span<double> delta)
    {
        var width = Vector<double>.Count;
        for (var j = 0; j < width; j++)
        {
            // Unused lanes repeat the first contract; their results are discarded.
            var row = rows[j < filled ? j : 0];
            var right = input.Right[row];
            double s = input.Spot[row], k = input.Strike[row], t = input.TYears[row], r = input.Rate[row], q = input.Div[row], v = input.Vol[row];
            var bsm = BlackScholes.GreeksUnchecked(right, s, k, t, r, q, v);
            var dt = t / m;
            var sqrtT = Math.Sqrt(t);
            var d1 = (BlackScholes.LogMoneyness(s, k) + ((r - q + (0.5 * v * v)) * t)) / (v * sqrtT);
            var d2 = d1 - (v * sqrtT);
            var p = AmericanOption.PeizerPratt(d2, m);
            l.Degenerate[j] = AmericanOption.IsDegenerate(p) ? 1 : 0;
            if (l.Degenerate[j] != 0)
            {
                var fallback = AmericanOption.Degenerate(right == OptionRight.Call, s, k, bsm);
                (l.BsmPrice[j], l.BsmDelta[j]) = (fallback.Price, fallback.Delta);
                p = 0.5; // keep the lane's arithmetic finite; its tree result is discarded
            }
            var growth = Math.Exp((r - q) * dt);
            var up = growth * AmericanOption.PeizerPratt(d1, m) / p;
            var down = (growth - (p * up)) / (1 - p);
            var disc = Math.Exp(-r * dt);
            l.Pu[j] = disc * p;
            l.Pd[j] = disc * (1 - p);
            l.InvDown[j] = 1 / down;
            l.Strike[j] = k;
            l.Sign[j] = right == OptionRight.Call ? 1 : -1;
            l.Terminal[j] = s * Math.Pow(down, m);
            l.Ratio[j] = up / down;
            l.Up[j] = up;
            l.Down[j] = down;
            if (l.Degenerate[j] == 0)
            {
                l.BsmPrice[j] = bsm.Price;
                l.BsmDelta[j] = bsm.Delta;
            }
            l.Spot[j] = s;
        }
        var pu = new Vector<double>(l.Pu);
        var pd = new Vector<double>(l.Pd);
        var invDown = new Vector<double>(l.InvDown);
        var strike = new Vector<double>(l.Strike);
        var sign = new Vector<double>(l.Sign);
        var ratio = new Vector<double>(l.Ratio);
        var sj = new Vector<double>(l.Terminal);
        var zero = Vector<double>.Zero;
        ref var amRef = ref MemoryMarshal.GetArrayDataReference(am);
        ref var euRef = ref MemoryMarshal.GetArrayDataReference(eu);
        for (var j = 0; j <= m; j++)
        {
            var payoff = Vector.Max(sign * (sj - strike), zero);
            Unsafe.Add(ref amRef, j) = payoff;
            Unsafe.Add(ref euRef, j) = payoff;
            sj *= ratio;
        }
        // Lowest node of level i is S0 d^i = (S0 d^m) / d^(m-i); along a level S grows by the ratio u/d.
        var baseS = new Vector<double>(l.Terminal);
        Vector<double> am1Down = zero, am1Up = zero, eu1Down = zero, eu1Up = zero;
        for (var i = m - 1; i >= 0; i--)
        {
            baseS *= invDown;
            var s = baseS;
            var next = amRef;
            var nextEu = euRef;
            for (var j = 0; j <= i; j++)
            {
                var upAm = Unsafe.Add(ref amRef, j + 1);
                var upEu = Unsafe.Add(ref euRef, j + 1);
                var cont = Vector.FusedMultiplyAdd(pu, upAm, pd * next);
                Unsafe.Add(ref amRef, j) = Vector.Max(cont, sign * (s - strike));
                Unsafe.Add(ref euRef, j) = Vector.FusedMultiplyAdd(pu, upEu, pd * nextEu);
                next = upAm;
                nextEu = upEu;
                s *= ratio;
            }
            if (i == 1)
            {
                (am1Down, am1Up, eu1Down, eu1Up) = (am[0], am[1], eu[0], eu[1]);
            }
        }
        for (var j = 0; j < filled; j++)
        {
            var row = rows[j];
            if (l.Degenerate[j] != 0)
            {
                price[row] = l.BsmPrice[j];
                delta[row] = l.BsmDelta[j];
                continue;
            }
            var isCall = l.Sign[j] > 0;
            var spread = l.Spot[j] * (l.Up[j] - l.Down[j]);
            var deltaTree = (am1Up[j] - am1Down[j]) / spread;
            var deltaEu = (eu1Up[j] - eu1Down[j]) / spread;
            price[row] = Math.Max(am[0][j] + (l.BsmPrice[j] - eu[0][j]), Math.Max(l.Sign[j] * (l.Spot[j] - l.Strike[j]), l.BsmPrice[j]));
            delta[row] = Math.Clamp(deltaTree + (l.BsmDelta[j] - deltaEu), isCall ? 0 : -1, isCall ? 1 : 0);
        }
    }
}
