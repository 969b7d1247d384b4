using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment;

/// <summary>
/// Static (context-free) token vectors distilled from a sentence encoder (all-MiniLM-L6-v2; see
/// <c>MiniLmTokenDistiller</c> in SuperGnosis.Sentiment.Training): one vector per WordPiece token of the encoder's vocabulary
/// and one per multi-piece word of the training corpus, each the encoder's mean-pooled output for that token or word
/// alone, projected onto the top principal axes and stored as 8-bit integers with a scale per vector.
/// A headline's vector (<see cref="SentenceVector(string)"/>) is the unit-length sum of its words' vectors;
/// a word without its own vector contributes the mean of its pieces' vectors. This costs a few table lookups per word,
/// which is what lets the sentiment engine use encoder knowledge within its time budget (docs/sentiment.md).
/// </summary>
public sealed partial class StaticTokenEmbeddings
{
    private const uint Magic = 0x45544753; // "SGTE"
    private const int FormatVersion = 1;

    private readonly Dictionary<string, int> _wordRows;
    private readonly sbyte[] _values; // row-major, rows x Dimension
    private readonly float[] _scales; // per row: value = scale * q

    /// <summary>A table from its parts: one row per vocabulary entry (in id order), then one per word of <paramref name="words"/>.</summary>
    internal StaticTokenEmbeddings(WordPieceTokenizer tokenizer, IReadOnlyList<string> words, sbyte[] values, float[] scales, int dimension)
    {
        var rows = tokenizer.Vocabulary.Count + words.Count;
        if (dimension < 1 || values.Length != rows * dimension || scales.Length != rows)
        {
            throw new ArgumentException("embedding table shape does not match the vocabulary and word list");
        }
        Tokenizer = tokenizer;
        Dimension = dimension;
        _values = values;
        _scales = scales;
        _wordRows = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (!_wordRows.TryAdd(words[i], tokenizer.Vocabulary.Count + i))
            {
                throw new ArgumentException($"word '{words[i]}' appears twice in the embedding table");
            }
        }
    }

    public WordPieceTokenizer Tokenizer { get; }

    public int Dimension { get; }

    /// <summary>Number of multi-piece words with a vector of their own.</summary>
    public int WordCount => _wordRows.Count;

    [GeneratedRegex(@"(?:https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\$(?=[A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex CashtagPattern();

    /// <summary>Text as the encoder sees it: links removed, the <c>$</c> of cashtags dropped (<c>$AAPL</c> -> <c>AAPL</c>).</summary>
    public static string PrepareText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return CashtagPattern().Replace(LinkPattern().Replace(text, " "), "");
    }

    /// <summary>The headline's unit-length vector: the normalised sum of its <see cref="WordSequence"/> (all zeros when it has no word).</summary>
    public float[] SentenceVector(string text) => SentenceVector(WordSequence(text, int.MaxValue));

    /// <summary>The unit-length sum of a word sequence as <see cref="WordSequence"/> returns it (all zeros when empty).</summary>
    public float[] SentenceVector(ReadOnlySpan<float> wordSequence)
    {
        if (wordSequence.Length % Dimension != 0)
        {
            throw new ArgumentException($"sequence length {wordSequence.Length} is not a multiple of the dimension {Dimension}", nameof(wordSequence));
        }
        var result = new float[Dimension];
        for (var i = 0; i < wordSequence.Length; i += Dimension)
        {
            FloatSpans.Axpy(1f, wordSequence.Slice(i, Dimension), result);
        }
        double norm = 0;
        foreach (var x in result)
        {
            norm += x * x;
        }
        if (norm > 0)
        {
            FloatSpans.Scale(result, (float)(1 / Math.Sqrt(norm)));
        }
        return result;
    }

    /// <summary>
    /// The headline's word vectors in reading order, row-major (words x <see cref="Dimension"/>), at most
    /// <paramref name="maxWords"/> words (later words are dropped): a word's own vector when it has one, else the mean of
    /// its pieces' vectors. Empty when the headline has no word.
    /// </summary>
    public float[] WordSequence(string text, int maxWords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, 1);
        var words = Tokenizer.BasicTokenize(PrepareText(text));
        var count = Math.Min(words.Count, maxWords);
        var result = new float[count * Dimension];
        var pieces = new List<int>(8);
        for (var i = 0; i < count; i++)
        {
            AddWord(words[i], pieces, result.AsSpan(i * Dimension, Dimension));
        }
        return result;
    }

    /// <summary>Adds one word's vector: its own row when it has one, else the mean of its pieces' rows.</summary>
    private void AddWord(string word, List<int> pieces, Span<float> into)
    {
        pieces.Clear();
        Tokenizer.AppendWordPieces(word, pieces);
        if (pieces.Count > 1 && _wordRows.TryGetValue(word, out var row))
        {
            AddRow(row, 1f, into);
            return;
        }
        foreach (var piece in pieces)
        {
            AddRow(piece, 1f / pieces.Count, into);
        }
    }

    /// <summary>The stored (de-quantised) vector of a vocabulary piece or a word row.</summary>
    internal float[] Row(int row)
    {
        var v = new float[Dimension];
        AddRow(row, 1f, v);
        return v;
    }

    internal bool TryGetWordRow(string word, out int row) => _wordRows.TryGetValue(word, out row);

    private void AddRow(int row, float weight, Span<float> into)
    {
        var scale = weight * _scales[row];
        var q = _values.AsSpan(row * Dimension, Dimension);
        for (var j = 0; j < q.Length; j++)
        {
            into[j] += scale * q[j];
        }
    }

    /// <summary>Deflate stream: magic, version, dimension, vocabulary, words, scales, then the 8-bit values.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var deflate = new DeflateStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(deflate);
        ModelFiles.WriteHeader(writer, Magic, FormatVersion);
        writer.Write(Dimension);
        writer.Write(Tokenizer.Vocabulary.Count);
        foreach (var token in Tokenizer.Vocabulary)
        {
            writer.Write(token);
        }
        var words = _wordRows.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
        writer.Write(words.Length);
        foreach (var word in words)
        {
            writer.Write(word);
        }
        foreach (var s in _scales)
        {
            writer.Write(s);
        }
        writer.Write(MemoryMarshal.AsBytes(_values.AsSpan()));
    }

    /// <summary>Reads a table written by <see cref="Save"/>; throws <see cref="InvalidDataException"/> on a bad file.</summary>
    public static StaticTokenEmbeddings Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var deflate = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            // Buffered: BinaryReader reads a few bytes per call and a DeflateStream read costs far more than a buffer copy.
            using var reader = new BinaryReader(new BufferedStream(deflate, 1 << 16));
            ModelFiles.ReadHeader(reader, Magic, FormatVersion, "token embedding table");
            var dimension = reader.ReadInt32();
            var vocabularySize = reader.ReadInt32();
            if (dimension is < 1 or > 4096 || vocabularySize is < 1 or > 1_000_000)
            {
                throw new InvalidDataException($"implausible token embedding shape ({vocabularySize} tokens, {dimension} dimensions)");
            }
            var vocabulary = new string[vocabularySize];
            for (var i = 0; i < vocabulary.Length; i++)
            {
                vocabulary[i] = reader.ReadString();
            }
            var wordCount = reader.ReadInt32();
            if (wordCount is < 0 or > 10_000_000)
            {
                throw new InvalidDataException($"implausible word count {wordCount}");
            }
            var words = new string[wordCount];
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = reader.ReadString();
            }
            var rows = vocabularySize + wordCount;
            var scales = new float[rows];
            for (var i = 0; i < rows; i++)
            {
                scales[i] = reader.ReadSingle();
            }
            var bytes = reader.ReadBytes(rows * dimension);
            if (bytes.Length != rows * dimension)
            {
                throw new EndOfStreamException("token embedding values end early");
            }
            var values = new sbyte[bytes.Length];
            Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
            return new StaticTokenEmbeddings(new WordPieceTokenizer(vocabulary), words, values, scales, dimension);
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or FormatException)
        {
            throw new InvalidDataException("token embedding table is truncated or corrupt: " + ex.Message, ex);
        }
    }
}
