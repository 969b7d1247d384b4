using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Indicators;

/// <summary>Argument checks shared by the indicators; every failure names the offending value.</summary>
internal static class IndicatorGuard
{
    public static int Period(int period, string name, int minimum = 1)
    {
        if (period < minimum)
        {
            throw new ArgumentOutOfRangeException(name, period, $"{name} must be at least {minimum}");
        }
        return period;
    }

    public static double Value(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{name} must be a finite number (got {value})", name);
        }
        return value;
    }

    public static double Price(double value, string name)
    {
        if (!(double.IsFinite(value) && value > 0))
        {
            throw new ArgumentException($"{name} must be a finite price > 0 (got {value})", name);
        }
        return value;
    }

    /// <summary>An OHLC bar is usable when every price is finite and positive and low &lt;= open, close &lt;= high.</summary>
    public static Bar Ohlc(in Bar bar)
    {
        Price(bar.Open, "open");
        Price(bar.High, "high");
        Price(bar.Low, "low");
        Price(bar.Close, "close");
        if (bar.Low > bar.High || bar.Open < bar.Low || bar.Open > bar.High || bar.Close < bar.Low || bar.Close > bar.High)
        {
            throw new ArgumentException(
                $"bar at {bar.Timestamp:O} is inconsistent: need low <= open, close <= high (o={bar.Open}, h={bar.High}, l={bar.Low}, c={bar.Close})",
                nameof(bar));
        }
        return bar;
    }
}
