using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Indicators;

/// <summary>One Keltner reading (prices).</summary>
internal readonly record struct KeltnerValue(double Upper, double Middle, double Lower);

/// <summary>Batch Keltner output, one entry per bar (null during warm-up).</summary>
internal sealed record KeltnerSeries(double?[] Upper, double?[] Middle, double?[] Lower);

/// <summary>
/// Keltner Channels (StockCharts' modern form): middle = EMA(emaPeriod) of closes seeded with the SMA,
/// <c>upper/lower = middle +- multiplier * ATR(atrPeriod)</c> with Wilder's ATR. A value exists once both the EMA and
/// the ATR exist (index <c>max(emaPeriod, atrPeriod) - 1</c>).
/// </summary>
internal sealed class KeltnerChannels
{
    private readonly Ema _ema;
    private readonly Atr _atr;
    private readonly double _multiplier;

    public KeltnerChannels(int emaPeriod = 20, double multiplier = 2.0, int atrPeriod = 10)
    {
        _ema = new Ema(emaPeriod);
        _atr = new Atr(atrPeriod);
        if (!(double.IsFinite(multiplier) && multiplier > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "multiplier must be a finite number > 0");
        }
        _multiplier = multiplier;
    }

    public KeltnerValue? Current { get; private set; }

    public KeltnerValue? Update(Bar bar)
    {
        var atr = _atr.Update(bar);
        var mid = _ema.Update(bar.Close);
        Current = mid is { } m && atr is { } a ? new KeltnerValue(m + _multiplier * a, m, m - _multiplier * a) : null;
        return Current;
    }

    public static KeltnerSeries Compute(ReadOnlySpan<Bar> bars, int emaPeriod = 20, double multiplier = 2.0, int atrPeriod = 10)
    {
        var channels = new KeltnerChannels(emaPeriod, multiplier, atrPeriod);
        var n = bars.Length;
        var series = new KeltnerSeries(new double?[n], new double?[n], new double?[n]);
        for (var i = 0; i < n; i++)
        {
            if (channels.Update(bars[i]) is { } v)
            {
                series.Upper[i] = v.Upper;
                series.Middle[i] = v.Middle;
                series.Lower[i] = v.Lower;
            }
        }
        return series;
    }
}
