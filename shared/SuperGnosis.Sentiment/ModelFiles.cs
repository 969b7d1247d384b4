using System.Numerics;
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

/// <summary>SIMD helpers over float spans shared by the neural heads.</summary>
internal static class FloatSpans
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var acc = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            acc += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }
        var sum = Vector.Sum(acc);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

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
