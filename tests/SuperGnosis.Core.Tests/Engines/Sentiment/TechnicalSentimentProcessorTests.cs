using SuperGnosis.Core.Engines.Sentiment;
using static SuperGnosis.Core.Tests.Engines.Sentiment.SentimentData;

namespace SuperGnosis.Core.Tests.Engines.Sentiment;

public class TechnicalSentimentProcessorTests
{
    [Fact]
    public void Steady_uptrend_is_bullish_and_downtrend_bearish_with_agreeing_components()
    {
        var up = TechnicalSentimentProcessor.Compute(Bars([.. Enumerable.Range(0, 80).Select(i => 100 * Math.Pow(1.004, i) * (1 + 0.003 * Math.Sin(i)))]))!;
        var down = TechnicalSentimentProcessor.Compute(Bars([.. Enumerable.Range(0, 80).Select(i => 100 * Math.Pow(0.996, i) * (1 + 0.003 * Math.Sin(i)))]))!;
        Assert.True(up.Signal.Score > 0.3, $"up score {up.Signal.Score}");
        Assert.True(down.Signal.Score < -0.3, $"down score {down.Signal.Score}");
        Assert.Equal(5, up.Components);
        Assert.True(up.Signal.Confidence > 0.5);
    }

    [Fact]
    public void Too_few_bars_means_the_processor_is_missing()
    {
        Assert.Null(TechnicalSentimentProcessor.Compute(Bars([100.0])));
    }
}
