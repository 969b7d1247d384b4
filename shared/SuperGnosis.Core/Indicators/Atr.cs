using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Indicators;

/// <summary>
/// Wilder's average true range. True range <c>TR = max(high - low, |high - prevClose|, |low - prevClose|)</c>; the first
/// bar has no previous close so its TR is <c>high - low</c>. The first ATR is the simple mean of the first <c>period</c>
/// TRs (index <c>period - 1</c>), then <c>ATR = (ATR * (period - 1) + TR) / period</c>. Units: price.
/// </summary>
internal sealed class Atr
{
    private readonly int _period;
    private double? _previousClose;
    private double _seedSum;
    private int _count;

    public Atr(int period = 14) => _period = IndicatorGuard.Period(period, nameof(period));

    public int Period => _period;

    public double? Current { get; private set; }

    public static double TrueRange(in Bar bar, double? previousClose)
    {
        var range = bar.High - bar.Low;
        if (previousClose is not { } pc)
        {
            return range;
        }
        return Math.Max(range, Math.Max(Math.Abs(bar.High - pc), Math.Abs(bar.Low - pc)));
    }

    public double? Update(Bar bar) => UpdateValidated(IndicatorGuard.Ohlc(bar));

    /// <summary>Update with a bar the caller has already checked with <see cref="IndicatorGuard.Ohlc"/>.</summary>
    internal double? UpdateValidated(in Bar bar)
    {
        var tr = TrueRange(bar, _previousClose);
        _previousClose = bar.Close;
        if (Current is { } previous)
        {
            Current = (previous * (_period - 1) + tr) / _period;
            return Current;
        }
        _seedSum += tr;
        _count++;
        if (_count == _period)
        {
            Current = _seedSum / _period;
        }
        return Current;
    }

    public static double?[] Compute(ReadOnlySpan<Bar> bars, int period = 14)
    {
        var atr = new Atr(period);
        var result = new double?[bars.Length];
        for (var i = 0; i < bars.Length; i++)
        {
            result[i] = atr.Update(bars[i]);
        }
        return result;
    }
}
