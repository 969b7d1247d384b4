namespace SuperGnosis.Core.Indicators;

/// <summary>One MACD reading; <see cref="Signal"/> and <see cref="Histogram"/> are null until the signal EMA has warmed up.</summary>
internal readonly record struct MacdValue(double Line, double? Signal, double? Histogram);

/// <summary>Batch MACD output, one entry per input value (null during warm-up).</summary>
internal sealed record MacdSeries(double?[] Line, double?[] Signal, double?[] Histogram);

/// <summary>
/// MACD: <c>line = EMA(fast) - EMA(slow)</c> of closes, <c>signal = EMA(signal)</c> of the line, <c>histogram = line - signal</c>.
/// Every EMA is seeded with the simple mean of its first values (see <see cref="Ema"/>), so with 12/26/9 the line starts
/// at index 25 and the signal at index 33.
/// </summary>
internal sealed class Macd
{
    private readonly Ema _fast;
    private readonly Ema _slow;
    private readonly Ema _signal;

    public Macd(int fastPeriod = 12, int slowPeriod = 26, int signalPeriod = 9)
    {
        if (fastPeriod >= slowPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(fastPeriod), fastPeriod, "fastPeriod must be shorter than slowPeriod");
        }
        _fast = new Ema(fastPeriod);
        _slow = new Ema(slowPeriod);
        _signal = new Ema(signalPeriod);
    }

    public MacdValue? Current { get; private set; }

    public MacdValue? Update(double close)
    {
        var fast = _fast.Update(close);
        var slow = _slow.Update(close);
        if (fast is not { } f || slow is not { } s)
        {
            return null;
        }
        var line = f - s;
        var signal = _signal.Update(line);
        Current = new MacdValue(line, signal, signal is { } sig ? line - sig : null);
        return Current;
    }

    public static MacdSeries Compute(ReadOnlySpan<double> closes, int fastPeriod = 12, int slowPeriod = 26, int signalPeriod = 9)
    {
        var macd = new Macd(fastPeriod, slowPeriod, signalPeriod);
        var n = closes.Length;
        var series = new MacdSeries(new double?[n], new double?[n], new double?[n]);
        for (var i = 0; i < n; i++)
        {
            if (macd.Update(closes[i]) is { } v)
            {
                series.Line[i] = v.Line;
                series.Signal[i] = v.Signal;
                series.Histogram[i] = v.Histogram;
            }
        }
        return series;
    }
}
