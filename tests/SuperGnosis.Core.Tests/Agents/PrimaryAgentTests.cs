using SuperGnosis.Core.Agents;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Tests.Agents;

public class PrimaryAgentTests
{
    private static readonly SnapshotFactory Empty = new();

    [Fact]
    public void Hedge_strong_short_gamma_below_the_flip_with_supportive_vanna_is_a_confident_short()
    {
        var snapshot = new SnapshotFactory().Engine(EngineKind.Hedge, 0.9, "gamma_squeeze",
            ("net_gamma_ratio", -0.6), ("net_vanna_ratio", -0.4), ("spot", 98), ("zero_gamma_level", 100),
            ("call_wall", 105), ("put_wall", 95), ("atm_iv", 0.2), ("call_overhang_share", 0.1)).Build();
        var s = new HedgeAgentV3().Suggest(snapshot, SnapshotFactory.Run);
        Assert.Equal(SuggestionAction.Short, s.Action);
        Assert.Equal(0.9, s.Confidence, 12); // |n| / 0.6 capped at 1, vanna agrees
        Assert.Contains("vanna_supportive", s.Tags);
        Assert.Contains("trend_acceleration", s.Tags);
        Assert.Equal(95, s.Forecast["target_price"]);
        Assert.Equal(105, s.Forecast["stop_price"]);
        Assert.Equal(0.2 * Math.Sqrt(5 / 365.0) * 100 * 1.3, s.Forecast["exp_move_pct"], 12);
        Assert.Equal("run-test-primary_hedge-0", s.Id);
        Assert.Contains("-0.6", s.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public void Hedge_opposing_vanna_cuts_confidence()
    {
        var snapshot = new SnapshotFactory().Engine(EngineKind.Hedge, 0.9, "neutral",
            ("net_gamma_ratio", -0.6), ("net_vanna_ratio", 0.4), ("spot", 98), ("zero_gamma_level", 100)).Build();
        var s = new HedgeAgentV3().Suggest(snapshot, SnapshotFactory.Run);
        Assert.Equal(SuggestionAction.Short, s.Action);
        Assert.Equal(0.9 * 0.6, s.Confidence, 12);
        Assert.DoesNotContain("vanna_supportive", s.Tags);
    }

    [Fact]
    public void Hedge_long_gamma_near_a_wall_is_a_pin_and_a_squeeze_is_long()
    {
        var pin = new SnapshotFactory().Engine(EngineKind.Hedge, 0.8, "neutral",
            ("net_gamma_ratio", 0.5), ("call_wall_distance_pct", 0.4), ("put_wall_distance_pct", -3), ("hedge_regime_energy", 0.5), ("spot", 100)).Build();
        var p = new HedgeAgentV3().Suggest(pin, SnapshotFactory.Run);
        Assert.Equal(SuggestionAction.Flat, p.Action);
        Assert.Contains("pin", p.Tags);
        Assert.Equal(0.8 * (0.4 + (0.6 * 0.5)), p.Confidence, 12);

        var squeeze = new SnapshotFactory().Engine(EngineKind.Hedge, 0.8, "gamma_squeeze",
            ("net_gamma_ratio", 0.6), ("call_overhang_share", 0.8), ("spot", 100), ("call_wall", 104)).Build();
        var q = new HedgeAgentV3().Suggest(squeeze, SnapshotFactory.Run);
        Assert.Equal(SuggestionAction.Long, q.Action);
        Assert.Equal(0.8 * 0.9, q.Confidence, 12);
        Assert.Equal(104, q.Forecast["target_price"]);
    }

    [Fact]
    public void Agents_without_their_engine_stay_flat_with_zero_confidence()
    {
        var snapshot = Empty.Build();
        foreach (var agent in new Ports.IPrimaryAgent[] { new HedgeAgentV3(), new LiquidityAgentV1() })
        {
            var s = agent.Suggest(snapshot, SnapshotFactory.Run);
            Assert.Equal(SuggestionAction.Flat, s.Action);
            Assert.Equal(0, s.Confidence);
        }
        Assert.Equal(SuggestionAction.Flat, new SentimentAgentV1().Suggest(snapshot, SnapshotFactory.Run).Action);
    }

    [Fact]
    public void Liquidity_one_sided_flow_into_a_void_continues_and_into_a_magnet_chokes()
    {
        var intoVoid = new SnapshotFactory().Engine(EngineKind.Liquidity, 0.8, "one_sided_flow",
            ("ofi", 0.7), ("spot_price", 100), ("void_above_distance_pct", 0.4), ("magnet_above_distance_pct", 1.2), ("liquidity_void_score", 0.6)).Build();
        var c = new LiquidityAgentV1().Suggest(intoVoid, SnapshotFactory.Run);
        Assert.Equal(SuggestionAction.Long, c.Action);
        Assert.Contains("continuation", c.Tags);
        Assert.Equal(0.8 * 0.7 * 0.8, c.Confidence, 12);

        var intoMagnet = new SnapshotFactory().Engine(EngineKind.Liquidity, 0.8, "one_sided_flow",
            ("ofi", -0.7), ("spot_price", 100), ("void_below_distance_pct", 2.0), ("magnet_below_distance_pct", 0.3)).Build();
        var m = new LiquidityAgentV1().Suggest(intoMagnet, SnapshotFactory.Run);
        Assert.Equal(SuggestionAction.Flat, m.Action);
        Assert.Contains("choke", m.Tags);
    }

    [Fact]
    public void Liquidity_breakout_needs_flow_and_a_breakout_without_flow_is_faded()
    {
        var breakout = new SnapshotFactory().Engine(EngineKind.Liquidity, 0.8, "normal",
            ("ofi", 0.2), ("spot_price", 101), ("value_area_high", 100), ("value_area_low", 98)).Build();
        Assert.Equal(SuggestionAction.Long, new LiquidityAgentV1().Suggest(breakout, SnapshotFactory.Run).Action);
        var fake = new SnapshotFactory().Engine(EngineKind.Liquidity, 0.8, "normal",
            ("ofi", -0.05), ("spot_price", 101), ("value_area_high", 100), ("value_area_low", 98)).Build();
        var f = new LiquidityAgentV1().Suggest(fake, SnapshotFactory.Run);
        Assert.Equal(SuggestionAction.Short, f.Action);
        Assert.Contains("fake_breakout", f.Tags);
    }

    [Fact]
    public void Sentiment_aligned_strengthens_divergence_and_news_shock_are_flagged()
    {
        var aligned = new SnapshotFactory().Engine(EngineKind.Sentiment, 0.7, "bullish_news",
            ("sentiment_score", 0.6), ("sentiment_confidence", 0.7), ("news_sentiment_score", 0.7), ("news_sentiment_confidence", 0.8),
            ("flow_sentiment_score", 0.3), ("technical_sentiment_score", 0.4)).Build();
        var a = new SentimentAgentV1().Suggest(aligned, SnapshotFactory.Run);
        Assert.Equal(SuggestionAction.Long, a.Action);
        Assert.Contains("aligned_sentiment", a.Tags);
        Assert.Contains("news_shock", a.Tags);
        Assert.Equal(Math.Min(1, 0.7 * 1.25), a.Confidence, 12);

        var divergent = new SnapshotFactory().Engine(EngineKind.Sentiment, 0.7, "mixed",
            ("sentiment_score", 0.3), ("sentiment_confidence", 0.6), ("news_sentiment_score", 0.5), ("technical_sentiment_score", -0.4)).Build();
        var d = new SentimentAgentV1().Suggest(divergent, SnapshotFactory.Run);
        Assert.Contains("sentiment_divergence", d.Tags);
        Assert.Equal(0.6 * 0.5, d.Confidence, 12);

        var quiet = new SnapshotFactory().Engine(EngineKind.Sentiment, 0.3, "quiet", ("sentiment_score", 0.05), ("sentiment_confidence", 0.1)).Build();
        Assert.Equal(SuggestionAction.Flat, new SentimentAgentV1().Suggest(quiet, SnapshotFactory.Run).Action);
    }
}
