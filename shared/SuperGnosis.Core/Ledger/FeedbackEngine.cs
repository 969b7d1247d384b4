namespace SuperGnosis.Core.Ledger;

/// <summary>Bounds and evidence rule of the <see cref="FeedbackEngine"/> (defaults in docs/metrics.md, "Feedback").</summary>
public sealed record FeedbackOptions
{
    /// <summary>Shrinkage constant k: a target moves from the default by n / (n + k) of its full evidence-driven distance.</summary>
    public double ShrinkageTrades { get; init; } = 30;

    /// <summary>Largest change of a composer weight in one update (absolute).</summary>
    public double MaxWeightStep { get; init; } = 0.05;

    /// <summary>Composer weights stay within [default * (1 - this), default * (1 + this)].</summary>
    public double MaxWeightDeviation { get; init; } = 0.5;

    /// <summary>Largest relative change of the risk fraction in one update (0.2 = at most x1.2 or /1.2).</summary>
    public double MaxRiskStepRatio { get; init; } = 0.2;

    /// <summary>The risk fraction stays within [default / this, default * this].</summary>
    public double MaxRiskDeviationRatio { get; init; } = 2;

    /// <summary>A drawdown above this caps the risk target at half the default.</summary>
    public double DrawdownLimit { get; init; } = 0.2;

    /// <summary>Largest change of the trade agent's minimum confidence in one update (absolute).</summary>
    public double MaxThresholdStep { get; init; } = 0.02;

    /// <summary>The minimum confidence stays within default +- this.</summary>
    public double MaxThresholdDeviation { get; init; } = 0.15;

    public FeedbackOptions Validated()
    {
        static void Positive(double v, string name)
        {
            if (!double.IsFinite(v) || v <= 0)
            {
                throw new ArgumentException($"{name} must be positive (got {v})", name);
            }
        }
        Positive(ShrinkageTrades, "shrinkage_trades");
        Positive(MaxWeightStep, "max_weight_step");
        Positive(MaxRiskStepRatio, "max_risk_step_ratio");
        Positive(MaxThresholdStep, "max_threshold_step");
        Positive(MaxThresholdDeviation, "max_threshold_deviation");
        Positive(DrawdownLimit, "drawdown_limit");
        if (!double.IsFinite(MaxWeightDeviation) || MaxWeightDeviation is <= 0 or >= 1)
        {
            throw new ArgumentException($"max_weight_deviation must be in (0, 1) (got {MaxWeightDeviation})", "max_weight_deviation");
        }
        if (!double.IsFinite(MaxRiskDeviationRatio) || MaxRiskDeviationRatio <= 1)
        {
            throw new ArgumentException($"max_risk_deviation_ratio must be above 1 (got {MaxRiskDeviationRatio})", "max_risk_deviation_ratio");
        }
        return this;
    }
}

/// <summary>
/// Proposes bounded parameter updates from ledger metrics (docs/metrics.md, "Feedback"). For each parameter it computes
/// an evidence-driven target, shrinks it toward the configured default by n / (n + k) (n = the closed trades behind
/// it, k = <see cref="FeedbackOptions.ShrinkageTrades"/>), clamps it to the parameter's band around the default, and
/// moves the current value toward it by at most one step. With no evidence the target is the default, so parameters
/// drift back to their defaults one step per update. It returns a new <see cref="ParameterVersion"/> with status
/// <c>proposed</c> (or null when nothing changes); it never writes configuration.
/// </summary>
public sealed class FeedbackEngine(FeedbackOptions? options = null)
{
    private readonly FeedbackOptions _o = (options ?? new FeedbackOptions()).Validated();

    /// <summary>
    /// The next version after <paramref name="current"/> (null = the defaults, version 0) given <paramref name="metrics"/>;
    /// null when no parameter would change by more than 1e-9.
    /// </summary>
    public ParameterVersion? Propose(ParameterSet defaults, ParameterVersion? current, LedgerMetricsReport metrics, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(metrics);
        var values = (current?.Parameters ?? defaults).Values;
        var changes = new List<ParameterChange>();
        var next = new Dictionary<string, double>(values, StringComparer.Ordinal);
        foreach (var (name, fallback) in defaults.Values)
        {
            var from = values.GetValueOrDefault(name, fallback);
            var change = name switch
            {
                ParameterNames.RiskFraction => RiskFraction(from, fallback, metrics),
                ParameterNames.MinConfidence => MinConfidence(from, fallback, metrics),
                _ when name.StartsWith(ParameterNames.ComposerWeightPrefix, StringComparison.Ordinal) =>
                    Weight(name, from, fallback, metrics.Layers.FirstOrDefault(l => l.Layer == name[ParameterNames.ComposerWeightPrefix.Length..])),
                _ => null,
            };
            if (change is not null && Math.Abs(change.To - change.From) > 1e-9)
            {
                changes.Add(change);
                next[name] = change.To;
            }
        }
        return changes.Count == 0
            ? null
            : new ParameterVersion(
                (current?.Version ?? 0) + 1,
                current?.Version ?? 0,
                now,
                ParameterVersionStatus.Proposed,
                new ParameterSet(next),
                changes,
                metrics.ClosedTrades,
                metrics.Sharpe,
                metrics.HitRate,
                metrics.MaxDrawdown);
    }

    /// <summary>Evidence weight n / (n + k).</summary>
    public double Shrinkage(int trades) => trades <= 0 ? 0 : trades / (trades + _o.ShrinkageTrades);

    /// <summary>
    /// A layer's weight target: default * (1 + clamp(2 * (hit rate of the trades it agreed with - 0.5), -d, +d)),
    /// d = <see cref="FeedbackOptions.MaxWeightDeviation"/>, shrunk by the number of trades it agreed with.
    /// </summary>
    private ParameterChange Weight(string name, double from, double fallback, LayerAttribution? layer)
    {
        var n = layer?.Agreed.Trades ?? 0;
        var edge = layer?.Agreed.HitRate is { } hit ? Math.Clamp(2 * (hit - 0.5), -_o.MaxWeightDeviation, _o.MaxWeightDeviation) : 0;
        var target = fallback * (1 + Shrinkage(n) * edge);
        var to = Math.Clamp(Step(from, target, _o.MaxWeightStep), fallback * (1 - _o.MaxWeightDeviation), fallback * (1 + _o.MaxWeightDeviation));
        var reason = n == 0
            ? "no closed trade agreed with this layer: back toward the default"
            : $"hit rate {layer!.Agreed.HitRate:0.###} over {n} agreed trade(s), shrinkage {Shrinkage(n):0.###}";
        return new ParameterChange(name, from, to, fallback, target, n, reason);
    }

    /// <summary>
    /// Risk fraction target: default * clamp(1 + 0.25 * sharpe, 1/r, r) (r = max deviation ratio), shrunk by the number of
    /// closed trades; at most half the default while the drawdown exceeds the limit; moves by at most one ratio step.
    /// </summary>
    private ParameterChange RiskFraction(double from, double fallback, LedgerMetricsReport m)
    {
        var r = _o.MaxRiskDeviationRatio;
        var multiplier = m.Sharpe is { } s ? Math.Clamp(1 + 0.25 * s, 1 / r, r) : 1;
        var target = fallback * (1 + Shrinkage(m.ClosedTrades) * (multiplier - 1));
        var reason = m.Sharpe is { } sh ? $"sharpe {sh:0.###} over {m.ClosedTrades} closed trade(s), shrinkage {Shrinkage(m.ClosedTrades):0.###}" : "no sharpe: back toward the default";
        if (m.MaxDrawdown is { } dd && dd > _o.DrawdownLimit)
        {
            target = Math.Min(target, fallback / 2);
            reason += $"; drawdown {dd:0.###} above {_o.DrawdownLimit}: risk at most half the default";
        }
        var step = 1 + _o.MaxRiskStepRatio;
        var to = Math.Clamp(target, from / step, from * step);
        to = Math.Clamp(to, fallback / r, fallback * r);
        return new ParameterChange(ParameterNames.RiskFraction, from, to, fallback, target, m.ClosedTrades, reason);
    }

    /// <summary>
    /// Minimum-confidence target: default + 0.2 * (0.5 - hit rate) (a losing record makes the agent more selective),
    /// shrunk by the closed trades, within default +- the maximum deviation.
    /// </summary>
    private ParameterChange MinConfidence(double from, double fallback, LedgerMetricsReport m)
    {
        var shift = m.HitRate is { } hit ? 0.2 * (0.5 - hit) : 0;
        var target = Math.Clamp(fallback + Shrinkage(m.ClosedTrades) * shift, fallback - _o.MaxThresholdDeviation, fallback + _o.MaxThresholdDeviation);
        var to = Math.Clamp(Step(from, target, _o.MaxThresholdStep), Math.Max(0, fallback - _o.MaxThresholdDeviation), Math.Min(1, fallback + _o.MaxThresholdDeviation));
        var reason = m.HitRate is { } h ? $"hit rate {h:0.###} over {m.ClosedTrades} closed trade(s), shrinkage {Shrinkage(m.ClosedTrades):0.###}" : "no closed trade: back toward the default";
        return new ParameterChange(ParameterNames.MinConfidence, from, to, fallback, target, m.ClosedTrades, reason);
    }

    private static double Step(double from, double target, double maxStep) => from + Math.Clamp(target - from, -maxStep, maxStep);
}
