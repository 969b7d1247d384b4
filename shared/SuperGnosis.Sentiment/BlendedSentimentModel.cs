using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;
using SuperGnosis.Sentiment.Text;
namespace SuperGnosis.Sentiment;

/// <summary>
/// Headline model = the n-gram logistic regression (<see cref="NGramSentimentModel"/>, trained without class offsets)
/// blended with two heads over distilled static token embeddings (<see cref="StaticTokenEmbeddings"/>): a
/// <see cref="ConvolutionHead"/> over the headline's word vectors (at most <see cref="MaxWords"/> words) and an
/// <see cref="EmbeddingHead"/> (MLP) over its unit-length sentence vector:
/// <c>P_emb = (P_conv + P_mlp) / 2</c>, <c>m = (1 - w) P_ngram + w P_emb</c>, <c>P = softmax(ln m + o)</c>, with the weight
/// <c>w</c> and the class offsets <c>o = (o_neg, o_pos, 0)</c> chosen by cross-validation on the training data
/// (<c>BlendedSentimentTrainer</c> in SuperGnosis.Sentiment.Training).
/// Label = argmax P, score = P(positive) - P(negative), confidence = max P (x 0.75 for hedged language, 0 when the
/// headline has no readable token), as for the n-gram model. Thread-safe; see docs/sentiment.md.
/// </summary>
public sealed class BlendedSentimentModel : IHeadlineSentimentModel
{
    private const uint Magic = 0x42534753; // "SGSB"
    private const int FormatVersion = 2;
    private const int K = NGramSentimentModel.ClassCount;

    /// <summary>Words of a headline the convolution head reads; later words are dropped (headlines are far shorter).</summary>
    public const int MaxWords = 64;

    private readonly double[] _offsets;

    public BlendedSentimentModel(NGramSentimentModel ngram, StaticTokenEmbeddings embeddings, ConvolutionHead head, EmbeddingHead sentenceHead, double embeddingWeight, IReadOnlyList<double> offsets)
    {
        ArgumentNullException.ThrowIfNull(ngram);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(sentenceHead);
        ArgumentNullException.ThrowIfNull(offsets);
        if (head.Dimension != embeddings.Dimension)
        {
            throw new ArgumentException($"the head reads {head.Dimension}-value word vectors but the embeddings have {embeddings.Dimension} dimensions", nameof(head));
        }
        if (sentenceHead.Input != embeddings.Dimension)
        {
            throw new ArgumentException($"the sentence head expects {sentenceHead.Input} inputs but the embeddings have {embeddings.Dimension} dimensions", nameof(sentenceHead));
        }
        if (!(embeddingWeight is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(embeddingWeight), embeddingWeight, "embedding weight must be in [0, 1]");
        }
        if (offsets.Count != K || offsets.Any(o => !double.IsFinite(o)))
        {
            throw new ArgumentException($"need {K} finite class offsets", nameof(offsets));
        }
        NGram = ngram;
        Embeddings = embeddings;
        Head = head;
        SentenceHead = sentenceHead;
        EmbeddingWeight = embeddingWeight;
        _offsets = [.. offsets];
    }

    public NGramSentimentModel NGram { get; }

    public StaticTokenEmbeddings Embeddings { get; }

    public ConvolutionHead Head { get; }

    public EmbeddingHead SentenceHead { get; }

    /// <summary>Weight w of the embedding head in the probability mix.</summary>
    public double EmbeddingWeight { get; }

    /// <summary>Log-probability offsets (negative, positive, neutral) added before the final softmax.</summary>
    public IReadOnlyList<double> Offsets => _offsets;

    public HeadlineSentiment Score(string headline)
    {
        var normalized = HeadlineNormalizer.Normalize(headline);
        Span<double> ngram = stackalloc double[K];
        NGram.Probabilities(NGram.Featurizer.Featurize(normalized), ngram);
        var head = EmbeddingProbabilities(headline);
        Span<double> p = stackalloc double[K];
        Blend(ngram, head, EmbeddingWeight, _offsets, p);
        return HeadlineSentiment.FromProbabilities(p, normalized.IsHedged, readable: normalized.Tokens.Count > 0);
    }

    /// <summary>P_emb = (P_conv + P_mlp) / 2 of the two embedding heads (the sentence vector is the sum of the word sequence).</summary>
    internal double[] EmbeddingProbabilities(string headline)
    {
        var words = Embeddings.WordSequence(headline, MaxWords);
        var convolution = Head.Probabilities(words);
        var sentence = SentenceHead.Probabilities(Embeddings.SentenceVector(words));
        return [.. convolution.Zip(sentence, (a, b) => (a + b) / 2)];
    }

    /// <summary>P = softmax(ln((1 - w) ngram + w head) + offsets), written to <paramref name="result"/>.</summary>
    internal static void Blend(ReadOnlySpan<double> ngram, ReadOnlySpan<double> head, double weight, ReadOnlySpan<double> offsets, Span<double> result)
    {
        LogMix(ngram, head, weight, result);
        for (var c = 0; c < K; c++)
        {
            result[c] += offsets[c];
        }
        ClassProbabilities.Softmax(result);
    }

    /// <summary>ln((1 - w) ngram + w head) per class: the blend's logits before offsets.</summary>
    internal static void LogMix(ReadOnlySpan<double> ngram, ReadOnlySpan<double> head, double weight, Span<double> result)
    {
        for (var c = 0; c < K; c++)
        {
            // The floor keeps ln finite if both components round a class to exactly zero.
            result[c] = Math.Log(Math.Max((1 - weight) * ngram[c] + weight * head[c], 1e-300));
        }
    }

    /// <summary>
    /// Writes the model: magic, version, weight, offsets, then the n-gram model, the convolution head, the sentence head and the embedding table,
    /// each length-prefixed in its own format.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        ModelFiles.WriteHeader(writer, Magic, FormatVersion);
        writer.Write(EmbeddingWeight);
        foreach (var o in _offsets)
        {
            writer.Write(o);
        }
        WriteBlock(writer, NGram.Save);
        WriteBlock(writer, Head.Save);
        WriteBlock(writer, SentenceHead.Save);
        WriteBlock(writer, Embeddings.Save);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on a bad file.</summary>
    public static BlendedSentimentModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            ModelFiles.ReadHeader(reader, Magic, FormatVersion, "blended sentiment model");
            var weight = reader.ReadDouble();
            var offsets = new double[K];
            for (var c = 0; c < K; c++)
            {
                offsets[c] = reader.ReadDouble();
            }
            var ngram = NGramSentimentModel.Load(ReadBlock(reader));
            var head = ConvolutionHead.Load(ReadBlock(reader));
            var sentenceHead = EmbeddingHead.Load(ReadBlock(reader));
            var embeddings = StaticTokenEmbeddings.Load(ReadBlock(reader));
            return new BlendedSentimentModel(ngram, embeddings, head, sentenceHead, weight, offsets);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException("blended sentiment model file is truncated or corrupt: " + ex.Message, ex);
        }
    }

    /// <summary>True when the stream starts with this format's magic number (the position is restored).</summary>
    public static bool HasMagic(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var start = stream.Position;
        Span<byte> head = stackalloc byte[4];
        var read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Position = start;
        return read == 4 && BitConverter.ToUInt32(head) == Magic;
    }

    private static void WriteBlock(BinaryWriter writer, Action<Stream> save)
    {
        using var buffer = new MemoryStream();
        save(buffer);
        writer.Write(buffer.Length);
        writer.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static MemoryStream ReadBlock(BinaryReader reader)
    {
        var length = reader.ReadInt64();
        if (length is < 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"implausible block length {length}");
        }
        var bytes = reader.ReadBytes((int)length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException("model block ends early");
        }
        return new MemoryStream(bytes, writable: false);
    }
}
