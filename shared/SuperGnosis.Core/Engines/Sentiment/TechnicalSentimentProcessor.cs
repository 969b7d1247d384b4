using SuperGnosis.Core.Indicators;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>The technical processor's result: the five component scores (NaN when not yet warmed up).</summary>
public sealed record TechnicalSentiment(SentimentSignal Signal, double Rsi, double BollingerPosition, double KeltnerPosition, double EmaTrend, double MacdTrend, int Components);

/// <summary>
/// Technical sentiment from the last bar of the standard indicator table (docs/sentiment.md, "Technical sentiment").
/// Components in [-1, 1]: RSI (rsi14 - 50) / 50; Bollinger 2 (%B - 0.5) clamped; Keltner (close - mid) / (upper - mid)
/// clamped; EMA trend tanh((close - ema20) / atr14); MACD trend tanh(macd / atr14). Score = mean of the available
/// components; confidence = (available / 5) x |sum of components| / sum of |components| (sign agreement: 1 when
/// all point the same way, near 0 when they cancel), so indicators that disagree give low confidence.
/// </summary>
internal static class TechnicalSentimentProcessor
{
    private const int ComponentCount = 5;

    /// <summary>Null when fewer than two components are available (too few bars).</summary>
    public static TechnicalSentiment? Compute(ReadOnlySpan<Bar> bars)
    {
        if (bars.Length < 2)
        {
            return null;
        }
        var table = IndicatorTable.Compute(bars);
        var last = table.RowCount - 1;
        var close = bars[^1].Close;
        double? At(string name) => table.Column(name)[last];

        var rsi = At("rsi14") is { } r ? Math.Clamp((r - 50) / 50, -1, 1) : double.NaN;
        var bb = At("bb_pct_b") is { } b ? Math.Clamp(2 * (b - 0.5), -1, 1) : double.NaN;
        var kc = At("kc_mid") is { } mid && At("kc_upper") is { } up && up > mid ? Math.Clamp((close - mid) / (up - mid), -1, 1) : double.NaN;
        var atr = At("atr14");
        var ema = At("ema20") is { } e && atr is > 0 ? Math.Tanh((close - e) / atr.Value) : double.NaN;
        var macd = At("macd") is { } m && atr is > 0 ? Math.Tanh(m / atr.Value) : double.NaN;

        double[] components = [rsi, bb, kc, ema, macd];
        var available = components.Where(double.IsFinite).ToArray();
        if (available.Length < 2)
        {
            return null;
        }
        var mean = available.Average();
        var absoluteSum = available.Sum(Math.Abs);
        var agreement = absoluteSum > 0 ? Math.Abs(available.Sum()) / absoluteSum : 0;
        var confidence = available.Length / (double)ComponentCount * agreement;
        return new TechnicalSentiment(SentimentSignal.Create(mean, confidence), rsi, bb, kc, ema, macd, available.Length);
    }
}
