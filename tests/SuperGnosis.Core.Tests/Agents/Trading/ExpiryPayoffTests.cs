using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Tests.Agents.Trading;

public sealed class ExpiryPayoffTests
{
    private static readonly DateOnly Expiry = new(2026, 12, 18);

    internal static PricedLeg Option(InstrumentType type, LegDirection direction, double strike, double fill, int qty = 1) =>
        new(type, direction, qty, 100, strike, Expiry, 0.1, fill, fill, 0.2, 0, 0, 0, 0, 0);

    [Fact]
    public void CallDebitSpreadMatchesHandComputation()
    {
        // Buy the 100 call at its ask 3.20, sell the 105 call at its bid 1.10: cost 2.10 per share.
        PricedLeg[] legs = [Option(InstrumentType.Call, LegDirection.Buy, 100, 3.20), Option(InstrumentType.Call, LegDirection.Sell, 105, 1.10)];
        var summary = new ExpiryPayoff(legs).Summarize(1000);
        Assert.Equal(210, summary.Cost, 9);
        Assert.Equal(210, summary.MaxLoss, 9);
        Assert.Equal(290, summary.MaxProfit!.Value, 9);
        Assert.Equal(102.10, Assert.Single(summary.Breakevens), 9);
        Assert.False(summary.LossUnbounded);
    }

    [Fact]
    public void LongCallHasUnboundedProfitAndBreakevenAtStrikePlusPremium()
    {
        var summary = new ExpiryPayoff([Option(InstrumentType.Call, LegDirection.Buy, 50, 2.5)]).Summarize(1000);
        Assert.Null(summary.MaxProfit);
        Assert.Equal(250, summary.MaxLoss, 9);
        Assert.Equal(52.5, Assert.Single(summary.Breakevens), 12);
    }

    [Fact]
    public void IronCondorHasTwoBreakevensAndCreditAsMaxProfit()
    {
        // Long 90 put 0.50, short 95 put 1.20, short 105 call 1.30, long 110 call 0.40: credit 1.60.
        PricedLeg[] legs =
        [
            Option(InstrumentType.Put, LegDirection.Buy, 90, 0.50), Option(InstrumentType.Put, LegDirection.Sell, 95, 1.20),
            Option(InstrumentType.Call, LegDirection.Sell, 105, 1.30), Option(InstrumentType.Call, LegDirection.Buy, 110, 0.40),
        ];
        var summary = new ExpiryPayoff(legs).Summarize(1000);
        Assert.Equal(-160, summary.Cost, 9);
        Assert.Equal(160, summary.MaxProfit!.Value, 9);
        Assert.Equal(340, summary.MaxLoss, 9);
        Assert.Equal([93.4, 106.6], summary.Breakevens.Select(b => Math.Round(b, 9)));
    }

    [Fact]
    public void ShortStockLossIsUnboundedAndPricedAtTheStressPrice()
    {
        var summary = new ExpiryPayoff([PricedLeg.Stock(LegDirection.Sell, 100, 50)]).Summarize(80);
        Assert.True(summary.LossUnbounded);
        Assert.Equal(3000, summary.MaxLoss, 9);
        Assert.Equal(5000, summary.MaxProfit!.Value, 9);
        Assert.Equal(50, Assert.Single(summary.Breakevens), 12);
    }

    [Fact]
    public void MixedExpiriesAreRejected()
    {
        var later = Option(InstrumentType.Call, LegDirection.Buy, 100, 1) with { Expiry = Expiry.AddDays(30) };
        Assert.Throws<ArgumentException>(() => new ExpiryPayoff([Option(InstrumentType.Call, LegDirection.Sell, 100, 1), later]));
    }

    [Fact]
    public void ZeroPlateausGiveBreakevensOnlyAtTheEdgeOfTheProfitRegion()
    {
        // Zero-cost call spread bought at 100 / sold at 105 for the same price: P = 0 below 100, then profit.
        PricedLeg[] free = [Option(InstrumentType.Call, LegDirection.Buy, 100, 1.0), Option(InstrumentType.Call, LegDirection.Sell, 105, 1.0)];
        Assert.Equal([100.0], new ExpiryPayoff(free).Summarize(1000).Breakevens);
        // Short 100/105 call spread for zero credit: P = 0 below 100, loss above: never profitable, no breakeven.
        PricedLeg[] loser = [Option(InstrumentType.Call, LegDirection.Sell, 100, 1.0), Option(InstrumentType.Call, LegDirection.Buy, 105, 1.0)];
        var summary = new ExpiryPayoff(loser).Summarize(1000);
        Assert.Empty(summary.Breakevens);
        Assert.Equal(0, summary.MaxProfit!.Value, 12);
        Assert.Equal(500, summary.MaxLoss, 9);
    }

    /// <summary>Property: random positions with exact-zero plateaus (fills chosen so that cost is 0 or a strike width)
    /// still match the brute force.</summary>
    [Fact]
    public void RandomPlateauPositionsMatchBruteForce()
    {
        var random = new Random(11);
        for (var iteration = 0; iteration < 300; iteration++)
        {
            var strikes = Enumerable.Range(0, 4).Select(_ => 80 + (5.0 * random.Next(9))).Distinct().Order().ToArray();
            var legs = new List<PricedLeg>();
            foreach (var k in strikes)
            {
                var direction = random.Next(2) == 0 ? LegDirection.Buy : LegDirection.Sell;
                legs.Add(Option(random.Next(2) == 0 ? InstrumentType.Call : InstrumentType.Put, direction, k, 0, 1 + random.Next(2)));
            }
            // Fills in whole dollars so cost is a multiple of 100 and plateaus land exactly on 0 often.
            var fills = legs.Select(_ => (double)random.Next(0, 6)).ToArray();
            legs = [.. legs.Select((l, i) => l with { Fill = fills[i] })];
            BruteForcePayoff.AssertMatches(legs, new ExpiryPayoff(legs).Summarize(300), 100, $"plateau iteration {iteration}");
        }
    }

    /// <summary>Property: random positions of up to five legs (calls, puts, stock, any direction and quantity)
    /// have max loss, max profit and breakevens equal to the brute-force dense grid to 1e-9.</summary>
    [Fact]
    public void RandomPositionsMatchBruteForce()
    {
        var random = new Random(20261125);
        for (var iteration = 0; iteration < 400; iteration++)
        {
            var spot = 20 + (random.NextDouble() * 480);
            var step = spot * (0.005 + (random.NextDouble() * 0.03));
            var legs = new List<PricedLeg>();
            var count = 1 + random.Next(5);
            for (var j = 0; j < count; j++)
            {
                var direction = random.Next(2) == 0 ? LegDirection.Buy : LegDirection.Sell;
                var kind = random.Next(7);
                if (kind == 0)
                {
                    legs.Add(PricedLeg.Stock(direction, 1 + random.Next(200), spot * (0.98 + (0.04 * random.NextDouble()))));
                    continue;
                }
                var strike = Math.Round(spot + (step * (random.Next(21) - 10)), 2);
                var type = kind <= 3 ? InstrumentType.Call : InstrumentType.Put;
                var intrinsic = type == InstrumentType.Call ? Math.Max(spot - strike, 0) : Math.Max(strike - spot, 0);
                legs.Add(Option(type, direction, strike, intrinsic + (random.NextDouble() * step * 2), 1 + random.Next(3)));
            }
            var summary = new ExpiryPayoff(legs).Summarize(spot * 3);
            BruteForcePayoff.AssertMatches(legs, summary, spot, $"iteration {iteration}");
        }
    }
}
