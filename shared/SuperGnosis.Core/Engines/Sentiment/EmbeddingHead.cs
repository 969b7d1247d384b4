using System.IO.Compression;
using System.Numerics;
namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>Training settings of <see cref="EmbeddingHead"/>; the defaults produced the shipped head.</summary>
public sealed record EmbeddingHeadOptions
{
    public int Hidden { get; init; } = 256;

    public int Epochs { get; init; } = 30;

    /// <summary>SGD step at epoch e is LearningRate / (1 + 0.1 e).</summary>
    public double LearningRate { get; init; } = 0.1;

    public double L2 { get; init; } = 1e-4;

    /// <summary>Class weights (n / (K n_c))^power, as in <see cref="SentimentTrainingOptions.ClassBalancePower"/>.</summary>
    public double ClassBalancePower { get; init; } = 0.5;

    public int Seed { get; init; } = 1;
}

/// <summary>
/// A one-hidden-layer perceptron over sentence embeddings: h = ReLU(W1 x + b1), P = softmax(W2 h + b2), classes in
/// <see cref="SentimentLabel"/> order. Trained by plain SGD on class-weighted cross-entropy with L2, Glorot-uniform
/// initialisation from a seeded generator, examples shuffled each epoch (deterministic).
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

    private EmbeddingHead(int input, int hidden, float[] w1, float[] b1, float[] w2, float[] b2)
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

    private void Forward(ReadOnlySpan<float> x, Span<float> h, out double[] p)
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

    public static EmbeddingHead Train(IReadOnlyList<float[]> x, IReadOnlyList<SentimentLabel> y, EmbeddingHeadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        options ??= new EmbeddingHeadOptions();
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException("need as many labels as embeddings, and at least one", nameof(x));
        }
        if (options.Hidden < 1 || options.Epochs < 1 || !(options.LearningRate > 0) || !(options.L2 >= 0))
        {
            throw new ArgumentException("hidden and epochs must be >= 1, learning rate > 0, L2 >= 0", nameof(options));
        }
        var input = x[0].Length;
        if (x.Any(v => v.Length != input || v.Any(f => !float.IsFinite(f))))
        {
            throw new ArgumentException("embeddings must share one dimension and be finite", nameof(x));
        }
        var hidden = options.Hidden;
        var random = new Random(options.Seed);
        var w1 = new float[hidden * input];
        var w2 = new float[K * hidden];
        var limit1 = Math.Sqrt(6.0 / (input + hidden));
        var limit2 = Math.Sqrt(6.0 / (hidden + K));
        for (var i = 0; i < w1.Length; i++)
        {
            w1[i] = (float)((random.NextDouble() * 2 - 1) * limit1);
        }
        for (var i = 0; i < w2.Length; i++)
        {
            w2[i] = (float)((random.NextDouble() * 2 - 1) * limit2);
        }
        var head = new EmbeddingHead(input, hidden, w1, new float[hidden], w2, new float[K]);

        var counts = new int[K];
        foreach (var label in y)
        {
            counts[(int)label]++;
        }
        var classWeight = counts.Select(n => n == 0 ? 0 : Math.Pow(x.Count / (double)(K * n), options.ClassBalancePower)).ToArray();
        var order = Enumerable.Range(0, x.Count).ToArray();
        var h = new float[hidden];
        var gh = new float[hidden];
        var l2 = (float)options.L2;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = (float)(options.LearningRate / (1 + 0.1 * epoch));
            foreach (var i in order)
            {
                var xi = x[i];
                head.Forward(xi, h, out var p);
                var target = (int)y[i];
                Array.Clear(gh);
                for (var c = 0; c < K; c++)
                {
                    var g = (float)(classWeight[target] * (p[c] - (c == target ? 1 : 0)));
                    var row = head._w2.AsSpan(c * hidden, hidden);
                    FloatSpans.Axpy(g, row, gh);
                    // row -= rate * (g h + l2 row)
                    FloatSpans.Scale(row, 1 - rate * l2);
                    FloatSpans.Axpy(-rate * g, h, row);
                    head._b2[c] -= rate * g;
                }
                for (var a = 0; a < hidden; a++)
                {
                    if (h[a] <= 0)
                    {
                        continue;
                    }
                    var row = head._w1.AsSpan(a * input, input);
                    FloatSpans.Scale(row, 1 - rate * l2);
                    FloatSpans.Axpy(-rate * gh[a], xi, row);
                    head._b1[a] -= rate * gh[a];
                }
            }
        }
        return head;
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

    public static EmbeddingHead Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var deflate = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new BinaryReader(deflate);
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
