using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>
/// Time to expiry in years, ACT/365 on exact elapsed time (ticks) from <c>asOf</c> to the settlement
/// instant: by default the market calendar's session close on the expiry date (16:00 America/New_York, 13:00 on
/// an early-close day such as the day after Thanksgiving; DST-aware), or a configured New York settlement time.
/// A 0DTE option at 10:00 New York time on a regular day has 6 hours = 6/8760 years left, never a whole-day
/// floor; at 11:00 on a half-day it has 2/8760. Negative once the instant has passed. The overloads without a
/// calendar use <see cref="MarketCalendar.Nyse"/>.
/// </summary>
public static class YearFraction
{
    /// <summary>Ticks in an ACT/365 year (365 days of 86,400 s).</summary>
    public const double TicksPerYear = 365.0 * TimeSpan.TicksPerDay;

    /// <summary>The settlement instant of an expiry date on the NYSE calendar: its session close, or New York wall-clock <paramref name="settlement"/>.</summary>
    public static DateTimeOffset SettlementInstant(DateOnly expiry, TimeOnly? settlement = null) =>
        SettlementInstant(MarketCalendar.Nyse, expiry, settlement);

    /// <summary>The settlement instant of an expiry date: the calendar's session close of that date (<see cref="MarketCalendarExtensions.CloseOf"/>), or New York wall-clock <paramref name="settlement"/>.</summary>
    public static DateTimeOffset SettlementInstant(IMarketCalendar calendar, DateOnly expiry, TimeOnly? settlement = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return settlement is { } time ? NewYorkTime.At(expiry, time) : calendar.CloseOf(expiry);
    }

    /// <summary>
    /// The settlement instant of a contract: PM = the session close of the expiry date (13:00 on an early close);
    /// AM = the session open (09:30 New York) of the expiry date, when the special opening quotation is set.
    /// </summary>
    public static DateTimeOffset SettlementInstant(IMarketCalendar calendar, DateOnly expiry, OptionSettlement settlement)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return settlement == OptionSettlement.Am ? calendar.OpenOf(expiry) : calendar.CloseOf(expiry);
    }

    /// <summary>ACT/365 years from <paramref name="asOf"/> to the settlement instant of an AM- or PM-settled contract.</summary>
    public static double ToExpiry(IMarketCalendar calendar, DateTimeOffset asOf, DateOnly expiry, OptionSettlement settlement) =>
        Act365(asOf, SettlementInstant(calendar, expiry, settlement));

    /// <summary>ACT/365 years between two instants (negative if <paramref name="until"/> is earlier).</summary>
    public static double Act365(DateTimeOffset asOf, DateTimeOffset until) => (until.UtcTicks - asOf.UtcTicks) / TicksPerYear;

    /// <summary>ACT/365 years from <paramref name="asOf"/> to the settlement of <paramref name="expiry"/> on the NYSE calendar.</summary>
    public static double ToExpiry(DateTimeOffset asOf, DateOnly expiry, TimeOnly? settlement = null) =>
        Act365(asOf, SettlementInstant(MarketCalendar.Nyse, expiry, settlement));

    /// <summary>ACT/365 years from <paramref name="asOf"/> to the settlement of <paramref name="expiry"/> on <paramref name="calendar"/>.</summary>
    public static double ToExpiry(IMarketCalendar calendar, DateTimeOffset asOf, DateOnly expiry, TimeOnly? settlement = null) =>
        Act365(asOf, SettlementInstant(calendar, expiry, settlement));
}
