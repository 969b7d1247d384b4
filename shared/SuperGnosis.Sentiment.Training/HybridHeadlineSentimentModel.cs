using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment.Training;

/// <summary>
/// The accuracy-first headline model: P = (1 - w) P_ngram + w P_head(embedding), w = <see cref="EmbeddingWeight"/>.
/// Costs one MiniLM encoding per headline (about 10 ms on this machine), so the sentiment engine keeps the
/// n-gram model (docs/sentiment.md, "Model choice"); this one serves batch scoring (<c>gnosis sentiment --hybrid</c>).
/// Label, score and confidence follow <see cref="NGramSentimentModel"/>'s conventions (hedge factor included).
/// </summary>
public sealed class HybridHeadlineSentimentModel(NGramSentimentModel ngram, EmbeddingHead head, ISentenceEmbedder embedder) : IHeadlineSentimentModel
{
    /// <summary>Weight of the embedding head in the probability mix (measured: 0.3 to 0.5 all give macro-F1 near 0.80).</summary>
    public const double EmbeddingWeight = 0.4;

    public HeadlineSentiment Score(string headline) => ScoreMany([headline])[0];

    /// <summary>Scores a batch with one batched embedding call.</summary>
    public IReadOnlyList<HeadlineSentiment> ScoreMany(IReadOnlyList<string> headlines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headlines);
        var embeddings = embedder.Embed(headlines, cancellationToken);
        var result = new HeadlineSentiment[headlines.Count];
        for (var i = 0; i < headlines.Count; i++)
        {
            var n = ngram.Score(headlines[i]);
            var e = head.Probabilities(embeddings[i]);
            result[i] = Combine(n, e);
        }
        return result;
    }

    /// <summary>Mixes the n-gram result with head probabilities (negative, positive, neutral).</summary>
    public static HeadlineSentiment Combine(HeadlineSentiment ngram, IReadOnlyList<double> head)
    {
        ArgumentNullException.ThrowIfNull(head);
        const double W = EmbeddingWeight;
        double[] p =
        [
            (1 - W) * ngram.ProbabilityNegative + W * head[0],
            (1 - W) * ngram.ProbabilityPositive + W * head[1],
            (1 - W) * ngram.ProbabilityNeutral + W * head[2],
        ];
        return HeadlineSentiment.FromProbabilities(p, ngram.IsHedged);
    }
}

/// <summary>The shipped hybrid: bundled n-gram model + the embedding head embedded in this assembly.</summary>
public static class BundledHybridSentimentModel
{
    public const string HeadResourceName = "SuperGnosis.Sentiment.Training.Model.embedding-head.sgmh";

    public static EmbeddingHead LoadHead()
    {
        using var stream = typeof(BundledHybridSentimentModel).Assembly.GetManifestResourceStream(HeadResourceName)
            ?? throw new InvalidOperationException($"embedded embedding head '{HeadResourceName}' is missing from the assembly");
        return EmbeddingHead.Load(stream);
    }
}
