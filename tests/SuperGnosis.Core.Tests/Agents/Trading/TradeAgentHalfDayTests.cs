using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Agents.Trading;

/// <summary>The trade agent's expiry times on an early-close expiry (Christmas Eve 2026 closes at 13:00 New York).</summary>
public class TradeAgentHalfDayTests
{
    private static readonly DateOnly ChristmasEve = new(2026, 12, 24);

    [Fact]
    public void A_half_day_expiry_is_timed_to_the_13_00_close()
    {
        // TestChains' as-of is 2026-11-24 10:30 New York; 30 days later is Christmas Eve.
        var chain = TestChains.Create(new TestChains.Settings { Days = [30, 59] });
        var view = ChainView.Build(chain, 100, TestChains.AsOf, new TradeAgentOptions());
        var slice = view.Slices.Single(s => s.Expiry == ChristmasEve);
        var close = new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero); // 13:00 EST
        Assert.Equal((close - TestChains.AsOf).Ticks / YearFraction.TicksPerYear, slice.Years, 15);
        Assert.Equal(((close - TestChains.AsOf).TotalDays), slice.Dte, 9);
        // Three hours shorter than a 16:00 settlement.
        Assert.Equal(3.0 / 24, YearFraction.ToExpiry(MarketCalendar.Load(new StringReader("years=2026-2026\nsession=09:30-16:00\ndate,kind,close,name\n"), "no half days"),
            TestChains.AsOf, ChristmasEve) * 365 - slice.Dte, 9);
    }

    [Fact]
    public async Task The_agent_prices_a_half_day_primary_expiry_to_13_00()
    {
        var chain = TestChains.Create(new TestChains.Settings { Days = [30, 59] });
        var agent = new TradeAgent(new TestChains.FixedChainSource(chain, null), null, new TradeAgentOptions());
        var result = await agent.AnalyzeAsync(TestChains.Composite(SuperGnosis.Core.Contracts.SuggestionAction.Long, 0.8, ["use_long_call"]), TestChains.Snapshot(), TestChains.Run, CancellationToken.None);
        var idea = result.Ideas[0];
        var leg = Assert.Single(idea.Legs);
        Assert.Equal(ChristmasEve, leg.Expiry);
        var t = YearFraction.ToExpiry(TestChains.AsOf, ChristmasEve);
        Assert.Equal((new DateTimeOffset(2026, 12, 24, 18, 0, 0, TimeSpan.Zero) - TestChains.AsOf).Ticks / YearFraction.TicksPerYear, t, 15);
        var sigma = result.Volatility!.AtmIv;
        var breakeven = Assert.Single(idea.BreakevenLevels);
        var expected = BlackScholes.NormCdf((Math.Log(100 / breakeven) + ((TestChains.Rate - (0.5 * sigma * sigma)) * t)) / (sigma * Math.Sqrt(t)));
        Assert.Contains($"pop={expected:0.000}", idea.Tags);
    }
}
