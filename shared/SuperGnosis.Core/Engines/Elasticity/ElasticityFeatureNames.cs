namespace SuperGnosis.Core.Engines.Elasticity;

/// <summary>Feature keys of the elasticity engine; model and units in docs/elasticity.md.</summary>
public static class ElasticityFeatureNames
{
    /// <summary>Net aggressive buy flow (USD) needed to lift price 1%.</summary>
    public const string EnergyToMove1PctUp = "energy_to_move_1pct_up";

    /// <summary>Net aggressive sell flow (USD) needed to push price down 1%.</summary>
    public const string EnergyToMove1PctDown = "energy_to_move_1pct_down";

    /// <summary>Price move (percent) produced by net buy flow of 1% of ADV (dollar), scale-free.</summary>
    public const string ElasticityUp = "elasticity_up";

    /// <summary>Price move (percent) produced by net sell flow of 1% of ADV (dollar), scale-free.</summary>
    public const string ElasticityDown = "elasticity_down";

    /// <summary>Mean of the up and down energy (USD) for the 1-day expected move.</summary>
    public const string ExpectedMoveCost1Day = "expected_move_cost_1_day";

    /// <summary>1-day expected move used, percent of spot (annualized vol / sqrt(252) * 100).</summary>
    public const string ExpectedMove1DayPct = "expected_move_1_day_pct";

    /// <summary>Annualized volatility behind the expected move (decimal).</summary>
    public const string VolatilityUsed = "volatility_used";

    /// <summary>Liquidity resistance, USD of flow per 1% move.</summary>
    public const string LiquidityResistanceUsdPer1Pct = "liquidity_resistance_usd_per_1pct";

    /// <summary>Dealer hedge resistance at spot, USD of flow per 1% move (negative when dealers are short gamma).</summary>
    public const string HedgeResistanceUsdPer1Pct = "hedge_resistance_usd_per_1pct";

    /// <summary>Technical stretch in [-1.5, 1.5]: positive overbought, negative oversold.</summary>
    public const string TechnicalStretch = "technical_stretch";

    /// <summary>(energy_down - energy_up) / (energy_up + energy_down): positive when up moves are cheaper.</summary>
    public const string EnergyAsymmetry = "energy_asymmetry";

    /// <summary>Mean 1% energy over the neutral baseline (a typical day's absolute move absorbs a day's dollar volume).</summary>
    public const string ResistanceRatio = "resistance_ratio";
}

/// <summary>Regime literals of the elasticity engine.</summary>
public static class ElasticityRegimes
{
    public const string HighResistance = "high_resistance";
    public const string LowResistance = "low_resistance";
    public const string AsymmetricUp = "asymmetric_up";
    public const string AsymmetricDown = "asymmetric_down";
}
