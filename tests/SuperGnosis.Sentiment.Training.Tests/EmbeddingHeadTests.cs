using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;
using SuperGnosis.Sentiment.Training;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Sentiment.Training.Tests;

public class EmbeddingHeadTests
{
    /// <summary>Three Gaussian clusters in 16 dimensions, one per class, from a seeded generator.</summary>
    private static (float[][] X, SentimentLabel[] Y) Clusters(int perClass, int seed)
    {
        var random = new DeterministicRandom((ulong)seed);
        var x = new List<float[]>();
        var y = new List<SentimentLabel>();
        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < perClass; i++)
            {
                var v = new float[16];
                for (var d = 0; d < v.Length; d++)
                {
                    v[d] = (float)((d % 3 == c ? 1.0 : 0.0) + 0.3 * (random.NextDouble() - 0.5));
                }
                x.Add(v);
                y.Add((SentimentLabel)c);
            }
        }
        return ([.. x], [.. y]);
    }

    private static readonly EmbeddingHeadOptions Small = new() { Hidden = 8, Epochs = 20 };

    [Fact]
    public void Head_learns_separable_clusters_and_generalises_to_fresh_samples()
    {
        var (x, y) = Clusters(30, 1);
        var head = EmbeddingHeadTrainer.Train(x, y, Small);
        var (tx, ty) = Clusters(20, 2);
        var correct = tx.Select((v, i) => Array.IndexOf(head.Probabilities(v), head.Probabilities(v).Max()) == (int)ty[i]).Count(ok => ok);
        Assert.Equal(tx.Length, correct);
        Assert.Equal(1.0, head.Probabilities(tx[0]).Sum(), 12);
    }

    [Fact]
    public void Save_load_round_trip_keeps_probabilities_to_half_precision()
    {
        var (x, y) = Clusters(10, 3);
        var head = EmbeddingHeadTrainer.Train(x, y, Small);
        using var buffer = new MemoryStream();
        head.Save(buffer);
        buffer.Position = 0;
        var loaded = EmbeddingHead.Load(buffer);
        Assert.Equal(head.Hidden, loaded.Hidden);
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
    public void Bad_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => EmbeddingHeadTrainer.Train([[1f, 2f]], [SentimentLabel.Positive, SentimentLabel.Negative]));
        Assert.Throws<ArgumentException>(() => EmbeddingHeadTrainer.Train([[1f, float.NaN]], [SentimentLabel.Positive]));
        var head = EmbeddingHeadTrainer.Train([[1f, 0f], [0f, 1f]], [SentimentLabel.Positive, SentimentLabel.Negative], Small);
        Assert.Throws<ArgumentException>(() => head.Probabilities([1f, 2f, 3f]));
        using var garbage = new MemoryStream([9, 9, 9, 9]);
        Assert.Throws<InvalidDataException>(() => EmbeddingHead.Load(garbage));
    }
}
