using SuperGnosis.Hosting.Scheduling;

namespace SuperGnosis.Hosting.Tests.Scheduling;

/// <summary>The NYSE regular session decided in New York time from UTC instants (tests name New York wall times in comments).</summary>
public sealed class MarketHoursScheduleTests
{
    private static readonly MarketHoursSchedule Schedule = new();

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi, int s = 0) => new(y, mo, d, h, mi, s, TimeSpan.Zero);

    [Theory]
    // Tuesday 2026-11-24 (EST, UTC-5): 09:29:59 closed, 09:30 open, 15:59 open, 15:59:59 open, 16:00 closed.
    [InlineData(2026, 11, 24, 14, 29, 59, false)]
    [InlineData(2026, 11, 24, 14, 30, 0, true)]
    [InlineData(2026, 11, 24, 20, 59, 0, true)]
    [InlineData(2026, 11, 24, 20, 59, 59, true)]
    [InlineData(2026, 11, 24, 21, 0, 0, false)]
    // Summer (EDT, UTC-4): Wednesday 2026-06-17, 09:30 New York = 13:30 UTC.
    [InlineData(2026, 6, 17, 13, 29, 59, false)]
    [InlineData(2026, 6, 17, 13, 30, 0, true)]
    [InlineData(2026, 6, 17, 19, 59, 0, true)]
    [InlineData(2026, 6, 17, 20, 0, 0, false)]
    public void Session_boundaries(int y, int mo, int d, int h, int mi, int s, bool open) =>
        Assert.Equal(open, Schedule.IsOpen(Utc(y, mo, d, h, mi, s)));

    [Theory]
    // Thanksgiving, Thursday 2026-11-26: closed all day.
    [InlineData(2026, 11, 26, 14, 30)]
    [InlineData(2026, 11, 26, 17, 0)]
    [InlineData(2026, 11, 26, 20, 59)]
    // Christmas 2026 (Friday), New Year's Day 2027 (Friday), Good Friday 2026-04-03.
    [InlineData(2026, 12, 25, 16, 0)]
    [InlineData(2027, 1, 1, 16, 0)]
    [InlineData(2026, 4, 3, 15, 0)]
    public void Holidays_are_closed(int y, int mo, int d, int h, int mi) => Assert.False(Schedule.IsOpen(Utc(y, mo, d, h, mi)));

    [Theory]
    // Day after Thanksgiving, Friday 2026-11-27: early close 13:00 New York (18:00 UTC).
    [InlineData(2026, 11, 27, 14, 30, 0, true)]
    [InlineData(2026, 11, 27, 17, 59, 0, true)]
    [InlineData(2026, 11, 27, 17, 59, 59, true)]
    [InlineData(2026, 11, 27, 18, 0, 0, false)]
    [InlineData(2026, 11, 27, 20, 0, 0, false)]
    // Christmas Eve, Thursday 2026-12-24: early close.
    [InlineData(2026, 12, 24, 17, 59, 0, true)]
    [InlineData(2026, 12, 24, 18, 0, 0, false)]
    public void Early_closes_end_at_13_00_New_York(int y, int mo, int d, int h, int mi, int s, bool open)
    {
        Assert.Equal(open, Schedule.IsOpen(Utc(y, mo, d, h, mi, s)));
        Assert.True(Schedule.Calendar.SessionOf(new DateOnly(y, mo, d))!.Value.IsEarlyClose);
    }

    [Fact]
    public void Spring_forward_2026_03_08_moves_the_open_from_14_30_to_13_30_UTC()
    {
        // Friday 2026-03-06 (EST): 09:30 New York = 14:30 UTC.
        Assert.False(Schedule.IsOpen(Utc(2026, 3, 6, 13, 30)));
        Assert.True(Schedule.IsOpen(Utc(2026, 3, 6, 14, 30)));
        Assert.True(Schedule.IsOpen(Utc(2026, 3, 6, 20, 59)));
        Assert.False(Schedule.IsOpen(Utc(2026, 3, 6, 21, 0)));
        // Sunday 2026-03-08, the transition itself: closed all day.
        Assert.False(Schedule.IsOpen(Utc(2026, 3, 8, 13, 30)));
        Assert.False(Schedule.IsOpen(Utc(2026, 3, 8, 14, 30)));
        // Monday 2026-03-09 (EDT): 09:30 New York = 13:30 UTC; 14:29 UTC is already 10:29.
        Assert.False(Schedule.IsOpen(Utc(2026, 3, 9, 13, 29, 59)));
        Assert.True(Schedule.IsOpen(Utc(2026, 3, 9, 13, 30)));
        Assert.True(Schedule.IsOpen(Utc(2026, 3, 9, 19, 59)));
        Assert.False(Schedule.IsOpen(Utc(2026, 3, 9, 20, 0)));
        Assert.False(Schedule.IsOpen(Utc(2026, 3, 9, 20, 30)));
    }

    [Fact]
    public void Fall_back_2026_11_01_moves_the_open_from_13_30_to_14_30_UTC()
    {
        // Friday 2026-10-30 (EDT): 09:30 New York = 13:30 UTC, close 20:00 UTC.
        Assert.True(Schedule.IsOpen(Utc(2026, 10, 30, 13, 30)));
        Assert.True(Schedule.IsOpen(Utc(2026, 10, 30, 19, 59)));
        Assert.False(Schedule.IsOpen(Utc(2026, 10, 30, 20, 0)));
        // Sunday 2026-11-01, the transition itself: closed.
        Assert.False(Schedule.IsOpen(Utc(2026, 11, 1, 14, 30)));
        // Monday 2026-11-02 (EST): 13:30 UTC is 08:30 New York, closed; open 14:30 to 21:00 UTC.
        Assert.False(Schedule.IsOpen(Utc(2026, 11, 2, 13, 30)));
        Assert.False(Schedule.IsOpen(Utc(2026, 11, 2, 14, 29, 59)));
        Assert.True(Schedule.IsOpen(Utc(2026, 11, 2, 14, 30)));
        Assert.True(Schedule.IsOpen(Utc(2026, 11, 2, 20, 30)));
        Assert.False(Schedule.IsOpen(Utc(2026, 11, 2, 21, 0)));
    }

    [Theory]
    [InlineData(2026, 11, 28, 15, 0)]
    [InlineData(2026, 11, 29, 15, 0)]
    // Friday 21:30 UTC is already after the close; Monday 00:30 UTC is still Sunday evening in New York.
    [InlineData(2026, 11, 27, 21, 30)]
    [InlineData(2026, 11, 30, 0, 30)]
    public void Weekends_and_nights_are_closed(int y, int mo, int d, int h, int mi) => Assert.False(Schedule.IsOpen(Utc(y, mo, d, h, mi)));

    [Fact]
    public void An_instant_with_an_offset_is_judged_by_its_instant_not_its_offset()
    {
        // 09:30 in Tokyo on 2026-11-25 is 00:30 UTC: the New York evening of the 24th, closed.
        Assert.False(Schedule.IsOpen(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.FromHours(9))));
        // 09:30 New York expressed with its own offset.
        Assert.True(Schedule.IsOpen(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void Outside_the_calendar_s_years_is_closed() => Assert.False(Schedule.IsOpen(Utc(2051, 6, 5, 15, 0)));
}
