using SuperGnosis.Core.Engines.Sentiment;

namespace SuperGnosis.Core.Tests.Engines.Sentiment;

public class HeadlineNormalizerTests
{
    [Fact]
    public void Tickers_links_and_numbers_become_placeholder_tokens()
    {
        var n = HeadlineNormalizer.Normalize("$AAPL up 5% to $190.50 after 3 upgrades https://t.co/abc123 (MSFT.O)");
        Assert.Equal(
            ["tickertok", "up", "pcttok", "to", "moneytok", "after", "numtok", "upgrades", "tickertok"],
            n.Tokens);
        Assert.False(n.IsHedged);
    }

    [Fact]
    public void Signed_percentages_keep_their_direction()
    {
        var n = HeadlineNormalizer.Normalize("Revenue +12% while margin -3.5% and costs 4 percent");
        Assert.Equal(["revenue", "pctuptok", "while", "margin", "pctdowntok", "and", "costs", "pcttok"], n.Tokens);
    }

    [Fact]
    public void Casing_is_folded()
    {
        Assert.Equal(HeadlineNormalizer.Normalize("SHARES SURGE").Tokens, HeadlineNormalizer.Normalize("shares surge").Tokens);
    }

    [Fact]
    public void Negation_scope_marks_following_tokens_until_punctuation_or_three_tokens()
    {
        var n = HeadlineNormalizer.Normalize("Company does not expect strong growth this year");
        Assert.Equal(["company", "does", "not", "not_expect", "not_strong", "not_growth", "this", "year"], n.Tokens);

        var p = HeadlineNormalizer.Normalize("Sales didn't grow, profit rises");
        Assert.Equal(["sales", "didnt", "not_grow", "profit", "rises"], p.Tokens);
        Assert.Equal(["sales", "didnt", "grow", "profit", "rises"], p.Words);
    }

    [Fact]
    public void Hedged_language_is_flagged_and_adds_a_hedge_token()
    {
        var n = HeadlineNormalizer.Normalize("Apple could reportedly buy a startup");
        Assert.True(n.IsHedged);
        Assert.Equal(HeadlineNormalizer.HedgeToken, n.Tokens[^1]);
    }

    [Fact]
    public void Empty_and_link_only_text_gives_no_tokens()
    {
        Assert.Empty(HeadlineNormalizer.Normalize("").Tokens);
        Assert.Empty(HeadlineNormalizer.Normalize("https://t.co/x  ").Tokens);
    }
}
