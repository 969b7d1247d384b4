using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Ports;
using static SuperGnosis.Core.Agents.AgentMath;
using L = SuperGnosis.Core.Engines.Liquidity.LiquidityFeatureNames;

namespace SuperGnosis.Core.Agents;

/// <summary>Thresholds of <see cref="LiquidityAgentV1"/> (defaults in docs/agents.md).</summary>
public sealed record LiquidityAgentRules
{
    /// <summary>|ofi| at or above this is directional flow.</summary>
    public double DirectionalOfi { get; init; } = 0.3;

    /// <summary>|ofi| at or above this confirms a break out of the value area.</summary>
    public double BreakoutOfi { get; init; } = 0.15;

    public double HorizonDays { get; init; } = 2;

    /// <summary>Confidence multiplier of a fade against a failed breakout.</summary>
    public double FadeConfidence { get; init; } = 0.5;
}

/// <summary>
/// Liquidity agent v1. Rules in order: no liquidity data -> flat 0; directional flow (|ofi| >= 0.3) toward a
/// nearer void than magnet -> continuation in the flow's direction; toward a nearer magnet -> choke (flat);
/// price outside the value area with agreeing flow -> breakout in that direction, with opposing flow -> a
/// fake breakout, faded back toward value at reduced confidence; thin liquidity -> flat (moves unreliable);
/// else flat.
/// </summary>
public sealed class LiquidityAgentV1(LiquidityAgentRules? rules = null) : IPrimaryAgent
{
    private readonly LiquidityAgentRules _rules = rules ?? new LiquidityAgentRules();

    public string Layer => "primary_liquidity";

    public Suggestion Suggest(StandardSnapshot snapshot, RunContext run)
    {
        var f = snapshot.Liquidity;
        var engineConfidence = EngineConfidence(snapshot, EngineKind.Liquidity);
        var forecast = new Dictionary<string, double> { ["horizon_days"] = _rules.HorizonDays };
        if (f.Count == 0 || Get(f, L.Ofi) is not { } ofi || engineConfidence <= 0)
        {
            forecast["exp_move_pct"] = 0;
            return Make(run, Layer, snapshot, SuggestionAction.Flat, 0, forecast, "no usable liquidity data", ["no_liquidity_data"]);
        }
        var regime = EngineRegime(snapshot, EngineKind.Liquidity) ?? LiquidityRegimes.Normal;
        var spot = Get(f, L.SpotPrice) ?? double.NaN;
        var tags = new List<string> { "liquidity_regime:" + regime };
        var cited = $"ofi {F(ofi)}, regime {regime}, spread {F(Get(f, L.AvgSpreadBps) ?? double.NaN, "0.#")} bps";

        if (Math.Abs(ofi) >= _rules.DirectionalOfi)
        {
            var up = ofi > 0;
            var voidDistance = Get(f, up ? L.VoidAboveDistancePct : L.VoidBelowDistancePct);
            var magnetDistance = Get(f, up ? L.MagnetAboveDistancePct : L.MagnetBelowDistancePct);
            var intoVoid = voidDistance is { } v && (magnetDistance is not { } m || v < m);
            var side = up ? "above" : "below";
            if (intoVoid || (voidDistance is null && magnetDistance is null))
            {
                var voidScore = Get(f, L.LiquidityVoidScore) ?? 0;
                forecast["exp_move_pct"] = voidDistance ?? 0.5;
                tags.AddRange(["continuation", "flow_into_void"]);
                return Make(run, Layer, snapshot, FromDirection(up ? 1 : -1), engineConfidence * Math.Min(1, Math.Abs(ofi)) * (0.5 + (0.5 * voidScore)), forecast,
                    $"One-sided flow into thin volume {side} (void {F(voidDistance ?? double.NaN, "0.##")}% away, magnet {F(magnetDistance ?? double.NaN, "0.##")}%): continuation ({cited}).", tags);
            }
            forecast["exp_move_pct"] = magnetDistance ?? 0;
            tags.AddRange(["choke", "flow_into_magnet"]);
            return Make(run, Layer, snapshot, SuggestionAction.Flat, engineConfidence * 0.5, forecast,
                $"One-sided flow runs into a volume magnet {side} ({F(magnetDistance ?? double.NaN, "0.##")}% away): choke ({cited}).", tags);
        }

        var high = Get(f, L.ValueAreaHigh);
        var low = Get(f, L.ValueAreaLow);
        var outsideUp = high is { } h && spot > h;
        var outsideDown = low is { } lo && spot < lo;
        if (outsideUp || outsideDown)
        {
            var direction = outsideUp ? 1 : -1;
            var where = outsideUp ? $"above the value area ({F(high!.Value, "0.##")})" : $"below the value area ({F(low!.Value, "0.##")})";
            forecast["exp_move_pct"] = Math.Abs(spot - (outsideUp ? high!.Value : low!.Value)) / spot * 100;
            if (Math.Sign(ofi) == direction && Math.Abs(ofi) >= _rules.BreakoutOfi)
            {
                tags.Add("breakout");
                return Make(run, Layer, snapshot, FromDirection(direction), engineConfidence * Math.Min(1, Math.Abs(ofi) / _rules.DirectionalOfi) * 0.7, forecast,
                    $"Price {where} with flow behind it: breakout ({cited}).", tags);
            }
            tags.Add("fake_breakout");
            return Make(run, Layer, snapshot, FromDirection(-direction), engineConfidence * _rules.FadeConfidence * 0.5, forecast,
                $"Price {where} without flow behind it: likely a fake breakout back into value ({cited}).", tags);
        }
        forecast["exp_move_pct"] = 0;
        if (regime == LiquidityRegimes.ThinLiquidity)
        {
            tags.Add("thin_liquidity");
            return Make(run, Layer, snapshot, SuggestionAction.Flat, engineConfidence * 0.3, forecast,
                $"Thin liquidity and no directional flow: moves are unreliable ({cited}).", tags);
        }
        tags.Add("balanced_flow");
        return Make(run, Layer, snapshot, SuggestionAction.Flat, engineConfidence * 0.3, forecast, $"Balanced flow inside value ({cited}).", tags);
    }
}
