using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;
using SuperGnosis.Sentiment.Training;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Sentiment.Training.Tests;

public class StaticTokenEmbeddingsTests
{
    internal static readonly string[] Vocab =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]",
        "stock", "shares", "rise", "fall", "beat", "miss", "not", "flat", "profit", "loss", "up", "down",
        "earn", "##ings", "aapl", ".", ",", "record",
    ];

    /// <summary>A table over <see cref="Vocab"/> with 6-dimensional seeded random piece vectors and one word vector ("earnings").</summary>
    internal static StaticTokenEmbeddings Table(int dimension = 4, int seed = 1)
    {
        var random = new DeterministicRandom((ulong)seed);
        float[] Vector() => [.. Enumerable.Range(0, 6).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        var pieces = Vocab.Select(_ => Vector()).ToArray();
        var words = new Dictionary<string, float[]> { ["earnings"] = Vector() };
        return TokenEmbeddingProjection.Build(new WordPieceTokenizer(Vocab), pieces, words, dimension);
    }

    [Fact]
    public void Principal_projection_keeps_pairwise_distances_when_no_dimension_is_dropped()
    {
        var random = new DeterministicRandom(3);
        float[] Vector() => [.. Enumerable.Range(0, 3).Select(_ => (float)(random.NextDouble() * 2 - 1))];
        var pieces = Vocab.Select(_ => Vector()).ToArray();
        var table = TokenEmbeddingProjection.Build(new WordPieceTokenizer(Vocab), pieces, new Dictionary<string, float[]>(), 3);
        // A full-rank projection is a rotation of the centred vectors: distances survive up to 8-bit quantisation.
        for (var a = 4; a < 10; a++)
        {
            for (var b = a + 1; b < 12; b++)
            {
                var original = Math.Sqrt(pieces[a].Zip(pieces[b], (x, y) => (double)(x - y) * (x - y)).Sum());
                var projected = Math.Sqrt(table.Row(a).Zip(table.Row(b), (x, y) => (double)(x - y) * (x - y)).Sum());
                Assert.Equal(original, projected, 0.03);
            }
        }
    }

    [Fact]
    public void Word_sequence_uses_a_word_vector_when_there_is_one_and_the_piece_mean_otherwise()
    {
        var table = Table();
        var tokenizer = table.Tokenizer;
        var sequence = table.WordSequence("AAPL earnings beat", maxWords: 10);
        Assert.Equal(3 * table.Dimension, sequence.Length);
        Assert.Equal(table.Row(Array.IndexOf(Vocab, "aapl")), sequence[..table.Dimension]);
        Assert.True(table.TryGetWordRow("earnings", out var wordRow));
        Assert.Equal(table.Row(wordRow), sequence[table.Dimension..(2 * table.Dimension)]);

        // "profits": "profit" matches but no piece covers "s", so WordPiece makes the whole word [UNK].
        Assert.Equal(table.Row(tokenizer.UnknownId), table.WordSequence("profits", 10));
        Assert.Equal(2 * table.Dimension, table.WordSequence("stock stock stock", maxWords: 2).Length);
        Assert.Empty(table.WordSequence("   ", 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => table.WordSequence("stock", 0));
    }

    [Fact]
    public void Sentence_vector_is_the_unit_length_sum_of_the_word_sequence_and_ignores_links_and_cashtag_signs()
    {
        var table = Table();
        var text = "Shares rise, record profit https://t.co/xyz";
        var sequence = table.WordSequence(text, 64);
        var sum = new double[table.Dimension];
        for (var i = 0; i < sequence.Length; i++)
        {
            sum[i % table.Dimension] += sequence[i];
        }
        var norm = Math.Sqrt(sum.Sum(v => v * v));
        var sentence = table.SentenceVector(text);
        for (var j = 0; j < table.Dimension; j++)
        {
            Assert.Equal(sum[j] / norm, sentence[j], 5);
        }
        Assert.Equal(table.SentenceVector("$AAPL up"), table.SentenceVector("AAPL up"));
        Assert.All(table.SentenceVector(""), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Save_load_round_trip_is_exact_and_corrupt_files_are_rejected()
    {
        var table = Table();
        using var buffer = new MemoryStream();
        table.Save(buffer);
        buffer.Position = 0;
        var loaded = StaticTokenEmbeddings.Load(buffer);
        Assert.Equal(table.Dimension, loaded.Dimension);
        Assert.Equal(table.WordCount, loaded.WordCount);
        Assert.Equal(table.WordSequence("earnings beat, shares up", 64), loaded.WordSequence("earnings beat, shares up", 64));

        var bytes = buffer.ToArray();
        Assert.Throws<InvalidDataException>(() => StaticTokenEmbeddings.Load(new MemoryStream(bytes[..(bytes.Length / 2)])));
        Assert.Throws<InvalidDataException>(() => StaticTokenEmbeddings.Load(new MemoryStream([9, 9, 9, 9])));
    }

    [Fact]
    public void Build_rejects_mismatched_or_non_finite_vectors()
    {
        var tokenizer = new WordPieceTokenizer(Vocab);
        var good = Vocab.Select(_ => new float[] { 1, 2, 3 }).ToArray();
        var empty = new Dictionary<string, float[]>();
        Assert.Throws<ArgumentException>(() => TokenEmbeddingProjection.Build(tokenizer, good[1..], empty, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenEmbeddingProjection.Build(tokenizer, good, empty, 4));
        var nan = good.Select(v => (float[])v.Clone()).ToArray();
        nan[5][1] = float.NaN;
        Assert.Throws<ArgumentException>(() => TokenEmbeddingProjection.Build(tokenizer, nan, empty, 2));
    }
}
