using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;
using SuperGnosis.Sentiment.Training;

namespace SuperGnosis.Sentiment.Training.Tests;

/// <summary>Runs the real MiniLM ONNX model shipped in the package (no network).</summary>
public sealed class HybridModelTests : IDisposable
{
    private readonly MiniLmSentenceEmbedder _embedder = new();

    public void Dispose() => _embedder.Dispose();

    private static double Cosine(float[] a, float[] b) =>
        a.Zip(b).Sum(p => (double)p.First * p.Second) / Math.Sqrt(a.Sum(v => (double)v * v) * b.Sum(v => (double)v * v));

    [Fact]
    public void MiniLm_embeddings_are_384_d_unit_vectors_and_close_for_paraphrases()
    {
        var e = _embedder.Embed(["Company profit surges to a record", "Firm's earnings jump to an all-time high", "Airline cancels flights after storm"]);
        Assert.All(e, v => Assert.Equal(384, v.Length));
        Assert.All(e, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 3));
        Assert.True(Cosine(e[0], e[1]) > Cosine(e[0], e[2]) + 0.2);
    }

    [Fact]
    public void Cashtags_and_links_are_cleaned_before_encoding()
    {
        Assert.Equal("AAPL rises on iPhone sales", MiniLmSentenceEmbedder.Prepare("$AAPL rises on iPhone sales https://t.co/x1"));
        Assert.Equal(".", MiniLmSentenceEmbedder.Prepare("https://t.co/only"));
    }

    [Fact]
    public void Bundled_hybrid_transfers_to_formal_headlines()
    {
        using var reader = new StreamReader(Path.Combine(AppContext.BaseDirectory, "formal-headlines.csv"));
        var formal = LabelledHeadlineCsv.Read(reader);
        var model = new HybridHeadlineSentimentModel(BundledSentimentModel.NGram, BundledHybridSentimentModel.LoadHead(), _embedder);
        var scored = model.ScoreMany([.. formal.Select(f => f.Text)]);
        var metrics = SentimentMetrics.FromPairs([.. formal.Select((f, i) => (f.Label, scored[i].Label))]);
        Assert.True(metrics.Accuracy >= 0.8, $"accuracy {metrics.Accuracy:F3}");
        Assert.True(metrics.MacroF1 >= 0.8, $"macro-F1 {metrics.MacroF1:F3}");
    }

    [Fact]
    public void Combine_mixes_probabilities_with_the_documented_weight()
    {
        var ngram = new HeadlineSentiment(SentimentLabel.Neutral, 0.2, 0.3, 0.5, 0.1, 0.5, false);
        var mixed = HybridHeadlineSentimentModel.Combine(ngram, [0.0, 1.0, 0.0]);
        const double W = HybridHeadlineSentimentModel.EmbeddingWeight;
        Assert.Equal((1 - W) * 0.3 + W, mixed.ProbabilityPositive, 12);
        Assert.Equal((1 - W) * 0.2, mixed.ProbabilityNegative, 12);
        Assert.Equal(mixed.ProbabilityPositive - mixed.ProbabilityNegative, mixed.Score, 12);
        Assert.Equal(SentimentLabel.Positive, mixed.Label);
    }
}
