using System.Globalization;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.MarketData;

public class MarketCalendarTests
{
    private static readonly MarketCalendar Nyse = MarketCalendar.Nyse;

    /// <summary>
    /// NYSE full-day holidays and 13:00 early closes as published by the exchange (NYSE Group holiday and
    /// early-closings announcements for 2020-2028; 2029-2030 follow NYSE Rule 7.2 and are not yet published).
    /// Typed by hand, not generated: the calendar's set for each year must equal this list exactly.
    /// </summary>
    public static TheoryData<int, string[], string[]> PublishedNyseCalendar => new()
    {
        { 2020, ["01-01", "01-20", "02-17", "04-10", "05-25", "07-03", "09-07", "11-26", "12-25"], ["11-27", "12-24"] },
        { 2021, ["01-01", "01-18", "02-15", "04-02", "05-31", "07-05", "09-06", "11-25", "12-24"], ["11-26"] },
        { 2022, ["01-17", "02-21", "04-15", "05-30", "06-20", "07-04", "09-05", "11-24", "12-26"], ["11-25"] },
        { 2023, ["01-02", "01-16", "02-20", "04-07", "05-29", "06-19", "07-04", "09-04", "11-23", "12-25"], ["07-03", "11-24"] },
        { 2024, ["01-01", "01-15", "02-19", "03-29", "05-27", "06-19", "07-04", "09-02", "11-28", "12-25"], ["07-03", "11-29", "12-24"] },
        { 2025, ["01-01", "01-09", "01-20", "02-17", "04-18", "05-26", "06-19", "07-04", "09-01", "11-27", "12-25"], ["07-03", "11-28", "12-24"] },
        { 2026, ["01-01", "01-19", "02-16", "04-03", "05-25", "06-19", "07-03", "09-07", "11-26", "12-25"], ["11-27", "12-24"] },
        { 2027, ["01-01", "01-18", "02-15", "03-26", "05-31", "06-18", "07-05", "09-06", "11-25", "12-24"], ["11-26"] },
        { 2028, ["01-17", "02-21", "04-14", "05-29", "06-19", "07-04", "09-04", "11-23", "12-25"], ["07-03", "11-24"] },
        { 2029, ["01-01", "01-15", "02-19", "03-30", "05-28", "06-19", "07-04", "09-03", "11-22", "12-25"], ["07-03", "11-23", "12-24"] },
        { 2030, ["01-01", "01-21", "02-18", "04-19", "05-27", "06-19", "07-04", "09-02", "11-28", "12-25"], ["07-03", "11-29", "12-24"] },
    };

    [Theory]
    [MemberData(nameof(PublishedNyseCalendar))]
    public void Every_holiday_and_early_close_matches_the_published_calendar(int year, string[] holidays, string[] earlyCloses)
    {
        var expectedHolidays = holidays.Select(d => Date($"{year}-{d}")).ToList();
        var expectedEarly = earlyCloses.Select(d => Date($"{year}-{d}")).ToList();
        var actualHolidays = new List<DateOnly>();
        var actualEarly = new List<DateOnly>();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var session = Nyse.SessionOf(d);
            if (!weekend && session is null)
            {
                actualHolidays.Add(d);
            }
            if (session is { IsEarlyClose: true })
            {
                actualEarly.Add(d);
            }
        }
        Assert.Equal(expectedHolidays, actualHolidays);
        Assert.Equal(expectedEarly, actualEarly);
        foreach (var d in expectedEarly)
        {
            var s = Nyse.SessionOf(d)!.Value;
            Assert.Equal(NewYorkTime.At(d, new TimeOnly(9, 30)), s.Open);
            Assert.Equal(NewYorkTime.At(d, new TimeOnly(13, 0)), s.Close);
        }
    }

    [Theory]
    [InlineData("2001-09-11")]
    [InlineData("2001-09-14")]
    [InlineData("2004-06-11")] // Reagan
    [InlineData("2007-01-02")] // Ford
    [InlineData("2012-10-29")] // Hurricane Sandy
    [InlineData("2012-10-30")]
    [InlineData("2018-12-05")] // G.H.W. Bush
    [InlineData("2025-01-09")] // Carter
    public void Special_closures_are_holidays(string date)
    {
        Assert.False(Nyse.IsTradingDay(Date(date)));
        Assert.True(Nyse.IsHoliday(Date(date)));
    }

    [Theory]
    [InlineData("2002-07-05")] // Friday after a Thursday July 4, before 2013
    [InlineData("2003-12-26")] // day after Christmas, ad hoc
    [InlineData("2013-07-03")] // Wednesday before a Thursday July 4, from 2013
    public void Historical_early_closes_close_at_13(string date) =>
        Assert.Equal(NewYorkTime.At(Date(date), new TimeOnly(13, 0)), Nyse.SessionOf(Date(date))!.Value.Close);

    [Theory]
    [InlineData("2026-11-25")]
    [InlineData("2021-12-31")] // New Year 2022 is a Saturday: not observed on the Friday
    [InlineData("2021-06-18")] // Juneteenth became a market holiday in 2022
    [InlineData("2008-07-03")] // Thursday before a Friday July 4: early close, still a trading day
    public void Ordinary_and_early_close_days_trade(string date) => Assert.True(Nyse.IsTradingDay(Date(date)));

    [Fact]
    public void Regular_session_is_0930_to_1600_new_york_across_daylight_saving()
    {
        var summer = Nyse.SessionOf(new DateOnly(2026, 7, 15))!.Value;
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 13, 30, 0, TimeSpan.Zero), summer.Open);
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 20, 0, 0, TimeSpan.Zero), summer.Close);
        Assert.False(summer.IsEarlyClose);
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 21, 0, 0, TimeSpan.Zero), Nyse.CloseOf(new DateOnly(2026, 12, 15)));
        Assert.Null(Nyse.SessionOf(new DateOnly(2026, 11, 26)));
        // A closed date still has a nominal close (settlement convention for an expiry on a closed date).
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero), Nyse.CloseOf(new DateOnly(2026, 11, 26)));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero), Nyse.CloseOf(new DateOnly(2026, 11, 27)));
    }

    [Fact]
    public void Closures_name_their_reason()
    {
        Assert.Equal(new MarketClosure(new DateOnly(2026, 11, 27), ClosureKind.EarlyClose, new TimeOnly(13, 0), "Day after Thanksgiving"),
            Nyse.ClosureOn(new DateOnly(2026, 11, 27)));
        Assert.Equal(ClosureKind.Holiday, Nyse.ClosureOn(new DateOnly(2025, 1, 9))!.Value.Kind);
        Assert.Null(Nyse.ClosureOn(new DateOnly(2026, 11, 25)));
    }

    [Fact]
    public void Next_and_previous_trading_days_skip_weekends_and_holidays()
    {
        Assert.Equal(new DateOnly(2026, 11, 27), Nyse.NextTradingDay(new DateOnly(2026, 11, 25)));
        Assert.Equal(new DateOnly(2026, 11, 25), Nyse.PreviousTradingDay(new DateOnly(2026, 11, 27)));
        Assert.Equal(new DateOnly(2027, 1, 4), Nyse.NextTradingDay(new DateOnly(2026, 12, 31)));
        Assert.Equal(new DateOnly(2026, 7, 2), Nyse.PreviousTradingDay(new DateOnly(2026, 7, 6)));
    }

    [Fact]
    public void Monthly_expiry_is_third_friday_or_the_trading_day_before_a_holiday()
    {
        Assert.Equal(new DateOnly(2026, 12, 18), Nyse.MonthlyExpiry(2026, 12));
        Assert.Equal(new DateOnly(2025, 4, 17), Nyse.MonthlyExpiry(2025, 4)); // Good Friday 2025-04-18
        Assert.Equal(new DateOnly(2027, 6, 17), Nyse.MonthlyExpiry(2027, 6)); // Juneteenth observed 2027-06-18
    }

    [Fact]
    public void Dates_outside_the_table_are_an_error_naming_the_range()
    {
        Assert.Equal(new DateOnly(2000, 1, 1), Nyse.FirstDate);
        Assert.Equal(new DateOnly(2050, 12, 31), Nyse.LastDate);
        var late = Assert.Throws<ArgumentOutOfRangeException>(() => Nyse.IsTradingDay(new DateOnly(2051, 1, 3)));
        Assert.Contains("2000-01-01..2050-12-31", late.Message, StringComparison.Ordinal);
        Assert.Contains("2051-01-03", late.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Nyse.SessionOf(new DateOnly(1999, 12, 31)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Nyse.NextTradingDay(new DateOnly(2050, 12, 30)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Nyse.PreviousTradingDay(new DateOnly(2000, 1, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Core.Options.YearFraction.ToExpiry(DateTimeOffset.UnixEpoch, new DateOnly(2060, 1, 16)));
    }

    [Fact]
    public void A_custom_table_loads()
    {
        const string table = """
            # my market: closed on a company day, half day before it
            years=2026-2027
            session=09:30-16:00

            date,kind,close,name
            2026-03-11,early_close,12:00,Company eve
            2026-03-12,holiday,,Company day
            """;
        var calendar = MarketCalendar.Load(new StringReader(table), "custom.csv");
        Assert.False(calendar.IsTradingDay(new DateOnly(2026, 3, 12)));
        Assert.Equal(NewYorkTime.At(new DateOnly(2026, 3, 11), new TimeOnly(12, 0)), calendar.SessionOf(new DateOnly(2026, 3, 11))!.Value.Close);
        Assert.True(calendar.IsTradingDay(new DateOnly(2026, 11, 26))); // not listed here: a regular day
        Assert.Equal(2, calendar.Closures.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.IsTradingDay(new DateOnly(2028, 1, 3)));

        var path = Path.Combine(Path.GetTempPath(), $"calendar-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, table);
        try
        {
            Assert.False(MarketCalendar.LoadFile(path).IsTradingDay(new DateOnly(2026, 3, 12)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("session=09:30-16:00\ndate,kind,close,name\n", "line 2: the 'years=' and 'session=' lines must come before the header")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\n", "no header line")]
    [InlineData("years=2026\nsession=09:30-16:00\ndate,kind,close,name\n", "line 1: expected years=YYYY-YYYY")]
    [InlineData("years=2026-2026\nsession=16:00-09:30\ndate,kind,close,name\n", "line 2: expected session=HH:MM-HH:MM")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\nfoo=bar\n", "line 3: expected 'years=', 'session=' or the header")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-13-01,holiday,,X\n", "line 4: date '2026-13-01' is not YYYY-MM-DD")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2027-01-04,holiday,,X\n", "line 4: 2027-01-04 is outside years=2026-2026")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-04,holiday,,X\n", "line 4: 2026-07-04 is a Saturday")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-03,holiday,,X\n2026-07-03,holiday,,Y\n", "line 5: 2026-07-03 is listed twice")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-03,holiday,,X\n2026-07-02,holiday,,Y\n", "line 5: 2026-07-02 is out of order")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-03,closed,,X\n", "line 4: kind 'closed' is not holiday or early_close")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-03,holiday,13:00,X\n", "line 4: a holiday has no close time")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-02,early_close,1pm,X\n", "line 4: early close time '1pm' is not HH:MM")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-02,early_close,17:00,X\n", "line 4: early close 17:00 is not between")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-02,early_close,13:00,\n", "line 4: the name is empty")]
    [InlineData("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-07-02,early_close,13:00\n", "line 4: expected 4 fields")]
    public void Malformed_tables_are_rejected_with_the_line(string table, string message)
    {
        var ex = Assert.Throws<FormatException>(() => MarketCalendar.Load(new StringReader(table), "bad.csv"));
        Assert.StartsWith("bad.csv", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
