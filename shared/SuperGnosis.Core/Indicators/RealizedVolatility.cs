using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Indicators;

/// <summary>Realized-volatility estimators (formulas in docs/indicators.md).</summary>
public enum VolatilityEstimator
{
    /// <summary>Sample standard deviation (n - 1) of the last n close-to-close log returns; needs n + 1 closes.</summary>
    CloseToClose,

    /// <summary>Parkinson (1980): <c>var = sum(ln(H/L)^2) / (4 n ln 2)</c> over the last n bars.</summary>
    Parkinson,

    /// <summary>Garman-Klass (1980): <c>var = mean(0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2)</c> over the last n bars.</summary>
    GarmanKlass,

    /// <summary>Rogers-Satchell (1991): <c>var = mean(ln(H/C) ln(H/O) + ln(L/C) ln(L/O))</c> over the last n bars.</summary>
    RogersSatchell,

    /// <summary>
    /// Yang-Zhang (2000): <c>var = var_overnight + k var_open_to_close + (1 - k) var_RS</c>, the first two sample variances
    /// (n - 1) of <c>ln(O/prevC)</c> and <c>ln(C/O)</c>, <c>k = 0.34 / (1.34 + (n + 1) / (n - 1))</c>; needs n + 1 bars.
    /// </summary>
    YangZhang,
}

/// <summary>
/// Annualized realized volatility over a rolling window of <c>period</c> bars: <c>sigma = sqrt(periodsPerYear * var)</c>
/// with the per-bar variance of the chosen <see cref="VolatilityEstimator"/>. Result is a decimal (0.20 = 20% a year).
/// Estimators that need the previous close (close-to-close, Yang-Zhang) give their first value at index <c>period</c>;
/// the range estimators at index <c>period - 1</c>.
/// </summary>
internal sealed class RealizedVolatility
{
    private static readonly double TwoLn2Minus1 = 2 * Math.Log(2) - 1;
    private static readonly double FourLn2 = 4 * Math.Log(2);

    private readonly VolatilityEstimator _estimator;
    private readonly int _period;
    private readonly double _periodsPerYear;
    private readonly double _yangZhangK;
    private readonly RingWindow _primary;
    private readonly RingWindow? _openToClose;
    private readonly RingWindow? _rogersSatchell;
    private double? _previousLogClose;

    public RealizedVolatility(VolatilityEstimator estimator, int period = 20, double periodsPerYear = 252)
    {
        if (!Enum.IsDefined(estimator))
        {
            throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "unknown estimator");
        }
        var needsSample = estimator is VolatilityEstimator.CloseToClose or VolatilityEstimator.YangZhang;
        _period = IndicatorGuard.Period(period, nameof(period), needsSample ? 2 : 1);
        if (!(double.IsFinite(periodsPerYear) && periodsPerYear > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(periodsPerYear), periodsPerYear, "periodsPerYear must be > 0");
        }
        _estimator = estimator;
        _periodsPerYear = periodsPerYear;
        _primary = new RingWindow(_period);
        if (estimator == VolatilityEstimator.YangZhang)
        {
            _openToClose = new RingWindow(_period);
            _rogersSatchell = new RingWindow(_period);
            _yangZhangK = 0.34 / (1.34 + (_period + 1.0) / (_period - 1.0));
        }
    }

    public VolatilityEstimator Estimator => _estimator;

    public double? Current { get; private set; }

    /// <summary>Close-to-close only: feed a close (other estimators need full bars).</summary>
    public double? Update(double close)
    {
        if (_estimator != VolatilityEstimator.CloseToClose)
        {
            throw new InvalidOperationException($"{_estimator} needs OHLC bars; call Update(Bar)");
        }
        IndicatorGuard.Price(close, nameof(close));
        return AddLogClose(Math.Log(close));
    }

    public double? Update(Bar bar)
    {
        if (_estimator == VolatilityEstimator.CloseToClose)
        {
            IndicatorGuard.Price(bar.Close, "close");
            return AddLogClose(Math.Log(bar.Close));
        }
        IndicatorGuard.Ohlc(bar);
        return UpdateLogs(Math.Log(bar.Open), Math.Log(bar.High), Math.Log(bar.Low), Math.Log(bar.Close));
    }

    /// <summary>
    /// Feeds a validated bar as natural logs of its prices; every estimator works on differences of these logs
    /// (<c>ln(H/L) = lnH - lnL</c>), so a caller running several estimators takes the four logs once.
    /// </summary>
    internal double? UpdateLogs(double lnOpen, double lnHigh, double lnLow, double lnClose)
    {
        var hl = lnHigh - lnLow;
        var co = lnClose - lnOpen;
        switch (_estimator)
        {
            case VolatilityEstimator.CloseToClose:
                return AddLogClose(lnClose);
            case VolatilityEstimator.Parkinson:
                _primary.Add(hl * hl);
                return Set(_primary.IsFull ? _primary.Sum() / (FourLn2 * _period) : null);
            case VolatilityEstimator.GarmanKlass:
                _primary.Add(0.5 * hl * hl - TwoLn2Minus1 * co * co);
                return Set(_primary.IsFull ? _primary.Mean() : null);
            case VolatilityEstimator.RogersSatchell:
                _primary.Add(RogersSatchellTerm(lnOpen, lnHigh, lnLow, lnClose));
                return Set(_primary.IsFull ? _primary.Mean() : null);
            default:
                return AddYangZhang(lnOpen, lnHigh, lnLow, lnClose);
        }
    }

    private static double RogersSatchellTerm(double lnOpen, double lnHigh, double lnLow, double lnClose) =>
        (lnHigh - lnClose) * (lnHigh - lnOpen) + (lnLow - lnClose) * (lnLow - lnOpen);

    private double? AddLogClose(double lnClose)
    {
        var previous = _previousLogClose;
        _previousLogClose = lnClose;
        if (previous is not { } pc)
        {
            return Set(null);
        }
        _primary.Add(lnClose - pc);
        return Set(_primary.IsFull ? _primary.SumSquaredDeviations() / (_period - 1) : null);
    }

    private double? AddYangZhang(double lnOpen, double lnHigh, double lnLow, double lnClose)
    {
        var previous = _previousLogClose;
        _previousLogClose = lnClose;
        if (previous is not { } pc)
        {
            return Set(null);
        }
        _primary.Add(lnOpen - pc);
        _openToClose!.Add(lnClose - lnOpen);
        _rogersSatchell!.Add(RogersSatchellTerm(lnOpen, lnHigh, lnLow, lnClose));
        if (!_primary.IsFull)
        {
            return Set(null);
        }
        var overnight = _primary.SumSquaredDeviations() / (_period - 1);
        var intraday = _openToClose.SumSquaredDeviations() / (_period - 1);
        return Set(overnight + _yangZhangK * intraday + (1 - _yangZhangK) * _rogersSatchell.Mean());
    }

    private double? Set(double? perBarVariance)
    {
        // Round-off can leave a variance a hair below zero on a perfectly flat window.
        Current = perBarVariance is { } v ? Math.Sqrt(Math.Max(v, 0) * _periodsPerYear) : null;
        return Current;
    }

    public static double?[] Compute(ReadOnlySpan<Bar> bars, VolatilityEstimator estimator, int period = 20, double periodsPerYear = 252)
    {
        var rv = new RealizedVolatility(estimator, period, periodsPerYear);
        var result = new double?[bars.Length];
        for (var i = 0; i < bars.Length; i++)
        {
            result[i] = rv.Update(bars[i]);
        }
        return result;
    }

    /// <summary>Close-to-close volatility of a close series.</summary>
    public static double?[] CloseToClose(ReadOnlySpan<double> closes, int period = 20, double periodsPerYear = 252)
    {
        var rv = new RealizedVolatility(VolatilityEstimator.CloseToClose, period, periodsPerYear);
        var result = new double?[closes.Length];
        for (var i = 0; i < closes.Length; i++)
        {
            result[i] = rv.Update(closes[i]);
        }
        return result;
    }
}
