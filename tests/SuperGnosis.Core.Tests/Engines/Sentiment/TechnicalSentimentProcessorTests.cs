using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Indicators;
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
    public void Components_follow_the_documented_mapping_of_the_indicator_table()
    {
        var bars = Bars([.. Enumerable.Range(0, 60).Select(i => 100 + 5 * Math.Sin(i / 6.0) + 0.1 * i)]);
        var t = TechnicalSentimentProcessor.Compute(bars)!;
        var table = IndicatorTable.Compute(bars);
        double Last(string name) => table.Column(name)[^1]!.Value;
        var close = bars[^1].Close;
        Assert.Equal((Last("rsi14") - 50) / 50, t.Rsi, 12);
        Assert.Equal(Math.Clamp(2 * (Last("bb_pct_b") - 0.5), -1, 1), t.BollingerPosition, 12);
        Assert.Equal(Math.Clamp((close - Last("kc_mid")) / (Last("kc_upper") - Last("kc_mid")), -1, 1), t.KeltnerPosition, 12);
        Assert.Equal(Math.Tanh((close - Last("ema20")) / Last("atr14")), t.EmaTrend, 12);
        Assert.Equal(Math.Tanh(Last("macd") / Last("atr14")), t.MacdTrend, 12);
        double[] c = [t.Rsi, t.BollingerPosition, t.KeltnerPosition, t.EmaTrend, t.MacdTrend];
        Assert.Equal(c.Average(), t.Signal.Score, 12);
        Assert.Equal(Math.Abs(c.Sum()) / c.Sum(Math.Abs), t.Signal.Confidence, 12);
    }

    [Fact]
    public void Too_few_bars_means_the_processor_is_missing()
    {
        Assert.Null(TechnicalSentimentProcessor.Compute(Bars([100.0])));
    }
}
