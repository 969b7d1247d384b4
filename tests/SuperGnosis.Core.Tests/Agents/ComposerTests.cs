using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Tests.Agents;

public class ComposerTests
{
    private static Suggestion S(string layer, SuggestionAction action, double confidence, double horizon = 5, double move = 2) =>
        new($"run-test-{layer}-0", layer, "SPY", action, confidence,
            new Dictionary<string, double> { ["horizon_days"] = horizon, ["exp_move_pct"] = move }, "", []);

    private static Suggestion Compose(StandardSnapshot snapshot, params Suggestion[] suggestions) =>
        new ComposerV1().Compose(snapshot, suggestions, SnapshotFactory.Run);

    [Fact]
    public void All_agree_gives_that_stance_at_the_weighted_confidence()
    {
        var c = Compose(new SnapshotFactory().Build(),
            S("primary_hedge", SuggestionAction.Long, 0.8, 5, 2), S("primary_liquidity", SuggestionAction.Long, 0.6, 2, 1), S("primary_sentiment", SuggestionAction.Long, 0.4, 3, 3));
        Assert.Equal(SuggestionAction.Long, c.Action);
        Assert.Equal((0.4 * 0.8) + (0.3 * 0.6) + (0.3 * 0.4), c.Confidence, 12);
        Assert.Contains("consensus", c.Tags);
        Assert.Equal((0.4 * 5) + (0.3 * 2) + (0.3 * 3), c.Forecast["horizon_days"], 12);
        Assert.Equal((0.4 * 2) + (0.3 * 1) + (0.3 * 3), c.Forecast["exp_move_pct"], 12);
        Assert.Equal("run-test-composer-0", c.Id);
    }

    [Fact]
    public void Two_against_one_takes_the_majority_with_confidence_cut_by_the_minority()
    {
        var c = Compose(new SnapshotFactory().Build(),
            S("primary_hedge", SuggestionAction.Short, 0.8), S("primary_liquidity", SuggestionAction.Long, 0.5), S("primary_sentiment", SuggestionAction.Short, 0.6));
        var majority = ((0.4 * 0.8) + (0.3 * 0.6)) / 0.7;
        Assert.Equal(SuggestionAction.Short, c.Action);
        Assert.Equal(majority * (1 - (0.3 * 0.5)), c.Confidence, 12);
        Assert.Contains("majority_2_of_3", c.Tags);
        Assert.Contains("dissent:primary_liquidity", c.Tags);
    }

    [Fact]
    public void All_disagree_never_gives_a_pure_direction()
    {
        var votes = new[] { S("primary_hedge", SuggestionAction.Long, 0.8), S("primary_liquidity", SuggestionAction.Short, 0.6), S("primary_sentiment", SuggestionAction.Flat, 0.4) };
        var moving = Compose(new SnapshotFactory().Engine(EngineKind.Elasticity, 0.8, "low_resistance").Build(), votes);
        Assert.Equal(SuggestionAction.Complex, moving.Action);
        Assert.Equal(0.4, moving.Confidence, 12);
        Assert.Contains("use_long_straddle", moving.Tags);
        var range = Compose(new SnapshotFactory().Engine(EngineKind.Hedge, 0.8, "pin").Build(), votes);
        Assert.Equal(SuggestionAction.Spread, range.Action);
        Assert.Contains("use_iron_condor", range.Tags);
    }

    [Fact]
    public void Elasticity_steers_debit_versus_credit_and_cuts_confidence_against_asymmetry()
    {
        var votes = new[] { S("primary_hedge", SuggestionAction.Long, 0.8), S("primary_liquidity", SuggestionAction.Long, 0.8), S("primary_sentiment", SuggestionAction.Long, 0.8) };
        var low = Compose(new SnapshotFactory().Engine(EngineKind.Elasticity, 0.8, "low_resistance").Build(), votes);
        Assert.Equal(["use_long_call", "use_call_debit_spread"], low.Tags.Where(t => t.StartsWith("use_", StringComparison.Ordinal)));
        var high = Compose(new SnapshotFactory().Engine(EngineKind.Elasticity, 0.8, "high_resistance").Build(), votes);
        Assert.Equal("use_bull_put_spread", high.Tags.First(t => t.StartsWith("use_", StringComparison.Ordinal)));
        var against = Compose(new SnapshotFactory().Engine(EngineKind.Elasticity, 0.8, "asymmetric_down").Build(), votes);
        Assert.Equal(0.8 * 0.8, against.Confidence, 12);
    }

    [Fact]
    public void Weights_are_configurable_and_a_lookahead_forecast_votes()
    {
        var votes = new[] { S("primary_hedge", SuggestionAction.Long, 0.8), S("primary_liquidity", SuggestionAction.Short, 0.8) };
        // Two voters split: with equal counts the heavier group leads but is no majority.
        var split = Compose(new SnapshotFactory().Build(), votes);
        Assert.Contains("conflict", split.Tags);
        // A lookahead forecast breaks the tie toward short.
        var withLookahead = Compose(new SnapshotFactory().Engine(EngineKind.Sentiment, 0.5, "mixed", ("lookahead_return_pct", -1.5), ("lookahead_confidence", 0.9)).Build(), votes);
        Assert.Equal(SuggestionAction.Short, withLookahead.Action);
        Assert.Contains("dissent:primary_hedge", withLookahead.Tags);
        var custom = new ComposerV1(new ComposerOptions { Weights = new Dictionary<string, double> { ["primary_hedge"] = 1, ["primary_liquidity"] = 0.1 } });
        var weighted = custom.Compose(new SnapshotFactory().Build(),
            [S("primary_hedge", SuggestionAction.Long, 0.5), S("primary_liquidity", SuggestionAction.Long, 1.0)], SnapshotFactory.Run);
        Assert.Equal(((1 * 0.5) + (0.1 * 1.0)) / 1.1, weighted.Confidence, 12);
    }

    [Fact]
    public void No_votes_is_flat_with_zero_confidence()
    {
        var c = Compose(new SnapshotFactory().Build());
        Assert.Equal(SuggestionAction.Flat, c.Action);
        Assert.Equal(0, c.Confidence);
    }
}
