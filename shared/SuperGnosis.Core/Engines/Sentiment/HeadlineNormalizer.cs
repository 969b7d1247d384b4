using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>A headline reduced to model tokens (see docs/sentiment.md, "Text normalisation").</summary>
/// <param name="Tokens">Lower-case word tokens; tokens inside a negation scope carry the <c>not_</c> prefix.</param>
/// <param name="Words">The same words without negation prefixes (used for character n-grams).</param>
/// <param name="IsHedged">True when the headline contains hedged language (may, could, reportedly, ...).</param>
public sealed record NormalizedHeadline(IReadOnlyList<string> Tokens, IReadOnlyList<string> Words, bool IsHedged);

/// <summary>
/// Headline text normalisation shared by training and scoring, so both see identical tokens:
/// links removed; <c>$AAPL</c> and <c>(AAPL.O)</c> become the token <c>tickertok</c>; percentages
/// <c>pcttok</c>, dollar amounts <c>moneytok</c>, other numbers <c>numtok</c>; lower case;
/// negation scope marking; hedge detection.
/// </summary>
public static partial class HeadlineNormalizer
{
    /// <summary>Tokens after a negator that receive the <c>not_</c> prefix (the scope also ends at punctuation).</summary>
    public const int NegationScopeTokens = 3;

    public const string TickerToken = "tickertok";
    public const string PercentToken = "pcttok";
    public const string PercentUpToken = "pctuptok";
    public const string PercentDownToken = "pctdowntok";
    public const string MoneyToken = "moneytok";
    public const string NumberToken = "numtok";
    public const string HedgeToken = "hedgetok";

    private static readonly FrozenSet<string> Negators = FrozenSet.ToFrozenSet(
    [
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "cant", "dont",
        "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt",
        "havent", "hadnt", "lack", "lacks",
    ]);

    private static readonly FrozenSet<string> HedgeWords = FrozenSet.ToFrozenSet(
    [
        "may", "might", "could", "reportedly", "rumor", "rumors", "rumour", "rumours", "rumored", "rumoured",
        "possibly", "possible", "potential", "potentially", "mulls", "mulling", "weighs", "weighing", "considers",
        "considering", "explores", "exploring", "speculation", "unconfirmed", "allegedly", "perhaps", "likely",
        "unlikely", "sources",
    ]);

    [GeneratedRegex(@"(?:https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    /// <summary>The text with every link (<c>http(s)://...</c>, <c>www....</c>) replaced by a space.</summary>
    public static string RemoveLinks(string text) => LinkPattern().Replace(text, " ");

    // $AAPL, $BRK.B; and exchange-suffixed tickers in parentheses as in wire headlines: (AAPL.O), (VOD.L).
    [GeneratedRegex(@"\$[A-Za-z][A-Za-z.\-]{0,9}\b|\((?:[A-Z]{1,5}\.[A-Z]{1,2}|NYSE:\s?[A-Z]{1,5}|NASDAQ:\s?[A-Z]{1,5})\)", RegexOptions.CultureInvariant)]
    private static partial Regex TickerPattern();

    [GeneratedRegex(@"[+\-]?\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|pct\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PercentPattern();

    [GeneratedRegex(@"(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|mn|mln|b|bn|bln|t|tn|million|billion|trillion)\b)?)|(?:\d[\d,]*(?:\.\d+)?\s?(?:million|billion|trillion|mln|bln|mn|bn)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th|s|x|q)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    // Words (apostrophes kept for n't), the placeholder tokens, and scope-ending punctuation.
    [GeneratedRegex(@"[a-z]+(?:'[a-z]+)?|[.,;:!?]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    public static NormalizedHeadline Normalize(string headline)
    {
        ArgumentNullException.ThrowIfNull(headline);
        // Each pattern needs a marker character; skipping the pass when it is absent saves allocations only.
        var text = headline;
        if (text.Contains("http", StringComparison.OrdinalIgnoreCase) || text.Contains("www.", StringComparison.OrdinalIgnoreCase))
        {
            text = LinkPattern().Replace(text, " ");
        }
        if (text.AsSpan().IndexOfAny('$', '(') >= 0)
        {
            text = TickerPattern().Replace(text, " " + TickerToken + " ");
        }
        if (text.AsSpan().IndexOfAnyInRange('0', '9') >= 0)
        {
            text = PercentPattern().Replace(text, m => m.Value[0] switch
            {
                '+' => " " + PercentUpToken + " ",
                '-' => " " + PercentDownToken + " ",
                _ => " " + PercentToken + " ",
            });
            text = MoneyPattern().Replace(text, " " + MoneyToken + " ");
            text = NumberPattern().Replace(text, " " + NumberToken + " ");
        }
        text = text.ToLowerInvariant().Replace('\u2019', '\'');

        var tokens = new List<string>(24);
        var words = new List<string>(24);
        var negationLeft = 0;
        var hedged = false;
        foreach (Match match in TokenPattern().Matches(text))
        {
            var raw = match.Value;
            if (raw.Length == 1 && ".,;:!?".Contains(raw[0], StringComparison.Ordinal))
            {
                negationLeft = 0;
                continue;
            }
            var word = raw.EndsWith("n't", StringComparison.Ordinal) ? raw.Replace("'", "", StringComparison.Ordinal)
                : raw.EndsWith("'s", StringComparison.Ordinal) ? raw[..^2]
                : raw.Replace("'", "", StringComparison.Ordinal);
            if (word.Length == 0)
            {
                continue;
            }
            if (HedgeWords.Contains(word))
            {
                hedged = true;
            }
            words.Add(word);
            if (Negators.Contains(word) || word.EndsWith("nt", StringComparison.Ordinal) && raw.EndsWith("n't", StringComparison.Ordinal))
            {
                tokens.Add(word);
                negationLeft = NegationScopeTokens;
                continue;
            }
            tokens.Add(negationLeft > 0 ? "not_" + word : word);
            if (negationLeft > 0)
            {
                negationLeft--;
            }
        }
        if (hedged)
        {
            tokens.Add(HedgeToken);
        }
        return new NormalizedHeadline(tokens, words, hedged);
    }
}
