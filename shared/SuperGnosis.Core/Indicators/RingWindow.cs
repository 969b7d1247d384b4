namespace SuperGnosis.Core.Indicators;

/// <summary>The last <c>capacity</c> values in arrival order; statistics are recomputed over the window (no running-sum drift).</summary>
internal sealed class RingWindow
{
    private readonly double[] _values;
    private int _next;

    public RingWindow(int capacity) => _values = new double[capacity];

    public int Count { get; private set; }

    public int Capacity => _values.Length;

    public bool IsFull => Count == _values.Length;

    public void Add(double value)
    {
        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        if (Count < _values.Length)
        {
            Count++;
        }
    }

    public double Sum()
    {
        var sum = 0.0;
        for (var i = 0; i < Count; i++)
        {
            sum += _values[i];
        }
        return sum;
    }

    public double Mean() => Sum() / Count;

    /// <summary>Sum of squared deviations from the window mean (two-pass, numerically stable).</summary>
    public double SumSquaredDeviations(double mean)
    {
        var ss = 0.0;
        for (var i = 0; i < Count; i++)
        {
            var d = _values[i] - mean;
            ss += d * d;
        }
        return ss;
    }
}
