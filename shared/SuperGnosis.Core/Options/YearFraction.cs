using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>
/// Time to expiry in years, ACT/365 on exact elapsed time (ticks) from <c>asOf</c> to the settlement
/// instant: by default the 16:00 America/New_York close of the expiry day (DST-aware), or a configured
/// New York settlement time (e.g. 09:30 for AM-settled index options). A 0DTE option at 10:00 New York
/// time has 6 hours = 6/8760 years left, never a whole-day floor. Negative once the instant has passed.
/// </summary>
public static class YearFraction
{
    /// <summary>Ticks in an ACT/365 year (365 days of 86,400 s).</summary>
    public const double TicksPerYear = 365.0 * TimeSpan.TicksPerDay;

    /// <summary>The settlement instant of an expiry date: New York wall-clock <paramref name="settlement"/> (default 16:00) on that date.</summary>
    public static DateTimeOffset SettlementInstant(DateOnly expiry, TimeOnly? settlement = null) =>
        settlement is { } time ? UsEquityCalendar.AtNewYork(expiry, time) : UsEquityCalendar.SessionCloseOf(expiry);

    /// <summary>ACT/365 years between two instants (negative if <paramref name="until"/> is earlier).</summary>
    public static double Act365(DateTimeOffset asOf, DateTimeOffset until) => (until.UtcTicks - asOf.UtcTicks) / TicksPerYear;

    /// <summary>ACT/365 years from <paramref name="asOf"/> to the settlement of <paramref name="expiry"/>.</summary>
    public static double ToExpiry(DateTimeOffset asOf, DateOnly expiry, TimeOnly? settlement = null) =>
        Act365(asOf, SettlementInstant(expiry, settlement));
}
