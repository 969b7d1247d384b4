using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Indicators;

/// <summary>
/// The standard indicator set of <c>gnosis indicators</c> over a bar series, one pass: SMA(20), EMA(20), RSI(14),
/// ATR(14), Bollinger(20, 2), Keltner(20, 2, ATR 10), MACD(12, 26, 9) and the five realized-volatility estimators
/// over 20 bars annualized with 252. Every column has one entry per bar; null during warm-up.
/// </summary>
public sealed class IndicatorTable
{
    /// <summary>Column names in output order (the CLI prepends <c>date</c>).</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
    [
        "sma20", "ema20", "rsi14", "atr14", "bb_mid", "bb_upper", "bb_lower", "bb_pct_b", "bb_width",
        "kc_upper", "kc_mid", "kc_lower", "macd", "macd_signal", "macd_hist",
        "rv_cc20", "rv_parkinson20", "rv_gk20", "rv_rs20", "rv_yz20",
    ];

    private readonly double?[][] _columns;

    private IndicatorTable(double?[][] columns, int rows)
    {
        _columns = columns;
        RowCount = rows;
    }

    public int RowCount { get; }

    /// <summary>The column called <paramref name="name"/> (one of <see cref="ColumnNames"/>).</summary>
    public double?[] Column(string name)
    {
        for (var i = 0; i < ColumnNames.Count; i++)
        {
            if (ColumnNames[i] == name)
            {
                return _columns[i];
            }
        }
        throw new ArgumentException($"unknown indicator column '{name}'", nameof(name));
    }

    /// <summary>Column by position in <see cref="ColumnNames"/>.</summary>
    public double?[] Column(int index) => _columns[index];

    public static IndicatorTable Compute(ReadOnlySpan<Bar> bars)
    {
        var n = bars.Length;
        var columns = new double?[ColumnNames.Count][];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new double?[n];
        }
        // SMA(20) is the Bollinger middle and the Keltner middle is EMA(20) +- 2 ATR(10): both are taken from the shared
        // instances (the same arithmetic on the same inputs as the stand-alone classes, hence identical values).
        var ema = new Ema(20);
        var atr10 = new Atr(10);
        var rsi = new Rsi(14);
        var atr = new Atr(14);
        var bb = new BollingerBands(20, 2);
        var macd = new Macd(12, 26, 9);
        var cc = new RealizedVolatility(VolatilityEstimator.CloseToClose, 20);
        var pk = new RealizedVolatility(VolatilityEstimator.Parkinson, 20);
        var gk = new RealizedVolatility(VolatilityEstimator.GarmanKlass, 20);
        var rs = new RealizedVolatility(VolatilityEstimator.RogersSatchell, 20);
        var yz = new RealizedVolatility(VolatilityEstimator.YangZhang, 20);
        for (var i = 0; i < n; i++)
        {
            var bar = IndicatorGuard.Ohlc(bars[i]);
            var ema20 = ema.Update(bar.Close);
            columns[1][i] = ema20;
            columns[2][i] = rsi.Update(bar.Close);
            columns[3][i] = atr.UpdateValidated(bar);
            var atrKeltner = atr10.UpdateValidated(bar);
            if (bb.Update(bar.Close) is { } b)
            {
                columns[0][i] = b.Middle;
                columns[4][i] = b.Middle;
                columns[5][i] = b.Upper;
                columns[6][i] = b.Lower;
                columns[7][i] = b.PercentB;
                columns[8][i] = b.Width;
            }
            if (ema20 is { } mid && atrKeltner is { } band)
            {
                columns[9][i] = mid + 2.0 * band;
                columns[10][i] = mid;
                columns[11][i] = mid - 2.0 * band;
            }
            if (macd.Update(bar.Close) is { } m)
            {
                columns[12][i] = m.Line;
                columns[13][i] = m.Signal;
                columns[14][i] = m.Histogram;
            }
            // The five estimators share the four logs of the bar (identical to feeding each estimator the bar).
            double lnO = Math.Log(bar.Open), lnH = Math.Log(bar.High), lnL = Math.Log(bar.Low), lnC = Math.Log(bar.Close);
            columns[15][i] = cc.UpdateLogs(lnO, lnH, lnL, lnC);
            columns[16][i] = pk.UpdateLogs(lnO, lnH, lnL, lnC);
            columns[17][i] = gk.UpdateLogs(lnO, lnH, lnL, lnC);
            columns[18][i] = rs.UpdateLogs(lnO, lnH, lnL, lnC);
            columns[19][i] = yz.UpdateLogs(lnO, lnH, lnL, lnC);
        }
        return new IndicatorTable(columns, n);
    }
}
