using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Engines.Hedge;

/// <summary>
/// The hedge engine's fast paths give the same bits as the general ones (rows already in canonical order need no sort;
/// strikes out of order within one micro-dollar key fall back to the sort), and a run allocates a bounded number of
/// bytes per contract (the structure-of-arrays book and the per-strike tables; no per-contract objects).
/// </summary>
public class HedgeBookKernelTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    private static OptionChain Chain(int expiries, int strikesPerExpiry)
    {
        var chain = new ChainBuilder(500, AsOf, 0.04, 0.01);
        var rnd = new Random(3);
        var day = new DateOnly(2026, 11, 24);
        for (var e = 0; e < expiries; e++)
        {
            var expiry = day.AddDays(e * 7);
            for (var j = 0; j < strikesPerExpiry; j++)
            {
                var strike = 500 + ((j - (strikesPerExpiry / 2)) * 0.1);
                var oi = Math.Round(5000 * rnd.NextDouble());
                chain.Add(OptionRight.Call, strike, expiry, oi, 0.15 + (0.1 * rnd.NextDouble()))
                    .Add(OptionRight.Put, strike, expiry, oi, 0.15 + (0.1 * rnd.NextDouble()));
            }
        }
        return chain.Build();
    }

    private static string Fingerprint(HedgeAnalysis a) =>
        string.Join('\n', a.Output.Features.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value:R}"))
        + HedgeProfileJsonContext.Serialize(a.Profile!) + a.Output.Confidence.ToString("R");

    [Theory]
    [InlineData(GreeksSource.Auto)]
    [InlineData(GreeksSource.Recompute)]
    public void Sorted_and_shuffled_input_give_the_same_bits(GreeksSource greeks)
    {
        var chain = Chain(6, 120);
        var shuffled = chain.Quotes.ToArray();
        new Random(11).Shuffle(shuffled);
        var engine = new HedgeEngine(new NoChains(), new HedgeEngineOptions { Greeks = greeks, RiskFreeRate = 0.04, DividendYield = 0.01 });
        Assert.Equal(Fingerprint(engine.Analyze("SPY", AsOf, chain)), Fingerprint(engine.Analyze("SPY", AsOf, chain with { Quotes = [.. shuffled] })));
    }

    [Fact]
    public void Strikes_out_of_order_within_one_micro_dollar_key_are_still_distinct_and_ascending()
    {
        // 100.0000002 (call) and 100.0000001 (put) share the micro-dollar key, so canonical order puts the larger strike first.
        var expiry = new DateOnly(2026, 12, 18);
        var chain = new ChainBuilder(100, AsOf)
            .Add(OptionRight.Call, 95, expiry, 100).Add(OptionRight.Put, 95, expiry, 100)
            .Add(OptionRight.Call, 100.0000002, expiry, 1000).Add(OptionRight.Put, 100.0000001, expiry, 2000)
            .Add(OptionRight.Call, 105, expiry, 100).Add(OptionRight.Put, 105, expiry, 100)
            .Build();
        var profile = new HedgeEngine(new NoChains()).Analyze("SPY", AsOf, chain).Profile!;
        Assert.Equal([95, 100.0000001, 100.0000002, 105], profile.ByStrike.Select(s => s.Strike));
        Assert.Equal(2000, profile.ByStrike[1].PutOpenInterest);
        Assert.Equal(0, profile.ByStrike[1].CallOpenInterest);
        Assert.Equal(1000, profile.ByStrike[2].CallOpenInterest);
    }

    [Theory]
    [InlineData(GreeksSource.Auto)]
    [InlineData(GreeksSource.Recompute)]
    public void Allocation_per_contract_is_bounded_by_the_structure_of_arrays_book(GreeksSource greeks)
    {
        var engine = new HedgeEngine(new NoChains(), new HedgeEngineOptions { Greeks = greeks, RiskFreeRate = 0.04, DividendYield = 0.01 });
        var small = Chain(10, 200);   // 4,000 contracts
        var large = Chain(10, 2000);  // 40,000 contracts
        long Allocated(OptionChain chain)
        {
            engine.Analyze("SPY", AsOf, chain); // warm: pools, caches
            var before = GC.GetAllocatedBytesForCurrentThread();
            engine.Analyze("SPY", AsOf, chain);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        var perContract = (double)(Allocated(large) - Allocated(small)) / (large.Quotes.Length - small.Quotes.Length);
        // Book: 8 doubles, a bool, an int and the recompute flag per contract (74 B) plus the usable-row index (4 B);
        // per strike (two contracts here): the strike tables (7 doubles) and one StrikeExposure record (88 B).
        Assert.True(perContract < 160 && perContract > 0, $"{perContract:F1} bytes per contract");
    }

    private sealed class NoChains : Core.Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("tests pass the chain directly");
    }
}
