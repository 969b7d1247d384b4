using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Agents.Trading.Strategies;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Core.Tests.Engines;

namespace SuperGnosis.Core.Tests.Agents.Trading;

public sealed class TradeAgentTests
{
    private static readonly TestChains.Settings Clean = new();

    private static TradeAgent Agent(OptionChain? chain, TradeAgentOptions? options = null, Exception? error = null, InMemoryMarketData? bars = null) =>
        new(new TestChains.FixedChainSource(chain, error), bars, options);

    private static Task<TradeAgentResult> Run(TradeAgent agent, Suggestion composite, StandardSnapshot? snapshot = null) =>
        agent.AnalyzeAsync(composite, snapshot ?? TestChains.Snapshot(), TestChains.Run, CancellationToken.None);

    /// <summary>Daily closes with log returns alternating +-r, r = vol / sqrt(252).</summary>
    private static InMemoryMarketData BarsWithVol(double annualVol)
    {
        var r = annualVol / Math.Sqrt(252);
        var bars = new List<Bar>();
        var close = 100.0;
        var start = TestChains.AsOf.AddDays(-40);
        for (var i = 0; i < 40; i++)
        {
            close *= Math.Exp(i % 2 == 0 ? r : -r);
            bars.Add(new Bar(start.AddDays(i), close, close, close, close, 1e6));
        }
        return new InMemoryMarketData { Bars = bars };
    }

    [Fact]
    public async Task BullishHighConfidenceGivesABullishOptionsStrategy()
    {
        var result = await Run(Agent(TestChains.Create(Clean)), TestChains.Composite(SuggestionAction.Long, 0.85));
        Assert.NotEmpty(result.Ideas);
        Assert.Contains(result.Ideas, i => i.Side == TradeSide.Long && i.Legs.All(l => l.IsOption)
            && i.StrategyType is StrategyNames.LongCall or StrategyNames.CallDebitSpread or StrategyNames.BullPutSpread);
        Assert.All(result.Ideas, i => Assert.True(i.NetDelta() > 0, $"{i.StrategyType} net delta {i.NetDelta()}"));
    }

    [Fact]
    public async Task BearishHighConfidenceGivesBearishStructures()
    {
        var result = await Run(Agent(TestChains.Create(Clean)), TestChains.Composite(SuggestionAction.Short, 0.8));
        Assert.NotEmpty(result.Ideas);
        Assert.All(result.Ideas, i => Assert.Equal(TradeSide.Short, i.Side));
        Assert.All(result.Ideas, i => Assert.True(i.NetDelta() < 0));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.49)]
    public async Task FlatLowConfidenceGivesNoIdeaOrOneSmallNeutralStructure(double confidence)
    {
        var agent = Agent(TestChains.Create(Clean));
        var normal = await Run(agent, TestChains.Composite(SuggestionAction.Flat, confidence));
        Assert.Empty(normal.Ideas);
        Assert.Contains(normal.Notes, n => n.Contains("no idea", StringComparison.Ordinal));

        var rich = await Run(agent, TestChains.Composite(SuggestionAction.Flat, confidence, ["iv_rich"]));
        var idea = Assert.Single(rich.Ideas);
        Assert.Equal(StrategyNames.IronCondor, idea.StrategyType);
        Assert.Equal(TradeSide.Neutral, idea.Side);
        Assert.Contains("small", idea.Tags);
        // Half the risk budget: 0.5% of 100,000.
        Assert.True(idea.RecommendedUnits * idea.MaxLoss <= 500 + 1e-9);
        Assert.True((idea.RecommendedUnits + 1) * idea.MaxLoss > 500);
    }

    [Fact]
    public async Task LowConfidenceDirectionalGivesNoIdeaWithReason()
    {
        var result = await Run(Agent(TestChains.Create(Clean)), TestChains.Composite(SuggestionAction.Long, 0.1, ["use_long_call"]));
        Assert.Empty(result.Ideas);
        Assert.Contains(result.Notes, n => n.Contains("confidence", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HintsAreBuiltFirstInOrder()
    {
        var composite = TestChains.Composite(SuggestionAction.Long, 0.7, ["consensus", "use_iron_condor", "use_covered_call", "use_no_such_thing"]);
        var result = await Run(Agent(TestChains.Create(Clean)), composite);
        Assert.Equal([StrategyNames.IronCondor, StrategyNames.CoveredCall], result.Ideas.Take(2).Select(i => i.StrategyType));
        Assert.All(result.Ideas.Take(2), i => Assert.Contains("hinted", i.Tags));
        Assert.Contains(result.Notes, n => n.Contains("use_no_such_thing", StringComparison.Ordinal));
        Assert.Equal(["run-1-trade-0", "run-1-trade-1", "run-1-trade-2"], result.Ideas.Select(i => i.Id));
    }

    [Fact]
    public async Task HandComputedCallDebitSpread()
    {
        var chain = TestChains.Create(Clean);
        var result = await Run(Agent(chain), TestChains.Composite(SuggestionAction.Long, 0.8, ["use_call_debit_spread"]));
        var idea = result.Ideas[0];
        Assert.Equal(StrategyNames.CallDebitSpread, idea.StrategyType);
        var longLeg = idea.Legs.Single(l => l.Direction == LegDirection.Buy);
        var shortLeg = idea.Legs.Single(l => l.Direction == LegDirection.Sell);
        OptionQuote Row(TradeLeg l) => chain.Quotes.Single(q => q.Right == OptionRight.Call && q.Expiry == l.Expiry && q.Strike == l.Strike);
        var cost = Row(longLeg).Ask - Row(shortLeg).Bid;
        var width = shortLeg.Strike!.Value - longLeg.Strike!.Value;
        Assert.True(width > 0);
        Assert.Equal(cost * 100, idea.CostPerUnit, 9);
        Assert.Equal(cost * 100, idea.MaxLoss, 9);
        Assert.Equal((width - cost) * 100, idea.MaxProfit!.Value, 9);
        Assert.Equal(longLeg.Strike.Value + cost, Assert.Single(idea.BreakevenLevels), 9);
        Assert.Equal((int)Math.Floor(1000 / (cost * 100)), idea.RecommendedUnits);
        var midCost = (Row(longLeg).Mid - Row(shortLeg).Mid) * 100;
        Assert.Contains($"mid_cost={midCost:0.00}", idea.Tags);
    }

    [Fact]
    public async Task LongCallProbabilityOfProfitMatchesClosedForm()
    {
        var result = await Run(Agent(TestChains.Create(Clean)), TestChains.Composite(SuggestionAction.Long, 0.8, ["use_long_call"]));
        var idea = result.Ideas[0];
        var leg = Assert.Single(idea.Legs);
        var t = YearFraction.ToExpiry(TestChains.AsOf, leg.Expiry!.Value);
        var sigma = result.Volatility!.AtmIv;
        var breakeven = Assert.Single(idea.BreakevenLevels);
        // P(S_T > BE) = N((ln(S/BE) + (r - sigma^2/2) T) / (sigma sqrt T)).
        var expected = BlackScholes.NormCdf((Math.Log(100 / breakeven) + ((TestChains.Rate - (0.5 * sigma * sigma)) * t)) / (sigma * Math.Sqrt(t)));
        Assert.Contains($"pop={expected:0.000}", idea.Tags);
        Assert.Null(idea.MaxProfit);
    }

    [Fact]
    public async Task ShortStockIsSizedZeroUnlessUnboundedLossIsAllowed()
    {
        var composite = TestChains.Composite(SuggestionAction.Short, 0.8, ["use_short_stock"]);
        var idea = (await Run(Agent(TestChains.Create(Clean)), composite)).Ideas[0];
        Assert.Equal(StrategyNames.ShortStock, idea.StrategyType);
        Assert.Contains("unbounded_loss", idea.Tags);
        Assert.Equal(0, idea.RecommendedUnits);
        // Max loss at the stress price spot * exp(4 sigma sqrt(10/365)), per 100 shares.
        var result = await Run(Agent(TestChains.Create(Clean)), composite);
        var sigma = result.Volatility!.AtmIv;
        Assert.Equal(100 * 100 * (Math.Exp(4 * sigma * Math.Sqrt(10 / 365.0)) - 1), idea.MaxLoss, 6);

        var allowed = (await Run(Agent(TestChains.Create(Clean), new TradeAgentOptions { AllowUnboundedLoss = true, AccountEquity = 10_000_000 }), composite)).Ideas[0];
        Assert.Equal((int)Math.Floor(100_000 / allowed.MaxLoss), allowed.RecommendedUnits);
        Assert.True(allowed.RecommendedUnits > 0);
    }

    [Fact]
    public async Task RealizedVolSelectsCreditSpreadWhenIvIsRich()
    {
        var chain = TestChains.Create(Clean);
        var composite = TestChains.Composite(SuggestionAction.Long, 0.8);
        var rich = await Run(Agent(chain, bars: BarsWithVol(0.10)), composite);
        Assert.Equal(IvState.Rich, rich.Volatility!.State);
        // 20 alternating returns +-r: sample variance 20 r^2 / 19 (mean 0).
        Assert.Equal(0.10 * Math.Sqrt(20.0 / 19), rich.Volatility.RealizedVol!.Value, 9);
        Assert.Equal(StrategyNames.BullPutSpread, rich.Ideas[0].StrategyType);
        Assert.Equal("credit", rich.Ideas[0].Tags[1]);

        var cheap = await Run(Agent(chain, bars: BarsWithVol(0.60)), composite);
        Assert.Equal(IvState.Cheap, cheap.Volatility!.State);
        Assert.Equal(StrategyNames.LongCall, cheap.Ideas[0].StrategyType);

        // A tag overrides the ratio.
        var tagged = await Run(Agent(chain, bars: BarsWithVol(0.60)), TestChains.Composite(SuggestionAction.Long, 0.8, ["iv_rich"]));
        Assert.Equal(StrategyNames.BullPutSpread, tagged.Ideas[0].StrategyType);
    }

    [Fact]
    public async Task SpreadCompositeWithCheapIvBuysVolAndInvertedTermAddsCalendar()
    {
        var inverted = TestChains.Create(Clean with { TermSlope = -0.03 });
        var result = await Run(Agent(inverted, bars: BarsWithVol(0.60)), TestChains.Composite(SuggestionAction.Complex, 0.7));
        Assert.Equal([StrategyNames.LongStraddle, StrategyNames.LongStrangle, StrategyNames.CalendarSpread], result.Ideas.Select(i => i.StrategyType));
        var calendar = result.Ideas[2];
        Assert.Equal(2, calendar.Legs.Select(l => l.Expiry).Distinct().Count());
        Assert.Contains("calendar_valuation_bsm_sticky_strike", calendar.Tags);

        var normalTerm = await Run(Agent(TestChains.Create(Clean), bars: BarsWithVol(0.60)), TestChains.Composite(SuggestionAction.Complex, 0.7));
        Assert.DoesNotContain(normalTerm.Ideas, i => i.StrategyType == StrategyNames.CalendarSpread);
    }

    [Fact]
    public async Task EmptyChainGivesNoIdeaWithReason()
    {
        var empty = new OptionChain("TEST", TestChains.AsOf, 100, []);
        var result = await Run(Agent(empty), TestChains.Composite(SuggestionAction.Long, 0.9));
        Assert.Empty(result.Ideas);
        Assert.Contains(result.Notes, n => n.Contains("empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AllCrossedChainGivesNoIdeaWithReason()
    {
        var chain = TestChains.Create(Clean);
        var crossed = chain with { Quotes = [.. chain.Quotes.Select(q => q with { Bid = q.Ask + 0.10 })] };
        var result = await Run(Agent(crossed), TestChains.Composite(SuggestionAction.Long, 0.9));
        Assert.Empty(result.Ideas);
        Assert.Contains(result.Notes, n => n.Contains("Crossed", StringComparison.Ordinal) && n.Contains("no usable quotes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailingChainSourceGivesNoIdeaWithReason()
    {
        var result = await Run(Agent(null, error: new IOException("feed down")), TestChains.Composite(SuggestionAction.Long, 0.9));
        Assert.Empty(result.Ideas);
        Assert.Contains(result.Notes, n => n.Contains("feed down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NonFiniteChainValuesNeverThrow()
    {
        var chain = TestChains.Create(Clean);
        var random = new Random(3);
        var broken = chain with
        {
            Quotes = [.. chain.Quotes.Select(q => random.Next(4) switch
            {
                0 => q with { Bid = double.NaN },
                1 => q with { Strike = -q.Strike },
                2 => q with { ImpliedVol = double.PositiveInfinity, Delta = double.NaN },
                _ => q,
            })],
        };
        var result = await Run(Agent(broken), TestChains.Composite(SuggestionAction.Long, 0.9));
        Assert.NotNull(result.Filter);
        Assert.True(result.Filter!.Rejected(QuoteRejection.NoBid) > 0 && result.Filter.Rejected(QuoteRejection.BadStrike) > 0);
        Assert.All(result.Ideas, i => Assert.True(double.IsFinite(i.MaxLoss)));
    }

    [Fact]
    public async Task ExitLevelsComeFromForecastAndWalls()
    {
        var hedge = new Dictionary<string, double> { ["spot"] = 100, ["call_wall"] = 104, ["put_wall"] = 95, ["zero_gamma_level"] = 97 };
        var forecast = new Dictionary<string, double> { ["horizon_days"] = 10, ["exp_move_pct"] = 6 };
        var result = await Run(Agent(TestChains.Create(Clean)), TestChains.Composite(SuggestionAction.Long, 0.8, null, forecast), TestChains.Snapshot(hedge: hedge));
        var idea = result.Ideas[0];
        Assert.Equal(104, idea.TargetExitPrice);   // 106 from the expected move, capped at the call wall
        Assert.Equal(97, idea.StopLossPrice);      // nearest of put wall / zero gamma below spot

        var explicitLevels = new Dictionary<string, double> { ["target_price"] = 92, ["stop_price"] = 103 };
        var bearish = await Run(Agent(TestChains.Create(Clean)), TestChains.Composite(SuggestionAction.Short, 0.8, null, explicitLevels), TestChains.Snapshot(hedge: hedge));
        Assert.Equal(95, bearish.Ideas[0].TargetExitPrice);  // 92 floored at the put wall
        Assert.Equal(103, bearish.Ideas[0].StopLossPrice);
    }

    [Fact]
    public async Task StatelessSameInputsSameIdeas()
    {
        var agent = Agent(TestChains.Create(Clean));
        var composite = TestChains.Composite(SuggestionAction.Long, 0.8);
        var first = await Run(agent, composite);
        var second = await Run(agent, composite);
        Assert.Equal(first.Ideas.Select(i => (i.Id, i.StrategyType, i.CostPerUnit, i.RecommendedUnits)), second.Ideas.Select(i => (i.Id, i.StrategyType, i.CostPerUnit, i.RecommendedUnits)));
    }

    [Fact]
    public async Task ConfidenceIsCompositeTimesLiquidityQuality()
    {
        var result = await Run(Agent(TestChains.Create(Clean)), TestChains.Composite(SuggestionAction.Long, 0.8));
        foreach (var idea in result.Ideas)
        {
            var quality = double.Parse(idea.Tags.Single(t => t.StartsWith("quality=", StringComparison.Ordinal))["quality=".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(quality, 0.5, 1);
            Assert.Equal(0.8 * quality, idea.Confidence, 3);
        }
    }

    /// <summary>Property through the agent: random chains, random filter settings, every strategy hinted in turn.
    /// Every idea's legs are quotes passing every filter at their natural fills, its economics equal the brute force,
    /// and its size respects the risk budget.</summary>
    [Fact]
    public void AgentIdeasOnRandomChainsRespectFiltersEconomicsAndBudget()
    {
        var random = new Random(515);
        var ideas = 0;
        for (var iteration = 0; iteration < 25; iteration++)
        {
            var spot = 20 + (random.NextDouble() * 400);
            var chain = TestChains.Create(new TestChains.Settings
            {
                Spot = spot, AtmVol = 0.15 + (random.NextDouble() * 0.5), SpreadPct = 0.02 + (random.NextDouble() * 0.2),
                DefectRate = random.NextDouble() * 0.3, MissingIvRate = random.NextDouble() * 0.5, DuplicateRate = 0.05,
            }, random);
            var options = new TradeAgentOptions
            {
                MinOpenInterest = random.Next(0, 2000), MinVolume = random.Next(0, 200), MaxSpreadPctOfMid = 0.05 + (random.NextDouble() * 0.25),
                RiskFraction = 0.001 + (random.NextDouble() * 0.05), AccountEquity = 10_000 + (random.NextDouble() * 1e6), MaxIdeas = 1,
            };
            var agent = new TradeAgent(new TestChains.FixedChainSource(chain), null, options);
            foreach (var name in StrategyLibrary.All.Keys)
            {
                var composite = TestChains.Composite(SuggestionAction.Complex, 0.9, ["use_" + name]);
                var result = agent.Generate(composite, TestChains.Snapshot(spot), TestChains.Run, chain, null);
                var idea = result.Ideas.SingleOrDefault(i => i.StrategyType == name);
                if (idea is null)
                {
                    Assert.Contains(result.Notes, n => n.Contains(name, StringComparison.Ordinal) || n.Contains("no usable", StringComparison.Ordinal));
                    continue;
                }
                ideas++;
                var cost = 0.0;
                foreach (var leg in idea.Legs)
                {
                    var shares = leg.Sign * leg.Qty * (leg.IsOption ? options.ContractMultiplier : 1);
                    if (!leg.IsOption)
                    {
                        cost += shares * spot;
                        continue;
                    }
                    var right = leg.InstrumentType == InstrumentType.Call ? OptionRight.Call : OptionRight.Put;
                    var usable = chain.Quotes.Where(q => q.Expiry == leg.Expiry && q.Strike == leg.Strike && q.Right == right
                        && q.Bid > 0 && q.Ask > 0 && double.IsFinite(q.Ask) && q.Bid <= q.Ask && q.OpenInterest >= options.MinOpenInterest
                        && q.Volume >= options.MinVolume && (q.Ask - q.Bid) / (0.5 * (q.Bid + q.Ask)) <= options.MaxSpreadPctOfMid).ToList();
                    Assert.NotEmpty(usable);
                    var row = usable.OrderByDescending(q => q.OpenInterest).ThenBy(q => (q.Ask - q.Bid) / (0.5 * (q.Ask + q.Bid))).First();
                    cost += shares * (leg.Direction == LegDirection.Buy ? row.Ask : row.Bid);
                }
                Assert.Equal(cost, idea.CostPerUnit, 9);
                var budget = options.RiskFraction * options.AccountEquity;
                if (idea.Tags.Contains("unbounded_loss"))
                {
                    Assert.Equal(0, idea.RecommendedUnits);
                }
                else
                {
                    Assert.True(idea.RecommendedUnits * idea.MaxLoss <= budget, $"{name}: {idea.RecommendedUnits} x {idea.MaxLoss} > {budget}");
                    Assert.True(idea.MaxLoss <= 0 || (idea.RecommendedUnits + 1) * idea.MaxLoss > budget);
                }
                Assert.InRange(idea.Confidence, 0.45, 0.9);
            }
        }
        Assert.True(ideas > 200, $"only {ideas} ideas checked");
    }
}

internal static class TradeIdeaTestExtensions
{
    public static double NetDelta(this TradeIdea idea) =>
        double.Parse(idea.Tags.Single(t => t.StartsWith("net_delta=", StringComparison.Ordinal))["net_delta=".Length..], System.Globalization.CultureInfo.InvariantCulture);
}
