using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Options;

public class YearFractionTests
{
    [Fact]
    public void Zero_dte_at_ten_new_york_has_six_hours_left()
    {
        // 2025-06-20 10:00 EDT = 14:00 UTC.
        var asOf = new DateTimeOffset(2025, 6, 20, 14, 0, 0, TimeSpan.Zero);
        Assert.Equal(6.0 / 8760, YearFraction.ToExpiry(asOf, new DateOnly(2025, 6, 20)), 15);
    }

    [Fact]
    public void Winter_close_is_21_utc_and_crossing_daylight_saving_counts_real_hours()
    {
        // 2025-01-17 16:00 EST is 21:00 UTC.
        Assert.Equal(new DateTimeOffset(2025, 1, 17, 21, 0, 0, TimeSpan.Zero), YearFraction.SettlementInstant(new DateOnly(2025, 1, 17)));
        // Friday 2025-03-07 16:00 EST to Monday 2025-03-10 16:00 EDT: clocks sprang forward, 71 hours elapse.
        var fridayClose = YearFraction.SettlementInstant(new DateOnly(2025, 3, 7));
        Assert.Equal(71.0 / 8760, YearFraction.ToExpiry(fridayClose, new DateOnly(2025, 3, 10)), 15);
    }

    [Fact]
    public void Configured_settlement_time_and_expired_options()
    {
        var asOf = new DateTimeOffset(2025, 6, 19, 20, 0, 0, TimeSpan.Zero); // 16:00 EDT the day before
        // AM settlement at 09:30 New York the next day: 17.5 hours.
        Assert.Equal(17.5 / 8760, YearFraction.ToExpiry(asOf, new DateOnly(2025, 6, 20), new TimeOnly(9, 30)), 15);
        // After the close the option has negative time (callers treat t <= 0 as expired).
        Assert.True(YearFraction.ToExpiry(asOf, new DateOnly(2025, 6, 19)) <= 0);
        Assert.True(YearFraction.ToExpiry(asOf.AddMinutes(1), new DateOnly(2025, 6, 19)) < 0);
    }
}
