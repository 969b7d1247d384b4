namespace SuperGnosis.Core.Indicators;

/// <summary>
/// Simple moving average: the mean of the last <c>period</c> values; no value until <c>period</c> values have arrived
/// (first value at index <c>period - 1</c>).
/// </summary>
internal sealed class Sma
{
    private readonly RingWindow _window;

    public Sma(int period) => _window = new RingWindow(IndicatorGuard.Period(period, nameof(period)));

    public int Period => _window.Capacity;

    public double? Current { get; private set; }

    public double? Update(double value)
    {
        _window.Add(IndicatorGuard.Value(value, nameof(value)));
        Current = _window.IsFull ? _window.Mean() : null;
        return Current;
    }

    public static double?[] Compute(ReadOnlySpan<double> values, int period)
    {
        var sma = new Sma(period);
        var result = new double?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = sma.Update(values[i]);
        }
        return result;
    }
}

/// <summary>
/// Exponential moving average with <c>alpha = 2 / (period + 1)</c>, seeded with the simple mean of the first
/// <c>period</c> values (first value at index <c>period - 1</c>), then <c>ema = ema + alpha * (x - ema)</c>.
/// </summary>
internal sealed class Ema
{
    private readonly int _period;
    private readonly double _alpha;
    private double _seedSum;
    private int _count;

    public Ema(int period)
    {
        _period = IndicatorGuard.Period(period, nameof(period));
        _alpha = 2.0 / (period + 1);
    }

    public int Period => _period;

    public double? Current { get; private set; }

    public double? Update(double value)
    {
        IndicatorGuard.Value(value, nameof(value));
        if (Current is { } previous)
        {
            Current = previous + _alpha * (value - previous);
            return Current;
        }
        _seedSum += value;
        _count++;
        if (_count == _period)
        {
            Current = _seedSum / _period;
        }
        return Current;
    }

    public static double?[] Compute(ReadOnlySpan<double> values, int period)
    {
        var ema = new Ema(period);
        var result = new double?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = ema.Update(values[i]);
        }
        return result;
    }
}
