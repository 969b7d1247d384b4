using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>Settings of <see cref="NewsSentimentAggregator"/>.</summary>
public sealed record NewsAggregationOptions
{
    /// <summary>A headline's weight halves every half-life of age (age = asOf - timestamp).</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Weight per source name (case-insensitive); sources not listed get <see cref="DefaultSourceWeight"/>.</summary>
    public IReadOnlyDictionary<string, double> SourceWeights { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    public double DefaultSourceWeight { get; init; } = 1.0;

    /// <summary>Effective independent-headline count at which the count factor reaches 1 - 1/e.</summary>
    public double CountScale { get; init; } = 3.0;
}

/// <summary>The news processor's result with the counts behind it.</summary>
public sealed record NewsSentiment(SentimentSignal Signal, int HeadlineCount, int IndependentCount, double EffectiveCount, double Disagreement);

/// <summary>
/// Aggregates a symbol's scored headlines (docs/sentiment.md, "News aggregation"). Duplicates (same normalised
/// text, e.g. syndicated copies) count once, keeping the earliest. Weight w_i = source weight x
/// 0.5^(age / half-life) x model confidence. Score = sum(w_i s_i) / sum(w_i). Confidence = (1 - exp(-n_eff / scale))
/// x (1 - disagreement) x mean model confidence, where n_eff = (sum v_i)^2 / sum v_i^2 over v_i = source x decay
/// weights (Kish effective count) and disagreement = weighted standard deviation of s_i (0..1).
/// </summary>
internal sealed class NewsSentimentAggregator(IHeadlineSentimentModel model, NewsAggregationOptions? options = null)
{
    private readonly NewsAggregationOptions _options = Validate(options ?? new NewsAggregationOptions());

    /// <summary>Null when no usable headline at or before <paramref name="asOf"/> exists (processor missing).</summary>
    public NewsSentiment? Aggregate(IReadOnlyList<NewsHeadline> headlines, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(headlines);
        var unique = new Dictionary<string, NewsHeadline>(StringComparer.Ordinal);
        var raw = 0;
        foreach (var h in headlines)
        {
            if (h is null || string.IsNullOrWhiteSpace(h.Text) || h.Timestamp > asOf)
            {
                continue;
            }
            raw++;
            var key = string.Join(' ', HeadlineNormalizer.Normalize(h.Text).Tokens);
            if (key.Length == 0)
            {
                continue;
            }
            if (!unique.TryGetValue(key, out var existing) || h.Timestamp < existing.Timestamp)
            {
                unique[key] = h;
            }
        }
        if (unique.Count == 0)
        {
            return null;
        }

        double sumW = 0, sumWS = 0, sumV = 0, sumV2 = 0, sumVC = 0;
        var scored = new List<(double W, double S)>(unique.Count);
        foreach (var h in unique.Values)
        {
            var sentiment = model.Score(h.Text);
            var ageHours = Math.Max(0, (asOf - h.Timestamp).TotalHours);
            var decay = Math.Pow(0.5, ageHours / _options.HalfLife.TotalHours);
            var v = SourceWeight(h.Source) * decay;
            var w = v * sentiment.Confidence;
            sumV += v;
            sumV2 += v * v;
            sumVC += v * sentiment.Confidence;
            sumW += w;
            sumWS += w * sentiment.Score;
            scored.Add((w, sentiment.Score));
        }
        if (!(sumV > 0))
        {
            return new NewsSentiment(SentimentSignal.Create(0, 0), raw, unique.Count, 0, 0);
        }
        var score = sumW > 0 ? sumWS / sumW : 0;
        double variance = 0;
        if (sumW > 0)
        {
            foreach (var (w, s) in scored)
            {
                variance += w * (s - score) * (s - score);
            }
            variance /= sumW;
        }
        var disagreement = Math.Min(1, Math.Sqrt(variance));
        var effectiveCount = sumV * sumV / sumV2;
        var countFactor = 1 - Math.Exp(-effectiveCount / _options.CountScale);
        var meanModelConfidence = sumVC / sumV;
        var confidence = countFactor * (1 - disagreement) * meanModelConfidence;
        return new NewsSentiment(SentimentSignal.Create(score, confidence), raw, unique.Count, effectiveCount, disagreement);
    }

    private double SourceWeight(string? source) =>
        source is not null && _options.SourceWeights.TryGetValue(source, out var w) ? w : _options.DefaultSourceWeight;

    private static NewsAggregationOptions Validate(NewsAggregationOptions o)
    {
        if (!(o.HalfLife > TimeSpan.Zero) || !(o.CountScale > 0) || !(o.DefaultSourceWeight >= 0)
            || o.SourceWeights.Values.Any(w => !(w >= 0) || !double.IsFinite(w)))
        {
            throw new ArgumentException("half-life and count scale must be > 0 and source weights finite and >= 0", nameof(o));
        }
        return o;
    }
}
