using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;
using static SuperGnosis.Core.Tests.Engines.Sentiment.SentimentData;

namespace SuperGnosis.Core.Tests.Engines.Sentiment;

public class FlowSentimentProcessorTests
{
    [Fact]
    public void Call_heavy_flow_is_bullish_and_the_mirror_is_bearish_with_equal_magnitude()
    {
        var bull = FlowSentimentProcessor.Compute(Chain(Q(OptionRight.Call, 100, 300, 1000), Q(OptionRight.Put, 100, 100, 1000)), AsOf)!;
        var bear = FlowSentimentProcessor.Compute(Chain(Q(OptionRight.Call, 100, 100, 1000), Q(OptionRight.Put, 100, 300, 1000)), AsOf)!;
        // same strike, expiry and mid: volume and premium shares are both (300 - 100) / 400
        Assert.Equal(0.5, bull.Signal.Score, 10);
        Assert.Equal(-0.5, bear.Signal.Score, 10);
    }

    [Fact]
    public void Premium_counts_volume_times_mid()
    {
        // equal volume, call mid 3 vs put mid 1: volume share 0, premium share (3 - 1) / 4 = 0.5 -> score 0.25
        var r = FlowSentimentProcessor.Compute(Chain(Q(OptionRight.Call, 100, 100, 500, mid: 3), Q(OptionRight.Put, 100, 100, 500, mid: 1)), AsOf)!;
        Assert.Equal(0.25, r.Signal.Score, 10);
    }

    [Fact]
    public void Far_otm_and_long_dated_contracts_weigh_less()
    {
        // heavy puts far from the money and far out in time vs modest near calls
        var r = FlowSentimentProcessor.Compute(Chain(Q(OptionRight.Call, 100, 100, 500, days: 3), Q(OptionRight.Put, 70, 400, 500, days: 180)), AsOf)!;
        Assert.True(r.Signal.Score > 0.9);
        Assert.True(FlowSentimentProcessor.Weight(100, DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(21), 100, DateOnly.FromDateTime(AsOf.UtcDateTime)) is > 0.4999 and < 0.5001);
    }

    [Fact]
    public void Unusual_volume_over_open_interest_raises_confidence()
    {
        var quiet = FlowSentimentProcessor.Compute(Chain(Q(OptionRight.Call, 100, 100, 5000), Q(OptionRight.Put, 100, 50, 5000)), AsOf)!;
        var hot = FlowSentimentProcessor.Compute(Chain(Q(OptionRight.Call, 100, 6000, 1000), Q(OptionRight.Put, 100, 3000, 5000)), AsOf)!;
        Assert.True(hot.Signal.Confidence > quiet.Signal.Confidence);
        Assert.Equal(1, hot.UnusualContracts);
        Assert.Equal(0, quiet.UnusualContracts);
    }

    [Fact]
    public void Aggressor_signed_prints_override_unsigned_volume()
    {
        var chain = Chain(Q(OptionRight.Call, 100, 500, 1000), Q(OptionRight.Put, 100, 100, 1000));
        var expiry = chain.Quotes[0].Expiry;
        // the call volume was sold into the bid: bearish; the put print is unknown-side and ignored
        OptionPrint[] prints =
        [
            new(AsOf.AddMinutes(-5), expiry, 100, OptionRight.Call, 2.0, 500, AggressorSide.Sell),
            new(AsOf.AddMinutes(-4), expiry, 100, OptionRight.Put, 2.0, 100, AggressorSide.Unknown),
        ];
        var r = FlowSentimentProcessor.Compute(chain, AsOf, prints)!;
        Assert.True(r.AggressorSigned);
        Assert.Equal(-1.0, r.Signal.Score, 10);
    }

    [Fact]
    public void Crossed_and_expired_quotes_are_skipped_and_an_untraded_chain_is_missing()
    {
        var crossed = Q(OptionRight.Put, 100, 900, 100) with { Bid = 3, Ask = 2 };
        var r = FlowSentimentProcessor.Compute(Chain(Q(OptionRight.Call, 100, 100, 1000), crossed, Q(OptionRight.Put, 100, 900, 100, days: -1)), AsOf)!;
        Assert.Equal(2, r.SkippedContracts);
        Assert.Equal(1.0, r.Signal.Score, 10);
        Assert.Null(FlowSentimentProcessor.Compute(Chain(Q(OptionRight.Call, 100, 0, 1000)), AsOf));
        Assert.Null(FlowSentimentProcessor.Compute(Chain(), AsOf));
    }
}
