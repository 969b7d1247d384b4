using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Hosting.Scheduling;

/// <summary>One run the market-hours timer starts: a symbol at an as-of instant (UTC, whole minute).</summary>
public sealed record ScheduledRun(string Symbol, DateTimeOffset AsOf);

/// <summary>
/// What a market-hours timer firing starts: one run per watchlist symbol at the firing instant truncated to the minute
/// (UTC), so a redelivered or late-by-seconds firing gives the same as-of and so the same run ids (the run store
/// deduplicates them); nothing when the session is closed at that minute. Symbols keep the watchlist's order;
/// duplicates count once.
/// </summary>
public sealed class ScheduledRunPlanner(MarketHoursSchedule schedule)
{
    private readonly MarketHoursSchedule _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

    public IReadOnlyList<ScheduledRun> Plan(DateTimeOffset firedAt, IEnumerable<string> watchlist)
    {
        ArgumentNullException.ThrowIfNull(watchlist);
        var asOf = TruncateToMinute(firedAt);
        if (!_schedule.IsOpen(asOf))
        {
            return [];
        }
        return [.. watchlist.Select(s => ContractValidation.Symbol(s)).Distinct(StringComparer.Ordinal).Select(symbol => new ScheduledRun(symbol, asOf))];
    }

    /// <summary>The instant in UTC with seconds and sub-seconds dropped.</summary>
    public static DateTimeOffset TruncateToMinute(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }
}
