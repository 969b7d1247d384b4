using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Sentiment.Training;

/// <summary>Training settings of <see cref="ConvolutionHeadTrainer"/>; the defaults are the ones chosen by cross-validation.</summary>
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
/// Trains a <see cref="ConvolutionHead"/> by Adam on class-weighted cross-entropy in mini-batches with dropout on the
/// pooled features; initialisation (Glorot uniform), shuffling and dropout come from one seeded
/// <see cref="DeterministicRandom"/>, so training is deterministic across machines and .NET versions.
/// </summary>
public static class ConvolutionHeadTrainer
{
    private const int K = ConvolutionHead.K;

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
        var random = new DeterministicRandom((ulong)options.Seed);
        var head = Initial(dimension, options.Filters, options.Width, random);
        var classWeight = ClassWeights.For(labels, options.ClassBalancePower);

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
                    Accumulate(head, sequences[i], label, classWeight[label] / (end - start), options.Dropout > 0 ? keep : default, gradients);
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

    /// <summary>A head with Glorot-uniform filters and output weights and zero biases.</summary>
    internal static ConvolutionHead Initial(int dimension, int filters, int width, DeterministicRandom random)
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

    /// <summary>
    /// Forward and backward pass for one example: adds weight x d(cross-entropy)/d(parameter) to the gradient arrays
    /// and returns the unweighted cross-entropy. <paramref name="keep"/> is the dropout mask already divided by the keep
    /// probability (empty: no dropout).
    /// </summary>
    internal static double Accumulate(ConvolutionHead head, ReadOnlySpan<float> sequence, int label, double weight, ReadOnlySpan<float> keep, Gradients g)
    {
        var filters = head.Filters;
        var v = head.Parameters[2];
        var padded = head.Pad(sequence);
        var h = new float[filters];
        var argMax = new int[filters];
        head.Pool(padded, h, argMax);
        var dropped = new float[filters];
        for (var f = 0; f < filters; f++)
        {
            dropped[f] = keep.IsEmpty ? h[f] : h[f] * keep[f];
        }
        Span<double> p = stackalloc double[K];
        head.Output(dropped, p);
        var loss = -Math.Log(Math.Max(p[label], 1e-300));
        var dh = new float[filters];
        for (var k = 0; k < K; k++)
        {
            var dz = (float)(weight * (p[k] - (k == label ? 1 : 0)));
            g.C[k] += dz;
            FloatSpans.Axpy(dz, dropped, g.V.AsSpan(k * filters, filters));
            FloatSpans.Axpy(dz, v.AsSpan(k * filters, filters), dh);
        }
        var length = head.WindowLength;
        for (var f = 0; f < filters; f++)
        {
            if (h[f] <= 0)
            {
                continue;
            }
            var d = keep.IsEmpty ? dh[f] : dh[f] * keep[f];
            g.B[f] += d;
            FloatSpans.Axpy(d, padded.AsSpan(argMax[f] * head.Dimension, length), g.W.AsSpan(f * length, length));
        }
        return loss;
    }

    /// <summary>Gradient buffers shaped like the head's parameters (W, b, V, c).</summary>
    internal sealed class Gradients(ConvolutionHead head)
    {
        public float[] W { get; } = new float[head.Parameters[0].Length];
        public float[] B { get; } = new float[head.Parameters[1].Length];
        public float[] V { get; } = new float[head.Parameters[2].Length];
        public float[] C { get; } = new float[head.Parameters[3].Length];

        public float[][] All => [W, B, V, C];

        public void Clear()
        {
            foreach (var a in All)
            {
                Array.Clear(a);
            }
        }
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
}

/// <summary>Class weights (n / (K n_c))^power shared by the head trainers (0 for a class with no example).</summary>
internal static class ClassWeights
{
    public static double[] For(IReadOnlyList<SentimentLabel> labels, double power)
    {
        var counts = new int[NGramSentimentModel.ClassCount];
        foreach (var label in labels)
        {
            counts[(int)label]++;
        }
        return [.. counts.Select(n => n == 0 ? 0 : Math.Pow(labels.Count / (double)(NGramSentimentModel.ClassCount * n), power))];
    }
}
