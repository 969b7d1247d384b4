using SuperGnosis.Core.MarketData;
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

    [Fact]
    public void Zero_dte_on_a_half_day_settles_at_the_13_00_early_close()
    {
        // 2026-11-27 (day after Thanksgiving) closes at 13:00 EST = 18:00 UTC; at 11:00 EST two hours are left.
        var asOf = new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);
        var expiry = new DateOnly(2026, 11, 27);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero), YearFraction.SettlementInstant(expiry));
        var t = YearFraction.ToExpiry(asOf, expiry);
        Assert.Equal(2.0 / 8760, t, 15);
        Assert.Equal(t, YearFraction.ToExpiry(MarketCalendar.Nyse, asOf, expiry), 15);

        var halfDay = BlackScholes.Greeks(OptionRight.Call, 600, 600, t, 0.04, 0.01, 0.20);
        var reference = BlackScholes.Greeks(OptionRight.Call, 600, 600, 2.0 / 8760, 0.04, 0.01, 0.20);
        var asIfFullDay = BlackScholes.Greeks(OptionRight.Call, 600, 600, 5.0 / 8760, 0.04, 0.01, 0.20);
        Assert.Equal(reference.Gamma, halfDay.Gamma, 12);
        Assert.Equal(reference.Theta, halfDay.Theta, 9);
        // Three hours less: ATM gamma is sqrt(5/2) = 1.58x larger, theta (per year) more negative.
        Assert.Equal(Math.Sqrt(5.0 / 2), halfDay.Gamma / asIfFullDay.Gamma, 2);
        Assert.True(halfDay.Theta < asIfFullDay.Theta * 1.5);
    }

    [Fact]
    public void A_custom_calendar_moves_the_settlement()
    {
        var calendar = MarketCalendar.Load(new StringReader("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n2026-03-11,early_close,12:00,Company eve\n"), "custom");
        var asOf = new DateTimeOffset(2026, 3, 11, 14, 0, 0, TimeSpan.Zero); // 10:00 EDT
        Assert.Equal(2.0 / 8760, YearFraction.ToExpiry(calendar, asOf, new DateOnly(2026, 3, 11)), 15);
        Assert.Equal(6.0 / 8760, YearFraction.ToExpiry(asOf, new DateOnly(2026, 3, 11)), 15);
    }

    [Fact]
    public void Am_settlement_runs_to_the_0930_open_of_the_expiry_date()
    {
        // SPX monthly 2026-12-18: AM-settled, so its time ends at 09:30 EST (14:30 UTC) that Friday.
        var asOf = new DateTimeOffset(2026, 12, 17, 21, 0, 0, TimeSpan.Zero); // Thursday 16:00 EST
        var expiry = new DateOnly(2026, 12, 18);
        Assert.Equal(new DateTimeOffset(2026, 12, 18, 14, 30, 0, TimeSpan.Zero), YearFraction.SettlementInstant(MarketCalendar.Nyse, expiry, OptionSettlement.Am));
        Assert.Equal(17.5 / 8760, YearFraction.ToExpiry(MarketCalendar.Nyse, asOf, expiry, OptionSettlement.Am), 15);
        Assert.Equal(24.0 / 8760, YearFraction.ToExpiry(MarketCalendar.Nyse, asOf, expiry, OptionSettlement.Pm), 15);
        // PM on a half-day is the 13:00 close; AM on a half-day is still the 09:30 open.
        var halfDay = new DateOnly(2026, 11, 27);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero), YearFraction.SettlementInstant(MarketCalendar.Nyse, halfDay, OptionSettlement.Pm));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 14, 30, 0, TimeSpan.Zero), YearFraction.SettlementInstant(MarketCalendar.Nyse, halfDay, OptionSettlement.Am));
    }
}
