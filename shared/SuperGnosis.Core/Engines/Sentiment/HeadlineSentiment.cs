namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>Tone class of one headline.</summary>
public enum SentimentLabel
{
    Negative = 0,
    Positive = 1,
    Neutral = 2,
}

/// <summary>
/// The model's judgement of one headline: class probabilities (summing to 1), the label with the
/// highest probability, <see cref="Score"/> = P(positive) - P(negative) in [-1, 1], and
/// <see cref="Confidence"/> in [0, 1] (the top probability, lowered for hedged language).
/// </summary>
public readonly record struct HeadlineSentiment(
    SentimentLabel Label,
    double ProbabilityNegative,
    double ProbabilityPositive,
    double ProbabilityNeutral,
    double Score,
    double Confidence,
    bool IsHedged)
{
    /// <summary>Confidence factor for hedged language ("may", "reportedly", ...).</summary>
    public const double HedgeConfidenceFactor = 0.75;

    /// <summary>
    /// The judgement for class probabilities (negative, positive, neutral): label = argmax (ties to the first),
    /// score = P(positive) - P(negative), confidence = max P x <see cref="HedgeConfidenceFactor"/> when hedged, and 0
    /// when the headline has nothing readable (the prior decides then).
    /// </summary>
    public static HeadlineSentiment FromProbabilities(ReadOnlySpan<double> p, bool hedged, bool readable = true)
    {
        var label = (SentimentLabel)ClassProbabilities.ArgMax(p);
        var confidence = readable ? p[(int)label] * (hedged ? HedgeConfidenceFactor : 1.0) : 0;
        var score = Math.Clamp(p[(int)SentimentLabel.Positive] - p[(int)SentimentLabel.Negative], -1.0, 1.0);
        return new HeadlineSentiment(label, p[0], p[1], p[2], score, Math.Clamp(confidence, 0.0, 1.0), hedged);
    }
}

/// <summary>Label parsing shared by the training data reader and the CLI.</summary>
public static class SentimentLabels
{
    /// <summary>
    /// Accepts the dataset's numeric labels (0 bearish, 1 bullish, 2 neutral) and the words
    /// negative|bearish, positive|bullish, neutral (any case).
    /// </summary>
    public static bool TryParse(string? text, out SentimentLabel label)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "0" or "negative" or "bearish" or "neg":
                label = SentimentLabel.Negative;
                return true;
            case "1" or "positive" or "bullish" or "pos":
                label = SentimentLabel.Positive;
                return true;
            case "2" or "neutral" or "neu":
                label = SentimentLabel.Neutral;
                return true;
            default:
                label = default;
                return false;
        }
    }

    /// <summary>Lower-case word for output: <c>positive|negative|neutral</c>.</summary>
    public static string ToWord(SentimentLabel label) => label switch
    {
        SentimentLabel.Negative => "negative",
        SentimentLabel.Positive => "positive",
        SentimentLabel.Neutral => "neutral",
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };
}
