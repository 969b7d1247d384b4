using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>
/// Batch American price and delta over spans: the Leisen-Reimer tree of <see cref="AmericanOption"/>
/// run for 8 (AVX-512, <see cref="Vector512{T}"/>) or <see cref="Vector{T}.Count"/> contracts at once
/// (one contract per SIMD lane, same step count), with the same European control variate, Richardson
/// pair (m/2, m steps), floors and delta clamp. Calls with q &lt;= 0 take
/// the exact BSM value. Invalid rows get NaN and a status; never throws for bad rows.
/// </summary>
internal static class AmericanOptionBatch
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
        // 8 lanes with AVX-512 (Vector512), otherwise Vector<double>.Count.
        var wide = Vector512.IsHardwareAccelerated;
        var width = wide ? Vector512<double>.Count : Vector<double>.Count;
        var lane = new LaneParameters(width, m, wide);
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
                RunPair(input, rows, filled, m, lane, price, delta);
                filled = 0;
            }
        }
        if (filled > 0)
        {
            RunPair(input, rows, filled, m, lane, price, delta);
        }
    }

    /// <summary>Trees with m/2 and m steps, Richardson-extrapolated, floored and clamped as in <see cref="AmericanOption"/>.</summary>
    private static void RunPair(in OptionBatchInput input, ReadOnlySpan<int> rows, int filled, int m, LaneParameters l,
        Span<double> price, Span<double> delta)
    {
        var n1 = (m / 2) | 1;
        RunLanes(input, rows, filled, n1, l);
        l.RawPrice.CopyTo(l.CoarsePrice, 0);
        l.RawDelta.CopyTo(l.CoarseDelta, 0);
        l.Degenerate.CopyTo(l.CoarseDegenerate, 0);
        RunLanes(input, rows, filled, m, l);
        var w2 = (double)m / (m - n1);
        var w1 = (double)n1 / (m - n1);
        for (var j = 0; j < filled; j++)
        {
            var isCall = l.Sign[j] > 0;
            AmericanOption.TreeResult raw;
            if (l.Degenerate[j] != 0 || l.CoarseDegenerate[j] != 0)
            {
                raw = AmericanOption.Degenerate(isCall, l.Spot[j], l.Strike[j], l.BsmPrice[j], l.BsmDelta[j], 0);
            }
            else
            {
                raw = new AmericanOption.TreeResult((w2 * l.RawPrice[j]) - (w1 * l.CoarsePrice[j]), (w2 * l.RawDelta[j]) - (w1 * l.CoarseDelta[j]), 0);
            }
            var final = AmericanOption.Finish(isCall, l.Spot[j], l.Strike[j], l.BsmPrice[j], raw);
            price[rows[j]] = final.Price;
            delta[rows[j]] = final.Delta;
        }
    }

    private sealed class LaneParameters(int width, int steps, bool wide)
    {
        public readonly int Width = width;
        public readonly double[] Pu = new double[width], Pd = new double[width], InvDown = new double[width], Strike = new double[width],
            Sign = new double[width], Terminal = new double[width], Ratio = new double[width], Up = new double[width], Down = new double[width],
            BsmPrice = new double[width], BsmDelta = new double[width], Spot = new double[width], Degenerate = new double[width],
            Am0 = new double[width], Eu0 = new double[width], Am1Down = new double[width], Am1Up = new double[width],
            Eu1Down = new double[width], Eu1Up = new double[width], RawPrice = new double[width], RawDelta = new double[width],
            CoarsePrice = new double[width], CoarseDelta = new double[width], CoarseDegenerate = new double[width];

        public readonly Vector<double>[] Am = wide ? [] : new Vector<double>[steps + 1];
        public readonly Vector<double>[] Eu = wide ? [] : new Vector<double>[steps + 1];
        public readonly Vector512<double>[] Am512 = wide ? new Vector512<double>[steps + 1] : [];
        public readonly Vector512<double>[] Eu512 = wide ? new Vector512<double>[steps + 1] : [];
    }

    /// <summary>One tree of m steps for a group of lanes: raw control-variate price and delta (no floors) into <see cref="LaneParameters"/>.</summary>
    private static void RunLanes(in OptionBatchInput input, ReadOnlySpan<int> rows, int filled, int m, LaneParameters l)
    {
        for (var j = 0; j < l.Width; j++)
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
                p = 0.5; // keep the lane's arithmetic finite; its tree result is discarded
            }
            l.BsmPrice[j] = bsm.Price;
            l.BsmDelta[j] = bsm.Delta;
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
            l.Spot[j] = s;
        }
        if (l.Am512.Length > 0)
        {
            Tree512(m, l);
        }
        else
        {
            TreeVector(m, l);
        }
        for (var j = 0; j < filled; j++)
        {
            var spread = l.Spot[j] * (l.Up[j] - l.Down[j]);
            var deltaTree = (l.Am1Up[j] - l.Am1Down[j]) / spread;
            var deltaEu = (l.Eu1Up[j] - l.Eu1Down[j]) / spread;
            l.RawPrice[j] = l.Am0[j] + (l.BsmPrice[j] - l.Eu0[j]);
            l.RawDelta[j] = deltaTree + (l.BsmDelta[j] - deltaEu);
        }
    }

    /// <summary>Backward induction with Vector&lt;double&gt; lanes (American and European trees on the same nodes).</summary>
    private static void TreeVector(int m, LaneParameters l)
    {
        var pu = new Vector<double>(l.Pu);
        var pd = new Vector<double>(l.Pd);
        var invDown = new Vector<double>(l.InvDown);
        var strike = new Vector<double>(l.Strike);
        var sign = new Vector<double>(l.Sign);
        var ratio = new Vector<double>(l.Ratio);
        var sj = new Vector<double>(l.Terminal);
        var zero = Vector<double>.Zero;
        ref var amRef = ref MemoryMarshal.GetArrayDataReference(l.Am);
        ref var euRef = ref MemoryMarshal.GetArrayDataReference(l.Eu);
        for (var j = 0; j <= m; j++)
        {
            var payoff = Vector.Max(sign * (sj - strike), zero);
            Unsafe.Add(ref amRef, j) = payoff;
            Unsafe.Add(ref euRef, j) = payoff;
            sj *= ratio;
        }
        // Lowest node of level i is S0 d^i; along a level S grows by the ratio u/d.
        var baseS = new Vector<double>(l.Terminal);
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
                l.Am[0].CopyTo(l.Am1Down);
                l.Am[1].CopyTo(l.Am1Up);
                l.Eu[0].CopyTo(l.Eu1Down);
                l.Eu[1].CopyTo(l.Eu1Up);
            }
        }
        l.Am[0].CopyTo(l.Am0);
        l.Eu[0].CopyTo(l.Eu0);
    }

    /// <summary>The same backward induction with eight AVX-512 lanes.</summary>
    private static void Tree512(int m, LaneParameters l)
    {
        var pu = Vector512.Create(l.Pu);
        var pd = Vector512.Create(l.Pd);
        var invDown = Vector512.Create(l.InvDown);
        var strike = Vector512.Create(l.Strike);
        var sign = Vector512.Create(l.Sign);
        var ratio = Vector512.Create(l.Ratio);
        var sj = Vector512.Create(l.Terminal);
        var zero = Vector512<double>.Zero;
        ref var amRef = ref MemoryMarshal.GetArrayDataReference(l.Am512);
        ref var euRef = ref MemoryMarshal.GetArrayDataReference(l.Eu512);
        for (var j = 0; j <= m; j++)
        {
            var payoff = Vector512.Max(sign * (sj - strike), zero);
            Unsafe.Add(ref amRef, j) = payoff;
            Unsafe.Add(ref euRef, j) = payoff;
            sj *= ratio;
        }
        var baseS = Vector512.Create(l.Terminal);
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
                var cont = Vector512.FusedMultiplyAdd(pu, upAm, pd * next);
                Unsafe.Add(ref amRef, j) = Vector512.Max(cont, sign * (s - strike));
                Unsafe.Add(ref euRef, j) = Vector512.FusedMultiplyAdd(pu, upEu, pd * nextEu);
                next = upAm;
                nextEu = upEu;
                s *= ratio;
            }
            if (i == 1)
            {
                l.Am512[0].CopyTo(l.Am1Down);
                l.Am512[1].CopyTo(l.Am1Up);
                l.Eu512[0].CopyTo(l.Eu1Down);
                l.Eu512[1].CopyTo(l.Eu1Up);
            }
        }
        l.Am512[0].CopyTo(l.Am0);
        l.Eu512[0].CopyTo(l.Eu0);
    }
}
