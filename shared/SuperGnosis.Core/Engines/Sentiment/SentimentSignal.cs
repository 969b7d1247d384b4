namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>What one processor (news, flow, technical) concluded: score in [-1, 1], confidence in [0, 1].</summary>
public readonly record struct SentimentSignal(double Score, double Confidence)
{
    public static SentimentSignal Create(double score, double confidence) =>
        new(double.IsFinite(score) ? Math.Clamp(score, -1, 1) : 0, double.IsFinite(confidence) ? Math.Clamp(confidence, 0, 1) : 0);
}
