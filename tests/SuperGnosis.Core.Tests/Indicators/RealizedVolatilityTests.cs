using SuperGnosis.Core.Indicators;
using SuperGnosis.Core.MarketData;
using static SuperGnosis.Core.Tests.Indicators.IndicatorAssert;

namespace SuperGnosis.Core.Tests.Indicators;

public class RealizedVolatilityTests
{
    [Theory]
    [InlineData(VolatilityEstimator.Parkinson, 19, 0.17926607489053245)]
    [InlineData(VolatilityEstimator.GarmanKlass, 19, 0.1914513120131345)]
    [InlineData(VolatilityEstimator.RogersSatchell, 19, 0.19040948005473055)]
    [InlineData(VolatilityEstimator.CloseToClose, 20, 0.17056312617773517)]
    [InlineData(VolatilityEstimator.YangZhang, 20, 0.20259482309738283)]
    [InlineData(VolatilityEstimator.CloseToClose, 44, 0.18791886312506126)]
    [InlineData(VolatilityEstimator.Parkinson, 44, 0.202833315986776)]
    [InlineData(VolatilityEstimator.GarmanKlass, 44, 0.2183604587745347)]
    [InlineData(VolatilityEstimator.RogersSatchell, 44, 0.21556359720335003)]
    [InlineData(VolatilityEstimator.YangZhang, 44, 0.22898606599896218)]
    [InlineData(VolatilityEstimator.YangZhang, 33, 0.19956911355219428)]
    public void Annualized_estimators_match_reference(VolatilityEstimator estimator, int index, double expected)
    {
        var rv = RealizedVolatility.Compute(ReferenceBars.Bars, estimator, 20, 252);
        Near(expected, rv[index]);
        var needsPreviousClose = estimator is VolatilityEstimator.CloseToClose or VolatilityEstimator.YangZhang;
        WarmUp(rv, needsPreviousClose ? 20 : 19);
    }

    [Fact]
    public void Close_to_close_hand_computed()
    {
        // returns ln 1.1, ln(1/1.1): mean 0, sample variance = 2 (ln 1.1)^2 / 1
        var rv = RealizedVolatility.CloseToClose([100, 110, 100], 2, 252);
        Near(Math.Sqrt(2 * Math.Pow(Math.Log(1.1), 2) * 252), rv[2], 1e-12);
        Assert.Null(rv[1]);
    }

    [Fact]
    public void Parkinson_hand_computed()
    {
        var bar = new Bar(DateTimeOffset.UnixEpoch, 100, 110, 100, 105, 0);
        var rv = RealizedVolatility.Compute([bar], VolatilityEstimator.Parkinson, 1, 252);
        Near(Math.Sqrt(252 * Math.Pow(Math.Log(1.1), 2) / (4 * Math.Log(2))), rv[0], 1e-12);
    }

    [Fact]
    public void Range_estimators_are_zero_on_flat_bars_and_close_to_close_batch_agrees_with_bars()
    {
        var t = DateTimeOffset.UnixEpoch;
        Bar[] flat = [new(t, 50, 50, 50, 50, 0), new(t.AddDays(1), 50, 50, 50, 50, 0), new(t.AddDays(2), 50, 50, 50, 50, 0)];
        foreach (var estimator in Enum.GetValues<VolatilityEstimator>())
        {
            Assert.Equal(0.0, RealizedVolatility.Compute(flat, estimator, 2)[2]);
        }
        Assert.Equal(
            RealizedVolatility.CloseToClose(ReferenceBars.Closes, 20),
            RealizedVolatility.Compute(ReferenceBars.Bars, VolatilityEstimator.CloseToClose, 20));
    }

    [Fact]
    public void Streaming_equals_batch_for_every_estimator()
    {
        foreach (var estimator in Enum.GetValues<VolatilityEstimator>())
        {
            var batch = RealizedVolatility.Compute(ReferenceBars.Bars, estimator, 10);
            var stream = new RealizedVolatility(estimator, 10);
            for (var i = 0; i < ReferenceBars.Bars.Length; i++)
            {
                Assert.Equal(batch[i], stream.Update(ReferenceBars.Bars[i]));
            }
        }
    }

    [Fact]
    public void Bad_input_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealizedVolatility(VolatilityEstimator.YangZhang, 1));
        Assert.Throws<ArgumentException>(() => new RealizedVolatility(VolatilityEstimator.CloseToClose).Update(-1.0));
        Assert.Throws<InvalidOperationException>(() => new RealizedVolatility(VolatilityEstimator.Parkinson).Update(100.0));
    }
}
