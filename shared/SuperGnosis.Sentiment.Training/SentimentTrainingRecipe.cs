using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Sentiment.Training;

/// <summary>What <see cref="SentimentTrainingRecipe"/> trains and reports (the options of <c>gnosis train-sentiment</c>).</summary>
/// <param name="Train">Labelled training headlines.</param>
/// <param name="Valid">Labelled validation headlines; null: metrics are computed on the training data (optimistic).</param>
/// <param name="NGramOnly">Train the n-gram model alone instead of the blended model (no MiniLM distillation).</param>
/// <param name="CrossValidationFolds">Also cross-validate the whole training procedure on the training data with this many folds.</param>
/// <param name="HybridHead">Also train the MiniLM embedding head of the hybrid model and report the hybrid's metrics.</param>
public sealed record SentimentRecipeOptions(
    IReadOnlyList<LabelledHeadline> Train,
    IReadOnlyList<LabelledHeadline>? Valid = null,
    bool NGramOnly = false,
    int? CrossValidationFolds = null,
    bool HybridHead = false);

/// <summary>A file the recipe produces, handed to the caller to write as soon as it is trained.</summary>
public enum SentimentArtifact
{
    /// <summary>The headline model (<see cref="NGramSentimentModel"/> or <see cref="BlendedSentimentModel"/> format).</summary>
    Model,

    /// <summary>The hybrid model's embedding head (<see cref="EmbeddingHead"/> format).</summary>
    HybridHead,
}

/// <summary>The trained hybrid head and the hybrid model's metrics on the evaluation headlines.</summary>
public sealed record HybridTrainingResult(EmbeddingHead Head, SentimentMetrics Metrics);

/// <summary>
/// Result of <see cref="SentimentTrainingRecipe"/>: the model, its metrics on the validation headlines (or, without
/// them, on the training headlines: <see cref="MetricsOnValidation"/> is false), the cross-validation of the training
/// procedure when asked, and the hybrid head when asked.
/// </summary>
public sealed record SentimentTrainingResult(
    IHeadlineSentimentModel Model,
    SentimentMetrics Metrics,
    bool MetricsOnValidation,
    SentimentMetrics? CrossValidation,
    HybridTrainingResult? Hybrid);

/// <summary>
/// The documented recipe of the shipped headline models (docs/sentiment.md, "Retraining"): the blended model
/// (MiniLM distilled into static token vectors, then <see cref="BlendedSentimentTrainer"/>) or, with
/// <see cref="SentimentRecipeOptions.NGramOnly"/>, the n-gram model with its own class offsets
/// (<see cref="NGramSentimentTrainer"/>); all trainer settings are the defaults. Optionally a cross-validation of the
/// procedure, and the hybrid model's MiniLM head, which is paired with the n-gram model trained with its own offsets.
/// Deterministic for given data.
/// </summary>
public static class SentimentTrainingRecipe
{
    /// <summary>Fewest training headlines the recipe accepts (the default folds need a few of each class).</summary>
    public const int MinimumTrainingHeadlines = 15;

    /// <summary>Throws <see cref="ArgumentException"/> with a user-facing message when the options cannot be trained.</summary>
    public static void Validate(SentimentRecipeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Train);
        if (options.CrossValidationFolds is < 2)
        {
            throw new ArgumentException("--cv needs at least 2 folds");
        }
        if (options.CrossValidationFolds is > MaximumFolds)
        {
            throw new ArgumentException($"--cv {options.CrossValidationFolds} folds is more than the {MaximumFolds} the recipe runs (each fold is a full training)");
        }
        if (options.Train.Count < MinimumTrainingHeadlines)
        {
            throw new ArgumentException($"{options.Train.Count} training headlines are too few; need at least {MinimumTrainingHeadlines}");
        }
        // What the model sees: headlines that keep at least one token after normalisation (emoji-only or punctuation-only
        // headlines keep none).
        var informative = options.Train.Where(h => HeadlineNormalizer.Normalize(h.Text).Tokens.Count > 0).ToList();
        if (informative.Count < MinimumTrainingHeadlines)
        {
            throw new ArgumentException(
                $"only {informative.Count} of {options.Train.Count} training headlines keep any word after normalisation (emoji, symbols and links are dropped); need at least {MinimumTrainingHeadlines}");
        }
        var classes = informative.Select(h => h.Label).Distinct().Count();
        if (classes < 2)
        {
            throw new ArgumentException($"the training data has one class only ({SentimentLabels.ToWord(informative[0].Label)}); a model needs examples of at least two");
        }
        if (options.CrossValidationFolds is { } folds && folds > informative.Count)
        {
            throw new ArgumentException($"--cv {folds} folds is more than the {informative.Count} usable training headlines");
        }
    }

    /// <summary>Most cross-validation folds accepted: each fold is a full training run.</summary>
    public const int MaximumFolds = 20;

    /// <summary>
    /// Trains, hands every artifact to <paramref name="save"/> as soon as it exists (the model before the
    /// cross-validation and the metrics; the hybrid head after them), and returns the metrics.
    /// </summary>
    public static async Task<SentimentTrainingResult> RunAsync(
        SentimentRecipeOptions options,
        Func<SentimentArtifact, Action<Stream>, CancellationToken, Task> save,
        CancellationToken cancellationToken = default)
    {
        Validate(options);
        ArgumentNullException.ThrowIfNull(save);
        var train = options.Train;
        IHeadlineSentimentModel model;
        SentimentMetrics? cv = null;
        if (options.NGramOnly)
        {
            var ngram = NGramSentimentTrainer.Train(train);
            await save(SentimentArtifact.Model, ngram.Save, cancellationToken).ConfigureAwait(false);
            model = ngram;
            if (options.CrossValidationFolds is { } k)
            {
                cv = NGramSentimentTrainer.CrossValidate(train, new SentimentTrainingOptions(), k);
            }
        }
        else
        {
            var embeddings = MiniLmTokenDistiller.Distill(train.Select(e => e.Text), cancellationToken: cancellationToken);
            var blended = BlendedSentimentTrainer.Train(train, embeddings);
            await save(SentimentArtifact.Model, blended.Save, cancellationToken).ConfigureAwait(false);
            model = blended;
            if (options.CrossValidationFolds is { } k)
            {
                cv = BlendedSentimentTrainer.CrossValidate(train, embeddings, new BlendedTrainingOptions(), k);
            }
        }

        var evaluation = options.Valid ?? train;
        var metrics = SentimentMetrics.Evaluate(model, evaluation);
        HybridTrainingResult? hybrid = null;
        if (options.HybridHead)
        {
            // The hybrid pairs the head with the n-gram model trained with its own class offsets.
            var ngram = model as NGramSentimentModel ?? NGramSentimentTrainer.Train(train);
            hybrid = await TrainHybridHeadAsync(train, evaluation, ngram, save, cancellationToken).ConfigureAwait(false);
        }
        return new SentimentTrainingResult(model, metrics, options.Valid is not null, cv, hybrid);
    }

    private static async Task<HybridTrainingResult> TrainHybridHeadAsync(
        IReadOnlyList<LabelledHeadline> train,
        IReadOnlyList<LabelledHeadline> evaluation,
        NGramSentimentModel ngram,
        Func<SentimentArtifact, Action<Stream>, CancellationToken, Task> save,
        CancellationToken cancellationToken)
    {
        using var embedder = new MiniLmSentenceEmbedder();
        var embeddings = embedder.Embed([.. train.Select(e => e.Text)], cancellationToken);
        var head = EmbeddingHeadTrainer.Train(embeddings, [.. train.Select(e => e.Label)]);
        await save(SentimentArtifact.HybridHead, head.Save, cancellationToken).ConfigureAwait(false);
        var hybrid = new HybridHeadlineSentimentModel(ngram, head, embedder);
        var scored = hybrid.ScoreMany([.. evaluation.Select(e => e.Text)], cancellationToken);
        var metrics = SentimentMetrics.FromPairs([.. evaluation.Select((e, i) => (e.Label, scored[i].Label))]);
        return new HybridTrainingResult(head, metrics);
    }
}
