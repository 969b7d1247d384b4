using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Sentiment.Training;

/// <summary>Training settings of <see cref="EmbeddingHeadTrainer"/>; the defaults produced the shipped heads.</summary>
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
/// Trains an <see cref="EmbeddingHead"/> by plain SGD on class-weighted cross-entropy with L2, Glorot-uniform
/// initialisation and a per-epoch shuffle from a seeded <see cref="DeterministicRandom"/> (deterministic).
/// </summary>
public static class EmbeddingHeadTrainer
{
    private const int K = NGramSentimentModel.ClassCount;

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
        var random = new DeterministicRandom((ulong)options.Seed);
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
        var b1 = new float[hidden];
        var b2 = new float[K];
        var head = new EmbeddingHead(input, hidden, w1, b1, w2, b2);

        var classWeight = ClassWeights.For(y, options.ClassBalancePower);
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
                    var row = w2.AsSpan(c * hidden, hidden);
                    FloatSpans.Axpy(g, row, gh);
                    // row -= rate * (g h + l2 row)
                    FloatSpans.Scale(row, 1 - rate * l2);
                    FloatSpans.Axpy(-rate * g, h, row);
                    b2[c] -= rate * g;
                }
                for (var a = 0; a < hidden; a++)
                {
                    if (h[a] <= 0)
                    {
                        continue;
                    }
                    var row = w1.AsSpan(a * input, input);
                    FloatSpans.Scale(row, 1 - rate * l2);
                    FloatSpans.Axpy(-rate * gh[a], xi, row);
                    b1[a] -= rate * gh[a];
                }
            }
        }
        return head;
    }
}
