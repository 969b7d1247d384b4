using SuperGnosis.Core.Indicators;
using SuperGnosis.Core.MarketData;
using static SuperGnosis.Core.Tests.Indicators.IndicatorAssert;

namespace SuperGnosis.Core.Tests.Indicators;

public class AtrBandsMacdTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Atr_hand_computed_with_gaps()
    {
        Bar[] bars =
        [
            new(T0, 10, 11, 9, 10, 0),             // TR = 2 (no previous close)
            new(T0.AddDays(1), 12, 13, 12, 12.5, 0), // TR = max(1, |13-10|, |12-10|) = 3
            new(T0.AddDays(2), 12, 12, 8, 9, 0),     // TR = max(4, 0.5, 4.5) = 4.5
            new(T0.AddDays(3), 9, 10, 9, 9.5, 0),    // TR = 1
        ];
        var atr = Atr.Compute(bars, 3);
        Assert.Null(atr[0]);
        Assert.Null(atr[1]);
        Near(9.5 / 3, atr[2], 1e-12);
        Near((9.5 / 3 * 2 + 1) / 3, atr[3], 1e-12);
    }

    [Theory]
    [InlineData(19, 1.7672225876)]
    [InlineData(20, 1.7774209742)]
    [InlineData(33, 1.8035204214)]
    [InlineData(44, 2.0236486041)]
    public void Atr14_matches_reference(int index, double expected) =>
        Near(expected, Atr.Compute(ReferenceBars.Bars, 14)[index]);

    [Fact]
    public void Bollinger_hand_computed_uses_population_sigma()
    {
        var bb = BollingerBands.Compute([1, 2, 3, 4], 4, 2);
        var sigma = Math.Sqrt(1.25);
        Near(2.5, bb.Middle[3], 1e-12);
        Near(2.5 + 2 * sigma, bb.Upper[3], 1e-12);
        Near(2.5 - 2 * sigma, bb.Lower[3], 1e-12);
        Near((4 - (2.5 - 2 * sigma)) / (4 * sigma), bb.PercentB[3], 1e-12);
        Near(4 * sigma / 2.5, bb.Width[3], 1e-12);
        Assert.Null(bb.Middle[2]);
    }

    [Fact]
    public void Sliding_window_statistics_do_not_drift_on_long_series()
    {
        // 20,000 steps of a random walk around 4,000 (large level, small moves) then a flat stretch.
        var random = new Random(7);
        var closes = new double[20_050];
        var x = 4000.0;
        for (var i = 0; i < closes.Length; i++)
        {
            if (i < 20_000)
            {
                x += random.NextDouble() - 0.5;
            }
            closes[i] = x;
        }
        var bb = BollingerBands.Compute(closes, 20, 2);
        var sma = Sma.Compute(closes, 20);
        foreach (var end in new[] { 19_999, 15_321 })
        {
            var window = closes.AsSpan(end - 19, 20).ToArray();
            var mean = window.Average();
            var sigma = Math.Sqrt(window.Sum(v => (v - mean) * (v - mean)) / 20);
            Near(mean, sma[end], 1e-9);
            Near(mean + 2 * sigma, bb.Upper[end], 1e-9);
        }
        Near(closes[^1], bb.Upper[^1], 1e-9);
        Assert.Null(bb.PercentB[^1]);
    }

    [Fact]
    public void Bollinger_flat_window_has_no_percent_b()
    {
        var bb = BollingerBands.Compute([5, 5, 5], 3, 2);
        Assert.Equal(5.0, bb.Upper[2]);
        Assert.Null(bb.PercentB[2]);
        Assert.Equal(0.0, bb.Width[2]);
    }

    [Theory]
    [InlineData(19, 100.9944333425, 92.4095666575, 0.3133925594, 0.0887765164)]
    [InlineData(33, 97.1759290697, 92.9570709303, 0.5671982775, 0.0443779685)]
    [InlineData(44, 96.4866079679, 92.6913920321, 0.3579790955, 0.0401232272)]
    public void Bollinger_20_2_matches_reference(int index, double upper, double lower, double pctB, double width)
    {
        var bb = BollingerBands.Compute(ReferenceBars.Closes, 20, 2);
        Near(upper, bb.Upper[index]);
        Near(lower, bb.Lower[index]);
        Near(pctB, bb.PercentB[index]);
        Near(width, bb.Width[index]);
    }

    [Theory]
    [InlineData(19, 100.1971805252, 93.2068194748)]
    [InlineData(20, 100.1828053298, 93.1274803845)]
    [InlineData(44, 98.7729614803, 90.4604264615)]
    public void Keltner_20_2_10_matches_reference(int index, double upper, double lower)
    {
        var kc = KeltnerChannels.Compute(ReferenceBars.Bars, 20, 2, 10);
        Near(upper, kc.Upper[index]);
        Near(lower, kc.Lower[index]);
        Near(0.5 * (upper + lower), kc.Middle[index]);
        WarmUp(kc.Middle, 19);
    }

    [Fact]
    public void Macd_12_26_9_matches_reference_and_warms_up_at_25_and_33()
    {
        var macd = Macd.Compute(ReferenceBars.Closes);
        WarmUp(macd.Line, 25);
        WarmUp(macd.Signal, 33);
        WarmUp(macd.Histogram, 33);
        Near(-0.6689538046508829, macd.Line[33]);
        Near(-0.6807659534991646, macd.Signal[33]);
        Near(-0.6689538046508829 + 0.6807659534991646, macd.Histogram[33]);
        Near(-0.6005455971325375, macd.Line[44]);
        Near(-0.6238450490712381, macd.Signal[44]);
    }

    [Fact]
    public void Streaming_equals_batch()
    {
        var bars = ReferenceBars.Bars;
        var atrBatch = Atr.Compute(bars, 14);
        var bbBatch = BollingerBands.Compute(ReferenceBars.Closes);
        var kcBatch = KeltnerChannels.Compute(bars);
        var macdBatch = Macd.Compute(ReferenceBars.Closes);
        var atr = new Atr(14);
        var bb = new BollingerBands();
        var kc = new KeltnerChannels();
        var macd = new Macd();
        for (var i = 0; i < bars.Length; i++)
        {
            Assert.Equal(atrBatch[i], atr.Update(bars[i]));
            Assert.Equal(bbBatch.PercentB[i], bb.Update(bars[i].Close)?.PercentB);
            Assert.Equal(kcBatch.Upper[i], kc.Update(bars[i])?.Upper);
            var m = macd.Update(bars[i].Close);
            Assert.Equal(macdBatch.Line[i], m?.Line);
            Assert.Equal(macdBatch.Histogram[i], m?.Histogram);
        }
    }

    [Fact]
    public void Inconsistent_bar_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Atr(3).Update(new Bar(T0, 10, 9, 11, 10, 0)));
        Assert.Contains("inconsistent", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Macd(26, 12, 9));
    }
}
