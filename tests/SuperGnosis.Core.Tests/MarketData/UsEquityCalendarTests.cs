using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.MarketData;

public class UsEquityCalendarTests
{
    [Theory]
    [InlineData("2026-01-01")] // New Year
    [InlineData("2026-01-19")] // MLK
    [InlineData("2026-02-16")] // Presidents
    [InlineData("2026-04-03")] // Good Friday
    [InlineData("2026-05-25")] // Memorial
    [InlineData("2026-06-19")] // Juneteenth
    [InlineData("2026-07-03")] // Independence Day observed (July 4 is a Saturday)
    [InlineData("2026-09-07")] // Labor
    [InlineData("2026-11-26")] // Thanksgiving
    [InlineData("2026-12-25")] // Christmas
    [InlineData("2022-12-26")] // Christmas observed (Dec 25 is a Sunday)
    [InlineData("2024-03-29")] // Good Friday 2024
    public void Nyse_holidays_are_closed(string date) =>
        Assert.False(UsEquityCalendar.IsTradingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-11-25")]
    [InlineData("2021-12-31")] // New Year 2022 is a Saturday: not observed on the Friday
    [InlineData("2021-06-18")] // Juneteenth became a market holiday in 2022
    public void Ordinary_days_are_open(string date) =>
        Assert.True(UsEquityCalendar.IsTradingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Session_close_is_16_new_york_across_daylight_saving()
    {
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 20, 0, 0, TimeSpan.Zero), UsEquityCalendar.SessionCloseOf(new DateOnly(2026, 7, 15)));
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 21, 0, 0, TimeSpan.Zero), UsEquityCalendar.SessionCloseOf(new DateOnly(2026, 12, 15)));
        Assert.Equal(new DateOnly(2026, 11, 24), UsEquityCalendar.NewYorkDate(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Monthly_expiry_is_third_friday_or_the_thursday_before_a_holiday()
    {
        Assert.Equal(new DateOnly(2026, 12, 18), UsEquityCalendar.MonthlyExpiry(2026, 12));
        Assert.Equal(new DateOnly(2025, 4, 17), UsEquityCalendar.MonthlyExpiry(2025, 4)); // Good Friday 2025-04-18
    }

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2038, 4, 25)]
    public void Easter_dates_match_published_tables(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), UsEquityCalendar.EasterSunday(year));
}
