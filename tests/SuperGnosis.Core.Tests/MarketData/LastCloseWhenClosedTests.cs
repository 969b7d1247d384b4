using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.MarketData;

public sealed class LastCloseWhenClosedTests
{
    [Theory]
    [InlineData("2024-03-10T18:00:00Z", "2024-03-08T21:00:00Z")] // Sunday: Friday's close
    [InlineData("2024-03-11T13:00:00Z", "2024-03-08T21:00:00Z")] // Monday 09:00 New York (EDT), before the open
    [InlineData("2024-03-11T20:30:00Z", "2024-03-11T20:00:00Z")] // Monday after the 16:00 EDT close
    [InlineData("2024-11-29T19:00:00Z", "2024-11-29T18:00:00Z")] // day after Thanksgiving: 13:00 early close
    [InlineData("2024-12-25T15:00:00Z", "2024-12-24T18:00:00Z")] // Christmas: Christmas Eve's early close
    public void The_last_close_while_the_market_is_closed(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            MarketCalendar.Nyse.LastCloseWhenClosed(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void No_last_close_while_a_session_is_open() =>
        Assert.Null(MarketCalendar.Nyse.LastCloseWhenClosed(new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero)));
}
