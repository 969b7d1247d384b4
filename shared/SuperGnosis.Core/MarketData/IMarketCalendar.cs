namespace SuperGnosis.Core.MarketData;

/// <summary>What a listed date in a market calendar is.</summary>
public enum ClosureKind
{
    /// <summary>No session that day.</summary>
    Holiday,

    /// <summary>A session that closes before the regular close (13:00 New York on NYSE half-days).</summary>
    EarlyClose,
}

/// <summary>One row of a calendar table: a weekday that is not a regular full session, and why.</summary>
public readonly record struct MarketClosure(DateOnly Date, ClosureKind Kind, TimeOnly? Close, string Name);

/// <summary>The trading session of one date: open and close instants (close is 13:00 New York on an early close).</summary>
public readonly record struct TradingSession(DateOnly Date, DateTimeOffset Open, DateTimeOffset Close, bool IsEarlyClose)
{
    /// <summary>True when the instant is within [Open, Close).</summary>
    public bool Contains(DateTimeOffset instant) => instant >= Open && instant < Close;
}

/// <summary>
/// A market's trading calendar in New York time: which dates trade, their session hours (early closes
/// included) and the standard monthly option expiry. The default is <see cref="MarketCalendar.Nyse"/>, driven
/// by the embedded NYSE table (docs/options-math.md, "Market calendar"). Every method taking a date throws
/// <see cref="ArgumentOutOfRangeException"/> naming the covered range when the date is outside it.
/// </summary>
public interface IMarketCalendar
{
    /// <summary>First date the calendar knows (inclusive).</summary>
    DateOnly FirstDate { get; }

    /// <summary>Last date the calendar knows (inclusive).</summary>
    DateOnly LastDate { get; }

    /// <summary>Regular (full-day) session open, New York wall clock.</summary>
    TimeOnly RegularOpen { get; }

    /// <summary>Regular (full-day) session close, New York wall clock.</summary>
    TimeOnly RegularClose { get; }

    /// <summary>A weekday with a session (full or early close).</summary>
    bool IsTradingDay(DateOnly date);

    /// <summary>The table row of a date (holiday or early close), or null for a regular weekday or a weekend.</summary>
    MarketClosure? ClosureOn(DateOnly date);

    /// <summary>The session of a date, or null when the market is closed (weekend or holiday).</summary>
    TradingSession? SessionOf(DateOnly date);

    /// <summary>First trading day strictly after <paramref name="date"/>.</summary>
    DateOnly NextTradingDay(DateOnly date);

    /// <summary>Last trading day strictly before <paramref name="date"/>.</summary>
    DateOnly PreviousTradingDay(DateOnly date);

    /// <summary>Standard monthly option expiry: the third Friday of the month, or the trading day before it when that Friday is a holiday.</summary>
    DateOnly MonthlyExpiry(int year, int month);
}

/// <summary>Conveniences over <see cref="IMarketCalendar"/> used by pricing and the engines.</summary>
public static class MarketCalendarExtensions
{
    /// <summary>A weekday the table lists as a full-day closure.</summary>
    public static bool IsHoliday(this IMarketCalendar calendar, DateOnly date) =>
        calendar.ClosureOn(date) is { Kind: ClosureKind.Holiday };

    /// <summary>
    /// The close instant of a date: the session close (13:00 New York on an early close), or, on a date without a
    /// session, the regular close time on that date (the settlement convention for an expiry quoted on a closed date).
    /// </summary>
    public static DateTimeOffset CloseOf(this IMarketCalendar calendar, DateOnly date) =>
        calendar.SessionOf(date) is { } session ? session.Close : NewYorkTime.At(date, calendar.RegularClose);

    /// <summary>The open instant of a date: the session open, or the regular open time on a date without a session.</summary>
    public static DateTimeOffset OpenOf(this IMarketCalendar calendar, DateOnly date) =>
        calendar.SessionOf(date) is { } session ? session.Open : NewYorkTime.At(date, calendar.RegularOpen);

    /// <summary>
    /// The close of the last session that has ended at or before <paramref name="now"/> (13:00 New York on an early
    /// close): on a night, a weekend or a holiday the previous session's close, before the open the previous session's.
    /// Null while a session is open (then "now" is a market instant). Throws outside the calendar's range.
    /// </summary>
    public static DateTimeOffset? LastCloseWhenClosed(this IMarketCalendar calendar, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var date = NewYorkTime.DateOf(now);
        if (calendar.SessionOf(date) is { } today)
        {
            if (now >= today.Close)
            {
                return today.Close;
            }
            if (now >= today.Open)
            {
                return null;
            }
        }
        return calendar.CloseOf(calendar.PreviousTradingDay(date));
    }
}
