namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>One labelled training example.</summary>
public readonly record struct LabelledHeadline(string Text, SentimentLabel Label);

/// <summary>Training settings of <see cref="NGramSentimentTrainer"/>; the defaults produced the shipped model.</summary>
public sealed record SentimentTrainingOptions
{
    /// <summary>log2 of the number of hash buckets.</summary>
    public int HashBits { get; init; } = 18;

    public int Epochs { get; init; } = 15;

    /// <summary>AdaGrad base learning rate.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>L2 penalty per weight, applied to the weights a step touches.</summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>
    /// Class weights are (n / (K n_c))^power: 0 gives every example weight 1, 1 fully balances
    /// the classes (helps macro-F1 when neutral dominates, as in the bundled data).
    /// </summary>
    public double ClassBalancePower { get; init; } = 0.5;

    /// <summary>Seed of the example shuffle, so training is reproducible.</summary>
    public int Seed { get; init; } = 17;
}

/// <summary>
/// Trains <see cref="NGramSentimentModel"/>: minimises the class-weighted multinomial cross-entropy
/// by stochastic gradient descent with per-coordinate AdaGrad step sizes, visiting the examples in a
/// seeded random order each epoch. Deterministic for a given data set and options.
/// </summary>
public static class NGramSentimentTrainer
{
    public static NGramSentimentModel Train(IReadOnlyList<LabelledHeadline> examples, SentimentTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new SentimentTrainingOptions();
        if (examples.Count == 0)
        {
            throw new ArgumentException("no training examples", nameof(examples));
        }
        if (options.Epochs < 1 || !(options.LearningRate > 0) || !(options.L2 >= 0) || !(options.ClassBalancePower >= 0))
        {
            throw new ArgumentException("epochs must be >= 1, learning rate > 0, L2 >= 0 and class balance power >= 0", nameof(options));
        }

        const int K = NGramSentimentModel.ClassCount;
        var featurizer = new HeadlineFeaturizer(options.HashBits);
        var x = new SparseFeatures[examples.Count];
        var y = new int[examples.Count];
        var classCounts = new int[K];
        for (var i = 0; i < examples.Count; i++)
        {
            x[i] = featurizer.Featurize(HeadlineNormalizer.Normalize(examples[i].Text));
            y[i] = (int)examples[i].Label;
            classCounts[y[i]]++;
        }
        var classWeight = new double[K];
        for (var c = 0; c < K; c++)
        {
            classWeight[c] = classCounts[c] == 0 ? 0 : Math.Pow(examples.Count / (double)(K * classCounts[c]), options.ClassBalancePower);
        }

        var weights = new float[featurizer.Dimension * K];
        var squaredGradients = new float[weights.Length];
        var bias = new float[K];
        var biasSquaredGradients = new double[K];
        const double Epsilon = 1e-8;
        var lr = options.LearningRate;
        var l2 = (float)options.L2;
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var random = new Random(options.Seed);
        Span<double> p = stackalloc double[K];
        Span<double> g = stackalloc double[K];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                NGramSentimentModel.Logits(weights, bias, x[i], p);
                NGramSentimentModel.Softmax(p);
                for (var c = 0; c < K; c++)
                {
                    g[c] = classWeight[y[i]] * (p[c] - (c == y[i] ? 1.0 : 0.0));
                    biasSquaredGradients[c] += g[c] * g[c];
                    bias[c] -= (float)(lr * g[c] / Math.Sqrt(biasSquaredGradients[c] + Epsilon));
                }
                var indices = x[i].Indices;
                var values = x[i].Values;
                for (var k = 0; k < indices.Length; k++)
                {
                    var row = indices[k] * K;
                    for (var c = 0; c < K; c++)
                    {
                        var j = row + c;
                        var grad = (float)(g[c] * values[k]) + l2 * weights[j];
                        squaredGradients[j] += grad * grad;
                        weights[j] -= (float)(lr * grad / Math.Sqrt(squaredGradients[j] + Epsilon));
                    }
                }
            }
        }
        return new NGramSentimentModel(featurizer, weights, bias);
    }
}
