using System.IO.Compression;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment;

/// <summary>
/// Multinomial logistic regression over hashed word and character n-grams
/// (<see cref="HeadlineFeaturizer"/>). P(class | x) = softmax(W x + b). Scoring allocates only the
/// per-headline token lists and is safe to call concurrently. See docs/sentiment.md.
/// </summary>
public sealed class NGramSentimentModel : IHeadlineSentimentModel
{
    /// <summary>Number of classes (negative, positive, neutral, in <see cref="SentimentLabel"/> order).</summary>
    public const int ClassCount = 3;

    private const uint Magic = 0x4D534753; // "SGSM"
    private const int FormatVersion = 1;

    private readonly float[] _weights; // feature-major: _weights[index * ClassCount + class]
    private readonly float[] _bias;

    internal NGramSentimentModel(HeadlineFeaturizer featurizer, float[] weights, float[] bias)
    {
        if (weights.Length != featurizer.Dimension * ClassCount || bias.Length != ClassCount)
        {
            throw new ArgumentException("weight shape does not match the featurizer dimension");
        }
        Featurizer = featurizer;
        _weights = weights;
        _bias = bias;
    }

    public HeadlineFeaturizer Featurizer { get; }

    public HeadlineSentiment Score(string headline)
    {
        var normalized = HeadlineNormalizer.Normalize(headline);
        Span<double> p = stackalloc double[ClassCount];
        Probabilities(Featurizer.Featurize(normalized), p);
        // Nothing readable (empty or only links/numbers): the prior decides, with no confidence.
        return HeadlineSentiment.FromProbabilities(p, normalized.IsHedged, readable: normalized.Tokens.Count > 0);
    }

    /// <summary>Class probabilities for an already featurized headline.</summary>
    internal void Probabilities(SparseFeatures x, Span<double> p)
    {
        Logits(_weights, _bias, x, p);
        ClassProbabilities.Softmax(p);
    }

    internal static void Logits(float[] weights, float[] bias, SparseFeatures x, Span<double> logits)
    {
        for (var c = 0; c < ClassCount; c++)
        {
            logits[c] = bias[c];
        }
        var indices = x.Indices;
        var values = x.Values;
        for (var k = 0; k < indices.Length; k++)
        {
            var row = indices[k] * ClassCount;
            var v = values[k];
            logits[0] += weights[row] * v;
            logits[1] += weights[row + 1] * v;
            logits[2] += weights[row + 2] * v;
        }
    }

    /// <summary>
    /// Writes the model: a Deflate stream of magic, version, hash bits, the biases, then every non-zero
    /// weight row as (index delta, three half-precision weights). Half precision keeps the file small;
    /// its rounding error (&lt; 0.1% relative) does not change the scores measurably.
    /// </summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var deflate = new DeflateStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(deflate);
        ModelFiles.WriteHeader(writer, Magic, FormatVersion);
        writer.Write(Featurizer.HashBits);
        foreach (var b in _bias)
        {
            writer.Write(b);
        }
        var rows = new List<int>();
        for (var i = 0; i < Featurizer.Dimension; i++)
        {
            var r = i * ClassCount;
            if ((Half)_weights[r] != Half.Zero || (Half)_weights[r + 1] != Half.Zero || (Half)_weights[r + 2] != Half.Zero)
            {
                rows.Add(i);
            }
        }
        writer.Write(rows.Count);
        var previous = 0;
        foreach (var i in rows)
        {
            writer.Write7BitEncodedInt(i - previous);
            previous = i;
            for (var c = 0; c < ClassCount; c++)
            {
                writer.Write((Half)_weights[i * ClassCount + c]);
            }
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on a bad file.</summary>
    public static NGramSentimentModel Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var deflate = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            // Buffered: BinaryReader reads a few bytes per call and a DeflateStream read costs far more than a buffer copy.
            using var reader = new BinaryReader(new BufferedStream(deflate, 1 << 16));
            ModelFiles.ReadHeader(reader, Magic, FormatVersion, "sentiment model");
            var featurizer = new HeadlineFeaturizer(reader.ReadInt32());
            var bias = new float[ClassCount];
            for (var c = 0; c < ClassCount; c++)
            {
                bias[c] = reader.ReadSingle();
            }
            var weights = new float[featurizer.Dimension * ClassCount];
            var rows = reader.ReadInt32();
            var index = 0;
            for (var k = 0; k < rows; k++)
            {
                index += reader.Read7BitEncodedInt();
                if ((uint)index >= (uint)featurizer.Dimension)
                {
                    throw new InvalidDataException("sentiment model weight index out of range");
                }
                for (var c = 0; c < ClassCount; c++)
                {
                    weights[index * ClassCount + c] = (float)reader.ReadHalf();
                }
            }
            return new NGramSentimentModel(featurizer, weights, bias);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentOutOfRangeException or FormatException)
        {
            throw new InvalidDataException("sentiment model file is truncated or corrupt: " + ex.Message, ex);
        }
    }
}
