using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Ports;
using static SuperGnosis.Core.Agents.AgentMath;

namespace SuperGnosis.Core.Agents.Composer;

/// <summary>Composer weights and thresholds (defaults in docs/agents.md).</summary>
public sealed record ComposerOptions
{
    /// <summary>Vote weight per suggestion layer; layers not listed get <see cref="DefaultWeight"/>.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>
    {
        ["primary_hedge"] = 0.4,
        ["primary_liquidity"] = 0.3,
        ["primary_sentiment"] = 0.3,
    };

    public double DefaultWeight { get; init; } = 0.2;

    /// <summary>Weight of a lookahead forecast (<c>lookahead_return_pct</c>) when one is present.</summary>
    public double LookaheadWeight { get; init; } = 0.2;

    /// <summary>A lookahead return within +-this percent votes flat.</summary>
    public double LookaheadDeadbandPct { get; init; } = 0.25;
}

/// <summary>
/// Composer v1: weighted voting over the primary suggestions (plus a lookahead forecast as one more voter
/// when present). All agree -> that stance at their weighted confidence; a majority against a minority ->
/// the majority's stance with its confidence reduced by the minority's weighted strength; no majority ->
/// <c>spread</c> (range: dealers long gamma / high resistance) or <c>complex</c> (movement expected),
/// never a pure direction. Elasticity and hedge regimes then steer the strategy family, given as
/// <c>use_&lt;strategy&gt;</c> hints in tags (priority order) and as forecast fields.
/// </summary>
/// <param name="options">Weights and lookahead settings.</param>
/// <param name="parameterVersion">
/// The feedback parameter version the options come from (<c>v000003</c>); when given, every composite carries the tag
/// <c>parameter_version:&lt;label&gt;</c> so the ledger records which version made the decision (docs/metrics.md, "Feedback").
/// </param>
public sealed class ComposerV1(ComposerOptions? options = null, string? parameterVersion = null) : IComposerAgent
{
    public const string Layer = "composer";

    /// <summary>Prefix of the composite's tag naming the parameter version that made the decision.</summary>
    public const string ParameterVersionTagPrefix = "parameter_version:";

    private readonly ComposerOptions _options = options ?? new ComposerOptions();

    public Suggestion Compose(StandardSnapshot snapshot, IReadOnlyList<Suggestion> primarySuggestions, RunContext run)
    {
        ArgumentNullException.ThrowIfNull(primarySuggestions);
        var votes = primarySuggestions.Select(s => new Vote(s.Layer, Bucket(s.Action), Weight(s.Layer), s.Confidence, s.Forecast)).ToList();
        if (Lookahead(snapshot, primarySuggestions) is { } lookahead)
        {
            votes.Add(lookahead);
        }
        var tags = new List<string>();
        var forecast = new Dictionary<string, double>();
        if (votes.Count == 0)
        {
            return Make(run, Layer, snapshot, SuggestionAction.Flat, 0, forecast, "no primary suggestions", parameterVersion is null ? ["no_votes"] : ["no_votes", ParameterVersionTagPrefix + parameterVersion]);
        }
        var totalWeight = votes.Sum(v => v.Weight);
        var groups = votes.GroupBy(v => v.Action).Select(g => (Action: g.Key, Votes: g.ToList(), Weight: g.Sum(v => v.Weight)))
            .OrderByDescending(g => g.Votes.Count).ThenByDescending(g => g.Weight).ToList();
        var top = groups[0];
        SuggestionAction action;
        double confidence;
        string verdict;
        if (groups.Count == 1)
        {
            action = top.Action;
            confidence = WeightedConfidence(top.Votes);
            tags.Add("consensus");
            verdict = $"all {votes.Count} agree on {Name(action)}";
        }
        else if (top.Votes.Count * 2 > votes.Count)
        {
            var minority = votes.Where(v => v.Action != top.Action).ToList();
            var minorityStrength = minority.Sum(v => v.Weight * v.Confidence) / totalWeight;
            action = top.Action;
            confidence = WeightedConfidence(top.Votes) * (1 - minorityStrength);
            tags.Add($"majority_{top.Votes.Count}_of_{votes.Count}");
            tags.AddRange(minority.Select(v => "dissent:" + v.Layer));
            verdict = $"{top.Votes.Count} of {votes.Count} say {Name(action)}; dissent from {string.Join(", ", minority.Select(v => $"{v.Layer} ({Name(v.Action)} {F(v.Confidence)})"))} cuts confidence by {F(minorityStrength)}";
        }
        else
        {
            var range = IsRange(snapshot);
            action = range ? SuggestionAction.Spread : SuggestionAction.Complex;
            confidence = votes.Max(v => v.Confidence) * 0.5;
            tags.Add("conflict");
            verdict = $"no majority ({string.Join(", ", votes.Select(v => $"{v.Layer} {Name(v.Action)}"))}): {(range ? "range regime, no pure direction" : "movement expected, no pure direction")}";
        }

        foreach (var key in new[] { "horizon_days", "exp_move_pct" })
        {
            var weighted = votes.Where(v => v.Forecast.ContainsKey(key)).ToList();
            if (weighted.Count > 0)
            {
                forecast[key] = weighted.Sum(v => v.Weight * v.Forecast[key]) / weighted.Sum(v => v.Weight);
            }
        }
        foreach (var key in new[] { "target_price", "stop_price" })
        {
            // Levels come from the voters that share the composite direction.
            if (votes.Where(v => v.Action == action && v.Forecast.ContainsKey(key)).OrderByDescending(v => v.Weight).FirstOrDefault() is { } source)
            {
                forecast[key] = source.Forecast[key];
            }
        }
        var (adjusted, hints, regimeNote) = Steer(snapshot, action, confidence);
        tags.AddRange(hints.Select(h => "use_" + h));
        if (parameterVersion is not null)
        {
            tags.Add(ParameterVersionTagPrefix + parameterVersion);
        }
        forecast["direction"] = Direction(action);
        return Make(run, Layer, snapshot, action, adjusted, forecast, verdict + regimeNote, tags);
    }

    /// <summary>
    /// Regime steering. Elasticity: low_resistance favours buying options (debit), high_resistance selling
    /// premium (credit); asymmetric_up/down against the stance cuts confidence by 20%. Hedge pin favours
    /// iron butterflies when flat.
    /// </summary>
    private static (double Confidence, List<string> Hints, string Note) Steer(StandardSnapshot snapshot, SuggestionAction action, double confidence)
    {
        var elasticity = EngineRegime(snapshot, EngineKind.Elasticity);
        var hedge = EngineRegime(snapshot, EngineKind.Hedge);
        var lowResistance = elasticity == ElasticityRegimes.LowResistance;
        var highResistance = elasticity == ElasticityRegimes.HighResistance;
        var hints = new List<string>();
        var note = elasticity is null ? string.Empty : $"; elasticity {elasticity}";
        switch (action)
        {
            case SuggestionAction.Long:
                if (elasticity == ElasticityRegimes.AsymmetricDown)
                {
                    confidence *= 0.8;
                    note += " (resistance favours the downside: confidence cut)";
                }
                hints.AddRange(highResistance ? ["bull_put_spread", "call_debit_spread"] : lowResistance ? ["long_call", "call_debit_spread"] : ["call_debit_spread", "bull_put_spread"]);
                break;
            case SuggestionAction.Short:
                if (elasticity == ElasticityRegimes.AsymmetricUp)
                {
                    confidence *= 0.8;
                    note += " (resistance favours the upside: confidence cut)";
                }
                hints.AddRange(highResistance ? ["bear_call_spread", "put_debit_spread"] : lowResistance ? ["long_put", "put_debit_spread"] : ["put_debit_spread", "bear_call_spread"]);
                break;
            case SuggestionAction.Flat:
                if (hedge == HedgeRegimes.Pin)
                {
                    hints.Add("iron_butterfly");
                }
                if (highResistance || hedge == HedgeRegimes.Pin)
                {
                    hints.Add("iron_condor");
                }
                break;
            case SuggestionAction.Spread:
                hints.AddRange(["iron_condor", "iron_butterfly"]);
                break;
            case SuggestionAction.Complex:
                hints.AddRange(lowResistance ? ["long_straddle", "long_strangle"] : ["long_strangle", "calendar_spread"]);
                break;
        }
        return (Math.Clamp(confidence, 0, 1), hints, note);
    }

    private static bool IsRange(StandardSnapshot snapshot) =>
        EngineRegime(snapshot, EngineKind.Hedge) == HedgeRegimes.Pin
        || EngineRegime(snapshot, EngineKind.Elasticity) == ElasticityRegimes.HighResistance
        || (snapshot.Hedge.TryGetValue(HedgeFeatureNames.NetGammaRatio, out var n) && n >= 0.3);

    /// <summary>A lookahead forecast (<c>lookahead_return_pct</c>, optional <c>lookahead_confidence</c>) from any engine's
    /// features or any suggestion's forecast votes like one more agent.</summary>
    private Vote? Lookahead(StandardSnapshot snapshot, IReadOnlyList<Suggestion> suggestions)
    {
        IReadOnlyDictionary<string, double>? source = suggestions.Select(s => s.Forecast).FirstOrDefault(f => f.ContainsKey("lookahead_return_pct"));
        source ??= new[] { snapshot.Hedge, snapshot.Liquidity, snapshot.Sentiment, snapshot.Elasticity }.FirstOrDefault(f => f.ContainsKey("lookahead_return_pct"));
        if (source is null)
        {
            return null;
        }
        var expected = source["lookahead_return_pct"];
        var action = Math.Abs(expected) <= _options.LookaheadDeadbandPct ? SuggestionAction.Flat : FromDirection(Math.Sign(expected));
        var confidence = source.TryGetValue("lookahead_confidence", out var c) ? Math.Clamp(c, 0, 1) : 0.5;
        return new Vote("lookahead", action, _options.LookaheadWeight, confidence, new Dictionary<string, double> { ["exp_move_pct"] = Math.Abs(expected) });
    }

    private double Weight(string layer) => _options.Weights.TryGetValue(layer, out var w) ? w : _options.DefaultWeight;

    /// <summary>Spread and complex votes count with flat: none of them is a pure direction.</summary>
    private static SuggestionAction Bucket(SuggestionAction action) => Direction(action) == 0 ? SuggestionAction.Flat : action;

    private static double WeightedConfidence(List<Vote> votes) => votes.Sum(v => v.Weight * v.Confidence) / votes.Sum(v => v.Weight);

    private static string Name(SuggestionAction action) => action.ToString().ToLowerInvariant();

    private sealed record Vote(string Layer, SuggestionAction Action, double Weight, double Confidence, IReadOnlyDictionary<string, double> Forecast);
}
