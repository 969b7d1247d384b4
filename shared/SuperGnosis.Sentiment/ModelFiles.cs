using System.Numerics;
using System.Runtime.Intrinsics;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment;

/// <summary>Shared pieces of the sentiment model files: the magic/version header and half-precision arrays.</summary>
internal static class ModelFiles
{
    public static void WriteHeader(BinaryWriter writer, uint magic, int version)
    {
        writer.Write(magic);
        writer.Write(version);
    }

    /// <summary>Reads and checks the header; a wrong magic number or version is an <see cref="InvalidDataException"/> naming <paramref name="what"/>.</summary>
    public static void ReadHeader(BinaryReader reader, uint magic, int version, string what)
    {
        if (reader.ReadUInt32() != magic)
        {
            throw new InvalidDataException($"not a SuperGnosis {what} (bad magic number)");
        }
        var found = reader.ReadInt32();
        if (found != version)
        {
            throw new InvalidDataException($"unsupported {what} format version {found}");
        }
    }

    public static void WriteHalves(BinaryWriter writer, IEnumerable<float[]> arrays)
    {
        foreach (var array in arrays)
        {
            foreach (var v in array)
            {
                writer.Write((Half)v);
            }
        }
    }

    /// <summary>Reads <paramref name="count"/> half-precision values; a non-finite value is an <see cref="InvalidDataException"/>.</summary>
    public static float[] ReadHalves(BinaryReader reader, int count, string what)
    {
        var a = new float[count];
        for (var i = 0; i < count; i++)
        {
            a[i] = (float)reader.ReadHalf();
            if (!float.IsFinite(a[i]))
            {
                throw new InvalidDataException($"{what} has a non-finite weight");
            }
        }
        return a;
    }
}

/// <summary>
/// SIMD helpers over float spans shared by the neural heads. The dot products accumulate in a fixed number of lanes
/// (<see cref="Lanes"/>: element i goes to lane i mod 8) and add the lanes in a fixed order, so their rounding, and
/// hence every score and every trained weight, is the same whatever the machine's vector width
/// (<see cref="Vector{T}.Count"/> is 4 on ARM64 and 8 or 16 on x64). The element-wise helpers are width-independent
/// by construction. 256-bit registers are used where the hardware has them, two 128-bit halves elsewhere; both give
/// the same lanes.
/// </summary>
internal static class FloatSpans
{
    /// <summary>Accumulator lanes of <see cref="Dot"/> and <see cref="Dot4"/>.</summary>
    public const int Lanes = 8;

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        float sum;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - Lanes; i += Lanes)
            {
                acc += Vector256.Create(a[i..]) * Vector256.Create(b[i..]);
            }
            sum = Sum(acc.GetLower(), acc.GetUpper());
        }
        else
        {
            Vector128<float> lo = Vector128<float>.Zero, hi = Vector128<float>.Zero;
            for (; i <= n - Lanes; i += Lanes)
            {
                lo += Vector128.Create(a[i..]) * Vector128.Create(b[i..]);
                hi += Vector128.Create(a[(i + 4)..]) * Vector128.Create(b[(i + 4)..]);
            }
            sum = Sum(lo, hi);
        }
        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /// <summary>
    /// Dot products of four consecutive rows (<paramref name="rows"/> = 4 x <paramref name="x"/>.Length) with one vector,
    /// sharing each load of <paramref name="x"/>; each result is bit-identical to <see cref="Dot"/> of its row.
    /// </summary>
    public static void Dot4(ReadOnlySpan<float> rows, ReadOnlySpan<float> x, Span<float> result)
    {
        var n = x.Length;
        var r0 = rows[..n];
        var r1 = rows.Slice(n, n);
        var r2 = rows.Slice(2 * n, n);
        var r3 = rows.Slice(3 * n, n);
        var i = 0;
        float s0, s1, s2, s3;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i <= n - Lanes; i += Lanes)
            {
                var v = Vector256.Create(x[i..]);
                a0 += Vector256.Create(r0[i..]) * v;
                a1 += Vector256.Create(r1[i..]) * v;
                a2 += Vector256.Create(r2[i..]) * v;
                a3 += Vector256.Create(r3[i..]) * v;
            }
            (s0, s1, s2, s3) = (Sum(a0.GetLower(), a0.GetUpper()), Sum(a1.GetLower(), a1.GetUpper()), Sum(a2.GetLower(), a2.GetUpper()), Sum(a3.GetLower(), a3.GetUpper()));
        }
        else
        {
            Vector128<float> l0 = default, l1 = default, l2 = default, l3 = default, h0 = default, h1 = default, h2 = default, h3 = default;
            for (; i <= n - Lanes; i += Lanes)
            {
                var lo = Vector128.Create(x[i..]);
                var hi = Vector128.Create(x[(i + 4)..]);
                l0 += Vector128.Create(r0[i..]) * lo;
                h0 += Vector128.Create(r0[(i + 4)..]) * hi;
                l1 += Vector128.Create(r1[i..]) * lo;
                h1 += Vector128.Create(r1[(i + 4)..]) * hi;
                l2 += Vector128.Create(r2[i..]) * lo;
                h2 += Vector128.Create(r2[(i + 4)..]) * hi;
                l3 += Vector128.Create(r3[i..]) * lo;
                h3 += Vector128.Create(r3[(i + 4)..]) * hi;
            }
            (s0, s1, s2, s3) = (Sum(l0, h0), Sum(l1, h1), Sum(l2, h2), Sum(l3, h3));
        }
        for (; i < n; i++)
        {
            s0 += r0[i] * x[i];
            s1 += r1[i] * x[i];
            s2 += r2[i] * x[i];
            s3 += r3[i] * x[i];
        }
        result[0] = s0;
        result[1] = s1;
        result[2] = s2;
        result[3] = s3;
    }

    /// <summary>The eight lanes added in a fixed order: ((l0 + l1) + (l2 + l3)) + ((h0 + h1) + (h2 + h3)).</summary>
    private static float Sum(Vector128<float> lo, Vector128<float> hi) =>
        ((lo[0] + lo[1]) + (lo[2] + lo[3])) + ((hi[0] + hi[1]) + (hi[2] + hi[3]));

    /// <summary>y += alpha x.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        var va = new Vector<float>(alpha);
        var i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(y[i..]) + va * new Vector<float>(x[i..])).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>y *= factor.</summary>
    public static void Scale(Span<float> y, float factor)
    {
        if (factor == 1f)
        {
            return;
        }
        var vf = new Vector<float>(factor);
        var i = 0;
        for (; i <= y.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(y[i..]) * vf).CopyTo(y[i..]);
        }
        for (; i < y.Length; i++)
        {
            y[i] *= factor;
        }
    }
}
