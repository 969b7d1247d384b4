using System.IO.Compression;
using System.Numerics;

namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>Training settings of <see cref="ConvolutionHead"/>; the defaults are the ones chosen by cross-validation.</summary>
public sealed record ConvolutionHeadOptions
{
    /// <summary>Number of convolution filters (pooled features).</summary>
    public int Filters { get; init; } = 128;

    /// <summary>Words per convolution window.</summary>
    public int Width { get; init; } = 3;

    public int Epochs { get; init; } = 10;

    public int BatchSize { get; init; } = 16;

    /// <summary>Adam step size (beta1 0.9, beta2 0.999, epsilon 1e-8).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Probability of dropping a pooled feature during training (inverted dropout).</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Class weights (n / (K n_c))^power, as in <see cref="SentimentTrainingOptions.ClassBalancePower"/>.</summary>
    public double ClassBalancePower { get; init; } = 0.5;

    public int Seed { get; init; } = 1;
}

/// <summary>
/// A one-layer convolutional classifier over a headline's word vectors (Kim 2014, static embeddings): for every window
/// of <see cref="Width"/> consecutive words (the sequence zero-padded by Width - 1 rows on both sides, so every word
/// is in Width windows and an empty headline still has windows), filter f gives <c>z_f(s) = b_f + W_f . window(s)</c>;
/// the pooled feature is <c>h_f = max(0, max_s z_f(s))</c> (max over time, ReLU), and
/// <c>P = softmax(V h + c)</c> in <see cref="SentimentLabel"/> order.
/// Trained by Adam on class-weighted cross-entropy in mini-batches with dropout on h; initialisation (Glorot uniform),
/// shuffling and dropout come from one seeded generator, so training is deterministic.
/// The word vectors are inputs (not trained). Cost: (words + Width - 1) x Filters dot products of Width x Dimension.
/// </summary>
public sealed class ConvolutionHead
{
    private const int K = NGramSentimentModel.ClassCount;
    private const uint Magic = 0x43484753; // "SGHC"
    private const int FormatVersion = 1;

    private readonly float[] _w; // Filters x (Width * Dimension), row-major
    private readonly float[] _b; // Filters
    private readonly float[] _v; // K x Filters
    private readonly float[] _c; // K

    private ConvolutionHead(int dimension, int filters, int width, float[] w, float[] b, float[] v, float[] c)
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

    private int WindowLength => Width * Dimension;

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
    private float[] Pad(ReadOnlySpan<float> sequence)
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
    private void Pool(ReadOnlySpan<float> padded, Span<float> h, Span<int> argMax)
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
                    Dot4(_w.AsSpan(f * length, 4 * length), window, z);
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

    /// <summary>Dot products of four consecutive filter rows (<paramref name="filters"/> = 4 x window length) with one window.</summary>
    private static void Dot4(ReadOnlySpan<float> filters, ReadOnlySpan<float> window, Span<float> result)
    {
        var n = window.Length;
        var f0 = filters[..n];
        var f1 = filters.Slice(n, n);
        var f2 = filters.Slice(2 * n, n);
        var f3 = filters.Slice(3 * n, n);
        Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero, a2 = Vector<float>.Zero, a3 = Vector<float>.Zero;
        var i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            var x = new Vector<float>(window[i..]);
            a0 += new Vector<float>(f0[i..]) * x;
            a1 += new Vector<float>(f1[i..]) * x;
            a2 += new Vector<float>(f2[i..]) * x;
            a3 += new Vector<float>(f3[i..]) * x;
        }
        float s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
        for (; i < n; i++)
        {
            s0 += f0[i] * window[i];
            s1 += f1[i] * window[i];
            s2 += f2[i] * window[i];
            s3 += f3[i] * window[i];
        }
        result[0] = s0;
        result[1] = s1;
        result[2] = s2;
        result[3] = s3;
    }

    private void Output(ReadOnlySpan<float> h, Span<double> p)
    {
        for (var k = 0; k < K; k++)
        {
            p[k] = _c[k] + FloatSpans.Dot(_v.AsSpan(k * Filters, Filters), h);
        }
        ClassProbabilities.Softmax(p);
    }

    /// <summary>
    /// Forward and backward pass for one example: adds weight x d(cross-entropy)/d(parameter) to the gradient arrays
    /// and returns the unweighted cross-entropy. <paramref name="keep"/> is the dropout mask already divided by the keep
    /// probability (empty: no dropout).
    /// </summary>
    internal double Accumulate(ReadOnlySpan<float> sequence, int label, double weight, ReadOnlySpan<float> keep, Gradients g)
    {
        var padded = Pad(sequence);
        var h = new float[Filters];
        var argMax = new int[Filters];
        Pool(padded, h, argMax);
        var dropped = new float[Filters];
        for (var f = 0; f < Filters; f++)
        {
            dropped[f] = keep.IsEmpty ? h[f] : h[f] * keep[f];
        }
        Span<double> p = stackalloc double[K];
        Output(dropped, p);
        var loss = -Math.Log(Math.Max(p[label], 1e-300));
        var dh = new float[Filters];
        for (var k = 0; k < K; k++)
        {
            var dz = (float)(weight * (p[k] - (k == label ? 1 : 0)));
            g.C[k] += dz;
            FloatSpans.Axpy(dz, dropped, g.V.AsSpan(k * Filters, Filters));
            FloatSpans.Axpy(dz, _v.AsSpan(k * Filters, Filters), dh);
        }
        var length = WindowLength;
        for (var f = 0; f < Filters; f++)
        {
            if (h[f] <= 0)
            {
                continue;
            }
            var d = keep.IsEmpty ? dh[f] : dh[f] * keep[f];
            g.B[f] += d;
            FloatSpans.Axpy(d, padded.AsSpan(argMax[f] * Dimension, length), g.W.AsSpan(f * length, length));
        }
        return loss;
    }

    /// <summary>Gradient buffers shaped like the parameters.</summary>
    internal sealed class Gradients(ConvolutionHead head)
    {
        public float[] W { get; } = new float[head._w.Length];
        public float[] B { get; } = new float[head._b.Length];
        public float[] V { get; } = new float[head._v.Length];
        public float[] C { get; } = new float[head._c.Length];

        public float[][] All => [W, B, V, C];

        public void Clear()
        {
            foreach (var a in All)
            {
                Array.Clear(a);
            }
        }
    }

    /// <summary>The parameter arrays (W, b, V, c), in the order of <see cref="Gradients.All"/>.</summary>
    internal float[][] Parameters => [_w, _b, _v, _c];

    /// <summary>A head with Glorot-uniform filters and output weights and zero biases.</summary>
    internal static ConvolutionHead Initial(int dimension, int filters, int width, Random random)
    {
        var windowLength = width * dimension;
        var w = new float[filters * windowLength];
        var v = new float[K * filters];
        Fill(w, Math.Sqrt(6.0 / (windowLength + filters)));
        Fill(v, Math.Sqrt(6.0 / (filters + K)));
        return new ConvolutionHead(dimension, filters, width, w, new float[filters], v, new float[K]);

        void Fill(float[] a, double limit)
        {
            for (var i = 0; i < a.Length; i++)
            {
                a[i] = (float)((random.NextDouble() * 2 - 1) * limit);
            }
        }
    }

    /// <summary>Trains a head on word-vector sequences (row-major, words x <paramref name="dimension"/>; may be empty).</summary>
    public static ConvolutionHead Train(IReadOnlyList<float[]> sequences, IReadOnlyList<SentimentLabel> labels, int dimension, ConvolutionHeadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new ConvolutionHeadOptions();
        if (sequences.Count == 0 || sequences.Count != labels.Count)
        {
            throw new ArgumentException("need as many labels as sequences, and at least one", nameof(sequences));
        }
        if (dimension < 1 || options.Filters < 1 || options.Width < 1 || options.Epochs < 1 || options.BatchSize < 1
            || !(options.LearningRate > 0) || !(options.Dropout is >= 0 and < 1))
        {
            throw new ArgumentException("dimension, filters, width, epochs and batch size must be >= 1, learning rate > 0, dropout in [0, 1)", nameof(options));
        }
        if (sequences.Any(s => s.Length % dimension != 0 || s.Any(x => !float.IsFinite(x))))
        {
            throw new ArgumentException($"sequences must be finite and made of whole {dimension}-value word vectors", nameof(sequences));
        }
        var random = new Random(options.Seed);
        var head = Initial(dimension, options.Filters, options.Width, random);
        var counts = new int[K];
        foreach (var label in labels)
        {
            counts[(int)label]++;
        }
        var classWeight = counts.Select(n => n == 0 ? 0 : Math.Pow(sequences.Count / (double)(K * n), options.ClassBalancePower)).ToArray();

        var gradients = new Gradients(head);
        var parameters = head.Parameters;
        var grads = gradients.All;
        var first = parameters.Select(p => new float[p.Length]).ToArray();
        var second = parameters.Select(p => new float[p.Length]).ToArray();
        var keep = new float[options.Filters];
        var keepScale = (float)(1 / (1 - options.Dropout));
        var order = Enumerable.Range(0, sequences.Count).ToArray();
        var step = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var end = Math.Min(order.Length, start + options.BatchSize);
                gradients.Clear();
                for (var n = start; n < end; n++)
                {
                    var i = order[n];
                    for (var f = 0; f < keep.Length; f++)
                    {
                        keep[f] = random.NextDouble() < options.Dropout ? 0f : keepScale;
                    }
                    var label = (int)labels[i];
                    head.Accumulate(sequences[i], label, classWeight[label] / (end - start), options.Dropout > 0 ? keep : default, gradients);
                }
                step++;
                for (var a = 0; a < parameters.Length; a++)
                {
                    AdamStep(parameters[a], grads[a], first[a], second[a], options.LearningRate, step);
                }
            }
        }
        return head;
    }

    private static void AdamStep(float[] theta, float[] gradient, float[] m, float[] v, double rate, int step)
    {
        const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        var correctedRate = (float)(rate * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step)));
        for (var i = 0; i < theta.Length; i++)
        {
            var g = gradient[i];
            m[i] = (float)(Beta1 * m[i] + (1 - Beta1) * g);
            v[i] = (float)(Beta2 * v[i] + (1 - Beta2) * g * g);
            theta[i] -= correctedRate * m[i] / (MathF.Sqrt(v[i]) + (float)Epsilon);
        }
    }

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
            using var reader = new BinaryReader(deflate);
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
