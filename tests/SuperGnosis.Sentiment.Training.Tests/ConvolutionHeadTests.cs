using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;
using SuperGnosis.Sentiment.Training;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Sentiment.Training.Tests;

public class ConvolutionHeadTests
{
    private const int Dimension = 4;

    /// <summary>
    /// Word vectors: a "marker" word (one-hot on axis 0 or 1) decides the class only when it comes right after a
    /// "not" word (axis 2); alone it decides the opposite polar class; filler words (small noise on axis 3) are
    /// neutral. Only an order-aware model can read "not good" as negative.
    /// </summary>
    private static (float[][] X, SentimentLabel[] Y) Phrases(int count, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var x = new List<float[]>();
        var y = new List<SentimentLabel>();
        for (var n = 0; n < count; n++)
        {
            var kind = n % 5; // 0 good, 1 bad, 2 not good, 3 not bad, 4 filler only
            var words = new List<float[]>();
            var before = random.NextInt(4);
            for (var i = 0; i < before; i++)
            {
                words.Add(Filler(random));
            }
            if (kind is 2 or 3)
            {
                words.Add([0, 0, 1, 0]);
            }
            if (kind is not 4)
            {
                words.Add(kind is 0 or 2 ? [1, 0, 0, 0] : [0, 1, 0, 0]);
            }
            var after = random.NextInt(4);
            for (var i = 0; i < after; i++)
            {
                words.Add(Filler(random));
            }
            x.Add([.. words.SelectMany(w => w)]);
            y.Add(kind switch
            {
                0 or 3 => SentimentLabel.Positive,
                1 or 2 => SentimentLabel.Negative,
                _ => SentimentLabel.Neutral,
            });
        }
        return ([.. x], [.. y]);

        static float[] Filler(DeterministicRandom r) => [0, 0, 0, (float)(0.5 + 0.2 * r.NextDouble())];
    }

    private static readonly ConvolutionHeadOptions Small = new() { Filters = 16, Width = 2, Epochs = 60, BatchSize = 8, LearningRate = 0.01, Dropout = 0 };

    private static int Predict(ConvolutionHead head, float[] sequence)
    {
        var p = head.Probabilities(sequence);
        return ClassProbabilities.ArgMax(p);
    }

    [Fact]
    public void Head_learns_negation_that_a_bag_of_words_cannot_and_generalises_to_fresh_phrases()
    {
        var (x, y) = Phrases(200, 1);
        var head = ConvolutionHeadTrainer.Train(x, y, Dimension, Small);
        var (tx, ty) = Phrases(100, 2);
        var correct = tx.Select((s, i) => Predict(head, s) == (int)ty[i]).Count(ok => ok);
        Assert.Equal(tx.Length, correct);
        Assert.Equal(1.0, head.Probabilities(tx[0]).Sum(), 12);
    }

    [Fact]
    public void Analytic_gradient_matches_central_finite_differences()
    {
        var random = new DeterministicRandom(5);
        var head = ConvolutionHeadTrainer.Initial(Dimension, filters: 5, width: 3, random);
        // Non-zero biases so that some filters are active and some are not.
        var parameters = head.Parameters;
        for (var f = 0; f < head.Filters; f++)
        {
            parameters[1][f] = (float)(0.4 * random.NextDouble() - 0.1);
        }
        var (x, _) = Phrases(5, 9);
        var sequence = x.First(s => s.Length >= 3 * Dimension);
        const int Label = 1;
        const double Weight = 0.7;
        var g = new ConvolutionHeadTrainer.Gradients(head);
        ConvolutionHeadTrainer.Accumulate(head, sequence, Label, Weight, default, g);
        var gradients = g.All;
        var checkedCount = 0;
        for (var a = 0; a < parameters.Length; a++)
        {
            for (var i = 0; i < parameters[a].Length; i += 2)
            {
                var original = parameters[a][i];
                const float H = 1e-3f;
                parameters[a][i] = original + H;
                var up = Loss();
                parameters[a][i] = original - H;
                var down = Loss();
                parameters[a][i] = original;
                var numeric = Weight * (up - down) / (2 * H);
                Assert.True(Math.Abs(numeric - gradients[a][i]) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                    $"parameter block {a}, index {i}: analytic {gradients[a][i]}, numeric {numeric}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 30);

        double Loss() => -Math.Log(head.Probabilities(sequence)[Label]);
    }

    [Fact]
    public void Dropout_mask_scales_the_pooled_features_it_keeps_and_silences_the_rest()
    {
        var head = ConvolutionHeadTrainer.Initial(Dimension, filters: 4, width: 2, new DeterministicRandom(3));
        var sequence = new float[] { 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0 };
        var none = new ConvolutionHeadTrainer.Gradients(head);
        ConvolutionHeadTrainer.Accumulate(head, sequence, 0, 1, default, none);
        var all = new ConvolutionHeadTrainer.Gradients(head);
        ConvolutionHeadTrainer.Accumulate(head, sequence, 0, 1, new float[] { 1, 1, 1, 1 }, all);
        Assert.Equal(none.W, all.W);
        var dropped = new ConvolutionHeadTrainer.Gradients(head);
        ConvolutionHeadTrainer.Accumulate(head, sequence, 0, 1, new float[] { 0, 0, 0, 0 }, dropped);
        Assert.All(dropped.W, v => Assert.Equal(0f, v));
        Assert.All(dropped.V, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Empty_headline_gets_a_valid_distribution()
    {
        var (x, y) = Phrases(50, 4);
        var head = ConvolutionHeadTrainer.Train(x, y, Dimension, Small);
        var p = head.Probabilities([]);
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.All(p, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Training_is_deterministic_for_a_seed()
    {
        var (x, y) = Phrases(40, 6);
        var options = Small with { Epochs = 3, Dropout = 0.5 };
        var a = ConvolutionHeadTrainer.Train(x, y, Dimension, options);
        var b = ConvolutionHeadTrainer.Train(x, y, Dimension, options);
        Assert.Equal(a.Probabilities(x[0]), b.Probabilities(x[0]));
        var c = ConvolutionHeadTrainer.Train(x, y, Dimension, options with { Seed = 2 });
        Assert.NotEqual(a.Probabilities(x[0]), c.Probabilities(x[0]));
    }

    [Fact]
    public void Save_load_round_trip_keeps_probabilities_to_half_precision()
    {
        var (x, y) = Phrases(60, 7);
        var head = ConvolutionHeadTrainer.Train(x, y, Dimension, Small with { Epochs = 10 });
        using var buffer = new MemoryStream();
        head.Save(buffer);
        buffer.Position = 0;
        var loaded = ConvolutionHead.Load(buffer);
        Assert.Equal((head.Dimension, head.Filters, head.Width), (loaded.Dimension, loaded.Filters, loaded.Width));
        for (var i = 0; i < x.Length; i += 7)
        {
            var a = head.Probabilities(x[i]);
            var b = loaded.Probabilities(x[i]);
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(a[c], b[c], 2);
            }
        }
    }

    [Fact]
    public void Bad_inputs_and_files_are_rejected_with_clear_errors()
    {
        var (x, y) = Phrases(10, 8);
        Assert.Throws<ArgumentException>(() => ConvolutionHeadTrainer.Train(x, y.Take(5).ToArray(), Dimension));
        Assert.Throws<ArgumentException>(() => ConvolutionHeadTrainer.Train([new float[] { 1, 2, 3 }], [SentimentLabel.Neutral], Dimension));
        Assert.Throws<ArgumentException>(() => ConvolutionHeadTrainer.Train([new float[] { 1, float.NaN, 0, 0 }], [SentimentLabel.Neutral], Dimension));
        Assert.Throws<ArgumentException>(() => ConvolutionHeadTrainer.Train(x, y, Dimension, Small with { Dropout = 1 }));
        var head = ConvolutionHeadTrainer.Train(x, y, Dimension, Small with { Epochs = 1 });
        Assert.Throws<ArgumentException>(() => head.Probabilities(new float[Dimension + 1]));

        using var buffer = new MemoryStream();
        head.Save(buffer);
        var bytes = buffer.ToArray();
        Assert.Throws<InvalidDataException>(() => ConvolutionHead.Load(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Throws<InvalidDataException>(() => ConvolutionHead.Load(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8])));
    }
}
