using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ledger;
using static SuperGnosis.Core.Tests.Ledger.LedgerMetricsTests;

namespace SuperGnosis.Core.Tests.Ledger;

public sealed class FeedbackEngineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 21, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 22, 0, 0, TimeSpan.Zero);
    private static readonly ParameterSet Defaults = ParameterSet.From(new ComposerOptions(), new TradeAgentOptions());

    /// <summary>
    /// <paramref name="n"/> daily long decisions where hedge and liquidity vote long and sentiment flat; trade k wins
    /// (+pnl) when k % 10 &lt; wins of 10, else loses -loss.
    /// </summary>
    private static LedgerMetricsReport Metrics(int n, int winsOf10, double pnl = 100, double loss = 100)
    {
        var records = Enumerable.Range(0, n).Select(k => Record(
            Start.AddDays(k), k % 10 < winsOf10 ? pnl : -loss, SuggestionAction.Long,
            [(SuggestionAction.Long, 0.6), (SuggestionAction.Long, 0.4), (SuggestionAction.Flat, 0.5)],
            [Idea("call_debit_spread", 200, 1, k)], k)).ToList();
        return LedgerMetrics.Compute(records);
    }

    [Fact]
    public void Defaults_include_the_configured_weights_risk_and_threshold()
    {
        Assert.Equal(0.4, Defaults.Values["composer.weights.primary_hedge"]);
        Assert.Equal(0.3, Defaults.Values["composer.weights.primary_sentiment"]);
        Assert.Equal(0.01, Defaults.Values[ParameterNames.RiskFraction]);
        Assert.Equal(0.3, Defaults.Values[ParameterNames.MinConfidence]);
    }

    [Fact]
    public void No_evidence_at_the_defaults_proposes_nothing()
    {
        Assert.Null(new FeedbackEngine().Propose(Defaults, null, LedgerMetrics.Compute([]), Now));
    }

    [Fact]
    public void Strong_evidence_moves_each_parameter_by_at_most_one_step()
    {
        // 300 trades, 8 of 10 win: hedge and liquidity agreed with all of them (hit rate 0.8), sentiment with none.
        var m = Metrics(300, 8);
        var v = new FeedbackEngine().Propose(Defaults, null, m, Now)!;

        Assert.Equal(1, v.Version);
        Assert.Equal(0, v.ParentVersion);
        Assert.Equal(ParameterVersionStatus.Proposed, v.Status);
        var changes = v.Changes.ToDictionary(c => c.Name);
        // hedge target: 0.4 * (1 + 300/330 * 0.6 clamped to 0.5) = 0.4 * (1 + 0.4545...) = 0.5818; one step of 0.05.
        Assert.Equal(0.4 * (1 + 300.0 / 330 * 0.5), changes["composer.weights.primary_hedge"].Target, 12);
        Assert.Equal(0.45, v.Parameters.Values["composer.weights.primary_hedge"], 12);
        Assert.Equal(0.35, v.Parameters.Values["composer.weights.primary_liquidity"], 12);
        Assert.False(changes.ContainsKey("composer.weights.primary_sentiment")); // no evidence, already at default
        Assert.Equal(0.012, v.Parameters.Values[ParameterNames.RiskFraction], 12); // x1.2 at most
        // hit rate 0.8: min confidence target 0.3 + 300/330 * 0.2 * (0.5 - 0.8) < 0.3, one step of 0.02 down.
        Assert.Equal(0.28, v.Parameters.Values[ParameterNames.MinConfidence], 12);
        Assert.All(v.Changes, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason)));
    }

    [Fact]
    public void Repeated_updates_converge_to_the_target_and_stay_in_the_band()
    {
        var engine = new FeedbackEngine();
        var m = Metrics(300, 10); // every trade wins: edge clamped at +0.5, sharpe huge
        ParameterVersion? current = null;
        for (var i = 0; i < 40; i++)
        {
            current = engine.Propose(Defaults, current, m, Now.AddDays(i)) is { } next ? next with { Status = ParameterVersionStatus.Accepted } : current;
        }

        Assert.NotNull(current);
        Assert.Equal(0.4 * (1 + 300.0 / 330 * 0.5), current!.Parameters.Values["composer.weights.primary_hedge"], 12);
        Assert.True(current.Parameters.Values[ParameterNames.RiskFraction] <= 0.02 + 1e-12);
        Assert.True(current.Parameters.Values[ParameterNames.MinConfidence] >= 0.15 - 1e-12);
        Assert.Null(engine.Propose(Defaults, current, m, Now.AddDays(41))); // at the fixed point nothing changes
    }

    [Fact]
    public void Thin_evidence_reverts_toward_the_defaults()
    {
        var moved = new ParameterVersion(3, 2, Now, ParameterVersionStatus.Accepted,
            new ParameterSet(new Dictionary<string, double>(Defaults.Values)
            {
                ["composer.weights.primary_hedge"] = 0.55,
                [ParameterNames.RiskFraction] = 0.018,
                [ParameterNames.MinConfidence] = 0.4,
            }), [], 100, 1, 0.6, 0.1);

        var v = new FeedbackEngine().Propose(Defaults, moved, LedgerMetrics.Compute([]), Now)!;

        Assert.Equal(4, v.Version);
        Assert.Equal(3, v.ParentVersion);
        Assert.Equal(0.50, v.Parameters.Values["composer.weights.primary_hedge"], 12);
        Assert.Equal(0.015, v.Parameters.Values[ParameterNames.RiskFraction], 12); // 0.018 / 1.2
        Assert.Equal(0.38, v.Parameters.Values[ParameterNames.MinConfidence], 12);
    }

    [Fact]
    public void Few_trades_move_the_target_little()
    {
        var engine = new FeedbackEngine();
        var v = engine.Propose(Defaults, null, Metrics(3, 10), Now)!;

        var hedge = v.Changes.Single(c => c.Name == "composer.weights.primary_hedge");
        Assert.Equal(3.0 / 33, engine.Shrinkage(3), 12);
        Assert.Equal(0.4 * (1 + 3.0 / 33 * 0.5), hedge.Target, 12);
        Assert.Equal(hedge.Target, hedge.To, 12); // within one step
    }

    [Fact]
    public void A_deep_drawdown_halves_the_risk_target()
    {
        // 3 of 10 trades win 100, 7 lose 2,000 on 100,000: drawdown far beyond 20%.
        var m = Metrics(100, 3, 100, 2000);
        Assert.True(m.MaxDrawdown > 0.2);

        var v = new FeedbackEngine().Propose(Defaults, null, m, Now)!;

        var risk = v.Changes.Single(c => c.Name == ParameterNames.RiskFraction);
        Assert.True(risk.Target <= 0.005 + 1e-12);
        Assert.Equal(0.01 / 1.2, risk.To, 12);
        Assert.Contains("drawdown", risk.Reason, StringComparison.Ordinal);
        Assert.True(v.Parameters.Values[ParameterNames.MinConfidence] > 0.3); // losing: more selective
    }

    [Fact]
    public void Versions_round_trip_through_json_and_apply_to_the_options()
    {
        var v = new FeedbackEngine().Propose(Defaults, null, Metrics(300, 8), Now)!;

        var parsed = ParameterVersion.Parse(v.ToJson());

        Assert.Equal(v.ToJson(), parsed.ToJson());
        Assert.Equal(v.Parameters, parsed.Parameters);
        var composer = parsed.Parameters.ApplyTo(new ComposerOptions());
        var trade = parsed.Parameters.ApplyTo(new TradeAgentOptions());
        Assert.Equal(0.45, composer.Weights["primary_hedge"], 12);
        Assert.Equal(0.012, trade.RiskFraction, 12);
        Assert.Equal(0.28, trade.MinConfidence, 12);
        Assert.Equal(new ComposerOptions().DefaultWeight, composer.DefaultWeight);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("""{"version":0,"parent_version":0,"created_at":"2026-01-01T00:00:00Z","status":"accepted","parameters":{},"changes":[],"metrics":{"closed_trades":0}}""")]
    [InlineData("""{"version":1,"parent_version":0,"created_at":"2026-01-01T00:00:00Z","status":"maybe","parameters":{},"changes":[],"metrics":{"closed_trades":0}}""")]
    public void Malformed_version_documents_are_refused(string json)
    {
        Assert.Throws<FormatException>(() => ParameterVersion.Parse(json));
    }

    [Fact]
    public void Bad_feedback_options_are_refused_naming_the_field()
    {
        Assert.Equal("shrinkage_trades", Assert.Throws<ArgumentException>(() => new FeedbackEngine(new FeedbackOptions { ShrinkageTrades = 0 })).ParamName);
        Assert.Equal("max_weight_deviation", Assert.Throws<ArgumentException>(() => new FeedbackEngine(new FeedbackOptions { MaxWeightDeviation = 1 })).ParamName);
    }
}
