using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.Tests.Contracts;

namespace SuperGnosis.Core.Tests.Ledger;

public sealed class LedgerMetricsTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 21, 0, 0, TimeSpan.Zero);

    internal static Suggestion Vote(string layer, SuggestionAction action, double confidence, int run = 0) =>
        new($"run-{run}-{layer}-0", layer, "SPY", action, confidence, new Dictionary<string, double>(), "", []);

    internal static TradeIdea Idea(string strategy, double cost, int units, int run = 0, int index = 0) => new(
        $"run-{run}-trade-{index}", "SPY", strategy, TradeSide.Long,
        [ContractSamples.CallLeg(LegDirection.Buy, 600)],
        CostPerUnit: cost, MaxLoss: Math.Abs(cost), MaxProfit: null, BreakevenLevels: [], TargetExitPrice: null,
        StopLossPrice: null, RecommendedUnits: units, Confidence: 0.5, Rationale: "", Tags: []);

    internal static LedgerRecord Record(
        DateTimeOffset at, double? pnl, SuggestionAction composite, (SuggestionAction Action, double Confidence)[] votes,
        TradeIdea[] ideas, int run, Dictionary<string, string>? metadata = null, string symbol = "SPY")
    {
        var meta = metadata ?? new Dictionary<string, string>();
        meta["run_id"] = $"run-{run}";
        var snapshot = new StandardSnapshot(symbol, at, new Dictionary<string, double>(), new Dictionary<string, double>(),
            new Dictionary<string, double>(), new Dictionary<string, double>(), null, meta);
        string[] layers = ["primary_hedge", "primary_liquidity", "primary_sentiment"];
        var primaries = votes.Select((v, k) => Vote(layers[k], v.Action, v.Confidence, run)).ToList();
        return new LedgerRecord(at, symbol, snapshot, primaries, Vote("composer", composite, 0.5, run), ideas, pnl);
    }

    /// <summary>
    /// Five daily decisions on 1,000 of equity, P&amp;L +100, -50, (no trade), +30, -60. Reference values computed
    /// independently in Python (statistics.stdev = sample sd):
    /// <code>
    /// E=1000; pnl=[100,-50,0,30,-60]; r=[]; eq=E
    /// for p in pnl: r.append(p/eq); eq+=p
    /// # r = [0.1, -0.0454545, 0, 0.0285714, -0.0555556], final 1020
    /// sharpe = mean(r)/stdev(r)*sqrt(252)                                 # 1.391551254013678
    /// sortino = mean(r)/sqrt(sum(min(0,x)**2 for x in r)/5)*sqrt(252)     # 2.725868533971857
    /// rf=0.0252: rp=rf/252 -> sharpe 1.3663066200076184, sortino 2.671178362420157
    /// max drawdown (1100-1020)/1100 = 0.0727272727...; cagr (1020/1000)**(365.25/4)-1 = 5.099625677684677
    /// profit factor 130/110; avg trade 20/4 = 5; hit rate 2/4; exposure 4/5; turnover 1000/1060
    /// </code>
    /// </summary>
    internal static List<LedgerRecord> HandSeries() =>
    [
        Record(Monday, 100, SuggestionAction.Long,
            [(SuggestionAction.Long, 0.6), (SuggestionAction.Long, 0.2), (SuggestionAction.Flat, 0.5)],
            [Idea("call_debit_spread", 200, 1, 1)], 1),
        Record(Monday.AddDays(1), -50, SuggestionAction.Short,
            [(SuggestionAction.Short, 0.5), (SuggestionAction.Long, 0.4), (SuggestionAction.Short, 0.5)],
            [Idea("put_debit_spread", 150, 2, 2)], 2),
        Record(Monday.AddDays(2), null, SuggestionAction.Flat,
            [(SuggestionAction.Flat, 0.1), (SuggestionAction.Flat, 0.1), (SuggestionAction.Flat, 0.1)], [], 3),
        Record(Monday.AddDays(3), 30, SuggestionAction.Long,
            [(SuggestionAction.Flat, 0.3), (SuggestionAction.Long, 0.3), (SuggestionAction.Long, 0.3)],
            [Idea("call_debit_spread", 100, 1, 4)], 4),
        Record(Monday.AddDays(4), -60, SuggestionAction.Long,
            [(SuggestionAction.Long, 0.2), (SuggestionAction.Long, 0.2), (SuggestionAction.Long, 0.2)],
            [Idea("call_debit_spread", 300, 1, 5, 0), Idea("long_call", 100, 1, 5, 1)], 5),
    ];

    private static readonly LedgerMetricsOptions OnThousand = new() { InitialEquity = 1000 };

    [Fact]
    public void Hand_computed_series_gives_the_reference_figures()
    {
        var m = LedgerMetrics.Compute(HandSeries(), OnThousand);

        Assert.Equal(5, m.Periods);
        Assert.Equal(252, m.PeriodsPerYear);
        Assert.Equal(4, m.ClosedTrades);
        Assert.Equal(1020, m.FinalEquity, 9);
        Assert.Equal(20, m.TotalPnl, 9);
        Assert.Equal(1.391551254013678, m.Sharpe!.Value, 9);
        Assert.Equal(2.725868533971857, m.Sortino!.Value, 9);
        Assert.Equal(0.5, m.HitRate);
        Assert.Equal(80.0 / 1100, m.MaxDrawdown!.Value, 12);
        Assert.Equal(5, m.AvgTradePnl!.Value, 12);
        Assert.Equal(130.0 / 110, m.ProfitFactor!.Value, 12);
        Assert.Equal(5.099625677684677, m.Cagr!.Value, 9);
        Assert.Equal(0.8, m.Exposure, 12);
        Assert.Equal(1000.0 / 1060, m.Turnover, 12);
    }

    [Fact]
    public void Risk_free_rate_is_subtracted_per_period()
    {
        var m = LedgerMetrics.Compute(HandSeries(), OnThousand with { RiskFreeRate = 0.0252 });

        Assert.Equal(1.3663066200076184, m.Sharpe!.Value, 9);
        Assert.Equal(2.671178362420157, m.Sortino!.Value, 9);
    }

    [Fact]
    public void Layers_share_the_pnl_of_the_trades_they_agreed_with_by_confidence()
    {
        var m = LedgerMetrics.Compute(HandSeries(), OnThousand);
        var layers = m.Layers.ToDictionary(l => l.Layer);

        // hedge: 100*0.6/0.8 - 50*0.5/1.0 - 60/3 = 75 - 25 - 20; liquidity 25 + 15 - 20; sentiment -25 + 15 - 20.
        Assert.Equal(30, layers["primary_hedge"].AttributedPnl, 9);
        Assert.Equal(20, layers["primary_liquidity"].AttributedPnl, 9);
        Assert.Equal(-30, layers["primary_sentiment"].AttributedPnl, 9);
        Assert.Equal(m.TotalPnl, m.Layers.Sum(l => l.AttributedPnl), 9); // every closed trade had an agreeing layer

        Assert.Equal(new TradeGroupStats(3, 1, -10), layers["primary_hedge"].Agreed);
        Assert.Equal(new TradeGroupStats(1, 1, 30), layers["primary_hedge"].Dissented);
        Assert.Equal(new TradeGroupStats(3, 2, 70), layers["primary_liquidity"].Agreed);
        Assert.Equal(new TradeGroupStats(1, 0, -50), layers["primary_liquidity"].Dissented);
        Assert.Equal(new TradeGroupStats(3, 1, -80), layers["primary_sentiment"].Agreed);
        Assert.Equal(0.75, layers["primary_sentiment"].AgreementRate);
    }

    [Fact]
    public void Strategies_split_a_record_pnl_by_premium()
    {
        var m = LedgerMetrics.Compute(HandSeries(), OnThousand);

        // The last record's -60 splits 300:100 into -45 (call_debit_spread) and -15 (long_call).
        Assert.Equal(["call_debit_spread", "long_call", "put_debit_spread"], m.Strategies.Keys);
        Assert.Equal(3, m.Strategies["call_debit_spread"].Trades);
        Assert.Equal(2, m.Strategies["call_debit_spread"].Wins);
        Assert.Equal(85, m.Strategies["call_debit_spread"].Pnl, 9);
        Assert.Equal(-15, m.Strategies["long_call"].Pnl, 9);
        Assert.Equal(0, m.Strategies["put_debit_spread"].HitRate);
        Assert.Equal(m.TotalPnl, m.Strategies.Values.Sum(s => s.Pnl), 9);
    }

    [Fact]
    public void Order_of_the_input_does_not_matter()
    {
        var series = HandSeries();
        var reversed = Enumerable.Reverse(series).ToList();

        Assert.Equal(LedgerMetrics.Compute(series, OnThousand).ToJson(), LedgerMetrics.Compute(reversed, OnThousand).ToJson());
    }

    [Fact]
    public void No_records_give_undefined_ratios_and_zero_rates()
    {
        var m = LedgerMetrics.Compute([], OnThousand);

        Assert.Equal(0, m.Periods);
        Assert.Null(m.Sharpe);
        Assert.Null(m.Sortino);
        Assert.Null(m.HitRate);
        Assert.Null(m.MaxDrawdown);
        Assert.Null(m.ProfitFactor);
        Assert.Null(m.Cagr);
        Assert.Equal(0, m.Exposure);
        Assert.Equal(1000, m.FinalEquity);
        Assert.Empty(m.Layers);
        using var json = JsonDocument.Parse(m.ToJson());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("sharpe").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("from").ValueKind);
    }

    [Fact]
    public void No_closed_trades_give_no_trade_figures_but_a_flat_equity_curve()
    {
        var open = HandSeries().Select(r => new LedgerRecord(r.Timestamp, r.Symbol, r.Snapshot, r.PrimarySuggestions, r.CompositeSuggestion, r.TradeIdeas, null)).ToList();

        var m = LedgerMetrics.Compute(open, OnThousand);

        Assert.Equal(0, m.ClosedTrades);
        Assert.Equal(4, m.OpenDecisions);
        Assert.Null(m.HitRate);
        Assert.Null(m.AvgTradePnl);
        Assert.Null(m.ProfitFactor);
        Assert.Null(m.Sharpe); // zero variance
        Assert.Equal(0, m.MaxDrawdown);
        Assert.Equal(0, m.Cagr);
    }

    [Fact]
    public void All_wins_give_an_infinite_profit_factor_written_as_null_with_a_flag()
    {
        var wins = HandSeries().Where(r => r.RealizedPnl > 0).ToList();

        var m = LedgerMetrics.Compute(wins, OnThousand);

        Assert.True(double.IsPositiveInfinity(m.ProfitFactor!.Value));
        Assert.True(m.ProfitFactorInfinite);
        Assert.Equal(1, m.HitRate);
        Assert.Null(m.Sortino); // no period below the target
        using var json = JsonDocument.Parse(m.ToJson());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("profit_factor").ValueKind);
        Assert.True(json.RootElement.GetProperty("profit_factor_infinite").GetBoolean());
    }

    [Fact]
    public void One_record_has_no_ratio_but_a_trade_figure()
    {
        var m = LedgerMetrics.Compute([HandSeries()[1]], OnThousand);

        Assert.Equal(1, m.Periods);
        Assert.Null(m.Sharpe);
        Assert.Null(m.Sortino);
        Assert.Null(m.Cagr);
        Assert.Equal(-50, m.AvgTradePnl);
        Assert.Equal(0, m.ProfitFactor);
        Assert.Equal(0.05, m.MaxDrawdown!.Value, 12);
    }

    [Fact]
    public void Zero_variance_returns_have_no_sharpe()
    {
        Assert.Null(LedgerMetrics.Sharpe([0.01, 0.01, 0.01], 0, 252));
        Assert.Equal(0.01 / 3 / Math.Sqrt(0.0001 / 3) * Math.Sqrt(252), LedgerMetrics.Sortino([0.01, 0.01, -0.01], 0, 252)!.Value, 12);
    }

    [Fact]
    public void Records_at_one_instant_form_one_period()
    {
        var series = HandSeries();
        var twin = Record(series[0].Timestamp, -40, SuggestionAction.Long, [(SuggestionAction.Long, 0.5)], [Idea("long_call", 50, 1, 9)], 9, symbol: "QQQ");

        var m = LedgerMetrics.Compute([.. series, twin], OnThousand);

        Assert.Equal(5, m.Periods);
        Assert.Equal(980, m.FinalEquity, 9);
        Assert.Equal(5, m.ClosedTrades);
    }

    [Theory]
    [InlineData(24.0, 252.0)]
    [InlineData(72.0, 252.0)]
    [InlineData(0.5, 3276.0)]
    [InlineData(6.5, 252.0)]
    public void Periods_per_year_follow_the_median_spacing(double hours, double expected)
    {
        var instants = Enumerable.Range(0, 5).Select(k => Monday.AddHours(k * hours)).ToList();

        Assert.Equal(expected, LedgerMetrics.InferPeriodsPerYear(instants), 9);
    }

    [Fact]
    public void A_bust_account_has_full_drawdown_and_cagr_minus_one()
    {
        var series = HandSeries();
        var bust = Record(Monday.AddDays(5), -5000, SuggestionAction.Long, [(SuggestionAction.Long, 0.5)], [Idea("long_call", 50, 1, 9)], 9);

        var m = LedgerMetrics.Compute([.. series, bust], OnThousand);

        Assert.Equal(1, m.MaxDrawdown);
        Assert.Equal(-1, m.Cagr);
        Assert.True(double.IsFinite(m.Sharpe!.Value));
    }

    [Theory]
    [InlineData(0, 0, "initial_equity")]
    [InlineData(double.NaN, 0, "initial_equity")]
    [InlineData(1000, double.PositiveInfinity, "risk_free_rate")]
    public void Bad_options_are_refused_naming_the_field(double equity, double rf, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => LedgerMetrics.Compute([], new LedgerMetricsOptions { InitialEquity = equity, RiskFreeRate = rf }));
        Assert.Equal(field, e.ParamName);
    }

    [Fact]
    public void Activity_counts_stances_degraded_engines_and_failed_stages()
    {
        var series = HandSeries();
        var degraded = Record(Monday.AddDays(1).AddHours(1), null, SuggestionAction.Flat, [], [], 7,
            new Dictionary<string, string> { ["degraded_engines"] = "hedge", ["engine_status.hedge"] = "failed:boom", ["stage_status.trade"] = "failed:x" }, "QQQ");

        var a = LedgerMetrics.Compute([.. series, degraded], OnThousand).Activity;

        Assert.Equal(6, a.Runs);
        Assert.Equal(2, a.Symbols);
        Assert.Equal(5, a.TradeIdeas);
        Assert.Equal(3, a.Stances["long"]);
        Assert.Equal(2, a.Stances["flat"]);
        Assert.Equal(1.0 / 6, a.EngineDegradedRates["hedge"], 12);
        Assert.Equal(0, a.EngineDegradedRates["liquidity"]);
        Assert.Equal(1.0 / 6, a.DegradedRunRate, 12);
        Assert.Equal(1, a.StageFailures["trade"]);
    }
}
