namespace SuperGnosis.Core.Indicators;

/// <summary>One Bollinger reading. <see cref="PercentB"/> is null when the bands have zero width (flat window).</summary>
internal readonly record struct BollingerValue(double Middle, double Upper, double Lower, double? PercentB, double Width);

/// <summary>Batch Bollinger output, one entry per input value (null during warm-up).</summary>
internal sealed record BollingerSeries(double?[] Middle, double?[] Upper, double?[] Lower, double?[] PercentB, double?[] Width);

/// <summary>
/// Bollinger Bands: middle = SMA(period) of closes, <c>upper/lower = middle +- k * sigma</c> with sigma the
/// <b>population</b> standard deviation of the same window (divide by <c>period</c>). <c>%B = (close - lower) / (upper - lower)</c>
/// (a fraction: 0 at the lower band, 1 at the upper band); <c>width = (upper - lower) / middle</c> (a fraction of price).
/// First value at index <c>period - 1</c>.
/// </summary>
internal sealed class BollingerBands
{
    private readonly RingWindow _window;
    private readonly double _k;

    public BollingerBands(int period = 20, double k = 2.0)
    {
        _window = new RingWindow(IndicatorGuard.Period(period, nameof(period)));
        if (!(double.IsFinite(k) && k > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be a finite number > 0");
        }
        _k = k;
    }

    public BollingerValue? Current { get; private set; }

    public BollingerValue? Update(double close)
    {
        _window.Add(IndicatorGuard.Value(close, nameof(close)));
        if (!_window.IsFull)
        {
            return null;
        }
        var mean = _window.Mean();
        var sigma = Math.Sqrt(_window.SumSquaredDeviations() / _window.Count);
        if (sigma <= 1e-12 * Math.Abs(mean))
        {
            sigma = 0; // a flat window: what is left is round-off of the O(1) window update
        }
        var upper = mean + _k * sigma;
        var lower = mean - _k * sigma;
        double? percentB = upper > lower ? (close - lower) / (upper - lower) : null;
        var width = mean != 0 ? (upper - lower) / mean : 0.0;
        Current = new BollingerValue(mean, upper, lower, percentB, width);
        return Current;
    }

    public static BollingerSeries Compute(ReadOnlySpan<double> closes, int period = 20, double k = 2.0)
    {
        var bands = new BollingerBands(period, k);
        var n = closes.Length;
        var series = new BollingerSeries(new double?[n], new double?[n], new double?[n], new double?[n], new double?[n]);
        for (var i = 0; i < n; i++)
        {
            if (bands.Update(closes[i]) is { } v)
            {
                series.Middle[i] = v.Middle;
                series.Upper[i] = v.Upper;
                series.Lower[i] = v.Lower;
                series.PercentB[i] = v.PercentB;
                series.Width[i] = v.Width;
            }
        }
        return series;
    }
}
