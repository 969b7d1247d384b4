using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Benchmarks.Pipeline;

/// <summary>
/// The instants a backtest visits: 13 snapshots per NYSE session (09:30 to 15:30 New York every 30 minutes; on an early
/// close only those before the close), session after session from <see cref="Start"/>. Each benchmark invocation takes
/// the next instant, so a run always sees a new as-of on the same market object, as a backtest does.
/// </summary>
internal sealed class BacktestWalk
{
    public static readonly DateOnly Start = new(2026, 1, 2);

    private readonly DateTimeOffset[] _instants;
    private int _next;

    public BacktestWalk(int sessions = 5_000)
    {
        var list = new List<DateTimeOffset>();
        var calendar = MarketCalendar.Nyse;
        for (var day = Start; list.Count < 13 * sessions && day.Year < 2045; day = day.AddDays(1))
        {
            if (calendar.SessionOf(day) is not { } session)
            {
                continue;
            }
            for (var i = 0; i < 13; i++)
            {
                var t = session.Open.AddMinutes(30 * i);
                if (t < session.Close)
                {
                    list.Add(t);
                }
            }
        }
        _instants = [.. list];
    }

    public int Count => _instants.Length;

    public DateTimeOffset this[int index] => _instants[index];

    /// <summary>The next instant of the walk (wraps around at the end; 5,000 sessions outlast any benchmark run).</summary>
    public DateTimeOffset Next()
    {
        var t = _instants[_next];
        _next = (_next + 1) % _instants.Length;
        return t;
    }
}
