using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;
using static SuperGnosis.Core.Tests.Engines.Sentiment.SentimentData;

namespace SuperGnosis.Core.Tests.Engines.Sentiment;

public class NewsSentimentAggregatorTests
{
    private static NewsHeadline H(double hoursAgo, string text, string source = "wire") => new(AsOf.AddHours(-hoursAgo), "ACME", source, text);

    [Fact]
    public void Newer_headline_outweighs_older_one_by_the_half_life()
    {
        var agg = new NewsSentimentAggregator(new KeywordModel(), new NewsAggregationOptions { HalfLife = TimeSpan.FromHours(12) });
        // up is 0 h old (weight 1), down is 12 h old (weight 1/2): score = (0.8 - 0.4) / 1.5
        var r = agg.Aggregate([H(0, "shares up"), H(12, "shares down")], AsOf)!;
        Assert.Equal((0.8 - 0.4) / 1.5, r.Signal.Score, 10);
    }

    [Fact]
    public void Source_weights_scale_a_headline()
    {
        var weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["tier1"] = 3.0 };
        var agg = new NewsSentimentAggregator(new KeywordModel(), new NewsAggregationOptions { SourceWeights = weights });
        var r = agg.Aggregate([H(1, "shares up", "Tier1"), H(1, "shares down", "blog")], AsOf)!;
        Assert.Equal((3 * 0.8 - 0.8) / 4, r.Signal.Score, 10);
    }

    [Fact]
    public void Duplicates_count_once_and_later_headlines_are_ignored()
    {
        var agg = new NewsSentimentAggregator(new KeywordModel());
        var r = agg.Aggregate([H(1, "Shares up https://t.co/a"), H(2, "shares UP"), H(-1, "shares down")], AsOf)!;
        Assert.Equal(2, r.HeadlineCount);
        Assert.Equal(1, r.IndependentCount);
        Assert.Equal(0.8, r.Signal.Score, 10);
    }

    [Fact]
    public void Confidence_grows_with_independent_headlines_and_falls_with_disagreement()
    {
        var agg = new NewsSentimentAggregator(new KeywordModel());
        var one = agg.Aggregate([H(1, "a up")], AsOf)!;
        var four = agg.Aggregate([H(1, "a up"), H(1, "b up"), H(1, "c up"), H(1, "d up")], AsOf)!;
        var split = agg.Aggregate([H(1, "a up"), H(1, "b up"), H(1, "c down"), H(1, "d down")], AsOf)!;
        Assert.True(four.Signal.Confidence > one.Signal.Confidence);
        Assert.True(split.Signal.Confidence < four.Signal.Confidence);
        Assert.Equal(0.8, split.Disagreement, 10);
        // one headline: (1 - e^-1/3) * 1 * 0.9
        Assert.Equal((1 - Math.Exp(-1 / 3.0)) * 0.9, one.Signal.Confidence, 10);
    }

    [Fact]
    public void No_usable_headline_means_the_processor_is_missing()
    {
        var agg = new NewsSentimentAggregator(new KeywordModel());
        Assert.Null(agg.Aggregate([], AsOf));
        Assert.Null(agg.Aggregate([H(1, "   "), H(1, "https://t.co/x")], AsOf));
    }
}
