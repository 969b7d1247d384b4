using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;
using static SuperGnosis.Core.Tests.Engines.Sentiment.SentimentData;
using SuperGnosis.Sentiment;

namespace SuperGnosis.Core.Tests.Engines.Sentiment;

public class SentimentEngineTests
{
    private static readonly Dictionary<EngineKind, EngineOutput> NoUpstream = [];

    /// <summary>Long rise then a two-day drop: MACD still up, band positions and EMA trend down.</summary>
    private static Bar[] MixedBars()
    {
        var closes = Enumerable.Range(0, 80).Select(i => 100 * Math.Pow(1.004, i)).ToList();
        closes.Add(closes[^1] * 0.975);
        closes.Add(closes[^1] * 0.98);
        return Bars(closes);
    }

    [Fact]
    public async Task Seed_all_positive_news_gives_high_news_score_and_bullish_regime()
    {
        var news = new ListNews(
            new(AsOf.AddHours(-1), "ACME", "wire", "Acme quarterly profit beats estimates, shares jump"),
            new(AsOf.AddHours(-2), "ACME", "wire", "Acme raises full-year revenue forecast on strong demand"),
            new(AsOf.AddHours(-3), "ACME", "wire", "Analyst upgrades Acme to buy, lifts price target"),
            new(AsOf.AddHours(-5), "ACME", "wire", "Acme shares hit record high after upbeat results"));
        var engine = new SentimentEngine(BundledSentimentModel.Instance, news, null, null);
        var output = await engine.RunAsync("ACME", AsOf, NoUpstream, CancellationToken.None);

        Assert.Equal(EngineKind.Sentiment, output.Kind);
        Assert.True(output.Features["news_sentiment_score"] > 0.7, $"news score {output.Features["news_sentiment_score"]}");
        Assert.Equal(SentimentEngine.RegimeBullishNews, output.Regime);
        Assert.Equal(4, output.Features["news_headline_count"]);
        Assert.Equal(output.Features["news_sentiment_score"], output.Features["sentiment_score"], 10); // only processor
        Assert.True(output.IsDegraded); // flow and technical missing
        Assert.Contains("flow", output.Metadata[EngineOutput.DegradedKey], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_no_news_and_mixed_technicals_gives_low_confidence_and_quiet()
    {
        var bars = MixedBars();
        var technical = TechnicalSentimentProcessor.Compute(bars)!;
        double[] parts = [technical.Rsi, technical.BollingerPosition, technical.KeltnerPosition, technical.EmaTrend, technical.MacdTrend];
        Assert.Contains(parts, p => p > 0.1);
        Assert.Contains(parts, p => p < -0.1);

        var engine = new SentimentEngine(BundledSentimentModel.Instance, new ListNews(), null, new FixedBars(bars));
        var output = await engine.RunAsync("ACME", AsOf, NoUpstream, CancellationToken.None);
        Assert.True(output.Confidence < 0.2, $"confidence {output.Confidence} parts {string.Join(",", parts)}");
        Assert.Equal(SentimentEngine.RegimeQuiet, output.Regime);
        Assert.Equal(0, output.Features["news_headline_count"]);
        Assert.Equal("no headlines in lookback", output.Metadata["news_status"]);
    }

    [Fact]
    public async Task Failing_source_is_dropped_and_the_rest_re_weighted()
    {
        var news = new ListNews(new NewsHeadline(AsOf.AddHours(-1), "ACME", "wire", "Acme shares jump after record profit"));
        var engine = new SentimentEngine(BundledSentimentModel.Instance, news, new ThrowingChain(), null);
        var output = await engine.RunAsync("ACME", AsOf, NoUpstream, CancellationToken.None);
        Assert.StartsWith("source failed", output.Metadata["flow_status"], StringComparison.Ordinal);
        Assert.Equal(output.Features["news_sentiment_score"], output.Features["sentiment_score"], 10);
        // coverage penalty: news is half of the base weight -> confidence x 0.75
        Assert.Equal(output.Features["news_sentiment_confidence"] * 0.75, output.Confidence, 10);
    }

    [Fact]
    public void Fusion_is_the_confidence_weighted_average_with_energy_and_disagreement()
    {
        var engine = new SentimentEngine(new KeywordModel(), null, null, null);
        var news = new NewsSentiment(new SentimentSignal(0.8, 0.6), 3, 3, 3, 0);
        var flow = new FlowSentiment(new SentimentSignal(-0.4, 0.5), 1, 1, 1, 0, 2, 0, false);
        var tech = new TechnicalSentiment(new SentimentSignal(0.2, 0.4), 0, 0, 0, 0, 0, 5);
        var output = engine.Fuse("ACME", AsOf, news, flow, tech, []);
        double w1 = 0.5 * 0.6, w2 = 0.3 * 0.5, w3 = 0.2 * 0.4;
        var score = (w1 * 0.8 + w2 * -0.4 + w3 * 0.2) / (w1 + w2 + w3);
        Assert.Equal(score, output.Features["sentiment_score"], 12);
        Assert.Equal(w1 + w2 + w3, output.Confidence, 12);
        Assert.Equal(Math.Abs(score) * output.Confidence, output.Features["sentiment_energy"], 12);
        var disagreement = Math.Sqrt((w1 * Math.Pow(0.8 - score, 2) + w2 * Math.Pow(-0.4 - score, 2) + w3 * Math.Pow(0.2 - score, 2)) / (w1 + w2 + w3));
        Assert.Equal(disagreement, output.Features["sentiment_disagreement"], 12);
        Assert.False(output.IsDegraded);
        Assert.Equal(SentimentEngine.RegimeMixed, output.Regime); // disagreement ~0.53 > 0.5
    }

    [Fact]
    public async Task Bearish_flow_and_news_give_bearish_regime()
    {
        var news = new ListNews(
            new(AsOf.AddHours(-1), "ACME", "wire", "Acme shares tumble after profit warning"),
            new(AsOf.AddHours(-2), "ACME", "wire", "Acme cuts annual forecast as sales slump"),
            new(AsOf.AddHours(-3), "ACME", "wire", "Analyst downgrades Acme to sell on weak demand"));
        var chain = new FixedChain(Chain(Q(OptionRight.Put, 100, 5000, 1000), Q(OptionRight.Call, 100, 500, 1000), Q(OptionRight.Put, 95, 3000, 800)));
        var engine = new SentimentEngine(BundledSentimentModel.Instance, news, chain, null);
        var output = await engine.RunAsync("ACME", AsOf, NoUpstream, CancellationToken.None);
        Assert.True(output.Features["flow_sentiment_score"] < -0.5);
        Assert.Equal(SentimentEngine.RegimeBearishNews, output.Regime);
    }

    [Fact]
    public async Task Invalid_bars_are_dropped_and_counted()
    {
        var bars = MixedBars();
        bars[^5] = bars[^5] with { Close = double.NaN };
        bars[^4] = bars[^4] with { Low = bars[^4].High + 1 };
        var engine = new SentimentEngine(new KeywordModel(), null, null, new FixedBars(bars));
        var output = await engine.RunAsync("ACME", AsOf, NoUpstream, CancellationToken.None);
        Assert.Equal("2", output.Metadata["technical_invalid_bars"]);
        Assert.Equal("ok", output.Metadata["technical_status"]);
    }

    [Fact]
    public async Task Nothing_configured_is_quiet_with_zero_confidence()
    {
        var engine = new SentimentEngine(new KeywordModel(), null, null, null);
        var output = await engine.RunAsync("ACME", AsOf, NoUpstream, CancellationToken.None);
        Assert.Equal(0, output.Confidence);
        Assert.Equal(SentimentEngine.RegimeQuiet, output.Regime);
        Assert.Equal("none", output.Metadata["processors"]);
    }
}
