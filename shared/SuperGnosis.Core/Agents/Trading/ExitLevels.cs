using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;

namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// Target exit and stop as underlying prices. Long side: target = forecast <c>target_price</c> (if above
/// spot), else spot x (1 + exp_move_pct/100), else the call wall (if above spot); a call wall between spot
/// and that target caps it (dealer resistance). Stop = forecast <c>stop_price</c> (if below spot), else
/// the highest of put wall and zero-gamma level below spot, else spot x (1 - exp_move_pct/100). The
/// short side mirrors this (put wall floors the target; call wall / zero gamma above spot for the stop).
/// Neutral structures get neither (their exits are the breakevens).
/// </summary>
internal static class ExitLevels
{
    public const string TargetPrice = "target_price";
    public const string StopPrice = "stop_price";
    public const string ExpMovePct = "exp_move_pct";

    public static (double? Target, double? Stop, string Basis) Compute(TradeSide side, double spot, IReadOnlyDictionary<string, double> forecast, IReadOnlyDictionary<string, double> hedge)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        ArgumentNullException.ThrowIfNull(hedge);
        if (side == TradeSide.Neutral)
        {
            return (null, null, "neutral: exits at the breakevens");
        }
        var up = side == TradeSide.Long;
        double? move = forecast.TryGetValue(ExpMovePct, out var m) && m > 0 ? m / 100 : null;
        double? callWall = Level(hedge, HedgeFeatureNames.CallWall);
        double? putWall = Level(hedge, HedgeFeatureNames.PutWall);
        double? zeroGamma = Level(hedge, HedgeFeatureNames.ZeroGammaLevel);
        bool Favourable(double x) => up ? x > spot : x < spot;
        bool Adverse(double x) => up ? x < spot : x > spot;

        string basis;
        double? target;
        if (forecast.TryGetValue(TargetPrice, out var tp) && Favourable(tp))
        {
            (target, basis) = (tp, "target from target_price");
        }
        else if (move is { } mv)
        {
            (target, basis) = (spot * (up ? 1 + mv : 1 - mv), "target from exp_move_pct");
        }
        else
        {
            var wall = up ? callWall : putWall;
            target = wall is { } w && Favourable(w) ? w : null;
            basis = target is null ? "no target" : up ? "target at call wall" : "target at put wall";
        }
        var cap = up ? callWall : putWall;
        if (target is { } t && cap is { } c && Favourable(c) && (up ? c < t : c > t))
        {
            target = c;
            basis += up ? ", capped at call wall" : ", floored at put wall";
        }

        double? stop;
        if (forecast.TryGetValue(StopPrice, out var sp) && Adverse(sp))
        {
            stop = sp;
            basis += "; stop from stop_price";
        }
        else
        {
            var levels = new[] { up ? putWall : callWall, zeroGamma }.Where(l => l is { } x && Adverse(x)).Select(l => l!.Value).ToList();
            if (levels.Count > 0)
            {
                stop = up ? levels.Max() : levels.Min();
                basis += up ? "; stop at nearest of put wall / zero gamma below spot" : "; stop at nearest of call wall / zero gamma above spot";
            }
            else if (move is { } mv)
            {
                stop = spot * (up ? 1 - mv : 1 + mv);
                basis += "; stop from exp_move_pct";
            }
            else
            {
                stop = null;
                basis += "; no stop";
            }
        }
        return (target, stop, basis);
    }

    private static double? Level(IReadOnlyDictionary<string, double> hedge, string name) =>
        hedge.TryGetValue(name, out var v) && v > 0 && double.IsFinite(v) ? v : null;
}
