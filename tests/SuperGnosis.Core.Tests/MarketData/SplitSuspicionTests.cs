using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.MarketData;

public sealed class SplitSuspicionTests
{
    [Theory]
    [InlineData(2.0, 2.0)]
    [InlineData(1.9401, 2.0)] // 3 % below 2
    [InlineData(2.0599, 2.0)]
    [InlineData(0.5, 0.5)] // 1-for-2 reverse split
    [InlineData(3.05, 3.0)]
    [InlineData(10.2, 10.0)]
    [InlineData(1 / 3.0, 1 / 3.0)]
    public void A_ratio_within_3_percent_of_a_split_ratio_is_suspect(double closeToOpen, double expected) =>
        Assert.Equal(expected, SplitSuspicion.RatioNear(closeToOpen)!.Value, 12);

    [Theory]
    [InlineData(1.93)]
    [InlineData(1.0)]
    [InlineData(1.3)]
    [InlineData(6.0)]
    [InlineData(double.NaN)]
    public void Other_ratios_are_not(double closeToOpen) => Assert.Null(SplitSuspicion.RatioNear(closeToOpen));

    [Fact]
    public void The_gap_is_closed_for_volatility_and_other_returns_kept()
    {
        var t0 = new DateTimeOffset(2024, 2, 13, 14, 30, 0, TimeSpan.Zero);
        Bar[] bars =
        [
            new(t0, 89, 91, 88, 90, 100),
            new(t0.AddDays(1), 90, 92, 89, 91, 100),
            new(t0.AddDays(2), 30.4, 31, 30, 30.6, 300), // 91 / 30.4 = 2.99: a 3-for-1 nobody recorded
            new(t0.AddDays(5), 30.6, 31, 30, 30.9, 300),
        ];
        var safe = SplitSuspicion.WithoutSuspectGaps(bars, out var suspects);
        var split = Assert.Single(suspects);
        Assert.Equal((new DateOnly(2024, 2, 15), 3.0), (split.Date, split.Ratio));
        Assert.Equal(safe[2].Open, safe[1].Close, 12); // no overnight return across the gap
        Assert.Equal(bars[1].Close / bars[0].Close, safe[1].Close / safe[0].Close, 12); // earlier returns unchanged
        Assert.Equal(bars[1].Close * bars[1].Volume, safe[1].Close * safe[1].Volume, 9); // dollar volume unchanged
        Assert.Equal(bars[3], safe[3]);
    }

    [Fact]
    public void Bars_without_a_suspect_gap_come_back_as_they_are()
    {
        var t0 = new DateTimeOffset(2024, 2, 13, 14, 30, 0, TimeSpan.Zero);
        Bar[] bars = [new(t0, 100, 101, 99, 100, 1), new(t0.AddDays(1), 100.5, 102, 100, 101, 1)];
        Assert.Same(bars, SplitSuspicion.WithoutSuspectGaps(bars, out var none));
        Assert.Empty(none);
    }
}
