using SuperGnosis.Core.Agents.Trading;

namespace SuperGnosis.Core.Tests.Agents.Trading;

public sealed class PositionSizingTests
{
    /// <summary>Property: units x max loss never exceeds the budget and one more unit would.</summary>
    [Fact]
    public void UnitsRespectTheRiskBudget()
    {
        var random = new Random(99);
        for (var i = 0; i < 10_000; i++)
        {
            var options = new TradeAgentOptions { RiskFraction = random.NextDouble() * 0.05, AccountEquity = random.NextDouble() * 1e7 };
            var maxLoss = Math.Exp((random.NextDouble() * 16) - 4);
            var units = PositionSizing.Units(maxLoss, false, options);
            var budget = options.RiskFraction * options.AccountEquity;
            Assert.True(units * maxLoss <= budget, $"{units} x {maxLoss} > {budget}");
            Assert.True((units + 1) * maxLoss > budget * (1 - 1e-15), $"{units + 1} x {maxLoss} <= {budget}");
        }
    }

    [Fact]
    public void DefaultBudgetIsOnePercentOfOneHundredThousand()
    {
        Assert.Equal(4, PositionSizing.Units(210, false, new TradeAgentOptions()));
        Assert.Equal(10, PositionSizing.Units(100, false, new TradeAgentOptions()));
        Assert.Equal(0, PositionSizing.Units(1000.01, false, new TradeAgentOptions()));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonPositiveOrInvalidMaxLossSizesZero(double maxLoss) => Assert.Equal(0, PositionSizing.Units(maxLoss, false, new TradeAgentOptions()));

    [Fact]
    public void UnboundedLossSizesZeroUnlessAllowed()
    {
        Assert.Equal(0, PositionSizing.Units(100, true, new TradeAgentOptions()));
        Assert.Equal(10, PositionSizing.Units(100, true, new TradeAgentOptions { AllowUnboundedLoss = true }));
    }
}
