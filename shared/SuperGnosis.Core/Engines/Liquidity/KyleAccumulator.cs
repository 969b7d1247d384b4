namespace SuperGnosis.Core.Engines.Liquidity;

/// <summary>
/// Collects, per clock-aligned interval, the net signed volume <c>Q_k</c> (shares) and the price change
/// <c>dP_k = last_k - last_(k-1)</c> (the first interval is measured from its first trade), then fits
/// <c>dP = a + lambda Q</c> by OLS. Intervals without trades are skipped.
/// </summary>
internal sealed class KyleAccumulator
{
    private readonly long _intervalTicks;
    private readonly List<double> _dp = [];
    private readonly List<double> _q = [];
    private long _current = long.MinValue;
    private double _reference;
    private double _last;
    private double _signed;

    public KyleAccumulator(long intervalTicks) => _intervalTicks = intervalTicks;

    public void Add(long utcTicks, double price, double signedVolume)
    {
        var interval = utcTicks / _intervalTicks;
        if (interval != _current)
        {
            if (_current == long.MinValue)
            {
                _reference = price;
            }
            else
            {
                Close();
            }
            _current = interval;
            _signed = 0;
        }
        _last = price;
        _signed += signedVolume;
    }

    private void Close()
    {
        _dp.Add(_last - _reference);
        _q.Add(_signed);
        _reference = _last;
    }

    public KyleLambdaFit? Fit(int minIntervals)
    {
        if (_current != long.MinValue)
        {
            Close();
            _current = long.MinValue;
        }
        var n = _q.Count;
        if (n < minIntervals)
        {
            return null;
        }
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            mx += _q[i];
            my += _dp[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = _q[i] - mx;
            var dy = _dp[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (sxx <= 0)
        {
            return null;
        }
        var lambda = sxy / sxx;
        var intercept = my - lambda * mx;
        var ssr = Math.Max(syy - lambda * sxy, 0);
        var r2 = syy > 0 ? Math.Clamp(1 - ssr / syy, 0, 1) : 0;
        var se = Math.Sqrt(ssr / (n - 2) / sxx);
        const double maxT = 1e3;
        var t = se > 0 ? Math.Clamp(lambda / se, -maxT, maxT) : (lambda == 0 ? 0 : Math.CopySign(maxT, lambda));
        return new KyleLambdaFit(lambda, intercept, t, r2, n);
    }
}
