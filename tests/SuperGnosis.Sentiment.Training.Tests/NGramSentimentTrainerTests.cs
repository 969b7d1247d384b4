using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;
using SuperGnosis.Sentiment.Training;

namespace SuperGnosis.Sentiment.Training.Tests;

public class NGramSentimentTrainerTests
{
    private static readonly LabelledHeadline[] Toy =
    [
        new("profits soar on record demand", SentimentLabel.Positive),
        new("shares soar after strong results", SentimentLabel.Positive),
        new("record revenue lifts outlook", SentimentLabel.Positive),
        new("strong demand lifts shares", SentimentLabel.Positive),
        new("upbeat results lift revenue", SentimentLabel.Positive),
        new("stock plunges on weak guidance", SentimentLabel.Negative),
        new("losses widen as demand plunges", SentimentLabel.Negative),
        new("weak sales hit outlook", SentimentLabel.Negative),
        new("shares plunge after weak results", SentimentLabel.Negative),
        new("weak demand hits revenue", SentimentLabel.Negative),
        new("company to hold meeting on monday", SentimentLabel.Neutral),
        new("board schedules annual meeting", SentimentLabel.Neutral),
        new("firm to report results on tuesday", SentimentLabel.Neutral),
        new("company names new chief financial officer", SentimentLabel.Neutral),
        new("board to meet on friday", SentimentLabel.Neutral),
    ];

    [Fact]
    public void Offsets_undo_a_shift_of_one_class_logit()
    {
        // Perfectly separable logits, except that every negative example's logit is shifted down by 0.5 so
        // that it loses to neutral: an offset of about +0.5 on the negative logit restores every prediction.
        var logits = new[]
        {
            new[] { 0.5, 0.0, 0.8 }, new[] { 0.6, 0.1, 0.9 }, new[] { 0.4, -0.2, 0.7 }, // negative, under-scored
            new[] { 0.0, 2.0, 0.0 }, new[] { -1.0, 1.5, 0.0 },                          // positive
            new[] { -0.5, 0.0, 1.0 }, new[] { -1.0, -0.5, 0.5 }, new[] { -0.9, 0.2, 0.6 }, // neutral
        };
        int[] y = [0, 0, 0, 1, 1, 2, 2, 2];
        var offsets = NGramSentimentTrainer.ChooseOffsets(logits, y);
        Assert.Equal(0, offsets[2]);
        for (var i = 0; i < logits.Length; i++)
        {
            var z = logits[i].Select((v, c) => v + offsets[c]).ToArray();
            Assert.Equal(y[i], Array.IndexOf(z, z.Max()));
        }
        // The smallest grid offset that lifts every negative row above neutral needs to exceed 0.3 (about 0.3 to 0.35).
        Assert.InRange(offsets[0], 0.3, 0.45);
    }

    [Fact]
    public void Offsets_are_zero_when_the_logits_are_already_right()
    {
        var logits = new[] { new[] { 1.0, 0.0, 0.0 }, new[] { 0.0, 1.0, 0.0 }, new[] { 0.0, 0.0, 1.0 } };
        Assert.Equal([0.0, 0.0, 0.0], NGramSentimentTrainer.ChooseOffsets(logits, [0, 1, 2]));
    }

    [Fact]
    public void Cross_validation_predicts_every_example_once_and_reads_clear_tone()
    {
        var options = new SentimentTrainingOptions { HashBits = 12, Epochs = 30, OffsetFolds = 0 };
        var m = NGramSentimentTrainer.CrossValidate(Toy, options, 5);
        Assert.Equal(Toy.Length, m.Count);
        // Held-out toy headlines share their tone words with the training folds: well above chance (1/3).
        Assert.True(m.Accuracy >= 0.6, $"cross-validated accuracy {m.Accuracy:F3}");
        Assert.Throws<ArgumentOutOfRangeException>(() => NGramSentimentTrainer.CrossValidate(Toy, options, 1));
    }

    [Fact]
    public void Naive_bayes_scaling_is_folded_into_the_weights_and_deterministic()
    {
        var options = new SentimentTrainingOptions { HashBits = 12, Epochs = 30, NaiveBayesScalingPower = 1, OffsetFolds = 3 };
        var a = NGramSentimentTrainer.Train(Toy, options);
        var b = NGramSentimentTrainer.Train(Toy, options);
        Assert.All(Toy, e => Assert.Equal(e.Label, a.Score(e.Text).Label));
        Assert.Equal(a.Score("weak revenue outlook").Score, b.Score("weak revenue outlook").Score);
        // Scoring a saved and reloaded model needs no scale table: the file has only weights and biases.
        using var buffer = new MemoryStream();
        a.Save(buffer);
        buffer.Position = 0;
        var loaded = NGramSentimentModel.Load(buffer);
        Assert.Equal(a.Score("strong results lift shares").Score, loaded.Score("strong results lift shares").Score, 2);
    }

    [Fact]
    public void Training_rejects_negative_offset_folds()
    {
        Assert.Throws<ArgumentException>(() => NGramSentimentTrainer.Train(Toy, new SentimentTrainingOptions { OffsetFolds = -1 }));
    }
}
