namespace SuperGnosis.Core.Engines.Elasticity;

/// <summary>What the elasticity model reads; null means "not available" and takes the documented neutral value.</summary>
internal sealed record ElasticityInputs
{
    /// <summary>Spot price, USD.</summary>
    public required double Spot { get; init; }

    // --- liquidity engine ---
    /// <summary>Absolute return per $1 million traded.</summary>
    public double? AmihudIlliquidity { get; init; }

    /// <summary>USD per share of net signed volume.</summary>
    public double? KyleLambda { get; init; }

    public double? KyleTStat { get; init; }

    public double? AvgSpreadBps { get; init; }

    /// <summary>Mean daily dollar volume, USD.</summary>
    public double? AdvUsd { get; init; }

    public double? MagnetAboveDistancePct { get; init; }

    public double? MagnetBelowDistancePct { get; init; }

    public double? VoidAboveDistancePct { get; init; }

    public double? VoidBelowDistancePct { get; init; }

    // --- hedge engine ---
    /// <summary>Dealer net GEX, USD of delta per 1% spot move (positive = dealers long gamma).</summary>
    public double? NetGexUsdPer1Pct { get; init; }

    public double? GammaSign { get; init; }

    public double? ZeroGammaLevel { get; init; }

    public double? CallWall { get; init; }

    public double? PutWall { get; init; }

    /// <summary>Annualized ATM implied volatility (decimal).</summary>
    public double? AtmIv { get; init; }

    // --- bars ---
    /// <summary>Neutral resistance: mean daily dollar volume / mean daily |return| over the bar window, USD per unit return.</summary>
    public double? BaselineResistance { get; init; }

    /// <summary>Annualized realized volatility (decimal).</summary>
    public double? RealizedVol { get; init; }

    public double? BollingerPercentB { get; init; }

    /// <summary>(close - Keltner middle) / (Keltner upper - Keltner middle): +-1 at the channel.</summary>
    public double? KeltnerPosition { get; init; }

    public double? Rsi { get; init; }
}

/// <summary>The model's outputs; null where an input it needs is missing.</summary>
internal sealed record ElasticityResult(
    double EnergyUp1Pct,
    double EnergyDown1Pct,
    double? ElasticityUp,
    double? ElasticityDown,
    double? ExpectedMove1DayPct,
    double? VolatilityUsed,
    double? ExpectedMoveCost1Day,
    double LiquidityResistanceUsdPer1Pct,
    double HedgeResistanceUsdPer1Pct,
    double TechnicalStretch,
    double EnergyAsymmetry,
    double ResistanceRatio,
    string Regime,
    bool LiquidityFromBaseline,
    bool VolatilityFromImplied);

/// <summary>
/// Energy (USD of net aggressive order flow) needed to move price by a fraction <c>d</c> in a direction (docs/elasticity.md):
/// <c>E = max(R_liq + R_hedge(path), f_min R_liq) * d * W * M * T</c> with liquidity resistance <c>R_liq</c>, dealer hedge
/// resistance <c>R_hedge</c> (USD per unit return), wall factor W, magnet/void factor M and technical factor T.
/// </summary>
internal static class ElasticityModel
{
    public static ElasticityResult Compute(ElasticityInputs input, ElasticityEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (!(double.IsFinite(input.Spot) && input.Spot > 0))
        {
            throw new ArgumentException($"spot must be a finite price > 0 (got {input.Spot})", nameof(input));
        }
        var spot = input.Spot;

        var (liquidity, fromBaseline) = LiquidityResistance(input, options);
        var baseline = Positive(input.BaselineResistance) ?? liquidity;
        var gex = Finite(input.NetGexUsdPer1Pct) ?? 0;
        var gammaSign = input.GammaSign is { } gs && double.IsFinite(gs) && gs != 0 ? Math.Sign(gs) : Math.Sign(gex);
        var stretch = Stretch(input);

        double Energy(int direction, double move)
        {
            var hedge = 100 * gex * HedgePathFactor(direction, move, spot, input.ZeroGammaLevel);
            var core = Math.Max(liquidity + hedge, options.MinLiquidityShare * liquidity);
            var wall = Math.Max(0.25, 1 + options.WallWeight * gammaSign * Proximity(WallDistancePct(direction, spot, input), options.LevelProximityPct));
            var magnets = direction > 0
                ? NodeFactor(input.MagnetAboveDistancePct, input.VoidAboveDistancePct, options)
                : NodeFactor(input.MagnetBelowDistancePct, input.VoidBelowDistancePct, options);
            var technical = Math.Max(0.25, 1 + direction * options.TechnicalWeight * stretch);
            return core * move * wall * magnets * technical;
        }

        var up = Energy(+1, 0.01);
        var down = Energy(-1, 0.01);
        var adv = Positive(input.AdvUsd);
        double? elasticityUp = adv is { } a1 ? 0.01 * a1 / up : null;
        double? elasticityDown = adv is { } a2 ? 0.01 * a2 / down : null;

        var implied = Positive(input.AtmIv);
        var volatility = implied ?? Positive(input.RealizedVol);
        double? movePct = null, moveCost = null;
        if (volatility is { } vol)
        {
            var move = vol / Math.Sqrt(252);
            movePct = move * 100;
            moveCost = 0.5 * (Energy(+1, move) + Energy(-1, move));
        }

        var asymmetry = (down - up) / (up + down);
        var neutral = baseline * 0.01;
        var ratio = 0.5 * (up + down) / neutral;
        var regime = Regime(up / neutral, down / neutral, ratio, asymmetry, options);
        return new ElasticityResult(
            up, down, elasticityUp, elasticityDown, movePct, volatility, moveCost,
            liquidity * 0.01, 100 * gex * 0.01, stretch, asymmetry, ratio, regime, fromBaseline, implied is not null);
    }

    /// <summary>
    /// Geometric mean of the available depth estimates (USD per unit return): Amihud <c>1e6 / amihud</c> and Kyle
    /// <c>S^2 / lambda</c> (only when lambda &gt; 0 with |t| &gt;= MinKyleTStat), scaled by the spread factor
    /// <c>sqrt(clamp(ReferenceSpreadBps / spread, 0.5, 2))</c>. Without either: the neutral baseline.
    /// </summary>
    internal static (double Resistance, bool FromBaseline) LiquidityResistance(ElasticityInputs input, ElasticityEngineOptions options)
    {
        var logSum = 0.0;
        var count = 0;
        if (Positive(input.AmihudIlliquidity) is { } amihud)
        {
            logSum += Math.Log(1e6 / amihud);
            count++;
        }
        if (Positive(input.KyleLambda) is { } lambda && Math.Abs(input.KyleTStat ?? 0) >= options.MinKyleTStat)
        {
            logSum += Math.Log(input.Spot * input.Spot / lambda);
            count++;
        }
        var spreadFactor = Positive(input.AvgSpreadBps) is { } spread
            ? Math.Sqrt(Math.Clamp(options.ReferenceSpreadBps / spread, 0.5, 2))
            : 1.0;
        if (count > 0)
        {
            return (Math.Exp(logSum / count) * spreadFactor, false);
        }
        if (Positive(input.BaselineResistance) is { } baseline)
        {
            return (baseline * spreadFactor, true);
        }
        throw new ArgumentException("no liquidity estimate: need Amihud, a significant Kyle lambda or bars for the baseline", nameof(input));
    }

    /// <summary>
    /// Mean of the linear GEX profile <c>G(S) = G0 (S - Z) / (S0 - Z)</c> along the path to <c>S0 (1 + direction * move)</c>,
    /// relative to G0: <c>1 + direction * move * S0 / (2 (S0 - Z))</c>, the correction clamped to [-1, 1]. 1 without Z.
    /// </summary>
    internal static double HedgePathFactor(int direction, double move, double spot, double? zeroGamma)
    {
        if (Positive(zeroGamma) is not { } z || z == spot)
        {
            return 1;
        }
        return 1 + Math.Clamp(direction * move * spot / (2 * (spot - z)), -1, 1);
    }

    /// <summary>Distance (percent of spot) to the nearest call or put wall strictly in the direction of the move.</summary>
    internal static double? WallDistancePct(int direction, double spot, ElasticityInputs input)
    {
        double? best = null;
        foreach (var wall in new[] { input.CallWall, input.PutWall })
        {
            if (Positive(wall) is { } w && (w - spot) * direction > 0)
            {
                var d = Math.Abs(w - spot) / spot * 100;
                best = best is null ? d : Math.Min(best.Value, d);
            }
        }
        return best;
    }

    private static double NodeFactor(double? magnetPct, double? voidPct, ElasticityEngineOptions options) =>
        Math.Max(0.25, 1 + options.MagnetWeight * Proximity(magnetPct, options.LevelProximityPct)
                         - options.VoidWeight * Proximity(voidPct, options.LevelProximityPct));

    /// <summary><c>exp(-distance / scale)</c>; 0 when there is no level.</summary>
    internal static double Proximity(double? distancePct, double scalePct) =>
        distancePct is { } d && double.IsFinite(d) ? Math.Exp(-Math.Abs(d) / scalePct) : 0;

    /// <summary>
    /// Mean of the available stretch readings, clamped to [-1.5, 1.5]: Bollinger <c>2 (%B - 0.5)</c>, Keltner position,
    /// RSI <c>(RSI - 50) / 20</c>; each is +-1 at its conventional extreme (band, channel, 70/30). 0 without any.
    /// </summary>
    internal static double Stretch(ElasticityInputs input)
    {
        var sum = 0.0;
        var count = 0;
        if (Finite(input.BollingerPercentB) is { } b)
        {
            sum += 2 * (b - 0.5);
            count++;
        }
        if (Finite(input.KeltnerPosition) is { } k)
        {
            sum += k;
            count++;
        }
        if (Finite(input.Rsi) is { } r)
        {
            sum += (r - 50) / 20;
            count++;
        }
        return count == 0 ? 0 : Math.Clamp(sum / count, -1.5, 1.5);
    }

    /// <summary>
    /// Both directions at or above HighResistanceRatio of the neutral energy: high_resistance; both at or below
    /// LowResistanceRatio: low_resistance; else |asymmetry| &gt;= AsymmetryThreshold: asymmetric_up (up cheaper) or
    /// asymmetric_down; else high or low by the mean ratio against 1.
    /// </summary>
    private static string Regime(double upRatio, double downRatio, double ratio, double asymmetry, ElasticityEngineOptions o)
    {
        if (upRatio >= o.HighResistanceRatio && downRatio >= o.HighResistanceRatio)
        {
            return ElasticityRegimes.HighResistance;
        }
        if (upRatio <= o.LowResistanceRatio && downRatio <= o.LowResistanceRatio)
        {
            return ElasticityRegimes.LowResistance;
        }
        if (Math.Abs(asymmetry) >= o.AsymmetryThreshold)
        {
            return asymmetry > 0 ? ElasticityRegimes.AsymmetricUp : ElasticityRegimes.AsymmetricDown;
        }
        return ratio >= 1 ? ElasticityRegimes.HighResistance : ElasticityRegimes.LowResistance;
    }

    private static double? Positive(double? v) => v is { } x && double.IsFinite(x) && x > 0 ? x : null;

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}
