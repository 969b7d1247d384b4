using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.MarketData;

public sealed class AsOfTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Text, then the expected instant in UTC (ISO) and its expected offset in hours.</summary>
    [Theory]
    [InlineData("2026-11-24T15:30:00Z", "2026-11-24T15:30:00Z", 0)]
    [InlineData("2026-11-24t15:30:00z", "2026-11-24T15:30:00Z", 0)]
    [InlineData("2026-11-24T15:30:00.1234567Z", "2026-11-24T15:30:00.1234567Z", 0)]
    [InlineData("2026-11-24T17:30:00+02:00", "2026-11-24T15:30:00Z", 2)]
    [InlineData("2026-11-24T17:30+0200", "2026-11-24T15:30:00Z", 2)]
    [InlineData("2026-11-24 10:30:00-05", "2026-11-24T15:30:00Z", -5)]
    [InlineData("2026-11-24T05:30:00+05:30", "2026-11-24T00:00:00Z", 5.5)]
    // No offset: New York wall time. Winter (EST, UTC-5) and summer (EDT, UTC-4).
    [InlineData("2026-01-15T10:00:00", "2026-01-15T15:00:00Z", -5)]
    [InlineData("2026-01-15 10:00", "2026-01-15T15:00:00Z", -5)]
    [InlineData("2026-07-15T10:00:00", "2026-07-15T14:00:00Z", -4)]
    [InlineData("  2026-07-15T10:00:00  ", "2026-07-15T14:00:00Z", -4)]
    // Fall-back overlap (2026-11-01, 01:00-02:00 happens twice): the earlier instant, EDT.
    [InlineData("2026-11-01T01:30:00", "2026-11-01T05:30:00Z", -4)]
    [InlineData("2026-11-01T00:59:59", "2026-11-01T04:59:59Z", -4)]
    [InlineData("2026-11-01T02:00:00", "2026-11-01T07:00:00Z", -5)]
    // Just outside the spring-forward gap (2026-03-08, 02:00-03:00 does not exist).
    [InlineData("2026-03-08T01:59:59", "2026-03-08T06:59:59Z", -5)]
    [InlineData("2026-03-08T03:00:00", "2026-03-08T07:00:00Z", -4)]
    // A date alone: 00:00 New York time.
    [InlineData("2026-01-15", "2026-01-15T05:00:00Z", -5)]
    [InlineData("2026-07-15", "2026-07-15T04:00:00Z", -4)]
    public void Parses_to_the_expected_instant(string text, string utc, double offsetHours)
    {
        var value = AsOfText.Parse(text, new FixedClock(Now));

        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.FromHours(offsetHours), value.Offset);
    }

    [Theory]
    [InlineData("2026-03-08T02:00:00", "does not exist in New York time")]
    [InlineData("2026-03-08T02:30", "does not exist in New York time")]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "must not be empty")]
    [InlineData("soon", "must be an ISO-8601 date or instant")]
    [InlineData("11/24/2026", "must be an ISO-8601 date or instant")]
    [InlineData("2026-13-01", "must be an ISO-8601 date or instant")]
    [InlineData("2026-02-30T10:00:00", "must be an ISO-8601 date or instant")]
    [InlineData("2026-02-03T25:00:00", "must be an ISO-8601 date or instant")]
    [InlineData("2026-02-03T10:00:00+15:00", "must be an ISO-8601 date or instant")]
    [InlineData("2026-02-03T10:00:00+02:75", "must be an ISO-8601 date or instant")]
    [InlineData("2026-02-03T10:00:00+2", "must be an ISO-8601 date or instant")]
    [InlineData("2026-02-03Z", "must be an ISO-8601 date or instant")]
    [InlineData("15:30", "must be an ISO-8601 date or instant")]
    [InlineData("2026-02-03T10:00:00Z trailing", "must be an ISO-8601 date or instant")]
    public void Rejects_with_a_message(string text, string message)
    {
        var ex = Assert.Throws<AsOfFormatException>(() => AsOfText.Parse(text, new FixedClock(Now)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(text, ex.Text);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Fact]
    public void Absent_means_now_from_the_clock_or_null_for_the_optional_form()
    {
        Assert.Equal(Now, AsOfText.Parse(null, new FixedClock(Now)));
        Assert.Null(AsOfText.ParseOptional(null));
        Assert.Throws<AsOfFormatException>(() => AsOfText.ParseOptional(""));
    }

    [Fact]
    public void A_date_agrees_with_the_calendar_midnight_and_a_wall_time_with_AtNewYork()
    {
        Assert.Equal(NewYorkTime.At(new DateOnly(2025, 6, 20), TimeOnly.MinValue), AsOfText.ParseOptional("2025-06-20"));
        Assert.Equal(NewYorkTime.At(new DateOnly(2025, 6, 20), new TimeOnly(10, 0)), AsOfText.ParseOptional("2025-06-20T10:00:00"));
    }
}
