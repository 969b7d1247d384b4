using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;
using SuperGnosis.Sentiment.Training;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Sentiment.Training.Tests;

public class BlendedSentimentModelTests
{
    /// <summary>Template headlines over the small test vocabulary; "not" flips the polar verbs.</summary>
    private static LabelledHeadline[] Headlines(int count, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        string[] subjects = ["stock", "shares", "AAPL", "earnings"];
        string[] good = ["rise", "beat", "up", "record profit"];
        string[] bad = ["fall", "miss", "down", "loss"];
        var result = new LabelledHeadline[count];
        for (var i = 0; i < count; i++)
        {
            var subject = subjects[random.NextInt(subjects.Length)];
            result[i] = (i % 3) switch
            {
                0 => new($"{subject} {good[random.NextInt(good.Length)]}", SentimentLabel.Positive),
                1 => new($"{subject} {bad[random.NextInt(bad.Length)]}", SentimentLabel.Negative),
                _ => new($"{subject} flat", SentimentLabel.Neutral),
            };
        }
        return result;
    }

    private static readonly BlendedTrainingOptions Fast = new()
    {
        NGram = new SentimentTrainingOptions { OffsetFolds = 0, Epochs = 5 },
        Head = new ConvolutionHeadOptions { Filters = 8, Epochs = 15, LearningRate = 0.01 },
        SentenceHead = new EmbeddingHeadOptions { Hidden = 8, Epochs = 10 },
        Folds = 3,
    };

    [Fact]
    public void Blend_with_zero_weight_and_offsets_is_the_n_gram_distribution_and_offsets_shift_log_odds()
    {
        double[] ngram = [0.2, 0.3, 0.5];
        double[] head = [0.6, 0.3, 0.1];
        var p = new double[3];
        BlendedSentimentModel.Blend(ngram, head, 0, [0, 0, 0], p);
        Assert.Equal(ngram, p, (a, b) => Math.Abs(a - b) < 1e-12);

        BlendedSentimentModel.Blend(ngram, head, 0.25, [0, 0, 0], p);
        Assert.Equal(0.75 * 0.2 + 0.25 * 0.6, p[0], 12);

        // An offset o on class 0 multiplies its odds against every other class by e^o.
        var shifted = new double[3];
        BlendedSentimentModel.Blend(ngram, head, 0.25, [0.7, 0, 0], shifted);
        Assert.Equal(Math.Log(p[0] / p[2]) + 0.7, Math.Log(shifted[0] / shifted[2]), 12);
        Assert.Equal(Math.Log(p[1] / p[2]), Math.Log(shifted[1] / shifted[2]), 12);
        Assert.Equal(1.0, shifted.Sum(), 12);
    }

    [Fact]
    public void Trained_model_reads_fresh_headlines_and_round_trips_through_its_file()
    {
        var table = StaticTokenEmbeddingsTests.Table();
        var model = BlendedSentimentTrainer.Train(Headlines(90, 1), table, Fast);
        Assert.InRange(model.EmbeddingWeight, 0, 0.5);
        var fresh = Headlines(30, 2);
        Assert.Equal(1.0, SentimentMetrics.Evaluate(model, fresh).Accuracy);

        var s = model.Score("shares beat");
        Assert.Equal(SentimentLabel.Positive, s.Label);
        Assert.Equal(s.ProbabilityPositive - s.ProbabilityNegative, s.Score, 12);
        Assert.Equal(0, model.Score("  ").Confidence);

        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        Assert.True(BlendedSentimentModel.HasMagic(buffer));
        var loaded = BlendedSentimentModel.Load(buffer);
        Assert.Equal(model.EmbeddingWeight, loaded.EmbeddingWeight);
        Assert.Equal(model.Offsets, loaded.Offsets);
        foreach (var h in fresh)
        {
            Assert.Equal(model.Score(h.Text).ProbabilityPositive, loaded.Score(h.Text).ProbabilityPositive, 2);
        }

        var bytes = buffer.ToArray();
        Assert.Throws<InvalidDataException>(() => BlendedSentimentModel.Load(new MemoryStream(bytes[..(bytes.Length - 10)])));
        Assert.Throws<InvalidDataException>(() => BlendedSentimentModel.Load(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8])));
        Assert.False(BlendedSentimentModel.HasMagic(new MemoryStream([1, 2])));
    }

    [Fact]
    public void Cross_validation_scores_every_example_once_and_training_is_deterministic()
    {
        var table = StaticTokenEmbeddingsTests.Table();
        var data = Headlines(60, 3);
        var cv = BlendedSentimentTrainer.CrossValidate(data, table, Fast, folds: 3);
        Assert.Equal(data.Length, cv.Confusion.Cast<int>().Sum());
        Assert.True(cv.MacroF1 > 0.9, $"macro-F1 {cv.MacroF1}");

        var a = BlendedSentimentTrainer.Train(data, table, Fast);
        var b = BlendedSentimentTrainer.Train(data, table, Fast);
        Assert.Equal(a.Score("stock miss").ProbabilityNegative, b.Score("stock miss").ProbabilityNegative);
    }

    [Fact]
    public void Bad_options_and_mismatched_parts_are_rejected()
    {
        var table = StaticTokenEmbeddingsTests.Table();
        var data = Headlines(30, 4);
        Assert.Throws<ArgumentException>(() => BlendedSentimentTrainer.Train(data[..5], table, Fast));
        Assert.Throws<ArgumentException>(() => BlendedSentimentTrainer.Train(data, table, Fast with { EmbeddingWeights = [1.5] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlendedSentimentTrainer.CrossValidate(data, table, Fast, folds: 1));

        var model = BlendedSentimentTrainer.Train(data, table, Fast);
        var otherTable = StaticTokenEmbeddingsTests.Table(dimension: 3);
        Assert.Throws<ArgumentException>(() => new BlendedSentimentModel(model.NGram, otherTable, model.Head, model.SentenceHead, 0.2, [0, 0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlendedSentimentModel(model.NGram, table, model.Head, model.SentenceHead, -0.1, [0, 0, 0]));
        Assert.Throws<ArgumentException>(() => new BlendedSentimentModel(model.NGram, table, model.Head, model.SentenceHead, 0.2, [0, double.NaN, 0]));
    }
}
