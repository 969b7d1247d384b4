using System.Numerics;
using System.Runtime.CompilerServices;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>Structure-of-arrays input for a batch of European options; every span has the same length.</summary>
internal readonly ref struct OptionBatchInput
{
    public OptionBatchInput(
        ReadOnlySpan<OptionRight> right, ReadOnlySpan<double> spot, ReadOnlySpan<double> strike, ReadOnlySpan<double> tYears,
        ReadOnlySpan<double> rate, ReadOnlySpan<double> div, ReadOnlySpan<double> vol)
    {
        var n = right.Length;
        if (spot.Length != n || strike.Length != n || tYears.Length != n || rate.Length != n || div.Length != n || vol.Length != n)
        {
            throw new ArgumentException("all input spans must have the same length");
        }
        Right = right;
        Spot = spot;
        Strike = strike;
        TYears = tYears;
        Rate = rate;
        Div = div;
        Vol = vol;
    }

    public ReadOnlySpan<OptionRight> Right { get; }
    public ReadOnlySpan<double> Spot { get; }
    public ReadOnlySpan<double> Strike { get; }
    public ReadOnlySpan<double> TYears { get; }
    public ReadOnlySpan<double> Rate { get; }
    public ReadOnlySpan<double> Div { get; }
    public ReadOnlySpan<double> Vol { get; }
    public int Length => Right.Length;
}

/// <summary>Structure-of-arrays output: price and eleven Greeks (units as in <see cref="OptionGreeks"/>) and a status per row.</summary>
internal readonly ref struct GreeksBatchOutput
{
    public GreeksBatchOutput(int length, Span<double> price, Span<double> delta, Span<double> gamma, Span<double> vega, Span<double> theta,
        Span<double> rho, Span<double> vanna, Span<double> charm, Span<double> vomma, Span<double> speed, Span<double> zomma,
        Span<double> color, Span<OptionStatus> status)
    {
        if (price.Length < length || delta.Length < length || gamma.Length < length || vega.Length < length || theta.Length < length
            || rho.Length < length || vanna.Length < length || charm.Length < length || vomma.Length < length || speed.Length < length
            || zomma.Length < length || color.Length < length || status.Length < length)
        {
            throw new ArgumentException("every output span must hold at least length rows");
        }
        Price = price;
        Delta = delta;
        Gamma = gamma;
        Vega = vega;
        Theta = theta;
        Rho = rho;
        Vanna = vanna;
        Charm = charm;
        Vomma = vomma;
        Speed = speed;
        Zomma = zomma;
        Color = color;
        Status = status;
    }

    public Span<double> Price { get; }
    public Span<double> Delta { get; }
    public Span<double> Gamma { get; }
    public Span<double> Vega { get; }
    public Span<double> Theta { get; }
    public Span<double> Rho { get; }
    public Span<double> Vanna { get; }
    public Span<double> Charm { get; }
    public Span<double> Vomma { get; }
    public Span<double> Speed { get; }
    public Span<double> Zomma { get; }
    public Span<double> Color { get; }
    public Span<OptionStatus> Status { get; }
}

/// <summary>
/// One vector of contracts from a batch: rows <c>[start, start + Vector&lt;double&gt;.Count)</c>, sign +1 for calls and -1 for
/// puts. Past the end of the batch the lanes are padded with a valid dummy contract (S = K = T = 1, r = q = 0, vol = 0.2,
/// a call) whose outputs callers drop.
/// </summary>
internal readonly record struct BatchLanes(
    Vector<double> Sign, Vector<double> Spot, Vector<double> Strike, Vector<double> TYears, Vector<double> Rate, Vector<double> Div, Vector<double> Vol)
{
    /// <summary>Loads the lanes at <paramref name="start"/>; <paramref name="padded"/> holds 7 vectors of scratch space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BatchLanes Load(in OptionBatchInput input, int start, Span<double> padded)
    {
        var width = Vector<double>.Count;
        var sign = padded[..width];
        var rem = input.Length - start;
        for (var j = 0; j < width; j++)
        {
            sign[j] = j >= rem || input.Right[start + j] == OptionRight.Call ? 1 : -1;
        }
        if (rem >= width)
        {
            return new BatchLanes(new Vector<double>(sign), new Vector<double>(input.Spot[start..]), new Vector<double>(input.Strike[start..]),
                new Vector<double>(input.TYears[start..]), new Vector<double>(input.Rate[start..]), new Vector<double>(input.Div[start..]),
                new Vector<double>(input.Vol[start..]));
        }
        return new BatchLanes(new Vector<double>(sign),
            Pad(input.Spot[start..], 1, padded.Slice(width, width)), Pad(input.Strike[start..], 1, padded.Slice(2 * width, width)),
            Pad(input.TYears[start..], 1, padded.Slice(3 * width, width)), Pad(input.Rate[start..], 0, padded.Slice(4 * width, width)),
            Pad(input.Div[start..], 0, padded.Slice(5 * width, width)), Pad(input.Vol[start..], 0.2, padded.Slice(6 * width, width)));
    }

    private static Vector<double> Pad(ReadOnlySpan<double> rest, double dummy, Span<double> lane)
    {
        lane.Fill(dummy);
        rest.CopyTo(lane);
        return new Vector<double>(lane);
    }
}

/// <summary>
/// Batch Black-Scholes-Merton price and Greeks over spans, vectorized with <see cref="Vector{T}"/>.
/// The formulas are those of <see cref="BlackScholes.Greeks"/> except that the price is the textbook
/// S e^{-qT} N(d1) - K e^{-rT} N(d2): its error is a few ulps of the spot (absolute), not relative to a
/// far out-of-the-money price (use the scalar API for that). Rows with invalid input (non-finite values,
/// spot, strike, time or vol not &gt; 0) get NaN in every output and a status; the batch never throws
/// for bad rows (only for spans of mismatched length).
/// </summary>
internal static class BlackScholesBatch
{
    public static void Greeks(in OptionBatchInput input, in GreeksBatchOutput output)
    {
        var n = input.Length;
        if (output.Status.Length < n || output.Price.Length < n)
        {
            throw new ArgumentException("output spans are shorter than the input");
        }
        var width = Vector<double>.Count;
        Span<double> padded = stackalloc double[width * 7];
        for (var i = 0; i < n; i += width)
        {
            var count = Math.Min(width, n - i);
            var lanes = BatchLanes.Load(input, i, padded);
            var ok = Kernel(lanes.Sign, lanes.Spot, lanes.Strike, lanes.TYears, lanes.Rate, lanes.Div, lanes.Vol, output, i, count);
            WriteStatus(input, output, i, count, ok);
        }
    }

    /// <summary>
    /// Gamma, vanna and charm only (the hedge engine's Greeks), bit-identical to the same columns of <see cref="Greeks"/>:
    /// the same lanes (rows in order, the remainder padded with the same dummy contract), the same validity mask and the
    /// same expressions, without the price, the other Greeks and N(d2) (the second exp and normal CDF). Invalid rows get
    /// NaN; there is no status column.
    /// </summary>
    public static void GammaVannaCharm(in OptionBatchInput input, Span<double> gamma, Span<double> vanna, Span<double> charm)
    {
        var n = input.Length;
        if (gamma.Length < n || vanna.Length < n || charm.Length < n)
        {
            throw new ArgumentException("output spans are shorter than the input");
        }
        var width = Vector<double>.Count;
        Span<double> padded = stackalloc double[width * 7];
        for (var i = 0; i < n; i += width)
        {
            var lanes = BatchLanes.Load(input, i, padded);
            GammaVannaCharmKernel(lanes.Sign, lanes.Spot, lanes.Strike, lanes.TYears, lanes.Rate, lanes.Div, lanes.Vol, out var g, out var va, out var ch);
            if (n - i >= width)
            {
                g.CopyTo(gamma[i..]);
                va.CopyTo(vanna[i..]);
                ch.CopyTo(charm[i..]);
                continue;
            }
            for (var j = 0; j < n - i; j++)
            {
                gamma[i + j] = g[j];
                vanna[i + j] = va[j];
                charm[i + j] = ch[j];
            }
        }
    }

    /// <summary>The gamma, vanna and charm lines of <see cref="Kernel"/>, unchanged (keep the two in step).</summary>
    private static void GammaVannaCharmKernel(Vector<double> theta, Vector<double> s, Vector<double> k, Vector<double> t, Vector<double> r,
        Vector<double> q, Vector<double> vol, out Vector<double> gamma, out Vector<double> vanna, out Vector<double> charm)
    {
        var one = Vector<double>.One;
        var allValid = MaskInvalid(ref s, ref k, ref t, ref r, ref q, ref vol, out var valid);

        var half = new Vector<double>(0.5);
        var sqrtT = Vector.SquareRoot(t);
        var volSqrtT = vol * sqrtT;
        var d1 = (Vector.Log(s / k) + ((r - q + (half * vol * vol)) * t)) / volSqrtT;
        var d2 = d1 - volSqrtT;
        var dfq = Vector.Exp(-q * t);
        var pdf = VectorMath.NormPdf(d1);
        // N(d1) as NormCdfPair computes its first CDF (same steps as NormCdfWithPdf).
        var nd1 = theta * VectorMath.NormCdfWithPdf(theta * d1, pdf);

        var invVolSqrtT = one / volSqrtT;
        gamma = dfq * pdf * invVolSqrtT / s;
        var invVol = one / vol;
        vanna = -dfq * pdf * d2 * invVol;
        var carry2T = new Vector<double>(2) * (r - q) * t;
        charm = (q * dfq * nd1) - (dfq * pdf * (carry2T - (d2 * volSqrtT)) * invVolSqrtT * half / t);

        if (!allValid)
        {
            var nan = new Vector<double>(double.NaN);
            gamma = Vector.ConditionalSelect(valid, gamma, nan);
            vanna = Vector.ConditionalSelect(valid, vanna, nan);
            charm = Vector.ConditionalSelect(valid, charm, nan);
        }
    }

    /// <summary>
    /// Validity mask: all finite and spot, strike, t, vol &gt; 0 (NaN compares false). Invalid lanes are replaced by a
    /// harmless contract (callers put NaN in their outputs); true when every lane is valid.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool MaskInvalid(ref Vector<double> s, ref Vector<double> k, ref Vector<double> t, ref Vector<double> r,
        ref Vector<double> q, ref Vector<double> vol, out Vector<long> valid)
    {
        var zero = Vector<double>.Zero;
        var one = Vector<double>.One;
        var infinity = new Vector<double>(double.PositiveInfinity);
        var finiteRq = Vector.Equals(r - r, zero) & Vector.Equals(q - q, zero);
        valid = Vector.GreaterThan(s, zero) & Vector.GreaterThan(k, zero) & Vector.GreaterThan(t, zero) & Vector.GreaterThan(vol, zero)
            & Vector.LessThan(s, infinity) & Vector.LessThan(k, infinity) & Vector.LessThan(t, infinity) & Vector.LessThan(vol, infinity)
            & finiteRq;
        var allValid = valid == Vector<long>.AllBitsSet;
        if (!allValid)
        {
            s = Vector.ConditionalSelect(valid, s, one);
            k = Vector.ConditionalSelect(valid, k, one);
            t = Vector.ConditionalSelect(valid, t, one);
            r = Vector.ConditionalSelect(valid, r, zero);
            q = Vector.ConditionalSelect(valid, q, zero);
            vol = Vector.ConditionalSelect(valid, vol, new Vector<double>(0.2));
        }
        return allValid;
    }

    private static void WriteStatus(in OptionBatchInput input, in GreeksBatchOutput output, int start, int count, bool allValid)
    {
        if (allValid)
        {
            output.Status.Slice(start, count).Fill(OptionStatus.Ok);
            return;
        }
        for (var j = start; j < start + count; j++)
        {
            output.Status[j] = BlackScholes.Check(input.Spot[j], input.Strike[j], input.TYears[j], input.Rate[j], input.Div[j], input.Vol[j]);
        }
    }

    /// <summary>One vector of contracts; theta is +1 for calls and -1 for puts. Writes <paramref name="count"/> lanes at <paramref name="at"/>.</summary>
    private static bool Kernel(Vector<double> theta, Vector<double> s, Vector<double> k, Vector<double> t, Vector<double> r,
        Vector<double> q, Vector<double> vol, in GreeksBatchOutput o, int at, int count)
    {
        // Invalid lanes get a harmless contract (MaskInvalid) and NaN outputs.
        var one = Vector<double>.One;
        var allValid = MaskInvalid(ref s, ref k, ref t, ref r, ref q, ref vol, out var valid);

        var half = new Vector<double>(0.5);
        var sqrtT = Vector.SquareRoot(t);
        var volSqrtT = vol * sqrtT;
        var d1 = (Vector.Log(s / k) + ((r - q + (half * vol * vol)) * t)) / volSqrtT;
        var d2 = d1 - volSqrtT;
        var dfq = Vector.Exp(-q * t);
        var dfr = Vector.Exp(-r * t);
        var sq = s * dfq;
        var kr = k * dfr;
        var pdf = VectorMath.NormPdf(d1);
        // phi(d2) = phi(d1) S e^{-qT} / (K e^{-rT}) exactly, which saves an exp.
        var pdf2 = pdf * sq / kr;
        VectorMath.NormCdfPair(theta * d1, pdf, theta * d2, pdf2, out var cdf1, out var cdf2);
        var nd1 = theta * cdf1;
        var nd2 = theta * cdf2;

        var price = (sq * nd1) - (kr * nd2);
        var delta = dfq * nd1;
        var invVolSqrtT = one / volSqrtT;
        var gamma = dfq * pdf * invVolSqrtT / s;
        var vega = sq * pdf * sqrtT;
        var theta_ = (-sq * pdf * vol * half / sqrtT) + (q * sq * nd1) - (r * kr * nd2);
        var rho = kr * t * nd2;
        var invVol = one / vol;
        var vanna = -dfq * pdf * d2 * invVol;
        var carry2T = new Vector<double>(2) * (r - q) * t;
        var charm = (q * dfq * nd1) - (dfq * pdf * (carry2T - (d2 * volSqrtT)) * invVolSqrtT * half / t);
        var vomma = vega * d1 * d2 * invVol;
        var speed = -gamma / s * (one + (d1 * invVolSqrtT));
        var zomma = gamma * ((d1 * d2) - one) * invVol;
        var color = gamma * ((new Vector<double>(2) * q * t) + one + (d1 * (carry2T - (d2 * volSqrtT)) * invVolSqrtT)) * half / t;

        if (!allValid)
        {
            var nan = new Vector<double>(double.NaN);
            price = Vector.ConditionalSelect(valid, price, nan);
            delta = Vector.ConditionalSelect(valid, delta, nan);
            gamma = Vector.ConditionalSelect(valid, gamma, nan);
            vega = Vector.ConditionalSelect(valid, vega, nan);
            theta_ = Vector.ConditionalSelect(valid, theta_, nan);
            rho = Vector.ConditionalSelect(valid, rho, nan);
            vanna = Vector.ConditionalSelect(valid, vanna, nan);
            charm = Vector.ConditionalSelect(valid, charm, nan);
            vomma = Vector.ConditionalSelect(valid, vomma, nan);
            speed = Vector.ConditionalSelect(valid, speed, nan);
            zomma = Vector.ConditionalSelect(valid, zomma, nan);
            color = Vector.ConditionalSelect(valid, color, nan);
        }
        if (count == Vector<double>.Count)
        {
            price.CopyTo(o.Price[at..]);
            delta.CopyTo(o.Delta[at..]);
            gamma.CopyTo(o.Gamma[at..]);
            vega.CopyTo(o.Vega[at..]);
            theta_.CopyTo(o.Theta[at..]);
            rho.CopyTo(o.Rho[at..]);
            vanna.CopyTo(o.Vanna[at..]);
            charm.CopyTo(o.Charm[at..]);
            vomma.CopyTo(o.Vomma[at..]);
            speed.CopyTo(o.Speed[at..]);
            zomma.CopyTo(o.Zomma[at..]);
            color.CopyTo(o.Color[at..]);
            return allValid;
        }
        for (var j = 0; j < count; j++)
        {
            o.Price[at + j] = price[j];
            o.Delta[at + j] = delta[j];
            o.Gamma[at + j] = gamma[j];
            o.Vega[at + j] = vega[j];
            o.Theta[at + j] = theta_[j];
            o.Rho[at + j] = rho[j];
            o.Vanna[at + j] = vanna[j];
            o.Charm[at + j] = charm[j];
            o.Vomma[at + j] = vomma[j];
            o.Speed[at + j] = speed[j];
            o.Zomma[at + j] = zomma[j];
            o.Color[at + j] = color[j];
        }
        return allValid;
    }
}
