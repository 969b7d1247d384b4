using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.Engines.Hedge;

/// <summary>SPX (AM-settled) and SPXW (PM-settled) on the same monthly date, 2026-12-18.</summary>
public class HedgeSettlementTests
{
    private const double R = 0.03;
    private const double Q = 0.01;
    private static readonly DateOnly Monthly = new(2026, 12, 18);
    private static readonly DateOnly Later = new(2027, 1, 15);
    private static readonly DateTimeOffset NineAm = new(2026, 12, 18, 14, 0, 0, TimeSpan.Zero); // 09:00 EST
    private static readonly HedgeEngineOptions Options = new() { RiskFreeRate = R, DividendYield = Q, Greeks = GreeksSource.Recompute };

    private static OptionChain Chain()
    {
        var builder = new ChainBuilder(4700, NineAm.AddDays(-1), R, Q)
            .Add(OptionRight.Call, 4700, Monthly, 3_000, withGreeks: false)
            .Add(OptionRight.Call, 4700, Monthly, 1_000, withGreeks: false)
            .Add(OptionRight.Put, 4650, Later, 2_000, withGreeks: false);
        var rows = builder.Rows;
        rows[0] = rows[0] with { Root = "SPX", ExerciseStyle = ExerciseStyle.European, Settlement = OptionSettlement.Am };
        rows[1] = rows[1] with { Root = "SPXW", ExerciseStyle = ExerciseStyle.European, Settlement = OptionSettlement.Pm };
        rows[2] = rows[2] with { Root = "SPXW", ExerciseStyle = ExerciseStyle.European, Settlement = OptionSettlement.Pm };
        return new OptionChain("SPX", NineAm, 4700, [.. rows]);
    }

    [Fact]
    public void An_am_and_a_pm_contract_on_one_date_are_two_expiries_with_their_own_times()
    {
        var book = HedgeBook.Build(Chain(), NineAm, Options);
        Assert.Equal([Monthly, Monthly, Later], book.Expiries);
        Assert.Equal([OptionSettlement.Am, OptionSettlement.Pm, OptionSettlement.Pm], book.ExpirySettlements);
        Assert.Equal(0, book.Hygiene.Dropped(DropReason.Duplicate)); // same strike and right, different settlement
        Assert.Equal(0.5 / 8760, book.TYears[0], 15); // to 09:30
        Assert.Equal(7.0 / 8760, book.TYears[1], 15); // to 16:00
        Assert.Equal(3_000, book.OpenInterest[0]);
        Assert.Equal(1_000, book.OpenInterest[1]);

        var analysis = new HedgeEngine(new NoChains(), Options).Analyze("SPX", NineAm, Chain());
        var byExpiry = analysis.Profile!.ByExpiry;
        Assert.Equal([(Monthly, OptionSettlement.Am), (Monthly, OptionSettlement.Pm), (Later, OptionSettlement.Pm)],
            byExpiry.Select(e => (e.Expiry, e.Settlement)));
        // Both are today's expiries and both are the monthly.
        Assert.Equal(byExpiry[0].NetGexUsdPer1Pct + byExpiry[1].NetGexUsdPer1Pct,
            analysis.Output.Features[HedgeFeatureNames.NetGex0DteUsdPer1Pct], 6);
        Assert.Contains("\"settlement\": \"am\"", HedgeProfileJsonContext.Serialize(analysis.Profile), StringComparison.Ordinal);
    }

    [Fact]
    public void The_am_contract_is_dropped_as_expired_once_the_open_has_passed()
    {
        var afterOpen = new DateTimeOffset(2026, 12, 18, 14, 30, 0, TimeSpan.Zero); // 09:30 EST exactly
        var book = HedgeBook.Build(Chain(), afterOpen, Options);
        Assert.Equal(1, book.Hygiene.Dropped(DropReason.Expired));
        Assert.Equal([Monthly, Later], book.Expiries);
        Assert.Equal([OptionSettlement.Pm, OptionSettlement.Pm], book.ExpirySettlements);
        Assert.Equal(1_000, book.OpenInterest[0]);
        Assert.Equal(6.5 / 8760, book.TYears[0], 15);
    }

    private sealed class NoChains : Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no chain for " + symbol);
    }
}
