namespace SuperGnosis.Core.MarketData;

/// <summary>
/// US equity and equity-option trading calendar: NYSE full-day holidays (observed on the nearest
/// weekday), regular session 09:30-16:00 America/New_York. Early closes are not modelled. Option
/// expiries settle at the 16:00 New York close of the expiry day unless a caller configures otherwise.
/// </summary>
public static class UsEquityCalendar
{
    public static readonly TimeOnly SessionOpen = new(9, 30);
    public static readonly TimeOnly SessionClose = new(16, 0);

    /// <summary>America/New_York (IANA id; resolved from the OS time-zone database).</summary>
    public static TimeZoneInfo NewYork { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    /// <summary>NYSE full-day holidays: New Year, MLK, Presidents, Good Friday, Memorial, Juneteenth (2022+),
    /// Independence, Labor, Thanksgiving, Christmas. Saturday holidays are observed Friday (except New
    /// Year's Day, per NYSE rule), Sunday holidays Monday.</summary>
    public static bool IsHoliday(DateOnly date)
    {
        var y = date.Year;
        if (date == Observed(new DateOnly(y, 1, 1), allowFridayBefore: false)
            || date == NthWeekday(y, 1, DayOfWeek.Monday, 3)
            || date == NthWeekday(y, 2, DayOfWeek.Monday, 3)
            || date == EasterSunday(y).AddDays(-2)
            || date == LastWeekday(y, 5, DayOfWeek.Monday)
            || (y >= 2022 && date == Observed(new DateOnly(y, 6, 19)))
            || date == Observed(new DateOnly(y, 7, 4))
            || date == NthWeekday(y, 9, DayOfWeek.Monday, 1)
            || date == NthWeekday(y, 11, DayOfWeek.Thursday, 4)
            || date == Observed(new DateOnly(y, 12, 25)))
        {
            return true;
        }
        // New Year's Day of next year falling on a Sunday is observed on Monday Jan 2 (handled above);
        // on a Saturday it is not observed on the prior Friday.
        return false;
    }

    public static DateOnly NextTradingDay(DateOnly date)
    {
        var d = date.AddDays(1);
        while (!IsTradingDay(d))
        {
            d = d.AddDays(1);
        }
        return d;
    }

    public static DateOnly PreviousTradingDay(DateOnly date)
    {
        var d = date.AddDays(-1);
        while (!IsTradingDay(d))
        {
            d = d.AddDays(-1);
        }
        return d;
    }

    /// <summary>The New York calendar date of an instant.</summary>
    public static DateOnly NewYorkDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, NewYork).DateTime);

    /// <summary>The instant at a New York wall-clock time on a date (DST-aware).</summary>
    public static DateTimeOffset AtNewYork(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, NewYork.GetUtcOffset(local));
    }

    public static DateTimeOffset SessionOpenOf(DateOnly date) => AtNewYork(date, SessionOpen);

    public static DateTimeOffset SessionCloseOf(DateOnly date) => AtNewYork(date, SessionClose);

    /// <summary>Third Friday of a month (standard monthly equity-option expiry; Thursday if a holiday).</summary>
    public static DateOnly MonthlyExpiry(int year, int month)
    {
        var friday = NthWeekday(year, month, DayOfWeek.Friday, 3);
        return IsTradingDay(friday) ? friday : PreviousTradingDay(friday);
    }

    private static DateOnly Observed(DateOnly holiday, bool allowFridayBefore = true) => holiday.DayOfWeek switch
    {
        DayOfWeek.Saturday when allowFridayBefore => holiday.AddDays(-1),
        DayOfWeek.Sunday => holiday.AddDays(1),
        _ => holiday,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (n - 1)));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        var offset = ((int)last.DayOfWeek - (int)day + 7) % 7;
        return last.AddDays(-offset);
    }

    /// <summary>Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
