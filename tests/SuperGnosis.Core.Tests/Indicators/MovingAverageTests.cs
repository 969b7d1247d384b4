using SuperGnosis.Core.Indicators;
using static SuperGnosis.Core.Tests.Indicators.IndicatorAssert;

namespace SuperGnosis.Core.Tests.Indicators;

public class MovingAverageTests
{
    [Fact]
    public void Sma_hand_computed()
    {
        var sma = Sma.Compute([1, 2, 3, 4, 5], 3);
        Assert.Equal([null, null, 2.0, 3.0, 4.0], sma);
    }

    [Fact]
    public void Ema_is_seeded_with_the_sma_then_smoothed_with_two_over_n_plus_one()
    {
        // period 3 -> alpha 0.5; seed mean(1,2,3) = 2; then 2 + 0.5 (4 - 2) = 3; 3 + 0.5 (10 - 3) = 6.5
        var ema = Ema.Compute([1, 2, 3, 4, 10], 3);
        Assert.Equal([null, null, 2.0, 3.0, 6.5], ema);
    }

    [Theory]
    [InlineData(19, 96.7020000000, 96.7020000000)]
    [InlineData(20, 96.5265000000, 96.6551428571)]
    [InlineData(33, 95.0665000000, 95.5590741238)]
    [InlineData(44, 94.5890000000, 94.6166939709)]
    public void Sma20_and_ema20_match_reference(int index, double sma, double ema)
    {
        var closes = ReferenceBars.Closes;
        Near(sma, Sma.Compute(closes, 20)[index]);
        Near(ema, Ema.Compute(closes, 20)[index]);
    }

    [Fact]
    public void Warm_up_gives_no_value()
    {
        var closes = ReferenceBars.Closes;
        WarmUp(Sma.Compute(closes, 20), 19);
        WarmUp(Ema.Compute(closes, 20), 19);
    }

    [Fact]
    public void Streaming_equals_batch()
    {
        var closes = ReferenceBars.Closes;
        var batchSma = Sma.Compute(closes, 7);
        var batchEma = Ema.Compute(closes, 7);
        var sma = new Sma(7);
        var ema = new Ema(7);
        for (var i = 0; i < closes.Length; i++)
        {
            Assert.Equal(batchSma[i], sma.Update(closes[i]));
            Assert.Equal(batchEma[i], ema.Update(closes[i]));
            Assert.Equal(batchEma[i], ema.Current);
        }
    }

    [Fact]
    public void Bad_input_is_rejected_with_a_named_argument()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sma(0));
        var ex = Assert.Throws<ArgumentException>(() => new Ema(3).Update(double.NaN));
        Assert.Equal("value", ex.ParamName);
    }
}
