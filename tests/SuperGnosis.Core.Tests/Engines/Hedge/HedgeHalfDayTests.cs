using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using F = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;

namespace SuperGnosis.Core.Tests.Engines.Hedge;

/// <summary>The hedge engine on the day after Thanksgiving 2026, which closes at 13:00 New York (18:00 UTC).</summary>
public class HedgeHalfDayTests
{
    private const double R = 0.03;
    private const double Q = 0.01;
    private static readonly DateOnly HalfDay = new(2026, 11, 27);
    private static readonly DateOnly Monthly = new(2026, 12, 18);
    private static readonly DateTimeOffset ElevenAm = new(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);
    private static readonly HedgeEngineOptions Options = new() { RiskFreeRate = R, DividendYield = Q, Greeks = GreeksSource.Recompute };

    private static double HandGamma(double s, double k, double t, double sigma)
    {
        var d1 = (Math.Log(s / k) + ((R - Q + (0.5 * sigma * sigma)) * t)) / (sigma * Math.Sqrt(t));
        return Math.Exp(-Q * t) * Math.Exp(-0.5 * d1 * d1) / Math.Sqrt(2 * Math.PI) / (s * sigma * Math.Sqrt(t));
    }

    private static OptionChain Chain() => new ChainBuilder(100, ElevenAm, R, Q)
        .Add(OptionRight.Call, 101, HalfDay, 5_000, withGreeks: false)
        .Add(OptionRight.Call, 105, Monthly, 1_000, withGreeks: false)
        .Build();

    [Fact]
    public void Zero_dte_time_and_gamma_run_to_the_13_00_close()
    {
        var book = HedgeBook.Build(Chain(), ElevenAm, Options);
        Assert.Equal(2.0 / 8760, book.TYears[0], 15);
        Assert.Equal(HandGamma(100, 101, 2.0 / 8760, 0.2), book.Gamma[0], 10);
        Assert.NotEqual(HandGamma(100, 101, 5.0 / 8760, 0.2), book.Gamma[0], 6);

        var output = new HedgeEngine(new NoChains(), Options).Analyze("SPY", ElevenAm, Chain()).Output;
        var expected0Dte = HandGamma(100, 101, 2.0 / 8760, 0.2) * 5_000 * 100 * 100 * 100 * 0.01;
        Assert.Equal(expected0Dte, output.Features[F.NetGex0DteUsdPer1Pct], 6);
    }

    [Fact]
    public void The_half_day_expiry_has_expired_after_13_00_but_not_before()
    {
        var engine = new HedgeEngine(new NoChains(), Options);
        var before = engine.Analyze("SPY", new DateTimeOffset(2026, 11, 27, 17, 59, 0, TimeSpan.Zero), Chain()).Output;
        Assert.Equal("0", before.Metadata["dropped_expired"]);
        var after = engine.Analyze("SPY", new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero), Chain()).Output;
        Assert.Equal("1", after.Metadata["dropped_expired"]);
        Assert.Equal(0, after.Features[F.NetGex0DteUsdPer1Pct]);
    }

    private sealed class NoChains : Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no chain for " + symbol);
    }
}
