using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;
using static SuperGnosis.Core.Agents.AgentMath;

namespace SuperGnosis.Core.Agents;

/// <summary>Thresholds of <see cref="SentimentAgentV1"/> (defaults in docs/agents.md).</summary>
public sealed record SentimentAgentRules
{
    /// <summary>Below this sentiment confidence the agent stays flat.</summary>
    public double MinConfidence { get; init; } = 0.2;

    /// <summary>|sentiment_score| at or above this is a directional view.</summary>
    public double DirectionalScore { get; init; } = 0.15;

    /// <summary>|score| at or above this with every processor agreeing is "strong aligned sentiment".</summary>
    public double StrongScore { get; init; } = 0.3;

    /// <summary>News and technical scores of opposite sign, each at least this large: sentiment diverges from price.</summary>
    public double DivergenceScore { get; init; } = 0.2;

    /// <summary>|news score| at or above this with news confidence at or above <see cref="NewsShockConfidence"/>: a news shock.</summary>
    public double NewsShockScore { get; init; } = 0.6;

    public double NewsShockConfidence { get; init; } = 0.5;

    public double HorizonDays { get; init; } = 3;
}

/// <summary>
/// Sentiment agent v1. Quiet or low-confidence sentiment -> flat. Otherwise the direction of the fused
/// score; strong sentiment with news, flow and technicals agreeing strengthens the confidence; news and
/// price-based (technical) sentiment of opposite sign flags <c>sentiment_divergence</c> and halves it; a
/// strong, confident news score flags <c>news_shock</c>.
/// </summary>
public sealed class SentimentAgentV1(SentimentAgentRules? rules = null) : IPrimaryAgent
{
    private readonly SentimentAgentRules _rules = rules ?? new SentimentAgentRules();

    public string Layer => "primary_sentiment";

    public Suggestion Suggest(StandardSnapshot snapshot, RunContext run)
    {
        var f = snapshot.Sentiment;
        var forecast = new Dictionary<string, double> { ["horizon_days"] = _rules.HorizonDays };
        var regime = EngineRegime(snapshot, EngineKind.Sentiment) ?? SentimentEngine.RegimeQuiet;
        var score = Get(f, "sentiment_score") ?? 0;
        var confidence = Get(f, "sentiment_confidence") ?? 0;
        var news = Get(f, "news_sentiment_score") ?? 0;
        var newsConfidence = Get(f, "news_sentiment_confidence") ?? 0;
        var flow = Get(f, "flow_sentiment_score") ?? 0;
        var technical = Get(f, "technical_sentiment_score") ?? 0;
        var tags = new List<string> { "sentiment_regime:" + regime };
        var cited = $"score {F(score)} (news {F(news)}, flow {F(flow)}, technical {F(technical)}), confidence {F(confidence)}, regime {regime}";
        forecast["exp_move_pct"] = 0;

        if (f.Count == 0 || regime == SentimentEngine.RegimeQuiet || confidence < _rules.MinConfidence || Math.Abs(score) < _rules.DirectionalScore)
        {
            tags.Add("quiet");
            return Make(run, Layer, snapshot, SuggestionAction.Flat, confidence * 0.3, forecast, $"No decisive sentiment ({cited}).", tags);
        }
        var direction = Math.Sign(score);
        var strength = confidence * Math.Min(1, Math.Abs(score) / _rules.StrongScore);
        var parts = new[] { news, flow, technical }.Where(x => x != 0).ToArray();
        if (Math.Abs(score) >= _rules.StrongScore && parts.Length >= 2 && parts.All(x => Math.Sign(x) == direction))
        {
            strength = Math.Min(1, strength * 1.25);
            tags.Add("aligned_sentiment");
        }
        if (Math.Abs(news) >= _rules.DivergenceScore && Math.Abs(technical) >= _rules.DivergenceScore && Math.Sign(news) != Math.Sign(technical))
        {
            strength *= 0.5;
            tags.Add("sentiment_divergence");
        }
        if (Math.Abs(news) >= _rules.NewsShockScore && newsConfidence >= _rules.NewsShockConfidence)
        {
            tags.Add("news_shock");
        }
        forecast["exp_move_pct"] = Math.Abs(score) * 2;
        return Make(run, Layer, snapshot, FromDirection(direction), strength, forecast,
            $"{(direction > 0 ? "Bullish" : "Bearish")} sentiment ({cited}).", tags);
    }
}
