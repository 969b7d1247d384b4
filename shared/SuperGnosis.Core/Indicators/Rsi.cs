namespace SuperGnosis.Core.Indicators;

/// <summary>
/// Wilder's relative strength index. With changes <c>d_t = close_t - close_(t-1)</c>, gains <c>max(d, 0)</c> and
/// losses <c>max(-d, 0)</c>: the first average gain/loss is the simple mean of the first <c>period</c> changes, then
/// <c>avg = (avg * (period - 1) + x) / period</c>. <c>RSI = 100 - 100 / (1 + avgGain / avgLoss)</c>; 100 when the average
/// loss is 0 (and 50 when both are 0, a flat series). The first value needs <c>period + 1</c> closes (index <c>period</c>).
/// </summary>
internal sealed class Rsi
{
    private readonly int _period;
    private double? _previousClose;
    private double _avgGain;
    private double _avgLoss;
    private int _changes;

    public Rsi(int period = 14) => _period = IndicatorGuard.Period(period, nameof(period));

    public int Period => _period;

    public double? Current { get; private set; }

    public double? Update(double close)
    {
        IndicatorGuard.Value(close, nameof(close));
        if (_previousClose is not { } previous)
        {
            _previousClose = close;
            return null;
        }
        _previousClose = close;
        var change = close - previous;
        var gain = change > 0 ? change : 0.0;
        var loss = change < 0 ? -change : 0.0;
        _changes++;
        if (_changes <= _period)
        {
            _avgGain += gain / _period;
            _avgLoss += loss / _period;
            if (_changes < _period)
            {
                return null;
            }
        }
        else
        {
            _avgGain = (_avgGain * (_period - 1) + gain) / _period;
            _avgLoss = (_avgLoss * (_period - 1) + loss) / _period;
        }
        Current = Value(_avgGain, _avgLoss);
        return Current;
    }

    private static double Value(double avgGain, double avgLoss)
    {
        if (avgLoss == 0)
        {
            return avgGain == 0 ? 50.0 : 100.0;
        }
        return 100.0 - 100.0 / (1.0 + avgGain / avgLoss);
    }

    public static double?[] Compute(ReadOnlySpan<double> closes, int period = 14)
    {
        var rsi = new Rsi(period);
        var result = new double?[closes.Length];
        for (var i = 0; i < closes.Length; i++)
        {
            result[i] = rsi.Update(closes[i]);
        }
        return result;
    }
}
