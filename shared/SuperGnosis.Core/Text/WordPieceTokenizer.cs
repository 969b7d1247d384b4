using System.Globalization;
using System.Text;

namespace SuperGnosis.Core.Text;

/// <summary>
/// BERT's uncased tokenizer (Google BERT <c>BasicTokenizer(do_lower_case=True)</c> followed by <c>WordpieceTokenizer</c>),
/// as used by all-MiniLM-L6-v2: control characters dropped, white space normalised, spaces put around CJK ideographs,
/// lower case, accents stripped (NFD, combining marks removed), punctuation split into single-character tokens, then
/// each word split greedily into the longest vocabulary pieces (continuations prefixed <c>##</c>); a word longer than
/// 100 characters or one that cannot be covered becomes <c>[UNK]</c>. Immutable and thread-safe.
/// </summary>
public sealed class WordPieceTokenizer
{
    public const string UnknownToken = "[UNK]";
    public const int MaxWordLength = 100;

    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <param name="vocabulary">Tokens by id (index); must hold <c>[UNK]</c>, no duplicates, no empty entries.</param>
    public WordPieceTokenizer(IReadOnlyList<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _ids = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Count; i++)
        {
            if (string.IsNullOrEmpty(vocabulary[i]))
            {
                throw new ArgumentException($"vocabulary entry {i} is empty", nameof(vocabulary));
            }
            if (!_ids.TryAdd(vocabulary[i], i))
            {
                throw new ArgumentException($"vocabulary token '{vocabulary[i]}' appears twice", nameof(vocabulary));
            }
        }
        UnknownId = _ids.TryGetValue(UnknownToken, out var unknown) ? unknown : throw new ArgumentException("vocabulary lacks [UNK]", nameof(vocabulary));
        Vocabulary = [.. vocabulary];
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Reads a BERT <c>vocab.txt</c>: one token per line, id = line number from 0.</summary>
    public static WordPieceTokenizer Load(TextReader vocabTxt)
    {
        ArgumentNullException.ThrowIfNull(vocabTxt);
        var tokens = new List<string>();
        while (vocabTxt.ReadLine() is { } line)
        {
            tokens.Add(line.TrimEnd('\r'));
        }
        if (tokens.Count > 0 && tokens[^1].Length == 0)
        {
            tokens.RemoveAt(tokens.Count - 1);
        }
        return new WordPieceTokenizer(tokens);
    }

    public IReadOnlyList<string> Vocabulary { get; }

    public int UnknownId { get; }

    public bool TryGetId(string token, out int id) => _ids.TryGetValue(token, out id);

    /// <summary>The basic tokens ("words") of a text, lower-cased and accent-stripped, punctuation split off.</summary>
    public IReadOnlyList<string> BasicTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        foreach (var raw in CleanWords(text))
        {
            var folded = StripAccents(raw.ToLowerInvariant());
            for (var i = 0; i < folded.Length; i++)
            {
                var c = folded[i];
                if (IsPunctuation(c))
                {
                    Flush();
                    words.Add(c.ToString());
                }
                else
                {
                    current.Append(c);
                }
            }
            Flush();
        }
        return words;
    }

    /// <summary>Appends the piece ids of one basic token (greedy longest match first; <c>[UNK]</c> if it cannot be covered).</summary>
    public void AppendWordPieces(string word, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(ids);
        if (word.Length > MaxWordLength)
        {
            ids.Add(UnknownId);
            return;
        }
        var mark = ids.Count;
        Span<char> buffer = stackalloc char[MaxWordLength + 2];
        var start = 0;
        while (start < word.Length)
        {
            var found = -1;
            var end = word.Length;
            for (; end > start; end--)
            {
                var length = end - start;
                bool known;
                if (start == 0)
                {
                    known = _lookup.TryGetValue(word.AsSpan(0, length), out found);
                }
                else
                {
                    buffer[0] = '#';
                    buffer[1] = '#';
                    word.AsSpan(start, length).CopyTo(buffer[2..]);
                    known = _lookup.TryGetValue(buffer[..(length + 2)], out found);
                }
                if (known)
                {
                    break;
                }
            }
            if (end == start)
            {
                ids.RemoveRange(mark, ids.Count - mark);
                ids.Add(UnknownId);
                return;
            }
            ids.Add(found);
            start = end;
        }
    }

    /// <summary>All piece ids of a text, without <c>[CLS]</c>/<c>[SEP]</c>.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>();
        foreach (var word in BasicTokenize(text))
        {
            AppendWordPieces(word, ids);
        }
        return [.. ids];
    }

    /// <summary>Whitespace-separated chunks after dropping control characters and spacing out CJK ideographs.</summary>
    private static List<string> CleanWords(string text)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }
        }
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var codePoint = width == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            var span = text.AsSpan(i, width);
            i += width - 1;
            if (codePoint == 0 || codePoint == 0xFFFD || (IsControl(codePoint) && !IsWhitespace(codePoint)))
            {
                continue;
            }
            if (IsWhitespace(codePoint))
            {
                Flush();
            }
            else if (IsCjk(codePoint))
            {
                Flush();
                chunks.Add(span.ToString());
            }
            else
            {
                current.Append(span);
            }
        }
        Flush();
        return chunks;
    }

    private static string StripAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    private static bool IsWhitespace(int c) =>
        c is ' ' or '\t' or '\n' or '\r' || (c <= 0xFFFF && CharUnicodeInfo.GetUnicodeCategory((char)c) == UnicodeCategory.SpaceSeparator);

    private static bool IsControl(int c)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.Control or UnicodeCategory.Format;
    }

    /// <summary>BERT's punctuation: ASCII non-alphanumeric printable characters and every Unicode P* category.</summary>
    private static bool IsPunctuation(char c)
    {
        if (c is >= (char)33 and <= (char)47 or >= (char)58 and <= (char)64 or >= (char)91 and <= (char)96 or >= (char)123 and <= (char)126)
        {
            return true;
        }
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>The CJK Unified Ideograph blocks BERT spaces out.</summary>
    private static bool IsCjk(int c) =>
        c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
