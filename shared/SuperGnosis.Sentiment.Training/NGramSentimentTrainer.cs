using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Core.Numerics;
namespace SuperGnosis.Sentiment.Training;

/// <summary>Training settings of <see cref="NGramSentimentTrainer"/>; the defaults produced the shipped model.</summary>
public sealed record SentimentTrainingOptions
{
    /// <summary>log2 of the number of hash buckets.</summary>
    public int HashBits { get; init; } = 18;

    public int Epochs { get; init; } = 15;

    /// <summary>AdaGrad base learning rate.</summary>
    public double LearningRate { get; init; } = 0.2;

    /// <summary>L2 penalty per weight, applied to the weights a step touches.</summary>
    public double L2 { get; init; } = 3e-4;

    /// <summary>
    /// Class weights are (n / (K n_c))^power: 0 gives every example weight 1, 1 fully balances
    /// the classes (helps macro-F1 when neutral dominates, as in the bundled data).
    /// </summary>
    public double ClassBalancePower { get; init; } = 0.5;

    /// <summary>
    /// Folds of the stratified cross-validation on the training data that chooses the per-class logit
    /// offsets (prior correction) maximising macro-F1 of the out-of-fold predictions; 0 or 1 turns the
    /// correction off. Costs this many extra training runs.
    /// </summary>
    public int OffsetFolds { get; init; } = 5;

    /// <summary>
    /// Exponent of the naive-Bayes feature scaling (NB-SVM style): each bucket's value is multiplied by
    /// s_j = (mean over classes of |log-count ratio r_cj|)^power, r_cj = log((d_cj + 1) / (D_c + 1)) -
    /// log((d_~cj + 1) / (D_~c + 1)) from document frequencies d of class c and of the other classes. 0 turns it
    /// off. The scale is folded into the saved weights, so scoring is unchanged.
    /// </summary>
    public double NaiveBayesScalingPower { get; init; } = 1.0;

    /// <summary>Seed of the example shuffle and of the fold assignment, so training is reproducible.</summary>
    public int Seed { get; init; } = 17;
}

/// <summary>
/// Trains <see cref="NGramSentimentModel"/>: minimises the class-weighted multinomial cross-entropy
/// by stochastic gradient descent with per-coordinate AdaGrad step sizes, visiting the examples in a
/// seeded random order each epoch; then (when <see cref="SentimentTrainingOptions.OffsetFolds"/> &gt; 1)
/// adds to the biases the per-class offsets that maximise the macro-F1 of k-fold out-of-fold predictions on
/// the training data. Deterministic for a given data set and options.
/// </summary>
public static class NGramSentimentTrainer
{
    private const int K = NGramSentimentModel.ClassCount;

    /// <summary>Grid of the offset search: offsets of the negative and positive logits relative to neutral.</summary>
    public const double OffsetStep = 0.05;

    /// <summary>Largest absolute offset searched.</summary>
    public const double OffsetLimit = 2.0;

    public static NGramSentimentModel Train(IReadOnlyList<LabelledHeadline> examples, SentimentTrainingOptions? options = null)
    {
        options ??= new SentimentTrainingOptions();
        var (featurizer, x, y) = Prepare(examples, options);
        var (weights, bias) = Fit(featurizer.Dimension, x, y, Enumerable.Range(0, x.Length).ToArray(), options);
        if (options.OffsetFolds > 1)
        {
            var offsets = ChooseOffsets(OutOfFoldLogits(featurizer.Dimension, x, y, options), y);
            for (var c = 0; c < K; c++)
            {
                bias[c] += (float)offsets[c];
            }
        }
        return new NGramSentimentModel(featurizer, weights, bias);
    }

    /// <summary>
    /// Stratified <paramref name="folds"/>-fold cross-validation on <paramref name="examples"/>: every example is
    /// predicted by a model trained (with <paramref name="options"/>, offsets included) without its fold.
    /// Used to choose hyper-parameters without touching a validation split.
    /// </summary>
    public static SentimentMetrics CrossValidate(IReadOnlyList<LabelledHeadline> examples, SentimentTrainingOptions options, int folds)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "cross-validation needs at least 2 folds");
        }
        var (featurizer, x, y) = Prepare(examples, options);
        var fold = AssignFolds(y, folds, options.Seed + 1);
        var pairs = new (SentimentLabel, SentimentLabel)[x.Length];
        Span<double> z = stackalloc double[K];
        for (var f = 0; f < folds; f++)
        {
            var trainIdx = Enumerable.Range(0, x.Length).Where(i => fold[i] != f).ToArray();
            var (weights, bias) = Fit(featurizer.Dimension, x, y, trainIdx, options);
            if (options.OffsetFolds > 1)
            {
                var sx = trainIdx.Select(i => x[i]).ToArray();
                var sy = trainIdx.Select(i => y[i]).ToArray();
                var offsets = ChooseOffsets(OutOfFoldLogits(featurizer.Dimension, sx, sy, options), sy);
                for (var c = 0; c < K; c++)
                {
                    bias[c] += (float)offsets[c];
                }
            }
            for (var i = 0; i < x.Length; i++)
            {
                if (fold[i] == f)
                {
                    NGramSentimentModel.Logits(weights, bias, x[i], z);
                    pairs[i] = ((SentimentLabel)y[i], (SentimentLabel)ClassProbabilities.ArgMax(z));
                }
            }
        }
        return SentimentMetrics.FromPairs(pairs);
    }

    private static (HeadlineFeaturizer Featurizer, SparseFeatures[] X, int[] Y) Prepare(IReadOnlyList<LabelledHeadline> examples, SentimentTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        if (examples.Count == 0)
        {
            throw new ArgumentException("no training examples", nameof(examples));
        }
        if (options.Epochs < 1 || !(options.LearningRate > 0) || !(options.L2 >= 0) || !(options.ClassBalancePower >= 0) || options.OffsetFolds < 0)
        {
            throw new ArgumentException("epochs must be >= 1, learning rate > 0, L2 >= 0, class balance power >= 0 and offset folds >= 0", nameof(options));
        }
        var featurizer = new HeadlineFeaturizer(options.HashBits);
        var x = new SparseFeatures[examples.Count];
        var y = new int[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            x[i] = featurizer.Featurize(HeadlineNormalizer.Normalize(examples[i].Text));
            y[i] = (int)examples[i].Label;
        }
        return (featurizer, x, y);
    }

    /// <summary>Fold of each example: a seeded shuffle, then round-robin within each class (stratified).</summary>
    internal static int[] AssignFolds(int[] y, int folds, int seed)
    {
        var order = Enumerable.Range(0, y.Length).ToArray();
        new DeterministicRandom((ulong)seed).Shuffle(order);
        var fold = new int[y.Length];
        var next = new int[K];
        foreach (var i in order)
        {
            fold[i] = next[y[i]]++ % folds;
        }
        return fold;
    }

    /// <summary>Logits of every example from a model trained on the other folds (no offsets).</summary>
    private static double[][] OutOfFoldLogits(int dimension, SparseFeatures[] x, int[] y, SentimentTrainingOptions options)
    {
        var fold = AssignFolds(y, options.OffsetFolds, options.Seed + 1);
        var logits = new double[x.Length][];
        for (var f = 0; f < options.OffsetFolds; f++)
        {
            var trainIdx = Enumerable.Range(0, x.Length).Where(i => fold[i] != f).ToArray();
            var (weights, bias) = Fit(dimension, x, y, trainIdx, options);
            for (var i = 0; i < x.Length; i++)
            {
                if (fold[i] == f)
                {
                    logits[i] = new double[K];
                    NGramSentimentModel.Logits(weights, bias, x[i], logits[i]);
                }
            }
        }
        return logits;
    }

    /// <summary>
    /// Offsets (negative, positive, neutral = 0) on a grid of step <see cref="OffsetStep"/> within
    /// +-<see cref="OffsetLimit"/> maximising the macro-F1 of argmax(logits + offset); ties go to the smallest
    /// total |offset|, so a flat optimum keeps the model unchanged.
    /// </summary>
    internal static double[] ChooseOffsets(double[][] logits, int[] y) => BestOffsets(logits, y).Offsets;

    /// <summary><see cref="ChooseOffsets"/> with the macro-F1 the chosen offsets reach.</summary>
    internal static (double[] Offsets, double MacroF1) BestOffsets(double[][] logits, int[] y)
    {
        var steps = (int)Math.Round(OffsetLimit / OffsetStep);
        var best = new double[K];
        var bestF1 = double.NegativeInfinity;
        var bestSize = double.PositiveInfinity;
        var confusion = new int[K * K];
        for (var a = -steps; a <= steps; a++)
        {
            for (var b = -steps; b <= steps; b++)
            {
                double oNeg = a * OffsetStep, oPos = b * OffsetStep;
                Array.Clear(confusion);
                for (var i = 0; i < logits.Length; i++)
                {
                    var z = logits[i];
                    double zn = z[0] + oNeg, zp = z[1] + oPos, zu = z[2];
                    var predicted = zn > zp ? (zn > zu ? 0 : 2) : (zp > zu ? 1 : 2);
                    confusion[y[i] * K + predicted]++;
                }
                var f1 = MacroF1(confusion);
                var size = Math.Abs(oNeg) + Math.Abs(oPos);
                if (f1 > bestF1 + 1e-12 || (Math.Abs(f1 - bestF1) <= 1e-12 && size < bestSize))
                {
                    bestF1 = f1;
                    bestSize = size;
                    best = [oNeg, oPos, 0];
                }
            }
        }
        return (best, bestF1);
    }

    private static double MacroF1(int[] confusion)
    {
        double sum = 0;
        for (var c = 0; c < K; c++)
        {
            int predicted = 0, actual = 0;
            for (var o = 0; o < K; o++)
            {
                predicted += confusion[o * K + c];
                actual += confusion[c * K + o];
            }
            var tp = confusion[c * K + c];
            sum += predicted + actual == 0 ? 0 : 2.0 * tp / (predicted + actual);
        }
        return sum / K;
    }

    /// <summary>AdaGrad SGD on the examples <paramref name="subset"/> (indices into x, y).</summary>
    private static (float[] Weights, float[] Bias) Fit(int dimension, SparseFeatures[] x, int[] y, int[] subset, SentimentTrainingOptions options)
    {
        var classCounts = new int[K];
        foreach (var i in subset)
        {
            classCounts[y[i]]++;
        }
        var classWeight = new double[K];
        for (var c = 0; c < K; c++)
        {
            classWeight[c] = classCounts[c] == 0 ? 0 : Math.Pow(subset.Length / (double)(K * classCounts[c]), options.ClassBalancePower);
        }

        var scale = options.NaiveBayesScalingPower > 0 ? NaiveBayesScale(dimension, x, y, subset, options.NaiveBayesScalingPower) : null;
        if (scale is not null)
        {
            var scaled = new SparseFeatures[x.Length];
            foreach (var i in subset)
            {
                var values = new float[x[i].Values.Length];
                for (var k = 0; k < values.Length; k++)
                {
                    values[k] = x[i].Values[k] * scale[x[i].Indices[k]];
                }
                scaled[i] = new SparseFeatures(x[i].Indices, values);
            }
            x = scaled;
        }

        var weights = new float[dimension * K];
        var squaredGradients = new float[weights.Length];
        var bias = new float[K];
        var biasSquaredGradients = new double[K];
        const double Epsilon = 1e-8;
        var lr = options.LearningRate;
        var l2 = (float)options.L2;
        var order = (int[])subset.Clone();
        var random = new DeterministicRandom((ulong)options.Seed);
        Span<double> p = stackalloc double[K];
        Span<double> g = stackalloc double[K];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var i in order)
            {
                NGramSentimentModel.Logits(weights, bias, x[i], p);
                ClassProbabilities.Softmax(p);
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
        if (scale is not null)
        {
            for (var j = 0; j < weights.Length; j++)
            {
                weights[j] *= scale[j / K];
            }
        }
        return (weights, bias);
    }

    /// <summary>NB-SVM style per-bucket scale (see <see cref="SentimentTrainingOptions.NaiveBayesScalingPower"/>).</summary>
    private static float[] NaiveBayesScale(int dimension, SparseFeatures[] x, int[] y, int[] subset, double power)
    {
        var df = new int[dimension * K];
        var docs = new int[K];
        foreach (var i in subset)
        {
            docs[y[i]]++;
            foreach (var j in x[i].Indices)
            {
                df[j * K + y[i]]++;
            }
        }
        var scale = new float[dimension];
        for (var j = 0; j < dimension; j++)
        {
            var total = df[j * K] + df[j * K + 1] + df[j * K + 2];
            double sum = 0;
            for (var c = 0; c < K; c++)
            {
                var inClass = df[j * K + c];
                var rest = total - inClass;
                sum += Math.Abs(Math.Log((inClass + 1.0) / (docs[c] + 1.0)) - Math.Log((rest + 1.0) / (subset.Length - docs[c] + 1.0)));
            }
            scale[j] = (float)Math.Pow(sum / K, power);
        }
        return scale;
    }
}
