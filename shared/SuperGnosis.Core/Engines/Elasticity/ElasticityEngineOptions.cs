namespace SuperGnosis.Core.Engines.Elasticity;

/// <summary>Elasticity model weights and regime thresholds (all dimensionless or in percent / basis points).</summary>
public sealed record ElasticityEngineOptions
{
    /// <summary>Daily bars read for the technicals and the neutral baseline: <c>[asOf - BarsLookback, asOf]</c>.</summary>
    public TimeSpan BarsLookback { get; init; } = TimeSpan.FromDays(90);

    /// <summary>Bars (most recent) in the neutral baseline (ADV over mean |return|).</summary>
    public int BaselineBars { get; init; } = 20;

    /// <summary>Kyle's lambda counts as a depth estimate only with |t| at least this.</summary>
    public double MinKyleTStat { get; init; } = 2;

    /// <summary>Quoted spread at which the spread factor is 1.</summary>
    public double ReferenceSpreadBps { get; init; } = 5;

    /// <summary>Short dealer gamma can erode at most <c>1 - MinLiquidityShare</c> of the liquidity resistance.</summary>
    public double MinLiquidityShare { get; init; } = 0.1;

    /// <summary>Wall factor <c>1 + WallWeight * gamma_sign * proximity</c>.</summary>
    public double WallWeight { get; init; } = 0.5;

    public double MagnetWeight { get; init; } = 0.3;

    public double VoidWeight { get; init; } = 0.3;

    /// <summary>Distance (percent of spot) over which a level's influence decays by a factor e.</summary>
    public double LevelProximityPct { get; init; } = 1.0;

    /// <summary>Technical factor <c>1 +- TechnicalWeight * stretch</c>.</summary>
    public double TechnicalWeight { get; init; } = 0.25;

    public double HighResistanceRatio { get; init; } = 1.5;

    public double LowResistanceRatio { get; init; } = 2.0 / 3.0;

    public double AsymmetryThreshold { get; init; } = 0.2;
}
