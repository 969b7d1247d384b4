using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Agents.Trading;

public sealed class CalendarPayoffTests
{
    private const double Rate = 0.04;
    private static readonly DateOnly Front = new(2026, 12, 18);
    private static readonly DateOnly Back = new(2027, 1, 22);

    // Sell the front 100 call at its bid 2.00, buy the back 100 call (IV 25%, 0.1 years later) at its ask 3.50.
    private static readonly PricedLeg[] Legs =
    [
        new(InstrumentType.Call, LegDirection.Sell, 1, 100, 100, Front, 0.05, 2.00, 2.05, 0.28, 0.5, 0, 0, 0, 0),
        new(InstrumentType.Call, LegDirection.Buy, 1, 100, 100, Back, 0.15, 3.50, 3.45, 0.25, 0.5, 0, 0, 0, 0),
    ];

    private static CalendarPayoff Payoff() => new(Legs, Rate, 0, 400, 2001);

    [Theory]
    [InlineData(80.0)]
    [InlineData(95.0)]
    [InlineData(100.0)]
    [InlineData(104.5)]
    [InlineData(150.0)]
    public void ValueAtFrontExpiryPricesTheBackMonthByBlackScholes(double spot)
    {
        var expected = (-100 * Math.Max(spot - 100, 0)) + (100 * BlackScholes.Price(OptionRight.Call, spot, 100, 0.1, Rate, 0, 0.25)) - 150;
        Assert.Equal(expected, Payoff().ProfitAt(spot), 9);
    }

    [Fact]
    public void ExtremesAndBreakevens()
    {
        var payoff = Payoff();
        var summary = payoff.Summarize(double.NaN);
        Assert.Equal(150, payoff.Cost, 12);
        // The worst case is S -> 0 (both calls worthless): the debit.
        Assert.Equal(150, summary.MaxLoss, 9);
        // A long call calendar peaks at the common strike, a kink of the front leg.
        Assert.Equal(payoff.ProfitAt(100), summary.MaxProfit!.Value, 9);
        Assert.Equal(2, summary.Breakevens.Count);
        Assert.All(summary.Breakevens, b => Assert.True(Math.Abs(payoff.ProfitAt(b)) < 1e-8, $"P({b}) = {payoff.ProfitAt(b)}"));
        Assert.True(summary.Breakevens[0] < 100 && summary.Breakevens[1] > 100);
        Assert.False(summary.LossUnbounded);
    }
}
