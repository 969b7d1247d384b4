using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Agents.Trading.Strategies;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Agents.Trading;

public sealed class NetGreeksTests
{
    /// <summary>Net delta, gamma, vega and theta of selected structures equal central finite differences of the
    /// position's Black-Scholes value (chain without provider deltas, so every Greek is BSM at the leg's IV).</summary>
    [Theory]
    [InlineData(StrategyNames.CallDebitSpread)]
    [InlineData(StrategyNames.IronCondor)]
    [InlineData(StrategyNames.LongStraddle)]
    [InlineData(StrategyNames.CallButterfly)]
    public void NetGreeksMatchFiniteDifferences(string name)
    {
        var chain = TestChains.Create(new TestChains.Settings { MissingDeltaRate = 1 });
        var options = new TradeAgentOptions { RiskFreeRate = TestChains.Rate };
        var view = ChainView.Build(chain, 100, TestChains.AsOf, options);
        var primary = view.Primary(options, options.TargetDte)!;
        var legs = StrategyLibrary.All[name].SelectLegs(new StrategyContext(view, primary, options)).Legs!;
        double Value(double s, double volShift, double dt) => legs.Sum(l =>
            l.SignedShares * BlackScholes.Price(l.Right, s, l.Strike, l.YearsToExpiry - dt, TestChains.Rate, 0, l.ImpliedVol + volShift));
        var greeks = NetGreeks.Of(legs);
        const double H = 1e-3;
        Assert.Equal((Value(100 + H, 0, 0) - Value(100 - H, 0, 0)) / (2 * H), greeks.Delta, 5);
        Assert.Equal((Value(100 + 0.01, 0, 0) - (2 * Value(100, 0, 0)) + Value(100 - 0.01, 0, 0)) / 1e-4, greeks.Gamma, 3);
        Assert.Equal((Value(100, 1e-4, 0) - Value(100, -1e-4, 0)) / 2e-4 / 100, greeks.Vega, 5);
        Assert.Equal((Value(100, 0, 1e-5) - Value(100, 0, -1e-5)) / 2e-5 / 365, greeks.Theta, 5);
    }
}
