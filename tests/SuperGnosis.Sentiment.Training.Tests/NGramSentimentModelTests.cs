using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;
using SuperGnosis.Sentiment.Training;

namespace SuperGnosis.Sentiment.Training.Tests;

public class NGramSentimentModelTests
{
    private static readonly LabelledHeadline[] Toy =
    [
        new("profits soar on record demand", SentimentLabel.Positive),
        new("shares soar after strong results", SentimentLabel.Positive),
        new("record revenue lifts outlook", SentimentLabel.Positive),
        new("stock plunges on weak guidance", SentimentLabel.Negative),
        new("losses widen as demand plunges", SentimentLabel.Negative),
        new("weak sales hit outlook", SentimentLabel.Negative),
        new("company to hold meeting on monday", SentimentLabel.Neutral),
        new("board schedules annual meeting", SentimentLabel.Neutral),
        new("firm to report results on tuesday", SentimentLabel.Neutral),
    ];

    private static readonly SentimentTrainingOptions Small = new() { HashBits = 12, Epochs = 30 };

    [Fact]
    public void Featurizer_is_deterministic_with_unit_norm_and_sorted_indices()
    {
        var f = new HeadlineFeaturizer(14);
        var a = f.Featurize(HeadlineNormalizer.Normalize("Shares rise after upbeat results"));
        var b = f.Featurize(HeadlineNormalizer.Normalize("Shares rise after upbeat results"));
        Assert.Equal(a.Indices, b.Indices);
        Assert.Equal(a.Values, b.Values);
        Assert.Equal(1.0, Math.Sqrt(a.Values.Sum(v => (double)v * v)), 5);
        Assert.True(a.Indices.Zip(a.Indices.Skip(1)).All(p => p.First < p.Second));
        Assert.All(a.Indices, i => Assert.InRange(i, 0, f.Dimension - 1));
    }

    [Fact]
    public void Trainer_fits_a_separable_toy_set_and_generalises_to_shared_words()
    {
        var model = NGramSentimentTrainer.Train(Toy, Small);
        Assert.All(Toy, e => Assert.Equal(e.Label, model.Score(e.Text).Label));
        Assert.Equal(SentimentLabel.Positive, model.Score("revenue soars to record").Label);
        Assert.Equal(SentimentLabel.Negative, model.Score("guidance plunges, weak demand").Label);
    }

    [Fact]
    public void Probabilities_sum_to_one_and_score_is_positive_minus_negative()
    {
        var model = NGramSentimentTrainer.Train(Toy, Small);
        var s = model.Score("shares soar");
        Assert.Equal(1.0, s.ProbabilityNegative + s.ProbabilityPositive + s.ProbabilityNeutral, 12);
        Assert.Equal(s.ProbabilityPositive - s.ProbabilityNegative, s.Score, 12);
        Assert.InRange(s.Confidence, 0, 1);
    }

    [Fact]
    public void Hedged_headline_gets_lower_confidence_than_the_plain_one()
    {
        var model = NGramSentimentTrainer.Train(Toy, Small);
        var plain = model.Score("profits soar on record demand");
        var hedged = model.Score("profits may soar on record demand");
        Assert.True(hedged.IsHedged);
        Assert.True(hedged.Confidence < plain.Confidence);
    }

    [Fact]
    public void Unreadable_headline_has_zero_confidence()
    {
        var model = NGramSentimentTrainer.Train(Toy, Small);
        Assert.Equal(0, model.Score("https://t.co/abc").Confidence);
    }

    [Fact]
    public void Save_and_load_round_trip_gives_the_same_scores_to_half_precision()
    {
        var model = NGramSentimentTrainer.Train(Toy, Small);
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var loaded = NGramSentimentModel.Load(buffer);
        foreach (var e in Toy)
        {
            var a = model.Score(e.Text);
            var b = loaded.Score(e.Text);
            Assert.Equal(a.Label, b.Label);
            Assert.Equal(a.Score, b.Score, 2);
        }
    }

    [Fact]
    public void Loading_garbage_throws_invalid_data()
    {
        using var garbage = new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Throws<InvalidDataException>(() => NGramSentimentModel.Load(garbage));
    }

    [Fact]
    public void Training_is_deterministic()
    {
        var a = NGramSentimentTrainer.Train(Toy, Small);
        var b = NGramSentimentTrainer.Train(Toy, Small);
        Assert.Equal(a.Score("mixed demand outlook").Score, b.Score("mixed demand outlook").Score);
    }

    [Fact]
    public void Training_rejects_empty_data()
    {
        Assert.Throws<ArgumentException>(() => NGramSentimentTrainer.Train([]));
    }
}
