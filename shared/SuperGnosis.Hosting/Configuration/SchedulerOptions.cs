namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:Scheduler</c>: the market-hours timer. It fires on <see cref="Schedule"/> (UTC NCRONTAB, six fields,
/// seconds first, as Azure Functions timers read it) and starts a run per <see cref="Watchlist"/> symbol only while
/// the NYSE regular session is open (decided in code, <see cref="Scheduling.MarketHoursSchedule"/>).
/// <see cref="IntervalMinutes"/> is the spacing the default schedule expresses, for hosts that poll instead of reading cron.
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>
    /// Symbols to analyze every firing (each must pass the contract's symbol pattern). Empty by default: the timer then
    /// starts nothing. (A non-empty default would be appended to, not replaced, by the configuration binder.)
    /// </summary>
    public List<string> Watchlist { get; set; } = [];

    /// <summary>Minutes between firings (1 to 390, a whole session).</summary>
    public int IntervalMinutes { get; set; } = 15;

    /// <summary>UTC NCRONTAB of the timer: every 15 minutes on weekdays by default (the session filter does the rest).</summary>
    public string Schedule { get; set; } = "0 */15 * * * 1-5";
}
