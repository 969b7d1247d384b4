using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Backtesting;

/// <summary>
/// The instants a backtest steps through: NYSE sessions (from the market calendar) whose New York date lies in
/// [from, to]. Daily: each session's close. Thirty minutes: open + 30 min, open + 60 min, ... up to and including the
/// close (13 steps in a full session, 7 on a 13:00 early close). The open itself is not a step: nothing has traded yet.
/// </summary>
public static class BacktestSchedule
{
    /// <summary>The steps, ascending. Throws <see cref="ArgumentException"/> when from &gt; to or a date is outside the calendar, naming it.</summary>
    public static IReadOnlyList<DateTimeOffset> Steps(IMarketCalendar calendar, DateOnly from, DateOnly to, BacktestInterval interval)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (from > to)
        {
            throw new ArgumentException($"from {from:yyyy-MM-dd} is after to {to:yyyy-MM-dd}", nameof(from));
        }
        if (from < calendar.FirstDate || to > calendar.LastDate)
        {
            throw new ArgumentException(
                $"the range {from:yyyy-MM-dd}..{to:yyyy-MM-dd} is outside the market calendar ({calendar.FirstDate:yyyy-MM-dd}..{calendar.LastDate:yyyy-MM-dd})", nameof(from));
        }
        var steps = new List<DateTimeOffset>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (calendar.SessionOf(day) is not { } session)
            {
                continue;
            }
            if (interval == BacktestInterval.Daily)
            {
                steps.Add(session.Close);
                continue;
            }
            for (var t = session.Open.AddMinutes(30); t <= session.Close; t = t.AddMinutes(30))
            {
                steps.Add(t);
            }
        }
        return steps;
    }
}
