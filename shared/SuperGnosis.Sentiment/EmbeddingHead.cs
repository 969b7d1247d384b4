using System.IO.Compression;
using SuperGnosis.Core.Engines.Sentiment;

namespace SuperGnosis.Sentiment;

/// <summary>
/// A one-hidden-layer perceptron over sentence embeddings: h = ReLU(W1 x + b1), P = softmax(W2 h + b2), classes in
/// <see cref="SentimentLabel"/> order. Trained by <c>EmbeddingHeadTrainer</c> (SuperGnosis.Sentiment.Training).
/// </summary>
public sealed class EmbeddingHead
{
    private const int K = 3;
    private const uint Magic = 0x484D4753; // "SGMH"
    private const int FormatVersion = 1;

    private readonly float[] _w1; // hidden x input, row-major
    private readonly float[] _b1;
    private readonly float[] _w2; // K x hidden
    private readonly float[] _b2;

    /// <summary>A head from its parameters (the trainer's entry point; <see cref="Load"/> for files).</summary>
    internal EmbeddingHead(int input, int hidden, float[] w1, float[] b1, float[] w2, float[] b2)
    {
        Input = input;
        Hidden = hidden;
        _w1 = w1;
        _b1 = b1;
        _w2 = w2;
        _b2 = b2;
    }

    public int Input { get; }

    public int Hidden { get; }

    /// <summary>Class probabilities for one embedding.</summary>
    public double[] Probabilities(ReadOnlySpan<float> x)
    {
        if (x.Length != Input)
        {
            throw new ArgumentException($"embedding has {x.Length} values, the head expects {Input}", nameof(x));
        }
        var h = new float[Hidden];
        Forward(x, h, out var p);
        return p;
    }

    /// <summary>Hidden activations into <paramref name="h"/> and the class probabilities.</summary>
    internal void Forward(ReadOnlySpan<float> x, Span<float> h, out double[] p)
    {
        for (var a = 0; a < Hidden; a++)
        {
            h[a] = Math.Max(0f, _b1[a] + FloatSpans.Dot(_w1.AsSpan(a * Input, Input), x));
        }
        p = new double[K];
        for (var c = 0; c < K; c++)
        {
            p[c] = _b2[c] + FloatSpans.Dot(_w2.AsSpan(c * Hidden, Hidden), h);
        }
        ClassProbabilities.Softmax(p);
    }

    /// <summary>Deflate stream: magic, version, input, hidden, then W1, b1, W2, b2 in half precision.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var deflate = new DeflateStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(deflate);
        ModelFiles.WriteHeader(writer, Magic, FormatVersion);
        writer.Write(Input);
        writer.Write(Hidden);
        ModelFiles.WriteHalves(writer, [_w1, _b1, _w2, _b2]);
    }

    /// <summary>Reads a head written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on a bad file.</summary>
    public static EmbeddingHead Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var deflate = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            // Buffered: BinaryReader reads a few bytes per call and a DeflateStream read costs far more than a buffer copy.
            using var reader = new BinaryReader(new BufferedStream(deflate, 1 << 16));
            ModelFiles.ReadHeader(reader, Magic, FormatVersion, "embedding head");
            var input = reader.ReadInt32();
            var hidden = reader.ReadInt32();
            if (input is < 1 or > 4096 || hidden is < 1 or > 4096)
            {
                throw new InvalidDataException($"implausible embedding head shape {input}x{hidden}");
            }
            float[] Read(int n) => ModelFiles.ReadHalves(reader, n, "embedding head");
            return new EmbeddingHead(input, hidden, Read(hidden * input), Read(hidden), Read(K * hidden), Read(K));
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("embedding head file is truncated: " + ex.Message, ex);
        }
    }
}
