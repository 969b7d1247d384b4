using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Agents.Trading.Strategies;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.Agents.Trading;

/// <summary>
/// The issue's property test: over random chains (seeded) and every strategy of the library, the reported max
/// loss, max profit and breakevens equal a brute-force evaluation of the legs' payoff on a dense grid (1e-9),
/// calendars agree with a dense-grid evaluation of the same valuation, and every selected leg passes every filter.
/// </summary>
public sealed class StrategyPropertyTests
{
    private static readonly TradeAgentOptions Options = new();

    private static TestChains.Settings RandomSettings(Random random) => new()
    {
        Spot = 10 + (random.NextDouble() * 590),
        StepPct = 0.005 + (random.NextDouble() * 0.02),
        StrikesEachSide = 10 + random.Next(30),
        AtmVol = 0.1 + (random.NextDouble() * 0.7),
        TermSlope = (random.NextDouble() - 0.5) * 0.04,
        Skew = -random.NextDouble() * 0.6,
        SpreadPct = 0.01 + (random.NextDouble() * 0.3),
        DefectRate = random.NextDouble() * 0.3,
        MissingIvRate = random.NextDouble() * 0.3,
        MissingDeltaRate = random.NextDouble() * 0.3,
        DuplicateRate = random.NextDouble() * 0.1,
    };

    [Fact]
    public void EveryStrategyMatchesBruteForceOnRandomChains()
    {
        var random = new Random(7_2026);
        var built = StrategyLibrary.All.Keys.ToDictionary(k => k, _ => 0);
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var settings = RandomSettings(random);
            var chain = TestChains.Create(settings, random);
            var view = ChainView.Build(chain, settings.Spot, TestChains.AsOf, Options);
            var primary = view.Primary(Options, Options.TargetDte);
            if (primary is null)
            {
                continue;
            }
            var context = new StrategyContext(view, primary, Options);
            foreach (var strategy in StrategyLibrary.All.Values)
            {
                var plan = strategy.SelectLegs(context);
                if (plan.Legs is not { } legs)
                {
                    Assert.False(string.IsNullOrWhiteSpace(plan.Failure));
                    continue;
                }
                built[strategy.Name]++;
                var label = $"iteration {iteration} {strategy.Name}";
                var sigma = primary.AtmIv;
                var stress = settings.Spot * Math.Exp(4 * sigma * Math.Sqrt(30 / 365.0));
                var economics = TradeEconomics.Evaluate(legs, settings.Spot, sigma, 30 / 365.0, stress, Options);
                if (economics.IsCalendar)
                {
                    AssertCalendarMatchesDenseGrid((CalendarPayoff)economics.Payoff, economics.Summary, label);
                }
                else
                {
                    BruteForcePayoff.AssertMatches(legs, economics.Summary, settings.Spot, label);
                    if (economics.Summary.LossUnbounded)
                    {
                        BruteForcePayoff.AssertClose(-BruteForcePayoff.Profit(legs, stress), economics.Summary.MaxLoss, 1e-9, label + " stress loss");
                    }
                }
                BruteForcePayoff.AssertClose(legs.Sum(l => (l.Direction == LegDirection.Buy ? 1 : -1) * l.Qty * l.Multiplier * l.Fill), economics.Summary.Cost, 1e-12, label + " cost");
                Assert.InRange(economics.ProbabilityOfProfit, 0, 1);
            }
        }
        // Every strategy must actually have been exercised, many times.
        Assert.All(built, kv => Assert.True(kv.Value >= 20, $"{kv.Key} built only {kv.Value} times"));
    }

    /// <summary>Calendar: dense evaluation (100,001 points plus the strikes) of the same valuation function. The
    /// reported extremes must be at least as good as the dense grid (within 1e-9) and not better than a finer search
    /// could find (1e-6 relative); breakevens must match the dense grid's (bisected) boundaries of {P &gt; 0} to 1e-9.</summary>
    private static void AssertCalendarMatchesDenseGrid(CalendarPayoff payoff, PayoffSummary summary, string label)
    {
        const int N = 100_000;
        var grid = Enumerable.Range(0, N + 1).Select(i => payoff.UpperBound * i / N).Concat(payoff.Strikes).Order().Distinct().ToArray();
        var values = grid.Select(payoff.ProfitAt).ToArray();
        var max = values.Max();
        var min = values.Min();
        var scale = Math.Max(1, Math.Abs(payoff.Cost));
        Assert.NotNull(summary.MaxProfit);
        Assert.InRange(summary.MaxProfit!.Value - max, -1e-9 * scale, 1e-6 * scale);
        Assert.InRange(summary.MaxLoss - Math.Max(0, -min), -1e-6 * scale, 1e-9 * scale);
        var roots = BruteForcePayoff.Roots(payoff.ProfitAt, grid);
        Assert.True(roots.Count == summary.Breakevens.Count,
            $"{label}: breakevens [{string.Join(", ", summary.Breakevens)}] vs dense grid [{string.Join(", ", roots)}]");
        for (var i = 0; i < roots.Count; i++)
        {
            BruteForcePayoff.AssertClose(roots[i], summary.Breakevens[i], 1e-9, $"{label} breakeven {i}");
        }
    }

    [Fact]
    public void SelectedLegsRespectEveryFilter()
    {
        var random = new Random(4242);
        var checkedLegs = 0;
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var settings = RandomSettings(random);
            var chain = TestChains.Create(settings, random);
            var options = Options with
            {
                MinOpenInterest = random.Next(0, 3000),
                MinVolume = random.Next(0, 300),
                MaxSpreadPctOfMid = 0.02 + (random.NextDouble() * 0.3),
            };
            var view = ChainView.Build(chain, settings.Spot, TestChains.AsOf, options);
            view.MaterializeAll();
            Assert.Equal(view.Report.QuotesIn, view.Report.QuotesUsable + Enum.GetValues<QuoteRejection>().Sum(view.Report.Rejected));
            var primary = view.Primary(options, options.TargetDte);
            if (primary is null)
            {
                continue;
            }
            Assert.InRange(primary.Dte, options.MinDte, options.MaxDte);
            var context = new StrategyContext(view, primary, options);
            foreach (var strategy in StrategyLibrary.All.Values)
            {
                if (strategy.SelectLegs(context).Legs is not { } legs)
                {
                    continue;
                }
                foreach (var leg in legs.Where(l => l.IsOption))
                {
                    var right = leg.Instrument == InstrumentType.Call ? OptionRight.Call : OptionRight.Put;
                    var rows = chain.Quotes.Where(q => q.Expiry == leg.Expiry && q.Strike == leg.Strike && q.Right == right).ToList();
                    var usable = rows.Where(q => PassesFilters(q, options)).ToList();
                    Assert.NotEmpty(usable);
                    // Duplicates: the usable row with the largest open interest is the one used.
                    var row = usable.OrderByDescending(q => q.OpenInterest).ThenBy(q => (q.Ask - q.Bid) / (0.5 * (q.Ask + q.Bid))).First();
                    Assert.Equal(leg.Direction == LegDirection.Buy ? row.Ask : row.Bid, leg.Fill);
                    Assert.Equal(0.5 * (row.Bid + row.Ask), leg.Mid, 12);
                    var dte = leg.YearsToExpiry * 365;
                    Assert.InRange(dte, options.MinDte, leg.Expiry == primary.Expiry ? options.MaxDte : options.CalendarMaxBackDte);
                    checkedLegs++;
                }
                AssertDeltaWindows(strategy.Name, legs, options);
            }
        }
        Assert.True(checkedLegs > 500, $"only {checkedLegs} legs checked");
    }

    /// <summary>The filters, restated independently of <see cref="ChainView"/>.</summary>
    private static bool PassesFilters(OptionQuote q, TradeAgentOptions o) =>
        q.Strike > 0 && double.IsFinite(q.Strike) && q.Bid > 0 && double.IsFinite(q.Bid) && q.Ask > 0 && double.IsFinite(q.Ask)
        && q.Bid <= q.Ask && (q.Ask - q.Bid) / (0.5 * (q.Bid + q.Ask)) <= o.MaxSpreadPctOfMid
        && q.OpenInterest >= o.MinOpenInterest && q.Volume >= o.MinVolume;

    private static void AssertDeltaWindows(string name, IReadOnlyList<PricedLeg> legs, TradeAgentOptions o)
    {
        void Directional(PricedLeg l) => Assert.InRange(Math.Abs(l.Delta), o.DirectionalDeltaMin, o.DirectionalDeltaMax);
        void Credit(PricedLeg l) => Assert.InRange(Math.Abs(l.Delta), o.CreditShortDeltaMin, o.CreditShortDeltaMax);
        switch (name)
        {
            case StrategyNames.LongCall or StrategyNames.LongPut or StrategyNames.LongStrangle:
                Assert.All(legs, Directional);
                break;
            case StrategyNames.CallDebitSpread or StrategyNames.PutDebitSpread:
                Assert.All(legs.Where(l => l.Direction == LegDirection.Buy), Directional);
                break;
            case StrategyNames.CoveredCall:
                Assert.All(legs.Where(l => l.IsOption), Directional);
                break;
            case StrategyNames.BullPutSpread or StrategyNames.BearCallSpread or StrategyNames.IronCondor:
                Assert.All(legs.Where(l => l.Direction == LegDirection.Sell), Credit);
                break;
        }
    }
}
