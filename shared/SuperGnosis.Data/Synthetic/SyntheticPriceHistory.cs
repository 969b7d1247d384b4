using System.Collections.Concurrent;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Data.Synthetic;

/// <summary>
/// The daily path of one synthetic underlying from <see cref="SyntheticMarket.Epoch"/> on: a
/// stochastic-volatility (Heston-type, Euler with a variance floor) log-price with rare jumps and an
/// overnight gap, and daily volume that grows with the size of the day's move. Each day's intraday
/// minutes are a Brownian bridge from that day's open to its close with a U-shaped intraday variance
/// profile, so daily bars are exactly the aggregate of the minute bars. Everything is a pure function
/// of (seed, symbol, day), so data for a day never depends on what was asked before.
/// </summary>
internal sealed class SyntheticPriceHistory
{
    /// <summary>Minutes in a regular 09:30-16:00 session (an early close to 13:00 has 210).</summary>
    public const int MinutesPerSession = 390;
    private const double DayFraction = 1.0 / 252;
    private static readonly ConcurrentDictionary<int, double[]> IntradayWeightsByLength = new();

    private readonly int _seed;
    private readonly IMarketCalendar _calendar;
    private readonly DateOnly[] _days;
    private readonly double[] _open;
    private readonly double[] _close;
    private readonly double[] _variance;
    private readonly double[] _volume;
    private readonly ConcurrentDictionary<int, MinuteSession> _sessions = new();

    public SyntheticPriceHistory(int seed, SymbolProfile profile, DateOnly epoch, DateOnly horizon, IMarketCalendar calendar)
    {
        _seed = seed;
        Profile = profile;
        _calendar = calendar;
        var days = new List<DateOnly>();
        for (var d = epoch; d <= horizon; d = d.AddDays(1))
        {
            if (calendar.IsTradingDay(d))
            {
                days.Add(d);
            }
        }
        _days = [.. days];
        var n = _days.Length;
        _open = new double[n];
        _close = new double[n];
        _variance = new double[n];
        _volume = new double[n];

        var rng = DeterministicRandom.For(seed, profile.Symbol, "daily");
        var v = profile.LongRunVariance;
        var previousClose = profile.PriceAtEpoch;
        var rho = profile.Leverage;
        for (var i = 0; i < n; i++)
        {
            var z1 = rng.NextGaussian();
            var zs = (rho * z1) + (Math.Sqrt(1 - (rho * rho)) * rng.NextGaussian());
            var sd = Math.Sqrt(v * DayFraction);
            var logReturn = ((profile.AnnualDrift - (0.5 * v)) * DayFraction) + (sd * zs);
            if (rng.NextDouble() < 0.004)
            {
                logReturn += -0.02 + (0.03 * rng.NextGaussian());
            }
            var gap = 0.3 * sd * rng.NextGaussian();
            _variance[i] = v;
            _open[i] = previousClose * Math.Exp(gap);
            _close[i] = previousClose * Math.Exp(logReturn);
            // Volume reacts to the size of the move (E|z| = 0.8 keeps the mean near the profile's ADV).
            var moveRatio = Math.Abs(logReturn) / (sd * 0.8);
            _volume[i] = Math.Round(profile.AverageDailyVolume * Math.Exp((0.25 * rng.NextGaussian()) - 0.03125) * (0.6 + (0.4 * moveRatio)));
            previousClose = _close[i];
            v = Math.Max(1e-4, v + (profile.MeanReversion * (profile.LongRunVariance - v) * DayFraction)
                + (profile.VolOfVariance * Math.Sqrt(v * DayFraction) * z1));
        }
    }

    public SymbolProfile Profile { get; }

    public int DayCount => _days.Length;

    public DateOnly Day(int index) => _days[index];

    public double Variance(int index) => _variance[index];

    public double Open(int index) => _open[index];

    public double Close(int index) => _close[index];

    /// <summary>Index of the trading day, or -1 when the date is not a trading day in range.</summary>
    public int IndexOf(DateOnly date)
    {
        var i = Array.BinarySearch(_days, date);
        return i >= 0 ? i : -1;
    }

    /// <summary>Index of the last trading day on or before the date (-1 before the epoch).</summary>
    public int IndexOnOrBefore(DateOnly date)
    {
        var i = Array.BinarySearch(_days, date);
        return i >= 0 ? i : Math.Min(~i, _days.Length) - 1;
    }

    public MinuteSession Session(int index)
    {
        if (_sessions.TryGetValue(index, out var cached))
        {
            return cached;
        }
        if (_sessions.Count > 256)
        {
            _sessions.Clear();
        }
        return _sessions.GetOrAdd(index, BuildSession);
    }

    private MinuteSession BuildSession(int index)
    {
        var date = _days[index];
        var rng = DeterministicRandom.For(_seed, Profile.Symbol, date, "minutes");
        var hours = _calendar.SessionOf(date)!.Value;
        var n = (int)Math.Round((hours.Close - hours.Open).TotalMinutes);
        var intradayWeights = IntradayWeightsByLength.GetOrAdd(n, BuildIntradayWeights);
        var open = _open[index];
        var total = Math.Log(_close[index] / open);
        var sdDay = Math.Sqrt(_variance[index] * DayFraction);

        var x = new double[n];
        var shocks = new double[n];
        double cumulative = 0;
        for (var m = 0; m < n; m++)
        {
            shocks[m] = rng.NextGaussian();
            cumulative += sdDay * Math.Sqrt(intradayWeights[m]) * shocks[m];
            x[m] = cumulative;
        }
        // Brownian bridge: pin the path to the day's close, spreading the correction by variance time.
        var correction = total - x[n - 1];
        double weightSoFar = 0;
        var bars = new Bar[n];
        var activity = new double[n];
        double activitySum = 0;
        for (var m = 0; m < n; m++)
        {
            weightSoFar += intradayWeights[m];
            x[m] += weightSoFar * correction;
            activity[m] = intradayWeights[m] * (1 + (1.5 * Math.Abs(shocks[m])));
            activitySum += activity[m];
        }
        var start = hours.Open;
        var previous = open;
        for (var m = 0; m < n; m++)
        {
            var close = open * Math.Exp(x[m]);
            var wick = sdDay * Math.Sqrt(intradayWeights[m]) * 0.3;
            var high = Math.Max(previous, close) * Math.Exp(wick * Math.Abs(rng.NextGaussian()));
            var low = Math.Min(previous, close) * Math.Exp(-wick * Math.Abs(rng.NextGaussian()));
            var volume = Math.Max(100, Math.Round(_volume[index] * activity[m] / activitySum / 100) * 100);
            bars[m] = new Bar(start.AddMinutes(m), Round4(previous), Round4(high), Round4(low), Round4(close), volume);
            previous = close;
        }
        return new MinuteSession(date, start, bars, sdDay);
    }

    private static double Round4(double price) => Math.Round(price, 4);

    /// <summary>U-shaped share of daily variance per minute of a session of <paramref name="minutes"/> minutes (heavier at the open and the close), summing to 1.</summary>
    private static double[] BuildIntradayWeights(int minutes)
    {
        var w = new double[minutes];
        double sum = 0;
        for (var m = 0; m < w.Length; m++)
        {
            var u = (m + 0.5 - (minutes / 2.0)) / (minutes / 2.0);
            w[m] = 1 + (2.0 * u * u);
            sum += w[m];
        }
        for (var m = 0; m < w.Length; m++)
        {
            w[m] /= sum;
        }
        return w;
    }
}

/// <summary>One day's minute bars (bar m covers [open + m min, open + m + 1 min)).</summary>
internal sealed record MinuteSession(DateOnly Date, DateTimeOffset Open, Bar[] Bars, double DailyStdDev)
{
    /// <summary>Number of minute bars completed at the instant (0 before the open, all of them (390, or 210 on an early close) after the close).</summary>
    public int CompletedAt(DateTimeOffset asOf)
    {
        var minutes = (asOf - Open).TotalMinutes;
        return minutes <= 0 ? 0 : (int)Math.Min(Bars.Length, Math.Floor(minutes + 1e-9));
    }
}
