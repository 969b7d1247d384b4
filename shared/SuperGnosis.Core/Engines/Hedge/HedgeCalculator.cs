using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>Aggregates of one chain's dealer exposure (units in docs/hedge-engine.md).</summary>
internal sealed record HedgeExposure(
    double Spot,
    double GammaPressure,
    double VannaPressure,
    double CharmPressure,
    double NetGexUsdPer1Pct,
    double GrossGexUsdPer1Pct,
    double VannaUsdPerVolPt,
    double GrossVannaUsdPerVolPt,
    double CharmUsdPerDay,
    double GammaNearSpotShare,
    double CallOverhangShare,
    double NetGex0Dte,
    double NetGexNextWeekly,
    double NetGexMonthly,
    double? AtmIv,
    HedgeProfile Profile,
    int ZeroGammaRowsPriced);

/// <summary>
/// The hedge-pressure field of one chain: dollar exposures per contract summed by strike and expiry,
/// the key levels and the zero-gamma search. One pass over structure-of-arrays, no per-contract
/// allocation.
/// </summary>
internal static class HedgeCalculator
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    public static HedgeExposure Compute(string symbol, DateTimeOffset asOf, HedgeBook book, HedgeEngineOptions options)
    {
        var strikeIndex = ArrayPool<int>.Shared.Rent(Math.Max(1, book.Count));
        try
        {
            return Compute(symbol, asOf, book, options, strikeIndex);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(strikeIndex);
        }
    }

    private static HedgeExposure Compute(string symbol, DateTimeOffset asOf, HedgeBook book, HedgeEngineOptions options, int[] strikeIndex)
    {
        var n = book.Count;
        var s = book.Spot;
        var mult = options.ContractMultiplier;
        var gexScale = mult * s * s * 0.01;   // gamma * OI -> USD per 1% move
        var vannaScale = mult * s * 0.01;     // vanna * OI -> USD of delta per vol point
        var charmScale = mult * s / 365.0;    // charm (per year) * OI -> USD of delta per day

        // Distinct strikes, ascending, and each row's index into them (no per-row binary search).
        var strikes = DistinctStrikes(book, strikeIndex);
        var m = strikes.Length;
        var callGex = new double[m];
        var putGex = new double[m];
        var absGex = new double[m];
        var vannaByStrike = new double[m];
        var charmByStrike = new double[m];
        var callOi = new double[m];
        var putOi = new double[m];
        var expiryCount = book.Expiries.Count;
        var gexByExpiry = new double[expiryCount];
        var vannaByExpiry = new double[expiryCount];
        var charmByExpiry = new double[expiryCount];
        var oiByExpiry = new double[expiryCount];

        double gammaPressure = 0, vannaPressure = 0, charmPressure = 0, netGex = 0, grossGex = 0, netVanna = 0, grossVanna = 0, netCharm = 0;
        double nearSpot = 0, callOverhang = 0;
        var band = options.NearSpotBand * s;
        for (var i = 0; i < n; i++)
        {
            var sign = book.DealerSign[i];
            var oi = book.OpenInterest[i];
            var gammaOi = book.Gamma[i] * oi;
            var gex = sign * gammaOi * gexScale;
            var abs = Math.Abs(gammaOi) * gexScale;
            var vanna = sign * book.Vanna[i] * oi * vannaScale;
            var charm = sign * book.Charm[i] * oi * charmScale;
            gammaPressure += sign * gammaOi * s;
            vannaPressure += sign * book.Vanna[i] * oi * s;
            charmPressure += sign * book.Charm[i] * oi * s;
            netGex += gex;
            grossGex += abs;
            netVanna += vanna;
            grossVanna += Math.Abs(vanna);
            netCharm += charm;
            var k = book.Strike[i];
            if (Math.Abs(k - s) <= band)
            {
                nearSpot += abs;
            }
            var j = strikeIndex[i];
            if (book.IsCall[i])
            {
                callGex[j] += abs;
                callOi[j] += oi;
                if (k > s)
                {
                    callOverhang += abs;
                }
            }
            else
            {
                putGex[j] += abs;
                putOi[j] += oi;
            }
            absGex[j] += abs;
            vannaByStrike[j] += vanna;
            charmByStrike[j] += charm;
            var e = book.ExpiryIndex[i];
            gexByExpiry[e] += gex;
            vannaByExpiry[e] += vanna;
            charmByExpiry[e] += charm;
            oiByExpiry[e] += oi;
        }

        // Walls: unsigned exposure, so the walls do not depend on the dealer convention.
        var callWall = ArgMax(callGex, strikes, m);
        var putWall = ArgMax(putGex, strikes, m);
        var absStrike = ArgMax(absGex, strikes, m);
        var byStrike = new StrikeExposure[m];
        for (var j = 0; j < m; j++)
        {
            var callSigned = callGex[j] * HedgeBook.DealerSignOf(OptionRight.Call, options.Positioning);
            var putSigned = putGex[j] * HedgeBook.DealerSignOf(OptionRight.Put, options.Positioning);
            byStrike[j] = new StrikeExposure(strikes[j], callSigned, putSigned, callSigned + putSigned, absGex[j],
                vannaByStrike[j], charmByStrike[j], callOi[j], putOi[j]);
        }

        var today = NewYorkTime.DateOf(asOf);
        double gex0 = 0, gexWeekly = 0, gexMonthly = 0;
        var nextWeeklyFound = false;
        var byExpiry = new ExpiryExposure[expiryCount];
        for (var e = 0; e < expiryCount; e++)
        {
            var expiry = book.Expiries[e];
            var monthly = expiry == options.Calendar.MonthlyExpiry(expiry.Year, expiry.Month);
            if (expiry == today)
            {
                gex0 += gexByExpiry[e];
            }
            else if (!monthly && !nextWeeklyFound)
            {
                gexWeekly = gexByExpiry[e];
                nextWeeklyFound = true;
            }
            if (monthly)
            {
                gexMonthly += gexByExpiry[e];
            }
            byExpiry[e] = new ExpiryExposure(expiry, gexByExpiry[e], vannaByExpiry[e], charmByExpiry[e], oiByExpiry[e], book.ExpirySettlements[e]);
        }

        var (zeroGamma, curve, priced) = ZeroGamma(book, options, strikes, strikeIndex);
        var levels = new HedgeLevels(s, zeroGamma, callWall, putWall, absStrike);
        var profile = new HedgeProfile(symbol, asOf, levels, byStrike, byExpiry, curve);
        return new HedgeExposure(s, gammaPressure, vannaPressure, charmPressure, netGex, grossGex, netVanna, grossVanna, netCharm,
            grossGex > 0 ? nearSpot / grossGex : 0, grossGex > 0 ? callOverhang / grossGex : 0,
            gex0, gexWeekly, gexMonthly, AtmIv(book, options), profile, priced);
    }

    /// <summary>
    /// The distinct strikes of the book, ascending, and in <paramref name="index"/> each row's position among them.
    /// Rows arrive in canonical order (<see cref="ChainHygiene"/>: within one expiry strikes ascend), so the expiries'
    /// strike runs are merged and each run is walked once against the merged list: O(expiries x strikes + rows)
    /// instead of a sort of every row plus a binary search per row. A book not in that order (strikes within one
    /// micro-dollar key may be unequal doubles in either order) falls back to the sort.
    /// </summary>
    private static double[] DistinctStrikes(HedgeBook book, int[] index)
    {
        var n = book.Count;
        var strike = book.Strike;
        var expiryIndex = book.ExpiryIndex;
        var pool = ArrayPool<double>.Shared;
        var merged = pool.Rent(Math.Max(1, n));
        var scratch = pool.Rent(Math.Max(1, n));
        try
        {
            var m = 0;
            var ordered = true;
            for (var start = 0; start < n && ordered;)
            {
                var end = start + 1;
                while (end < n && expiryIndex[end] == expiryIndex[start])
                {
                    if (!(strike[end] >= strike[end - 1]))
                    {
                        ordered = false;
                        break;
                    }
                    end++;
                }
                if (!ordered)
                {
                    break;
                }
                // Merge the run's distinct strikes into merged[0..m) (both ascending) through scratch.
                int a = 0, r = start, t = 0;
                while (a < m || r < end)
                {
                    double next;
                    if (r >= end || (a < m && merged[a] <= strike[r]))
                    {
                        next = merged[a++];
                    }
                    else
                    {
                        next = strike[r++];
                    }
                    if (t == 0 || scratch[t - 1] != next)
                    {
                        scratch[t++] = next;
                    }
                }
                (merged, scratch) = (scratch, merged);
                m = t;
                start = end;
            }
            if (ordered)
            {
                for (var start = 0; start < n;)
                {
                    var p = 0;
                    var e = expiryIndex[start];
                    var i = start;
                    for (; i < n && expiryIndex[i] == e; i++)
                    {
                        while (merged[p] < strike[i])
                        {
                            p++;
                        }
                        index[i] = p;
                    }
                    start = i;
                }
                return merged.AsSpan(0, m).ToArray();
            }

            var sorted = (double[])strike.Clone();
            Array.Sort(sorted);
            var distinct = 0;
            for (var i = 0; i < sorted.Length; i++)
            {
                if (distinct == 0 || sorted[i] != sorted[distinct - 1])
                {
                    sorted[distinct++] = sorted[i];
                }
            }
            for (var i = 0; i < n; i++)
            {
                index[i] = Array.BinarySearch(sorted, 0, distinct, strike[i]);
            }
            return sorted[..distinct];
        }
        finally
        {
            pool.Return(merged);
            pool.Return(scratch);
        }
    }

    /// <summary>
    /// Net GEX as a function of a hypothetical spot x: each contract keeps its IV and time, so
    /// GEX_i(x) = sign_i OI_i m x^2 0.01 gamma_i(x) = 0.01 m x w_i phi(d1_i(x)) with
    /// w_i = sign_i OI_i e^{-q T_i} / (sigma_i sqrt T_i) and d1_i(x) = (ln x + b_i) c_i.
    /// Contracts sit in lanes of <see cref="Vector{T}"/> (contract i in lane i mod width, in row order) and
    /// every evaluation sums w exp(-d1^2/2) lane by lane in that order, so the value at x does not depend on
    /// how many points are evaluated together. Two kinds of vectors are skipped because they add exactly
    /// nothing (adding +-0 leaves a lane's sum unchanged): vectors whose four weights are all zero (no open
    /// interest), and, at a given x, vectors whose four exponents are all below -800 (exp underflows to 0).
    /// The per-contract terms (e^{-qT}, sqrt T per expiry, ln K per strike) are computed once per value.
    /// </summary>
    private sealed class GammaField : IDisposable
    {
        /// <summary>Far below ln(smallest subnormal) = -744.4: exp of such an argument is exactly 0.</summary>
        private const double Underflow = -800;

        /// <summary>Vectors per block of the multi-point scan (3 x 8 KB of inputs, resident in L1 across the points).</summary>
        private const int Block = 256;

        private readonly double[] _w;
        private readonly double[] _b;
        private readonly double[] _c;
        private readonly int[] _live;
        private readonly int _liveCount;
        private readonly double _scale;

        public GammaField(HedgeBook book, HedgeEngineOptions options, double[] strikes, int[] strikeIndex)
        {
            var n = book.Count;
            var width = Vector<double>.Count;
            // Padded to whole vectors; padding has w = 0 and so adds nothing.
            var padded = Math.Max(width, (n + width - 1) / width * width);
            var pool = ArrayPool<double>.Shared;
            _w = pool.Rent(padded);
            _b = pool.Rent(padded);
            _c = pool.Rent(padded);
            var r = options.RiskFreeRate;
            var q = options.DividendYield;
            var lnStrike = pool.Rent(Math.Max(1, strikes.Length));
            for (var j = 0; j < strikes.Length; j++)
            {
                lnStrike[j] = Math.Log(strikes[j]);
            }
            var count = 0;
            double lastT = double.NaN, discount = 0, sqrtT = 0;
            for (var i = 0; i < n; i++)
            {
                var sigma = book.Iv[i];
                var t = book.TYears[i];
                if (!(sigma > 0) || !(t > 0))
                {
                    continue;
                }
                if (t != lastT)
                {
                    // Rows of one expiry share their time: e^{-qT} and sqrt T once per expiry.
                    (lastT, discount, sqrtT) = (t, Math.Exp(-q * t), Math.Sqrt(t));
                }
                var sd = sigma * sqrtT;
                _w[count] = book.DealerSign[i] * book.OpenInterest[i] * discount / sd;
                _b[count] = -lnStrike[strikeIndex[i]] + ((r - q + (0.5 * sigma * sigma)) * t);
                _c[count] = 1 / sd;
                count++;
            }
            pool.Return(lnStrike);
            _w.AsSpan(count, padded - count).Clear();
            _b.AsSpan(count, padded - count).Clear();
            _c.AsSpan(count, padded - count).Clear();
            Count = count;
            _scale = 0.01 * options.ContractMultiplier * InvSqrt2Pi;

            // Vectors with any non-zero weight, in order (a zero weight times the finite exp of a finite d1 is +-0;
            // a non-finite b or c could make d1 NaN, so such a vector stays live to keep the NaN).
            var vectors = (count + width - 1) / width;
            _live = ArrayPool<int>.Shared.Rent(Math.Max(1, vectors));
            var w = MemoryMarshal.Cast<double, Vector<double>>(_w.AsSpan(0, vectors * width));
            var bv = MemoryMarshal.Cast<double, Vector<double>>(_b.AsSpan(0, vectors * width));
            var cv = MemoryMarshal.Cast<double, Vector<double>>(_c.AsSpan(0, vectors * width));
            var live = 0;
            for (var v = 0; v < vectors; v++)
            {
                var finite = Vector.EqualsAll(bv[v] - bv[v], Vector<double>.Zero) && Vector.EqualsAll(cv[v] - cv[v], Vector<double>.Zero);
                if (!finite || !Vector.EqualsAll(w[v], Vector<double>.Zero))
                {
                    _live[live++] = v;
                }
            }
            _liveCount = live;
        }

        public int Count { get; }

        public void Dispose()
        {
            ArrayPool<double>.Shared.Return(_w);
            ArrayPool<double>.Shared.Return(_b);
            ArrayPool<double>.Shared.Return(_c);
            ArrayPool<int>.Shared.Return(_live);
        }

        /// <summary>Net GEX at spot x.</summary>
        public double NetGexAt(double x)
        {
            Span<double> result = stackalloc double[1];
            NetGexAt([x], result);
            return result[0];
        }

        /// <summary>
        /// Net GEX at each of <paramref name="xs"/>, vectorized (BCL Vector.Exp): the contracts are walked in blocks
        /// and every point is evaluated on a block while it is in cache; each point's lane sums keep row order.
        /// </summary>
        public void NetGexAt(ReadOnlySpan<double> xs, Span<double> result)
        {
            var points = xs.Length;
            Span<Vector<double>> lnX = points <= 64 ? stackalloc Vector<double>[points] : new Vector<double>[points];
            Span<Vector<double>> acc = points <= 64 ? stackalloc Vector<double>[points] : new Vector<double>[points];
            for (var k = 0; k < points; k++)
            {
                lnX[k] = new Vector<double>(Math.Log(xs[k]));
                acc[k] = Vector<double>.Zero;
            }
            var minusHalf = new Vector<double>(-0.5);
            var underflow = new Vector<double>(Underflow);
            var w = MemoryMarshal.Cast<double, Vector<double>>(_w.AsSpan());
            var b = MemoryMarshal.Cast<double, Vector<double>>(_b.AsSpan());
            var c = MemoryMarshal.Cast<double, Vector<double>>(_c.AsSpan());
            var live = _live.AsSpan(0, _liveCount);
            for (var start = 0; start < live.Length; start += Block)
            {
                var block = live.Slice(start, Math.Min(Block, live.Length - start));
                for (var k = 0; k < points; k++)
                {
                    var lx = lnX[k];
                    var sum = acc[k];
                    foreach (var v in block)
                    {
                        var d1 = (lx + b[v]) * c[v];
                        var exponent = minusHalf * d1 * d1;
                        if (Vector.LessThanAll(exponent, underflow))
                        {
                            continue;
                        }
                        sum += w[v] * Vector.Exp(exponent);
                    }
                    acc[k] = sum;
                }
            }
            for (var k = 0; k < points; k++)
            {
                result[k] = _scale * xs[k] * Vector.Sum(acc[k]);
            }
        }
    }

    private static (double? Level, GammaCurvePoint[] Curve, int Priced) ZeroGamma(HedgeBook book, HedgeEngineOptions options, double[] strikes, int[] strikeIndex)
    {
        using var field = new GammaField(book, options, strikes, strikeIndex);
        var s = book.Spot;
        var points = options.ZeroGammaGridPoints;
        var curve = new GammaCurvePoint[points];
        if (field.Count == 0 || !(s > 0))
        {
            return (null, [], field.Count);
        }
        var low = s * (1 - options.ZeroGammaSearchRange);
        var step = 2 * options.ZeroGammaSearchRange * s / (points - 1);
        var xs = new double[points];
        var values = new double[points];
        for (var k = 0; k < points; k++)
        {
            xs[k] = low + (k * step);
        }
        field.NetGexAt(xs, values);
        for (var k = 0; k < points; k++)
        {
            curve[k] = new GammaCurvePoint(xs[k], values[k]);
        }
        // Sign changes between non-zero grid values (exact zeros, e.g. a perfectly balanced book, are no root).
        // The root nearest spot lies in the nearest bracket below or the nearest above spot: refine only those two.
        int belowLo = -1, belowHi = -1, aboveLo = -1, aboveHi = -1;
        var last = -1;
        for (var k = 0; k < points; k++)
        {
            var fk = curve[k].NetGexUsdPer1Pct;
            if (fk == 0)
            {
                continue;
            }
            if (last >= 0 && (fk < 0) != (curve[last].NetGexUsdPer1Pct < 0))
            {
                if (curve[last].Spot < s)
                {
                    (belowLo, belowHi) = (last, k); // keeps the last one below, the nearest
                }
                else if (aboveLo < 0)
                {
                    (aboveLo, aboveHi) = (last, k); // the first one above, the nearest
                }
            }
            last = k;
        }
        double? best = null;
        foreach (var (lo, hi) in (ReadOnlySpan<(int, int)>)[(belowLo, belowHi), (aboveLo, aboveHi)])
        {
            if (lo < 0)
            {
                continue;
            }
            var root = Refine(field, curve[lo].Spot, curve[lo].NetGexUsdPer1Pct, curve[hi].Spot, curve[hi].NetGexUsdPer1Pct);
            if (best is null || Math.Abs(root - s) < Math.Abs(best.Value - s))
            {
                best = root;
            }
        }
        return (best, curve, field.Count);
    }

    /// <summary>
    /// Illinois (modified regula falsi) on a sign-changing bracket: superlinear, never leaves the bracket.
    /// Stops when the estimate moves by less than 1e-9 relative or the bracket is narrower than 1e-7
    /// relative (well inside the 1e-6 the levels are quoted to); bisection steps take over if it stalls.
    /// </summary>
    private static double Refine(GammaField field, double a, double fa, double b, double fb)
    {
        var side = 0;
        var previous = double.NaN;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var c = iteration % 8 == 7 ? 0.5 * (a + b) : ((a * fb) - (b * fa)) / (fb - fa);
            if (b - a <= 1e-7 * a || Math.Abs(c - previous) <= 1e-9 * c)
            {
                return c;
            }
            previous = c;
            var fc = field.NetGexAt(c);
            if (fc == 0)
            {
                return c;
            }
            if ((fc < 0) == (fb < 0))
            {
                (b, fb) = (c, fc);
                if (side == -1)
                {
                    fa *= 0.5;
                }
                side = -1;
            }
            else
            {
                (a, fa) = (c, fc);
                if (side == 1)
                {
                    fb *= 0.5;
                }
                side = 1;
            }
        }
        return 0.5 * (a + b);
    }

    private static double? ArgMax(double[] values, double[] strikes, int m)
    {
        var best = -1;
        for (var j = 0; j < m; j++)
        {
            if (values[j] > 0 && (best < 0 || values[j] > values[best]))
            {
                best = j;
            }
        }
        return best < 0 ? null : strikes[best];
    }

    /// <summary>ATM IV of the expiry nearest 30 days with at least 7 days left (else the longest): mean of the call
    /// and put IV at the strike nearest the forward.</summary>
    private static double? AtmIv(HedgeBook book, HedgeEngineOptions options)
    {
        int bestExpiry = -1;
        double bestScore = double.MaxValue, longestT = -1;
        int longest = -1;
        var tByExpiry = new double[book.Expiries.Count];
        for (var i = 0; i < book.Count; i++)
        {
            tByExpiry[book.ExpiryIndex[i]] = book.TYears[i];
        }
        for (var e = 0; e < tByExpiry.Length; e++)
        {
            var t = tByExpiry[e];
            if (t > longestT)
            {
                (longestT, longest) = (t, e);
            }
            if (t >= 7.0 / 365 && Math.Abs(t - (30.0 / 365)) < bestScore)
            {
                (bestScore, bestExpiry) = (Math.Abs(t - (30.0 / 365)), e);
            }
        }
        if (bestExpiry < 0)
        {
            bestExpiry = longest;
        }
        if (bestExpiry < 0)
        {
            return null;
        }
        var forward = book.Spot * Math.Exp((options.RiskFreeRate - options.DividendYield) * tByExpiry[bestExpiry]);
        double nearest = double.NaN, sum = 0;
        var count = 0;
        for (var i = 0; i < book.Count; i++)
        {
            if (book.ExpiryIndex[i] != bestExpiry || !(book.Iv[i] > 0))
            {
                continue;
            }
            var distance = Math.Abs(book.Strike[i] - forward);
            if (double.IsNaN(nearest) || distance < Math.Abs(nearest - forward))
            {
                (nearest, sum, count) = (book.Strike[i], book.Iv[i], 1);
            }
            else if (book.Strike[i] == nearest)
            {
                sum += book.Iv[i];
                count++;
            }
        }
        return count > 0 ? sum / count : null;
    }
}
