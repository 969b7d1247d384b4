using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Scheduling;

namespace SuperGnosis.Hosting.Tests.Scheduling;

public sealed class ScheduledRunPlannerTests
{
    private static readonly ScheduledRunPlanner Planner = new(new MarketHoursSchedule());
    private static readonly string[] Watchlist = ["SPY", "QQQ", "SPY"];

    [Fact]
    public void A_firing_in_the_session_starts_one_run_per_symbol_at_the_minute()
    {
        var runs = Planner.Plan(new DateTimeOffset(2026, 11, 24, 15, 30, 7, 250, TimeSpan.Zero), Watchlist);
        var minute = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
        Assert.Equal([new ScheduledRun("SPY", minute), new ScheduledRun("QQQ", minute)], runs);
    }

    [Fact]
    public void A_redelivered_or_late_firing_gives_the_same_runs_and_run_ids()
    {
        var first = Planner.Plan(new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero), Watchlist);
        var again = Planner.Plan(new DateTimeOffset(2026, 11, 24, 15, 30, 59, 999, TimeSpan.Zero), Watchlist);
        Assert.Equal(first, again);
        Assert.Equal(first.Select(r => RunIds.ForRun(r.Symbol, r.AsOf, "fp")), again.Select(r => RunIds.ForRun(r.Symbol, r.AsOf, "fp")));
    }

    [Fact]
    public void The_as_of_is_utc_whatever_the_firing_offset()
    {
        var run = Planner.Plan(new DateTimeOffset(2026, 11, 24, 10, 30, 42, TimeSpan.FromHours(-5)), ["SPY"]).Single();
        Assert.Equal(TimeSpan.Zero, run.AsOf.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero), run.AsOf);
    }

    [Theory]
    [InlineData("2026-11-24T14:29:59Z")] // 09:29:59 New York
    [InlineData("2026-11-24T21:00:00Z")] // 16:00
    [InlineData("2026-11-26T15:00:00Z")] // Thanksgiving
    [InlineData("2026-11-27T18:00:00Z")] // early close 13:00
    [InlineData("2026-11-28T15:00:00Z")] // Saturday
    [InlineData("2026-03-09T20:30:00Z")] // 16:30 EDT, the first Monday after spring forward
    [InlineData("2026-11-02T13:30:00Z")] // 08:30 EST, the first Monday after fall back
    public void A_schedule_firing_outside_the_session_starts_nothing(string firedAt) =>
        Assert.Empty(Planner.Plan(DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture), Watchlist));

    [Fact]
    public void A_firing_at_09_29_59_truncates_to_09_29_and_starts_nothing_while_09_30_starts_runs()
    {
        Assert.Empty(Planner.Plan(new DateTimeOffset(2026, 11, 24, 14, 29, 59, TimeSpan.Zero), Watchlist));
        Assert.Equal(2, Planner.Plan(new DateTimeOffset(2026, 11, 24, 14, 30, 0, TimeSpan.Zero), Watchlist).Count);
        Assert.Equal(2, Planner.Plan(new DateTimeOffset(2026, 11, 27, 17, 59, 30, TimeSpan.Zero), Watchlist).Count);
    }

    [Fact]
    public void An_invalid_symbol_is_rejected() =>
        Assert.Throws<ArgumentException>(() => Planner.Plan(new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero), ["spy"]));
}
