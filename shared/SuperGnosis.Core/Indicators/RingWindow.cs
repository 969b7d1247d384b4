namespace SuperGnosis.Core.Indicators;

/// <summary>
/// The last <c>capacity</c> values with their mean and sum of squared deviations, updated in O(1) per value
/// (Welford while filling; the sliding form <c>mean' = mean + (in - out) / n</c>,
/// <c>SSD' = SSD + (in - out)(in - mean' + out - mean)</c> once full). To keep round-off from accumulating on long
/// series, both are recomputed exactly (two-pass) every <c>capacity</c> slides, so the cost stays O(1) amortized.
/// </summary>
internal sealed class RingWindow
{
    private readonly double[] _values;
    private int _next;
    private int _slidesSinceExact;
    private double _mean;
    private double _ssd;

    public RingWindow(int capacity) => _values = new double[capacity];

    public int Count { get; private set; }

    public int Capacity => _values.Length;

    public bool IsFull => Count == _values.Length;

    public void Add(double value)
    {
        if (Count < _values.Length)
        {
            _values[_next] = value;
            Count++;
            var delta = value - _mean;
            _mean += delta / Count;
            _ssd += delta * (value - _mean);
        }
        else
        {
            var outgoing = _values[_next];
            _values[_next] = value;
            if (++_slidesSinceExact >= _values.Length)
            {
                Recompute();
            }
            else
            {
                var oldMean = _mean;
                _mean += (value - outgoing) / Count;
                _ssd += (value - outgoing) * (value - _mean + outgoing - oldMean);
            }
        }
        if (++_next == _values.Length)
        {
            _next = 0;
        }
    }

    private void Recompute()
    {
        _slidesSinceExact = 0;
        var sum = 0.0;
        for (var i = 0; i < Count; i++)
        {
            sum += _values[i];
        }
        _mean = sum / Count;
        var ssd = 0.0;
        for (var i = 0; i < Count; i++)
        {
            var d = _values[i] - _mean;
            ssd += d * d;
        }
        _ssd = ssd;
    }

    public double Sum() => _mean * Count;

    public double Mean() => _mean;

    /// <summary>Sum of squared deviations from the window mean (never negative).</summary>
    public double SumSquaredDeviations() => Math.Max(_ssd, 0);
}
