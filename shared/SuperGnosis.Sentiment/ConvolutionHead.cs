using System.IO.Compression;
using SuperGnosis.Core.Engines.Sentiment;

namespace SuperGnosis.Sentiment;

/// <summary>
/// A one-layer convolutional classifier over a headline's word vectors (Kim 2014, static embeddings): for every window
/// of <see cref="Width"/> consecutive words (the sequence zero-padded by Width - 1 rows on both sides, so every word
/// is in Width windows and an empty headline still has windows), filter f gives <c>z_f(s) = b_f + W_f . window(s)</c>;
/// the pooled feature is <c>h_f = max(0, max_s z_f(s))</c> (max over time, ReLU), and
/// <c>P = softmax(V h + c)</c> in <see cref="SentimentLabel"/> order.
/// Trained by <c>ConvolutionHeadTrainer</c> (SuperGnosis.Sentiment.Training); the word vectors are inputs (not
/// trained). Cost: (words + Width - 1) x Filters dot products of Width x Dimension.
/// </summary>
public sealed class ConvolutionHead
{
    internal const int K = NGramSentimentModel.ClassCount;
    private const uint Magic = 0x43484753; // "SGHC"
    private const int FormatVersion = 1;

    private readonly float[] _w; // Filters x (Width * Dimension), row-major
    private readonly float[] _b; // Filters
    private readonly float[] _v; // K x Filters
    private readonly float[] _c; // K

    /// <summary>A head from its parameters (the trainer's entry point; <see cref="Load"/> for files).</summary>
    internal ConvolutionHead(int dimension, int filters, int width, float[] w, float[] b, float[] v, float[] c)
    {
        Dimension = dimension;
        Filters = filters;
        Width = width;
        _w = w;
        _b = b;
        _v = v;
        _c = c;
    }

    /// <summary>Length of one word vector.</summary>
    public int Dimension { get; }

    public int Filters { get; }

    public int Width { get; }

    internal int WindowLength => Width * Dimension;

    /// <summary>Class probabilities for one headline, given its word vectors row-major (words x <see cref="Dimension"/>).</summary>
    public double[] Probabilities(ReadOnlySpan<float> sequence)
    {
        var padded = Pad(sequence);
        var h = new float[Filters];
        Pool(padded, h, default);
        var p = new double[K];
        Output(h, p);
        return p;
    }

    /// <summary>The sequence with Width - 1 zero rows before and after it.</summary>
    internal float[] Pad(ReadOnlySpan<float> sequence)
    {
        if (sequence.Length % Dimension != 0)
        {
            throw new ArgumentException($"sequence length {sequence.Length} is not a multiple of the word dimension {Dimension}", nameof(sequence));
        }
        var padded = new float[sequence.Length + 2 * (Width - 1) * Dimension];
        sequence.CopyTo(padded.AsSpan((Width - 1) * Dimension));
        return padded;
    }

    /// <summary>h_f = max(0, b_f + max_s W_f . window(s)); the maximising window of each filter goes to <paramref name="argMax"/> when given.</summary>
    internal void Pool(ReadOnlySpan<float> padded, Span<float> h, Span<int> argMax)
    {
        var windows = padded.Length / Dimension - Width + 1;
        var length = WindowLength;
        Span<float> best = stackalloc float[4];
        Span<int> bestWindow = stackalloc int[4];
        Span<float> z = stackalloc float[4];
        // Four filters at a time share each load of the window (same per-filter arithmetic as Dot, so the result
        // does not depend on the grouping); a remainder of fewer than four filters goes one by one.
        for (var f = 0; f < Filters; f += 4)
        {
            var group = Math.Min(4, Filters - f);
            best.Fill(float.NegativeInfinity);
            bestWindow.Clear();
            for (var s = 0; s < windows; s++)
            {
                var window = padded.Slice(s * Dimension, length);
                if (group == 4)
                {
                    FloatSpans.Dot4(_w.AsSpan(f * length, 4 * length), window, z);
                }
                else
                {
                    for (var g = 0; g < group; g++)
                    {
                        z[g] = FloatSpans.Dot(_w.AsSpan((f + g) * length, length), window);
                    }
                }
                for (var g = 0; g < group; g++)
                {
                    if (z[g] > best[g])
                    {
                        best[g] = z[g];
                        bestWindow[g] = s;
                    }
                }
            }
            for (var g = 0; g < group; g++)
            {
                h[f + g] = Math.Max(0f, best[g] + _b[f + g]);
                if (!argMax.IsEmpty)
                {
                    argMax[f + g] = bestWindow[g];
                }
            }
        }
    }

    /// <summary>P = softmax(V h + c).</summary>
    internal void Output(ReadOnlySpan<float> h, Span<double> p)
    {
        for (var k = 0; k < K; k++)
        {
            p[k] = _c[k] + FloatSpans.Dot(_v.AsSpan(k * Filters, Filters), h);
        }
        ClassProbabilities.Softmax(p);
    }

    /// <summary>The parameter arrays (W, b, V, c); the trainer updates them in place.</summary>
    internal float[][] Parameters => [_w, _b, _v, _c];

    /// <summary>Deflate stream: magic, version, dimension, filters, width, then W, b, V, c in half precision.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var deflate = new DeflateStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(deflate);
        ModelFiles.WriteHeader(writer, Magic, FormatVersion);
        writer.Write(Dimension);
        writer.Write(Filters);
        writer.Write(Width);
        ModelFiles.WriteHalves(writer, Parameters);
    }

    /// <summary>Reads a head written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on a bad file.</summary>
    public static ConvolutionHead Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var deflate = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            // Buffered: BinaryReader reads a few bytes per call and a DeflateStream read costs far more than a buffer copy.
            using var reader = new BinaryReader(new BufferedStream(deflate, 1 << 16));
            ModelFiles.ReadHeader(reader, Magic, FormatVersion, "convolution head");
            var dimension = reader.ReadInt32();
            var filters = reader.ReadInt32();
            var width = reader.ReadInt32();
            if (dimension is < 1 or > 4096 || filters is < 1 or > 4096 || width is < 1 or > 16)
            {
                throw new InvalidDataException($"implausible convolution head shape ({dimension} dimensions, {filters} filters, width {width})");
            }
            float[] Read(int n) => ModelFiles.ReadHalves(reader, n, "convolution head");
            return new ConvolutionHead(dimension, filters, width, Read(filters * width * dimension), Read(filters), Read(K * filters), Read(K));
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("convolution head file is truncated: " + ex.Message, ex);
        }
    }
}
