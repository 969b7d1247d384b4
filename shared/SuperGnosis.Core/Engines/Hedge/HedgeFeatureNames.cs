namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// Feature keys of the hedge engine's <c>EngineOutput</c>, spelled as issue 4 ("Hedge Engine v3") specifies them, so
/// downstream engines (elasticity) and agents can read them before and after the hedge engine lands. Units are in the
/// names or in docs/hedge-engine.md.
/// </summary>
public static class HedgeFeatureNames
{
    /// <summary>Sum of gamma * OI * spot, signed by the dealer-positioning convention.</summary>
    public const string GammaPressure = "gamma_pressure";

    public const string VannaPressure = "vanna_pressure";

    public const string CharmPressure = "charm_pressure";

    /// <summary>+1 when dealers are net long gamma, -1 when net short.</summary>
    public const string GammaSign = "gamma_sign";

    public const string VannaSign = "vanna_sign";

    /// <summary>0..1.</summary>
    public const string HedgeRegimeEnergy = "hedge_regime_energy";

    /// <summary>0..1.</summary>
    public const string VixFrictionFactor = "vix_friction_factor";

    /// <summary>Dealer net gamma exposure: sum sign * gamma * OI * multiplier * S^2 * 0.01, USD of delta per 1% spot move.</summary>
    public const string NetGexUsdPer1Pct = "net_gex_usd_per_1pct";

    public const string VannaExposureUsdPerVolPt = "vanna_exposure_usd_per_vol_pt";

    public const string CharmExposureUsdPerDay = "charm_exposure_usd_per_day";

    /// <summary>Spot price (USD) where net GEX changes sign, nearest to spot within +-20%; absent when none.</summary>
    public const string ZeroGammaLevel = "zero_gamma_level";

    /// <summary>Strike (USD) with the largest call GEX.</summary>
    public const string CallWall = "call_wall";

    /// <summary>Strike (USD) with the largest absolute put GEX.</summary>
    public const string PutWall = "put_wall";

    public const string AbsGammaStrike = "abs_gamma_strike";

    /// <summary>Share of |GEX| within +-2% of spot (0..1).</summary>
    public const string GammaNearSpotShare = "gamma_near_spot_share";

    /// <summary>At-the-money implied volatility, annualized decimal (0.20 = 20%).</summary>
    public const string AtmIv = "atm_iv";
}
