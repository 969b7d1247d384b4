using System.Text;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment.Tests.Text;

public class WordPieceTokenizerTests
{
    /// <summary>A small hand-made vocabulary; "un ##aff ##able" is the example of the BERT paper.</summary>
    private static readonly string[] Vocab =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]",
        "u", "un", "##a", "##af", "##aff", "##able", "##ab", "##le",
        "a", "##aa", "$", "'", "s", "aapl", "-", ".", "u.s", "china",
        "cafe", "hello", "world", "\u4E2D", "\u6587", "abc", "\uD83D\uDE00", "##\uD83D\uDE00",
    ];

    private static readonly WordPieceTokenizer Tokenizer = new(Vocab);

    private static int Id(string token) => Array.IndexOf(Vocab, token);

    private static string[] Words(string text) => [.. Tokenizer.BasicTokenize(text)];

    [Fact]
    public void Greedy_longest_match_first_gives_the_paper_split_of_unaffable()
    {
        Assert.Equal([Id("un"), Id("##aff"), Id("##able")], Tokenizer.Encode("unaffable"));
        Assert.Equal([Id("a"), Id("##aa")], Tokenizer.Encode("aaa")); // "a" then the longest continuation
        Assert.Equal([Id("u")], Tokenizer.Encode("u"));
    }

    [Fact]
    public void A_word_the_vocabulary_cannot_cover_is_one_unk_even_after_a_matched_prefix()
    {
        // "un" matches but nothing covers "x": the whole word is [UNK], not "un [UNK]".
        Assert.Equal([Tokenizer.UnknownId], Tokenizer.Encode("unx"));
        Assert.Equal([Tokenizer.UnknownId, Id("un")], Tokenizer.Encode("zzz un"));
    }

    [Fact]
    public void A_word_over_100_code_points_is_unk()
    {
        var hundred = new string('a', 100);
        Assert.Equal([Id("a"), .. Enumerable.Repeat(Id("##aa"), 49), Id("##a")], Tokenizer.Encode(hundred));
        Assert.Equal([Tokenizer.UnknownId], Tokenizer.Encode(hundred + "a"));

        // The limit counts code points, not UTF-16 units: 60 emoji are 120 chars but 60 code points.
        var emoji = string.Concat(Enumerable.Repeat("\uD83D\uDE00", 60));
        Assert.Equal([Id("\uD83D\uDE00"), .. Enumerable.Repeat(Id("##\uD83D\uDE00"), 59)], Tokenizer.Encode(emoji));
        Assert.Equal([Tokenizer.UnknownId], Tokenizer.Encode(string.Concat(Enumerable.Repeat("\uD83D\uDE00", 101))));
    }

    [Fact]
    public void Punctuation_splits_into_single_character_words()
    {
        Assert.Equal(["$", "aapl", "'", "s"], Words("$AAPL's"));
        Assert.Equal([Id("$"), Id("aapl"), Id("'"), Id("s")], Tokenizer.Encode("$AAPL's"));
        Assert.Equal(["u", ".", "s", ".", "-", "china"], Words("U.S.-China"));
        // ASCII symbols count as punctuation, as do Unicode P* characters; other symbols do not.
        Assert.Equal(["+", "4", "%", "^", "`", "|", "~"], Words("+4%^`|~"));
        Assert.Equal(["it", "\u2019", "s", "\u2026", "\u201C", "up", "\u201D"], Words("It\u2019s\u2026 \u201Cup\u201D"));
        Assert.Equal(["\u20AC5", "\u00AE"], Words("\u20AC5 \u00AE"));
    }

    [Fact]
    public void Accents_are_stripped_after_lower_casing()
    {
        Assert.Equal(["cafe"], Words("Caf\u00E9"));
        Assert.Equal(["cafe"], Words("Cafe\u0301")); // already decomposed
        Assert.Equal([Id("cafe")], Tokenizer.Encode("CAF\u00C9"));
        Assert.Equal(["naive", "facade", "angstrom"], Words("na\u00EFve fa\u00E7ade \u00C5ngstr\u00F6m"));
        Assert.Equal(["\u1112\u1161\u11AB"], Words("\uD55C")); // a Hangul syllable decomposes into its jamo
    }

    [Fact]
    public void String_normalize_is_a_no_op_under_invariant_globalization_hence_the_embedded_table()
    {
        // If a future runtime normalises here, the embedded NFD table could give way to string.Normalize.
        Assert.Equal("\u00E9", "\u00E9".Normalize(NormalizationForm.FormD));
    }

    [Fact]
    public void Lower_casing_follows_python_including_dotted_i_and_final_sigma()
    {
        Assert.Equal(["hello", "world"], Words("HELLO World"));
        Assert.Equal([Id("hello"), Id("world")], Tokenizer.Encode("Hello WORLD"));
        Assert.Equal(["istanbul"], Words("\u0130stanbul"));
        // Capital sigma lower-cases to final sigma at the end of a word, also before case-ignorable punctuation.
        Assert.Equal(["\u03BF\u03B4\u03BF\u03C2"], Words("\u039F\u0394\u039F\u03A3"));
        Assert.Equal(["\u03BF\u03B4\u03BF\u03C2", "."], Words("\u039F\u0394\u039F\u03A3."));
        Assert.Equal(["\u03C3\u03B1\u03C2"], Words("\u03A3\u0391\u03A3"));
        Assert.Equal(["\u03C3"], Words("\u03A3"));
    }

    [Fact]
    public void Control_characters_are_removed_and_whitespace_separates()
    {
        Assert.Equal(["abcdef"], Words("a\u0000b\u200Bc\u00ADd\uFFFDe\u0007f"));
        Assert.Equal(["ab"], Words("a\u000Bb")); // vertical tab is Cc, not whitespace, in BERT
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], Words("a\tb\nc\r\nd\u00A0e\u3000f\u2028g"));
        Assert.Empty(Words(" \t\r\n "));
        Assert.Empty(Tokenizer.Encode(""));
    }

    [Fact]
    public void Cjk_ideographs_become_words_of_their_own()
    {
        Assert.Equal(["\u4E2D", "\u6587", "abc"], Words("\u4E2D\u6587abc"));
        Assert.Equal([Id("\u4E2D"), Id("\u6587"), Id("abc")], Tokenizer.Encode("\u4E2D\u6587abc"));
        Assert.Equal(["\u30AB\u30CA"], Words("\u30AB\u30CA")); // kana are not in BERT's CJK ranges
        Assert.Equal(["x", "\u8C48", "y"], Words("x\uF900y")); // a compatibility ideograph, decomposed
    }

    [Fact]
    public void Emoji_are_not_punctuation_and_unknown_emoji_words_are_unk()
    {
        Assert.Equal(["\uD83D\uDE80", "moon\uD83D\uDE80"], Words("\uD83D\uDE80 moon\uD83D\uDE80"));
        Assert.Equal([Tokenizer.UnknownId, Tokenizer.UnknownId], Tokenizer.Encode("\uD83D\uDE80 moon\uD83D\uDE80"));
        Assert.Equal(["a\uD800b"], Words("A\uD800B")); // a lone surrogate is kept as a character of its own
    }

    [Fact]
    public void Append_word_pieces_appends_to_the_list_and_ignores_an_empty_word()
    {
        var ids = new List<int> { 42 };
        Tokenizer.AppendWordPieces("unaffable", ids);
        Tokenizer.AppendWordPieces("", ids);
        Tokenizer.AppendWordPieces("zzz", ids);
        Assert.Equal([42, Id("un"), Id("##aff"), Id("##able"), Tokenizer.UnknownId], ids);
    }

    [Fact]
    public void Ids_and_vocabulary_are_exposed()
    {
        Assert.Equal(1, Tokenizer.UnknownId);
        Assert.True(Tokenizer.TryGetId("##aff", out var id));
        Assert.Equal(Id("##aff"), id);
        Assert.False(Tokenizer.TryGetId("aff", out _));
        Assert.Equal(Vocab, Tokenizer.Vocabulary);
    }

    [Fact]
    public void Constructor_rejects_invalid_vocabularies()
    {
        Assert.Throws<ArgumentException>(() => new WordPieceTokenizer(["[PAD]", "a"]));
        Assert.Throws<ArgumentException>(() => new WordPieceTokenizer(["[UNK]", "a", "b", "a"]));
        Assert.Throws<ArgumentException>(() => new WordPieceTokenizer(["[UNK]", ""]));
        Assert.Throws<ArgumentException>(() => new WordPieceTokenizer(["[UNK]", null!]));
        Assert.Throws<ArgumentException>(() => new WordPieceTokenizer([]));
        Assert.Throws<ArgumentNullException>(() => new WordPieceTokenizer(null!));
    }

    [Fact]
    public void Load_reads_a_vocab_txt_round_trip()
    {
        var loaded = WordPieceTokenizer.Load(new StringReader(string.Join("\n", Vocab) + "\n"));
        Assert.Equal(Vocab, loaded.Vocabulary);
        Assert.Equal(Tokenizer.Encode("unaffable $AAPL's"), loaded.Encode("unaffable $AAPL's"));

        // CR LF line ends; a final empty line is ignored, an empty line elsewhere is an error.
        Assert.Equal(["[UNK]", "a"], WordPieceTokenizer.Load(new StringReader("[UNK]\r\na\r\n\r\n")).Vocabulary);
        Assert.Equal(["[UNK]", "a"], WordPieceTokenizer.Load(new StringReader("[UNK]\r\na")).Vocabulary);
        Assert.Throws<ArgumentException>(() => WordPieceTokenizer.Load(new StringReader("[UNK]\n\na\n")));
    }
}
