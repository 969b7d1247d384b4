using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Hosting.Scheduling;

/// <summary>
/// Whether the regular session of a market calendar (NYSE by default) is open at a UTC instant: from the regular open
/// (09:30 New York) to the close (16:00, or the early close of the calendar's table, 13:00 on NYSE half-days),
/// open inclusive and close exclusive; weekends and holidays closed. Decided in America/New_York through
/// <see cref="NewYorkTime"/> and <see cref="IMarketCalendar"/>, never the machine's time zone, so a timer on a UTC
/// host (Linux consumption plans ignore time-zone settings) gets daylight-saving transitions right.
/// Instants outside the calendar's covered years are closed (the calendar never guesses).
/// </summary>
public sealed class MarketHoursSchedule(IMarketCalendar? calendar = null)
{
    public IMarketCalendar Calendar { get; } = calendar ?? MarketCalendar.Nyse;

    /// <summary>True when the regular session is open at <paramref name="instant"/>.</summary>
    public bool IsOpen(DateTimeOffset instant) => SessionAt(instant) is not null;

    /// <summary>The session open at <paramref name="instant"/>, or null when the market is closed.</summary>
    public TradingSession? SessionAt(DateTimeOffset instant)
    {
        var date = NewYorkTime.DateOf(instant);
        if (date < Calendar.FirstDate || date > Calendar.LastDate)
        {
            return null;
        }
        return Calendar.SessionOf(date) is { } session && session.Contains(instant) ? session : null;
    }
}
