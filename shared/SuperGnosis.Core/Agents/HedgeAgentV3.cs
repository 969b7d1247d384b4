using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Ports;
using static SuperGnosis.Core.Agents.AgentMath;
using H = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;

namespace SuperGnosis.Core.Agents;

/// <summary>Thresholds of <see cref="HedgeAgentV3"/> (defaults in docs/agents.md).</summary>
public sealed record HedgeAgentRules
{
    /// <summary>net_gamma_ratio at or below this: dealers strongly short gamma (moves accelerate).</summary>
    public double StrongShortGamma { get; init; } = -0.3;

    /// <summary>net_gamma_ratio at or above this: dealers strongly long gamma (moves damp).</summary>
    public double StrongLongGamma { get; init; } = 0.3;

    /// <summary>|net_vanna_ratio| at or above this counts as a vanna tailwind in its direction.</summary>
    public double SupportiveVanna { get; init; } = 0.2;

    /// <summary>Spot within this many percent of the call or put wall is "near a wall".</summary>
    public double WallProximityPct { get; init; } = 1.0;

    public double HorizonDays { get; init; } = 5;

    /// <summary>Confidence multiplier when vanna opposes the short-gamma direction.</summary>
    public double OpposingVannaPenalty { get; init; } = 0.6;
}

/// <summary>
/// Hedge agent v3: reads the dealer hedge-pressure features of the snapshot. Rules in order:
/// no hedge data -> flat 0; gamma squeeze (call overhang) -> long; strong short gamma -> direction of the
/// gamma flip (below zero gamma short, above long), stronger when vanna agrees (trend acceleration);
/// strong long gamma near a wall or in the pin regime -> flat (pin); long gamma elsewhere -> flat (mean
/// reversion); vanna flow -> direction of the vanna exposure; else flat with low confidence.
/// </summary>
public sealed class HedgeAgentV3(HedgeAgentRules? rules = null) : IPrimaryAgent
{
    private readonly HedgeAgentRules _rules = rules ?? new HedgeAgentRules();

    public string Layer => "primary_hedge";

    public Suggestion Suggest(StandardSnapshot snapshot, RunContext run)
    {
        var f = snapshot.Hedge;
        var engineConfidence = EngineConfidence(snapshot, EngineKind.Hedge);
        var horizon = _rules.HorizonDays;
        var forecast = new Dictionary<string, double> { ["horizon_days"] = horizon };
        if (f.Count == 0 || Get(f, H.NetGammaRatio) is not { } n || engineConfidence <= 0)
        {
            forecast["exp_move_pct"] = 0;
            return Make(run, Layer, snapshot, SuggestionAction.Flat, 0, forecast, "no usable hedge data", ["no_hedge_data"]);
        }
        var regime = EngineRegime(snapshot, EngineKind.Hedge) ?? HedgeRegimes.Neutral;
        var spot = Get(f, H.Spot) ?? double.NaN;
        var vanna = Get(f, H.NetVannaRatio) ?? 0;
        var baseMove = ExpectedMovePct(Get(f, H.AtmIv) ?? 0.2, horizon);
        var zero = Get(f, H.ZeroGammaLevel);
        var nearWall = Math.Min(Math.Abs(Get(f, H.CallWallDistancePct) ?? double.MaxValue), Math.Abs(Get(f, H.PutWallDistancePct) ?? double.MaxValue))
            <= _rules.WallProximityPct;
        var cited = $"net gamma ratio {F(n)}, vanna ratio {F(vanna)}, regime {regime}, spot {F(spot, "0.##")}"
            + (zero is { } z ? $", zero gamma {F(z, "0.##")}" : ", no zero-gamma level");
        var tags = new List<string> { "hedge_regime:" + regime };

        if (regime == HedgeRegimes.GammaSqueeze && n > _rules.StrongShortGamma)
        {
            var overhang = Get(f, H.CallOverhangShare) ?? 0;
            forecast["exp_move_pct"] = baseMove * 1.3;
            AddLevel(forecast, "target_price", Get(f, H.CallWall), spot, above: true);
            tags.AddRange(["gamma_squeeze", "trend_acceleration"]);
            return Make(run, Layer, snapshot, SuggestionAction.Long, engineConfidence * (0.5 + (0.5 * overhang)), forecast,
                $"Call overhang {F(overhang)} of gross GEX above spot: hedging buys into rallies ({cited}).", tags);
        }
        if (n <= _rules.StrongShortGamma)
        {
            var direction = zero is { } flip && !double.IsNaN(spot) ? (spot < flip ? -1 : 1) : Math.Sign(vanna);
            var vannaDirection = Math.Abs(vanna) >= _rules.SupportiveVanna ? Math.Sign(vanna) : 0;
            var agrees = vannaDirection == direction && direction != 0;
            var confidence = engineConfidence * Math.Min(1, Math.Abs(n) / 0.6) * (agrees ? 1 : _rules.OpposingVannaPenalty);
            forecast["exp_move_pct"] = baseMove * 1.3;
            tags.AddRange(["dealer_short_gamma", "trend_acceleration"]);
            if (agrees)
            {
                tags.Add("vanna_supportive");
            }
            AddLevel(forecast, direction > 0 ? "target_price" : "stop_price", Get(f, H.CallWall), spot, above: true);
            AddLevel(forecast, direction > 0 ? "stop_price" : "target_price", Get(f, H.PutWall), spot, above: false);
            return Make(run, Layer, snapshot, FromDirection(direction), confidence, forecast,
                $"Dealers short gamma: hedging chases moves, {(direction < 0 ? "below" : "above")} the gamma flip{(agrees ? " with vanna in support" : "")} ({cited}).", tags);
        }
        if (n >= _rules.StrongLongGamma && (nearWall || regime == HedgeRegimes.Pin))
        {
            var energy = Get(f, H.HedgeRegimeEnergy) ?? 0;
            forecast["exp_move_pct"] = baseMove * 0.7;
            tags.AddRange(["pin", "range"]);
            return Make(run, Layer, snapshot, SuggestionAction.Flat, engineConfidence * (0.4 + (0.6 * energy)), forecast,
                $"Dealers long gamma next to a wall: hedging sells rallies and buys dips, price pins ({cited}).", tags);
        }
        if (n >= _rules.StrongLongGamma)
        {
            forecast["exp_move_pct"] = baseMove * 0.8;
            tags.AddRange(["dealer_long_gamma", "mean_reversion"]);
            return Make(run, Layer, snapshot, SuggestionAction.Flat, engineConfidence * 0.5, forecast,
                $"Dealers long gamma: moves are damped, mean reversion favoured ({cited}).", tags);
        }
        if (regime == HedgeRegimes.VannaFlow && Math.Abs(vanna) >= _rules.SupportiveVanna)
        {
            forecast["exp_move_pct"] = baseMove;
            tags.Add("vanna_flow");
            return Make(run, Layer, snapshot, FromDirection(Math.Sign(vanna)), engineConfidence * Math.Min(1, Math.Abs(vanna)), forecast,
                $"Gamma balanced, vanna dominant: volatility drift moves dealer hedges {(vanna > 0 ? "up" : "down")} ({cited}).", tags);
        }
        forecast["exp_move_pct"] = baseMove;
        tags.Add("neutral");
        return Make(run, Layer, snapshot, SuggestionAction.Flat, engineConfidence * 0.2, forecast,
            $"No decisive dealer positioning ({cited}).", tags);
    }

    private static void AddLevel(Dictionary<string, double> forecast, string key, double? level, double spot, bool above)
    {
        if (level is { } l && !double.IsNaN(spot) && (above ? l > spot : l < spot))
        {
            forecast[key] = l;
        }
    }
}
