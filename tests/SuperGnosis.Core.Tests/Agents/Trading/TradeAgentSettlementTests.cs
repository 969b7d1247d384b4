using System.Text.Json;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Agents.Trading;

/// <summary>Trade agent slices by settlement instant and root; AM legs are timed to the open.</summary>
public class TradeAgentSettlementTests
{
    private static readonly DateOnly Front = new(2026, 12, 24); // 30 days after TestChains.AsOf

    /// <summary>TestChains' quotes re-labelled as an index chain: <paramref name="frontRoot"/> on the front date, SPXW elsewhere.</summary>
    private static OptionChain IndexChain(string frontRoot, OptionSettlement frontSettlement, bool bothOnFront = false)
    {
        var chain = TestChains.Create(new TestChains.Settings { Days = [30, 59] });
        var quotes = new List<OptionQuote>();
        foreach (var q in chain.Quotes)
        {
            var pm = q with { Root = "SPXW", ExerciseStyle = ExerciseStyle.European, Settlement = OptionSettlement.Pm };
            if (q.Expiry == Front)
            {
                quotes.Add(q with { Root = frontRoot, ExerciseStyle = ExerciseStyle.European, Settlement = frontSettlement });
                if (bothOnFront)
                {
                    quotes.Add(pm with { OpenInterest = pm.OpenInterest + 1 });
                }
            }
            else
            {
                quotes.Add(pm);
            }
        }
        return chain with { Symbol = "SPX", Quotes = [.. quotes] };
    }

    [Fact]
    public void An_am_slice_is_timed_to_the_0930_open()
    {
        var view = ChainView.Build(IndexChain("SPX", OptionSettlement.Am), 100, TestChains.AsOf, new TradeAgentOptions());
        var front = view.Slices[0];
        Assert.Equal((Front, OptionSettlement.Am, "SPX", (string?)null), (front.Expiry, front.Settlement, front.Root, front.LegRoot));
        var open = new DateTimeOffset(2026, 12, 24, 14, 30, 0, TimeSpan.Zero); // 09:30 EST
        Assert.Equal((open - TestChains.AsOf).Ticks / YearFraction.TicksPerYear, front.Years, 15);
        Assert.Equal("SPXW", view.Slices[1].LegRoot);
    }

    [Fact]
    public void Am_and_pm_roots_on_one_date_are_separate_slices_and_ideas_never_mix_them()
    {
        var chain = IndexChain("SPX", OptionSettlement.Am, bothOnFront: true);
        var view = ChainView.Build(chain, 100, TestChains.AsOf, new TradeAgentOptions());
        Assert.Equal([(Front, "SPX"), (Front, "SPXW"), (new DateOnly(2027, 1, 22), "SPXW")], view.Slices.Select(s => (s.Expiry, s.Root)));
        Assert.True(view.Slices[0].Years < view.Slices[1].Years);

        var agent = new TradeAgent(new TestChains.FixedChainSource(chain), null, new TradeAgentOptions());
        var multiLegIdeas = 0;
        foreach (var tags in new[] { new[] { "use_long_call" }, ["use_iron_condor"], ["use_call_debit_spread"] })
        {
            var result = agent.Generate(TestChains.Composite(SuggestionAction.Long, 0.8, tags), TestChains.Snapshot(), TestChains.Run, chain, null);
            foreach (var idea in result.Ideas)
            {
                var optionLegs = idea.Legs.Where(l => l.IsOption).ToList();
                multiLegIdeas += optionLegs.Count > 1 ? 1 : 0;
                foreach (var sameDate in optionLegs.GroupBy(l => l.Expiry))
                {
                    Assert.Single(sameDate.Select(l => l.Root).Distinct());
                }
            }
        }
        Assert.True(multiLegIdeas > 0, "no multi-leg idea was generated: the check above would be vacuous");
    }

    [Fact]
    public async Task The_agent_prices_an_am_leg_to_the_open_and_records_a_root_that_differs_from_the_symbol()
    {
        var chain = IndexChain("SPXW", OptionSettlement.Am);
        var agent = new TradeAgent(new TestChains.FixedChainSource(chain), null, new TradeAgentOptions());
        var result = await agent.AnalyzeAsync(TestChains.Composite(SuggestionAction.Long, 0.8, ["use_long_call"]), TestChains.Snapshot(), TestChains.Run, CancellationToken.None);
        var idea = result.Ideas[0];
        var leg = Assert.Single(idea.Legs);
        Assert.Equal(Front, leg.Expiry);
        Assert.Equal("SPXW", leg.Root);
        var t = YearFraction.ToExpiry(MarketCalendar.Nyse, TestChains.AsOf, Front, OptionSettlement.Am);
        var sigma = result.Volatility!.AtmIv;
        var breakeven = Assert.Single(idea.BreakevenLevels);
        var expected = BlackScholes.NormCdf((Math.Log(100 / breakeven) + ((TestChains.Rate - (0.5 * sigma * sigma)) * t)) / (sigma * Math.Sqrt(t)));
        Assert.Contains($"pop={expected:0.000}", idea.Tags);

        var json = JsonSerializer.Serialize(leg, ContractJson.Compact.TradeLeg);
        Assert.Equal("""{"instrument_type":"C","direction":"buy","qty":1,"strike":""" + leg.Strike!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            + ""","expiry":"2026-12-24","root":"SPXW"}""", json);
        Assert.Equal(leg, JsonSerializer.Deserialize(json, ContractJson.Compact.TradeLeg));
    }

    [Fact]
    public void Leg_roots_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new TradeLeg(InstrumentType.Stock, LegDirection.Buy, 100, null, null, "SPX"));
        Assert.Throws<ArgumentException>(() => new TradeLeg(InstrumentType.Call, LegDirection.Buy, 1, 100, Front, "SP-X"));
        Assert.Throws<ArgumentException>(() => new TradeLeg(InstrumentType.Call, LegDirection.Buy, 1, 100, Front, ""));
        Assert.Equal("SPXW", new TradeLeg(InstrumentType.Call, LegDirection.Buy, 1, 100, Front, "SPXW").Root);
    }
}
