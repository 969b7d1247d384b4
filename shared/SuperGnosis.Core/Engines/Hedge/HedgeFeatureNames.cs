namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>Feature names of the hedge engine's output (units in docs/hedge-engine.md).</summary>
public static class HedgeFeatureNames
{
    // The seed's features.
    public const string GammaPressure = "gamma_pressure";
    public const string VannaPressure = "vanna_pressure";
    public const string CharmPressure = "charm_pressure";
    public const string GammaSign = "gamma_sign";
    public const string VannaSign = "vanna_sign";
    public const string HedgeRegimeEnergy = "hedge_regime_energy";
    public const string VixFrictionFactor = "vix_friction_factor";

    // Dollar exposures.
    public const string NetGexUsdPer1Pct = "net_gex_usd_per_1pct";
    public const string GrossGexUsdPer1Pct = "gross_gex_usd_per_1pct";
    public const string VannaExposureUsdPerVolPt = "vanna_exposure_usd_per_vol_pt";
    public const string CharmExposureUsdPerDay = "charm_exposure_usd_per_day";
    public const string NetGammaRatio = "net_gamma_ratio";
    public const string NetVannaRatio = "net_vanna_ratio";
    public const string CallOverhangShare = "call_overhang_share";
    public const string GammaNearSpotShare = "gamma_near_spot_share";
    public const string NetGex0DteUsdPer1Pct = "net_gex_0dte_usd_per_1pct";
    public const string NetGexNextWeeklyUsdPer1Pct = "net_gex_next_weekly_usd_per_1pct";
    public const string NetGexMonthlyUsdPer1Pct = "net_gex_monthly_usd_per_1pct";
    public const string NetGexAllUsdPer1Pct = "net_gex_all_usd_per_1pct";
    public const string NetGexToDollarVolume = "net_gex_to_dollar_volume";

    // Levels (absent when undefined) and distances from spot in percent ((level - spot) / spot * 100).
    public const string Spot = "spot";
    public const string ZeroGammaLevel = "zero_gamma_level";
    public const string ZeroGammaDistancePct = "zero_gamma_distance_pct";
    public const string CallWall = "call_wall";
    public const string CallWallDistancePct = "call_wall_distance_pct";
    public const string PutWall = "put_wall";
    public const string PutWallDistancePct = "put_wall_distance_pct";
    public const string AbsGammaStrike = "abs_gamma_strike";
    public const string AbsGammaStrikeDistancePct = "abs_gamma_strike_distance_pct";

    /// <summary>Annualized implied vol at the money of the expiry nearest 30 days (at least 7 days out).</summary>
    public const string AtmIv = "atm_iv";

    // Cross-asset.
    public const string VixGammaPressure = "vix_gamma_pressure";
    public const string BlendedNetGexUsdPer1Pct = "blended_net_gex_usd_per_1pct";
    public const string BlendedVannaExposureUsdPerVolPt = "blended_vanna_exposure_usd_per_vol_pt";
    public const string BlendedCharmExposureUsdPerDay = "blended_charm_exposure_usd_per_day";
}

/// <summary>Regime literals of the hedge engine.</summary>
public static class HedgeRegimes
{
    public const string GammaSqueeze = "gamma_squeeze";
    public const string Pin = "pin";
    public const string Neutral = "neutral";
    public const string VannaFlow = "vanna_flow";
    public const string IlliquidGamma = "illiquid_gamma";
}
