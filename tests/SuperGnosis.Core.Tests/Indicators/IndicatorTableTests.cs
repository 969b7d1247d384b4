using SuperGnosis.Core.Indicators;

namespace SuperGnosis.Core.Tests.Indicators;

public class IndicatorTableTests
{
    [Fact]
    public void Table_columns_equal_the_individual_indicators()
    {
        var bars = ReferenceBars.Bars;
        var closes = ReferenceBars.Closes;
        var table = IndicatorTable.Compute(bars);
        Assert.Equal(bars.Length, table.RowCount);
        Assert.Equal(20, IndicatorTable.ColumnNames.Count);
        Assert.Equal(Sma.Compute(closes, 20), table.Column("sma20"));
        Assert.Equal(Rsi.Compute(closes, 14), table.Column("rsi14"));
        Assert.Equal(Atr.Compute(bars, 14), table.Column("atr14"));
        Assert.Equal(BollingerBands.Compute(closes).Width, table.Column("bb_width"));
        Assert.Equal(KeltnerChannels.Compute(bars).Lower, table.Column("kc_lower"));
        Assert.Equal(Macd.Compute(closes).Signal, table.Column("macd_signal"));
        Assert.Equal(RealizedVolatility.Compute(bars, VolatilityEstimator.YangZhang), table.Column("rv_yz20"));
        Assert.Throws<ArgumentException>(() => table.Column("nope"));
    }
}
