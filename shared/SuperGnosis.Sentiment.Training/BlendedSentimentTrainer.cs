using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;
namespace SuperGnosis.Sentiment.Training;

/// <summary>Training settings of <see cref="BlendedSentimentTrainer"/>; the defaults produced the shipped model.</summary>
public sealed record BlendedTrainingOptions
{
    /// <summary>The n-gram component's settings; its own offsets are off because the blend chooses offsets.</summary>
    public SentimentTrainingOptions NGram { get; init; } = new() { OffsetFolds = 0 };

    /// <summary>The convolution head's settings.</summary>
    public ConvolutionHeadOptions Head { get; init; } = new();

    /// <summary>The sentence-vector MLP head's settings.</summary>
    public EmbeddingHeadOptions SentenceHead { get; init; } = new();

    /// <summary>Folds of the cross-validation that gives the out-of-fold predictions the weight and offsets are chosen on.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Candidate embedding weights w; ties go to the smallest.</summary>
    public IReadOnlyList<double> EmbeddingWeights { get; init; } = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
}

/// <summary>
/// Trains <see cref="BlendedSentimentModel"/>: k-fold cross-validation on the training data gives out-of-fold
/// probabilities of the n-gram model and of the convolution head (folds trained in parallel); the embedding weight w (from
/// <see cref="BlendedTrainingOptions.EmbeddingWeights"/>) and the class offsets (grid of
/// <see cref="NGramSentimentTrainer.OffsetStep"/>) that maximise the macro-F1 of the blended out-of-fold predictions
/// are kept, and both components are refitted on all the data. Deterministic for given data, embeddings and options.
/// </summary>
public static class BlendedSentimentTrainer
{
    private const int K = NGramSentimentModel.ClassCount;

    public static BlendedSentimentModel Train(IReadOnlyList<LabelledHeadline> examples, StaticTokenEmbeddings embeddings, BlendedTrainingOptions? options = null)
    {
        options ??= new BlendedTrainingOptions();
        var (inputs, y) = Prepare(examples, embeddings, options);
        var all = Enumerable.Range(0, examples.Count).ToArray();
        var (weight, offsets) = ChooseBlend(examples, embeddings, inputs, y, all, options);
        return FitComponents(examples, embeddings, inputs, all, weight, offsets, options);
    }

    /// <summary>
    /// Stratified <paramref name="folds"/>-fold cross-validation of the whole procedure (each outer training part chooses
    /// its own weight and offsets by an inner cross-validation), so no example influences its own prediction.
    /// </summary>
    public static SentimentMetrics CrossValidate(IReadOnlyList<LabelledHeadline> examples, StaticTokenEmbeddings embeddings, BlendedTrainingOptions options, int folds)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (folds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "cross-validation needs at least 2 folds");
        }
        var (inputs, y) = Prepare(examples, embeddings, options);
        var fold = NGramSentimentTrainer.AssignFolds(y, folds, options.NGram.Seed + 2);
        var pairs = new (SentimentLabel, SentimentLabel)[examples.Count];
        for (var f = 0; f < folds; f++)
        {
            var trainIdx = Enumerable.Range(0, y.Length).Where(i => fold[i] != f).ToArray();
            var (weight, offsets) = ChooseBlend(examples, embeddings, inputs, y, trainIdx, options);
            var model = FitComponents(examples, embeddings, inputs, trainIdx, weight, offsets, options);
            for (var i = 0; i < y.Length; i++)
            {
                if (fold[i] == f)
                {
                    pairs[i] = ((SentimentLabel)y[i], model.Score(examples[i].Text).Label);
                }
            }
        }
        return SentimentMetrics.FromPairs(pairs);
    }

    private static (Inputs Inputs, int[] Y) Prepare(IReadOnlyList<LabelledHeadline> examples, StaticTokenEmbeddings embeddings, BlendedTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Folds < 2 || options.EmbeddingWeights.Count == 0 || options.EmbeddingWeights.Any(w => !(w is >= 0 and <= 1)))
        {
            throw new ArgumentException("folds must be >= 2 and embedding weights a non-empty list within [0, 1]", nameof(options));
        }
        if (examples.Count < options.Folds * K)
        {
            throw new ArgumentException($"need at least {options.Folds * K} examples for {options.Folds}-fold blending", nameof(examples));
        }
        var sequences = examples.Select(e => embeddings.WordSequence(e.Text, BlendedSentimentModel.MaxWords)).ToArray();
        var inputs = new Inputs(sequences, [.. sequences.Select(q => embeddings.SentenceVector(q))], embeddings.Dimension);
        var y = examples.Select(e => (int)e.Label).ToArray();
        return (inputs, y);
    }

    /// <summary>Per example: word-vector sequence and sentence vector.</summary>
    private sealed record Inputs(float[][] Sequences, float[][] Sentences, int Dimension);

    private static BlendedSentimentModel FitComponents(IReadOnlyList<LabelledHeadline> examples, StaticTokenEmbeddings embeddings, Inputs inputs, int[] subset, double weight, double[] offsets, BlendedTrainingOptions options)
    {
        var labels = subset.Select(i => examples[i].Label).ToArray();
        var ngram = NGramSentimentTrainer.Train([.. subset.Select(i => examples[i])], options.NGram with { OffsetFolds = 0 });
        var head = ConvolutionHeadTrainer.Train([.. subset.Select(i => inputs.Sequences[i])], labels, inputs.Dimension, options.Head);
        var sentenceHead = EmbeddingHeadTrainer.Train([.. subset.Select(i => inputs.Sentences[i])], labels, options.SentenceHead);
        return new BlendedSentimentModel(ngram, embeddings, head, sentenceHead, weight, offsets);
    }

    /// <summary>Weight and offsets maximising the macro-F1 of out-of-fold blended predictions on <paramref name="subset"/>.</summary>
    private static (double Weight, double[] Offsets) ChooseBlend(IReadOnlyList<LabelledHeadline> examples, StaticTokenEmbeddings embeddings, Inputs inputs, int[] y, int[] subset, BlendedTrainingOptions options)
    {
        var sy = subset.Select(i => y[i]).ToArray();
        var fold = NGramSentimentTrainer.AssignFolds(sy, options.Folds, options.NGram.Seed + 1);
        var ngramP = new double[subset.Length][];
        var headP = new double[subset.Length][];
        // Each fold writes only its own rows, so running folds in parallel keeps the result deterministic.
        Parallel.For(0, options.Folds, f =>
        {
            var fit = Enumerable.Range(0, subset.Length).Where(k => fold[k] != f).Select(k => subset[k]).ToArray();
            var model = FitComponents(examples, embeddings, inputs, fit, 0, [0, 0, 0], options);
            for (var k = 0; k < subset.Length; k++)
            {
                if (fold[k] == f)
                {
                    var text = examples[subset[k]].Text;
                    var s = model.NGram.Score(text);
                    ngramP[k] = [s.ProbabilityNegative, s.ProbabilityPositive, s.ProbabilityNeutral];
                    headP[k] = model.EmbeddingProbabilities(text);
                }
            }
        });
        var bestWeight = 0.0;
        var bestOffsets = new double[K];
        var bestF1 = double.NegativeInfinity;
        foreach (var w in options.EmbeddingWeights.Order())
        {
            var logits = new double[subset.Length][];
            for (var k = 0; k < subset.Length; k++)
            {
                logits[k] = new double[K];
                BlendedSentimentModel.LogMix(ngramP[k], headP[k], w, logits[k]);
            }
            var (offsets, f1) = NGramSentimentTrainer.BestOffsets(logits, sy);
            if (f1 > bestF1 + 1e-12)
            {
                (bestWeight, bestOffsets, bestF1) = (w, offsets, f1);
            }
        }
        return (bestWeight, bestOffsets);
    }
}
