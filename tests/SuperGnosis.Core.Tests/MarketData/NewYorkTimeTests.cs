using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.MarketData;

public class NewYorkTimeTests
{
    [Fact]
    public void Zone_is_the_embedded_tzdb_new_york_zone() => Assert.Equal("America/New_York", NewYorkTime.Zone.Id);

    [Fact]
    public void Offsets_follow_daylight_saving_around_the_2026_transitions()
    {
        // Spring forward 2026-03-08 02:00 EST -> 03:00 EDT; fall back 2026-11-01 02:00 EDT -> 01:00 EST.
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 14, 30, 0, TimeSpan.Zero), NewYorkTime.At(new DateOnly(2026, 3, 7), new TimeOnly(9, 30)));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 30, 0, TimeSpan.Zero), NewYorkTime.At(new DateOnly(2026, 3, 9), new TimeOnly(9, 30)));
        Assert.Equal(new DateTimeOffset(2026, 10, 30, 20, 0, 0, TimeSpan.Zero), NewYorkTime.At(new DateOnly(2026, 10, 30), new TimeOnly(16, 0)));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 21, 0, 0, TimeSpan.Zero), NewYorkTime.At(new DateOnly(2026, 11, 2), new TimeOnly(16, 0)));
        Assert.Equal(TimeSpan.FromHours(-4), NewYorkTime.At(new DateOnly(2026, 3, 8), new TimeOnly(12, 0)).Offset);
        Assert.Equal(TimeSpan.FromHours(-5), NewYorkTime.At(new DateOnly(2026, 11, 1), new TimeOnly(12, 0)).Offset);
    }

    [Fact]
    public void A_gap_time_shifts_forward_and_the_strict_form_rejects_it()
    {
        var gap = new TimeOnly(2, 30);
        var day = new DateOnly(2026, 3, 8);
        // 02:30 does not exist: shifted forward by the hour-long gap to 03:30 EDT = 07:30Z.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), NewYorkTime.At(day, gap));
        var ex = Assert.Throws<ArgumentException>(() => NewYorkTime.AtStrict(day, gap));
        Assert.Contains("2026-03-08 02:30:00 does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(NewYorkTime.TryAtStrict(day, gap, out _));
        Assert.True(NewYorkTime.TryAtStrict(day, new TimeOnly(3, 0), out var after));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), after);
    }

    [Fact]
    public void An_overlap_time_resolves_to_the_earlier_instant()
    {
        var day = new DateOnly(2026, 11, 1);
        var ambiguous = new TimeOnly(1, 30);
        // 01:30 happens twice (EDT then EST): the earlier is 05:30Z.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), NewYorkTime.At(day, ambiguous));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), NewYorkTime.AtStrict(day, ambiguous));
    }

    [Fact]
    public void Date_of_an_instant_is_the_new_york_date()
    {
        Assert.Equal(new DateOnly(2026, 11, 24), NewYorkTime.DateOf(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 11, 25), NewYorkTime.DateOf(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 7, 1), NewYorkTime.DateOf(new DateTimeOffset(2026, 7, 1, 4, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 6, 30), NewYorkTime.DateOf(new DateTimeOffset(2026, 7, 1, 3, 59, 59, TimeSpan.Zero)));
    }
}
