using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Numerics;
using SuperGnosis.Core.Options;
using SuperGnosis.Core.Ports;
using static SuperGnosis.Core.Tests.Backtesting.OrderSimulatorTests;

namespace SuperGnosis.Core.Tests.Backtesting;

/// <summary>The runner's bookkeeping on scripted decisions and chains, against hand-computed P&amp;L.</summary>
public sealed class BacktestRunnerTests
{
    // Daily steps Monday 2024-03-11 .. Friday 2024-03-15 (each session's close); 2024-03-15 is also a monthly expiry.
    private static readonly DateOnly Monday = new(2024, 3, 11);
    private static readonly DateOnly Friday = new(2024, 3, 15);
    private static readonly DateOnly April = new(2024, 4, 19);
    private static readonly IReadOnlyDictionary<string, double> NoFeatures = new Dictionary<string, double>();

    private static DateTimeOffset Close(DateOnly day) => MarketCalendar.Nyse.CloseOf(day);

    internal static LedgerRecord Decision(DateTimeOffset t, params TradeIdea[] ideas) =>
        new(t, "SPY", new StandardSnapshot("SPY", t, NoFeatures, NoFeatures, NoFeatures, NoFeatures, null,
            new Dictionary<string, string> { ["run_id"] = $"run-{t.UtcTicks:x}" }), [], null, ideas, null);

    internal static TradeIdea Idea(string id, TradeSide side, int units, double? target, double? stop, params TradeLeg[] legs) =>
        new(id, "SPY", "test_strategy", side, legs, 0, 0, null, [], target, stop, units, 0.5, "", []);

    private static TradeLeg Leg(InstrumentType type, LegDirection direction, double strike, DateOnly expiry, int qty = 1) => new(type, direction, qty, strike, expiry);

    /// <summary>Chains by step date; a date without an entry has an empty chain at the last spot.</summary>
    private sealed class ScriptedChains(Dictionary<DateOnly, OptionChain> chains) : IOptionsChainSource
    {
        public List<DateTimeOffset> Asked { get; } = [];

        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            Asked.Add(asOf);
            var day = NewYorkTime.DateOf(asOf);
            var chain = chains.TryGetValue(day, out var c) ? c : chains.Where(kv => kv.Key <= day).OrderBy(kv => kv.Key).Last().Value with { Quotes = [] };
            return Task.FromResult(chain with { AsOf = asOf });
        }
    }

    /// <summary>One daily bar per listed date (open = close = the given price), stamped at the session open.</summary>
    private sealed class ScriptedBars(Dictionary<DateOnly, double> closes) : IMarketDataSource
    {
        public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Bar>>([.. closes.Where(kv => MarketCalendar.Nyse.CloseOf(kv.Key) <= asOf && MarketCalendar.Nyse.OpenOf(kv.Key) >= from)
                .Select(kv => new Bar(MarketCalendar.Nyse.OpenOf(kv.Key), kv.Value, kv.Value, kv.Value, kv.Value, 1000))]);

        public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class ListLedger : ILedgerStore
    {
        public List<LedgerRecord> Records { get; } = [];

        public Task<bool> AppendAsync(LedgerRecord record, CancellationToken cancellationToken)
        {
            Records.Add(record);
            return Task.FromResult(true);
        }

        public Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken) => Task.FromResult(new LedgerReadResult(Records, []));
    }

    private static BacktestRunner Runner(Dictionary<DateOnly, OptionChain> chains, Dictionary<DateOnly, LedgerRecord> decisions, ListLedger ledger,
        BacktestOptions options, Dictionary<DateOnly, double>? closes = null) =>
        new("SPY", (t, _) => Task.FromResult(decisions.TryGetValue(NewYorkTime.DateOf(t), out var d) && d.Timestamp == t ? d : Decision(t)),
            new ScriptedChains(chains), closes is null ? null : new ScriptedBars(closes), ledger, options);

    [Fact]
    public async Task A_long_call_held_to_expiry_in_the_money_realizes_its_intrinsic_value_less_the_premium_and_fees()
    {
        var chains = new Dictionary<DateOnly, OptionChain>
        {
            [Monday] = Chain(100, Quote(100, OptionRight.Call, 2.00, 2.10, Friday)),
            [Monday.AddDays(2)] = Chain(103, Quote(100, OptionRight.Call, 3.20, 3.30, Friday)),
        };
        var idea = Idea("i1", TradeSide.Long, 2, null, null, Leg(InstrumentType.Call, LegDirection.Buy, 100, Friday));
        var decisions = new Dictionary<DateOnly, LedgerRecord> { [Monday] = Decision(Close(Monday), idea) };
        var ledger = new ListLedger();
        var options = new BacktestOptions { ExitDte = 0 };
        var result = await Runner(chains, decisions, ledger, options, new Dictionary<DateOnly, double> { [Friday] = 104.5 }).RunAsync(Monday, Friday);

        // Paid 2 x 100 x 2.10 = 420 and fees 2 x 0.65 + 2 x 0.04685; exercised at 104.50: 2 x 100 x 4.50 = 900.
        var fees = (2 * 0.65) + (2 * 0.04685);
        var trade = Assert.Single(result.Trades);
        Assert.Equal("expiry", trade.ExitReason);
        Assert.Equal(-420, trade.EntryCashFlow, 9);
        Assert.Equal(900, trade.ExitCashFlow, 9);
        Assert.Equal(fees, trade.Fees, 12);
        Assert.Equal(900 - 420 - fees, trade.RealizedPnl, 9);
        Assert.Equal(Close(Friday), trade.ClosedAt);
        Assert.Equal(100_000 + 900 - 420 - fees, result.FinalEquity, 6);

        // The decision's record is appended once, when its position closed, with the realized P&L; the others at once with null.
        Assert.Equal(5, ledger.Records.Count);
        var recorded = Assert.Single(ledger.Records, r => r.TradeIdeas.Count > 0);
        Assert.Equal(900 - 420 - fees, recorded.RealizedPnl!.Value, 9);
        // Appended at Friday's step, when the position closed, before Friday's own decision.
        Assert.Same(recorded, ledger.Records[^2]);
        Assert.Equal(Close(Friday), ledger.Records[^1].Timestamp);
        Assert.All(ledger.Records.Where(r => r.TradeIdeas.Count == 0), r => Assert.Null(r.RealizedPnl));
        Assert.Equal(ledger.Records, result.Records);
    }

    [Theory]
    [InlineData(100.005, 0)] // in the money by half a cent: below OCC's $0.01, not exercised
    [InlineData(100.01, 2)] // by exactly $0.01: exercised, 2 x 100 x 0.01 = 2
    [InlineData(99.00, 0)]
    public async Task Automatic_exercise_needs_the_option_in_the_money_by_the_threshold(double settlement, double expectedExit)
    {
        var chains = new Dictionary<DateOnly, OptionChain> { [Monday] = Chain(100, Quote(100, OptionRight.Call, 2.00, 2.10, Friday)) };
        var idea = Idea("i1", TradeSide.Long, 2, null, null, Leg(InstrumentType.Call, LegDirection.Buy, 100, Friday));
        var result = await Runner(chains, new() { [Monday] = Decision(Close(Monday), idea) }, new ListLedger(),
            new BacktestOptions { ExitDte = 0, ChargeFees = false }, new() { [Friday] = settlement }).RunAsync(Monday, Friday);
        Assert.Equal(expectedExit, Assert.Single(result.Trades).ExitCashFlow, 9);
    }

    [Fact]
    public async Task A_vertical_spread_is_closed_at_target_at_natural_prices_and_marked_at_mids_before()
    {
        var chains = new Dictionary<DateOnly, OptionChain>
        {
            [Monday] = Chain(100, Quote(100, OptionRight.Call, 3.00, 3.20, April), Quote(105, OptionRight.Call, 1.00, 1.10, April)),
            [Monday.AddDays(1)] = Chain(102, Quote(100, OptionRight.Call, 3.80, 4.00, April), Quote(105, OptionRight.Call, 1.40, 1.50, April)),
            [Monday.AddDays(2)] = Chain(103.5, Quote(100, OptionRight.Call, 4.60, 4.80, April), Quote(105, OptionRight.Call, 1.80, 1.90, April)),
        };
        var idea = Idea("spread", TradeSide.Long, 3, 103, 97,
            Leg(InstrumentType.Call, LegDirection.Buy, 100, April), Leg(InstrumentType.Call, LegDirection.Sell, 105, April));
        var ledger = new ListLedger();
        var result = await Runner(chains, new() { [Monday] = Decision(Close(Monday), idea) }, ledger, new BacktestOptions { ChargeFees = false })
            .RunAsync(Monday, Friday);

        // Entry: buy 100C at 3.20, sell 105C at 1.00: 3 x 100 x 2.20 = 660 paid. Exit at 103.5 >= target 103:
        // sell 100C at 4.60, buy 105C at 1.90: 3 x 100 x 2.70 = 810 received.
        var trade = Assert.Single(result.Trades);
        Assert.Equal(("target", -660.0, 810.0, 150.0), (trade.ExitReason, Math.Round(trade.EntryCashFlow, 9), Math.Round(trade.ExitCashFlow, 9), Math.Round(trade.RealizedPnl, 9)));
        Assert.Equal(Close(Monday.AddDays(2)), trade.ClosedAt);
        // Tuesday's marks at mids: 3 x 100 x (3.90 - 1.45) = 735 on cash 99,340.
        Assert.Equal(99_340 + 735, result.Equity[1].Equity, 6);
        Assert.Equal(1, result.Equity[1].OpenPositions);
        Assert.Equal(100_150, result.FinalEquity, 6);
        Assert.Equal(150, Assert.Single(ledger.Records, r => r.TradeIdeas.Count > 0).RealizedPnl!.Value, 9);
    }

    [Fact]
    public async Task A_missing_quote_is_marked_by_black_scholes_at_the_last_implied_vol()
    {
        var chains = new Dictionary<DateOnly, OptionChain>
        {
            [Monday] = Chain(100, Quote(100, OptionRight.Call, 3.00, 3.20, April), Quote(105, OptionRight.Call, 1.00, 1.10, April, iv: 0.23)),
            [Monday.AddDays(1)] = Chain(102, Quote(100, OptionRight.Call, 3.80, 4.00, April)),
        };
        var idea = Idea("spread", TradeSide.Long, 1, null, null,
            Leg(InstrumentType.Call, LegDirection.Buy, 100, April), Leg(InstrumentType.Call, LegDirection.Sell, 105, April));
        var result = await Runner(chains, new() { [Monday] = Decision(Close(Monday), idea) }, new ListLedger(), new BacktestOptions { ChargeFees = false })
            .RunAsync(Monday, Monday.AddDays(1));

        var t = Close(Monday.AddDays(1));
        var model = BlackScholes.Price(OptionRight.Call, 102, 105, YearFraction.ToExpiry(MarketCalendar.Nyse, t, April, OptionSettlement.Pm), 0.04, 0, 0.23);
        // The last step closes the position at its marks: 100C at its mid 3.90, 105C (no quote) by the model.
        // Cash 100,000 - 220 (paid 3.20, received 1.00).
        var equityBeforeClose = 100_000 - 220 + (100 * (3.90 - model));
        Assert.Equal("end_of_backtest", Assert.Single(result.Trades).ExitReason);
        Assert.Equal(equityBeforeClose, result.FinalEquity, 6);
    }

    [Fact]
    public async Task A_position_is_closed_at_the_dte_threshold_and_a_short_side_at_its_stop()
    {
        var chains = new Dictionary<DateOnly, OptionChain>
        {
            [Monday] = Chain(100, Quote(95, OptionRight.Put, 1.00, 1.10, Friday), Quote(100, OptionRight.Put, 2.00, 2.10, April)),
            [Monday.AddDays(1)] = Chain(101, Quote(95, OptionRight.Put, 0.60, 0.70, Friday), Quote(100, OptionRight.Put, 1.60, 1.70, April)),
            [Monday.AddDays(2)] = Chain(102, Quote(95, OptionRight.Put, 0.30, 0.40, Friday), Quote(100, OptionRight.Put, 1.20, 1.30, April)),
        };
        var nearExpiry = Idea("near", TradeSide.Short, 1, null, null, Leg(InstrumentType.Put, LegDirection.Buy, 95, Friday));
        var stopped = Idea("stopped", TradeSide.Short, 1, 90, 101.5, Leg(InstrumentType.Put, LegDirection.Buy, 100, April));
        var result = await Runner(chains, new() { [Monday] = Decision(Close(Monday), nearExpiry, stopped) }, new ListLedger(),
            new BacktestOptions { ChargeFees = false, ExitDte = 3 }).RunAsync(Monday, Friday);

        // Tuesday close to Friday close is exactly 3 days: the Friday put exits Tuesday at its bid 0.60.
        var near = Assert.Single(result.Trades, t => t.IdeaId == "near");
        Assert.Equal(("dte", Close(Monday.AddDays(1))), (near.ExitReason, near.ClosedAt));
        Assert.Equal(-110 + 60, near.RealizedPnl, 9);
        // Wednesday 102 >= stop 101.5 for the short side: sold at the bid 1.20.
        var stop = Assert.Single(result.Trades, t => t.IdeaId == "stopped");
        Assert.Equal(("stop", Close(Monday.AddDays(2))), (stop.ExitReason, stop.ClosedAt));
        Assert.Equal(-210 + 120, stop.RealizedPnl, 9);
    }

    [Fact]
    public async Task Payoff_at_expiry_equals_the_trade_agents_payoff_model_and_a_brute_force_sum()
    {
        var random = new DeterministicRandom(20);
        for (var iteration = 0; iteration < 60; iteration++)
        {
            var spot = 80 + (40 * random.NextDouble());
            var quotes = new List<OptionQuote>();
            var legs = new List<TradeLeg>();
            var priced = new List<PricedLeg>();
            var count = 1 + (int)(random.NextDouble() * 4);
            for (var k = 0; k < count; k++)
            {
                var strike = Math.Round(spot * (0.85 + (0.3 * random.NextDouble())));
                var right = random.NextDouble() < 0.5 ? OptionRight.Call : OptionRight.Put;
                if (quotes.Any(q => q.Strike == strike && q.Right == right))
                {
                    continue;
                }
                var bid = Math.Round(0.5 + (5 * random.NextDouble()), 2);
                var ask = bid + 0.05;
                var direction = random.NextDouble() < 0.5 ? LegDirection.Buy : LegDirection.Sell;
                var qty = 1 + (int)(random.NextDouble() * 2);
                quotes.Add(Quote(strike, right, bid, ask, Friday));
                var type = right == OptionRight.Call ? InstrumentType.Call : InstrumentType.Put;
                legs.Add(Leg(type, direction, strike, Friday, qty));
                var fill = direction == LegDirection.Buy ? ask : bid;
                priced.Add(new PricedLeg(type, direction, qty, 100, strike, Friday, 0.01, fill, 0.5 * (bid + ask), 0.2, 0, 0, 0, 0, 0));
            }
            var units = 1 + (int)(random.NextDouble() * 3);
            var settlement = Math.Round(spot * (0.8 + (0.4 * random.NextDouble())), 2);
            var idea = Idea($"p{iteration}", TradeSide.Neutral, units, null, null, [.. legs]);
            var result = await Runner(new() { [Monday] = Chain(spot, [.. quotes]) }, new() { [Monday] = Decision(Close(Monday), idea) }, new ListLedger(),
                new BacktestOptions { ExitDte = 0, ChargeFees = false, ExerciseThreshold = 0 }, new() { [Friday] = settlement }).RunAsync(Monday, Friday);

            var trade = Assert.Single(result.Trades);
            Assert.Equal("expiry", trade.ExitReason);
            var model = new ExpiryPayoff(priced).ProfitAt(settlement) * units;
            var brute = legs.Zip(priced).Sum(x => (x.First.Direction == LegDirection.Buy ? 1 : -1) * x.First.Qty * units * 100
                * ((x.First.InstrumentType == InstrumentType.Call ? Math.Max(settlement - x.First.Strike!.Value, 0) : Math.Max(x.First.Strike!.Value - settlement, 0)) - x.Second.Fill));
            Assert.Equal(brute, trade.RealizedPnl, 6);
            Assert.Equal(model, trade.RealizedPnl, 6);
        }
    }

    [Fact]
    public async Task A_decision_beyond_the_position_limit_is_not_traded_and_says_why()
    {
        var chains = new Dictionary<DateOnly, OptionChain> { [Monday] = Chain(100, Quote(100, OptionRight.Call, 2.00, 2.10, April)) };
        var tuesday = Close(Monday.AddDays(1));
        var decisions = new Dictionary<DateOnly, LedgerRecord>
        {
            [Monday] = Decision(Close(Monday), Idea("a", TradeSide.Long, 1, null, null, Leg(InstrumentType.Call, LegDirection.Buy, 100, April))),
            [Monday.AddDays(1)] = Decision(tuesday, Idea("b", TradeSide.Long, 1, null, null, Leg(InstrumentType.Call, LegDirection.Buy, 100, April))),
        };
        var ledger = new ListLedger();
        var result = await Runner(chains, decisions, ledger, new BacktestOptions { MaxOpenPositions = 1, ChargeFees = false }).RunAsync(Monday, Monday.AddDays(2));
        Assert.Equal("a", Assert.Single(result.Trades).IdeaId);
        var skipped = Assert.Single(ledger.Records, r => r.Timestamp == tuesday);
        Assert.Null(skipped.RealizedPnl);
        Assert.Equal("b:max_open_positions", skipped.Snapshot.Metadata[BacktestRunner.NotTradedKey]);
    }

    [Fact]
    public async Task A_range_without_sessions_or_reversed_is_refused()
    {
        var runner = Runner(new() { [Monday] = Chain(100) }, [], new ListLedger(), new BacktestOptions());
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(new DateOnly(2024, 3, 16), new DateOnly(2024, 3, 17))); // a weekend
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(Friday, Monday));
    }

    [Fact]
    public void Thirty_minute_steps_run_from_half_past_the_open_to_the_close_and_daily_steps_are_closes()
    {
        var steps = BacktestSchedule.Steps(MarketCalendar.Nyse, new DateOnly(2024, 11, 29), new DateOnly(2024, 12, 2), BacktestInterval.ThirtyMinutes);
        // Friday 2024-11-29 closes at 13:00 (10:00 .. 13:00 = 7 steps), Monday 12-02 is a full session (13 steps).
        Assert.Equal(7 + 13, steps.Count);
        Assert.Equal(new DateTimeOffset(2024, 11, 29, 15, 0, 0, TimeSpan.Zero), steps[0]); // 10:00 New York
        Assert.Equal(new DateTimeOffset(2024, 11, 29, 18, 0, 0, TimeSpan.Zero), steps[6]); // 13:00 early close
        Assert.Equal(new DateTimeOffset(2024, 12, 2, 21, 0, 0, TimeSpan.Zero), steps[^1]); // 16:00
        var daily = BacktestSchedule.Steps(MarketCalendar.Nyse, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), BacktestInterval.Daily);
        Assert.Equal(252, daily.Count);
        Assert.All(daily, t => Assert.Equal(MarketCalendar.Nyse.CloseOf(NewYorkTime.DateOf(t)), t));
    }
}
