using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>Settings of <see cref="SentimentEngine"/>; base weights are re-normalised over the processors present.</summary>
public sealed record SentimentEngineOptions
{
    public TimeSpan NewsLookback { get; init; } = TimeSpan.FromDays(3);

    public TimeSpan BarLookback { get; init; } = TimeSpan.FromDays(180);

    public TimeSpan PrintsLookback { get; init; } = TimeSpan.FromDays(1);

    public NewsAggregationOptions News { get; init; } = new();

    public double NewsWeight { get; init; } = 0.5;

    public double FlowWeight { get; init; } = 0.3;

    public double TechnicalWeight { get; init; } = 0.2;
}

/// <summary>
/// The sentiment engine (docs/sentiment.md): news, options flow and technical processors, each giving
/// (score, confidence), fused by a confidence-weighted average. A processor whose data is missing or whose source
/// fails is dropped and the others re-weighted; the output is then flagged degraded and its confidence scaled by
/// 0.5 + 0.5 x (base weight of the processors present).
/// </summary>
public sealed class SentimentEngine : IEngine
{
    public const string RegimeBullishNews = "bullish_news";
    public const string RegimeBearishNews = "bearish_news";
    public const string RegimeMixed = "mixed";
    public const string RegimeQuiet = "quiet";

    /// <summary>Below this aggregate confidence, or this energy, the regime is quiet.</summary>
    public const double QuietConfidence = 0.2;
    public const double QuietEnergy = 0.05;

    /// <summary>Processor disagreement above this, or |score| below <see cref="MixedScore"/>, is mixed.</summary>
    public const double MixedDisagreement = 0.5;
    public const double MixedScore = 0.15;

    private readonly NewsSentimentAggregator _news;
    private readonly INewsSource? _newsSource;
    private readonly IOptionsChainSource? _chainSource;
    private readonly IMarketDataSource? _marketData;
    private readonly IOptionPrintsSource? _prints;
    private readonly SentimentEngineOptions _options;

    public SentimentEngine(
        IHeadlineSentimentModel model,
        INewsSource? newsSource,
        IOptionsChainSource? chainSource,
        IMarketDataSource? marketData,
        IOptionPrintsSource? prints = null,
        SentimentEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new SentimentEngineOptions();
        if (!(_options.NewsWeight >= 0 && _options.FlowWeight >= 0 && _options.TechnicalWeight >= 0)
            || !(_options.NewsWeight + _options.FlowWeight + _options.TechnicalWeight > 0))
        {
            throw new ArgumentException("processor weights must be >= 0 with a positive sum", nameof(options));
        }
        _news = new NewsSentimentAggregator(model, _options.News);
        _newsSource = newsSource;
        _chainSource = chainSource;
        _marketData = marketData;
        _prints = prints;
    }

    public EngineKind Kind => EngineKind.Sentiment;

    public IReadOnlyList<EngineKind> DependsOn => [];

    public async Task<EngineOutput> RunAsync(string symbol, DateTimeOffset asOf, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);

        NewsSentiment? news = null;
        if (_newsSource is null)
        {
            metadata["news_status"] = "no news source configured";
        }
        else
        {
            try
            {
                var headlines = await _newsSource.GetHeadlinesAsync(symbol, asOf - _options.NewsLookback, asOf, cancellationToken).ConfigureAwait(false);
                news = _news.Aggregate(headlines, asOf);
                metadata["news_status"] = news is null ? "no headlines in lookback" : "ok";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metadata["news_status"] = "source failed: " + ex.Message;
            }
        }

        FlowSentiment? flow = null;
        if (_chainSource is null)
        {
            metadata["flow_status"] = "no option chain source configured";
        }
        else
        {
            try
            {
                var chain = await _chainSource.GetChainAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<OptionPrint>? prints = null;
                if (_prints is not null)
                {
                    prints = await _prints.GetPrintsAsync(symbol, asOf - _options.PrintsLookback, asOf, cancellationToken).ConfigureAwait(false);
                }
                flow = FlowSentimentProcessor.Compute(chain, asOf, prints);
                metadata["flow_status"] = flow is null ? "no traded contracts in chain" : "ok";
                if (flow is { SkippedContracts: > 0 })
                {
                    metadata["flow_skipped_contracts"] = flow.SkippedContracts.ToString();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metadata["flow_status"] = "source failed: " + ex.Message;
            }
        }

        TechnicalSentiment? technical = null;
        if (_marketData is null)
        {
            metadata["technical_status"] = "no market data source configured";
        }
        else
        {
            try
            {
                var bars = await _marketData.GetBarsAsync(symbol, BarInterval.Daily, asOf - _options.BarLookback, asOf, cancellationToken).ConfigureAwait(false);
                var valid = bars.Where(b => b.Timestamp <= asOf && IsValidBar(b)).ToArray();
                if (valid.Length < bars.Count)
                {
                    metadata["technical_invalid_bars"] = (bars.Count - valid.Length).ToString();
                }
                technical = TechnicalSentimentProcessor.Compute(valid);
                metadata["technical_status"] = technical is null ? "too few bars" : "ok";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                metadata["technical_status"] = "source failed: " + ex.Message;
            }
        }

        return Fuse(symbol, asOf, news, flow, technical, metadata);
    }

    /// <summary>Fuses processor results into the engine output (public so hosts and tests can fuse precomputed signals).</summary>
    public EngineOutput Fuse(string symbol, DateTimeOffset asOf, NewsSentiment? news, FlowSentiment? flow, TechnicalSentiment? technical, Dictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var parts = new List<(string Name, double BaseWeight, SentimentSignal Signal)>(3);
        if (news is not null)
        {
            parts.Add(("news", _options.NewsWeight, news.Signal));
        }
        if (flow is not null)
        {
            parts.Add(("flow", _options.FlowWeight, flow.Signal));
        }
        if (technical is not null)
        {
            parts.Add(("technical", _options.TechnicalWeight, technical.Signal));
        }
        var totalBase = _options.NewsWeight + _options.FlowWeight + _options.TechnicalWeight;
        var presentBase = parts.Sum(p => p.BaseWeight);

        double score = 0, confidence = 0, disagreement = 0;
        if (presentBase > 0)
        {
            var sumWc = parts.Sum(p => p.BaseWeight * p.Signal.Confidence);
            score = sumWc > 0 ? parts.Sum(p => p.BaseWeight * p.Signal.Confidence * p.Signal.Score) / sumWc : 0;
            confidence = sumWc / presentBase;
            if (sumWc > 0)
            {
                disagreement = Math.Sqrt(parts.Sum(p => p.BaseWeight * p.Signal.Confidence * (p.Signal.Score - score) * (p.Signal.Score - score)) / sumWc);
            }
        }
        var missing = new[] { ("news", news is null), ("flow", flow is null), ("technical", technical is null) }
            .Where(m => m.Item2).Select(m => m.Item1).ToArray();
        if (missing.Length > 0)
        {
            confidence *= 0.5 + 0.5 * presentBase / totalBase;
            metadata[EngineOutput.DegradedKey] = "missing processors: " + string.Join(", ", missing);
        }
        score = Math.Clamp(score, -1, 1);
        confidence = Math.Clamp(confidence, 0, 1);
        var energy = Math.Abs(score) * confidence;

        var features = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["sentiment_score"] = score,
            ["sentiment_confidence"] = confidence,
            ["sentiment_energy"] = energy,
            ["sentiment_disagreement"] = disagreement,
            ["news_sentiment_score"] = news?.Signal.Score ?? 0,
            ["news_sentiment_confidence"] = news?.Signal.Confidence ?? 0,
            ["news_headline_count"] = news?.HeadlineCount ?? 0,
            ["news_independent_headline_count"] = news?.IndependentCount ?? 0,
            ["news_disagreement"] = news?.Disagreement ?? 0,
            ["flow_sentiment_score"] = flow?.Signal.Score ?? 0,
            ["flow_sentiment_confidence"] = flow?.Signal.Confidence ?? 0,
            ["flow_volume_to_open_interest"] = flow?.VolumeToOpenInterest ?? 0,
            ["flow_unusual_contracts"] = flow?.UnusualContracts ?? 0,
            ["technical_sentiment_score"] = technical?.Signal.Score ?? 0,
            ["technical_sentiment_confidence"] = technical?.Signal.Confidence ?? 0,
        };
        metadata["processors"] = parts.Count == 0 ? "none" : string.Join(",", parts.Select(p => p.Name));
        if (flow is not null)
        {
            metadata["flow_aggressor_signed"] = flow.AggressorSigned ? "true" : "false";
        }
        return new EngineOutput(EngineKind.Sentiment, symbol, asOf, features, confidence, Regime(score, confidence, energy, disagreement), metadata);
    }

    /// <summary>quiet (too little confidence or energy), else mixed (processors disagree or score near 0), else by sign.</summary>
    public static string Regime(double score, double confidence, double energy, double disagreement)
    {
        if (confidence < QuietConfidence || energy < QuietEnergy)
        {
            return RegimeQuiet;
        }
        if (disagreement > MixedDisagreement || Math.Abs(score) < MixedScore)
        {
            return RegimeMixed;
        }
        return score > 0 ? RegimeBullishNews : RegimeBearishNews;
    }

    private static bool IsValidBar(Bar b) =>
        double.IsFinite(b.Open) && double.IsFinite(b.High) && double.IsFinite(b.Low) && double.IsFinite(b.Close)
        && b.Low > 0 && b.High >= b.Low && b.Close >= b.Low && b.Close <= b.High && b.Open >= b.Low && b.Open <= b.High;
}
