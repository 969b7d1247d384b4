namespace SuperGnosis.Core.Engines.Liquidity;

/// <summary>Feature keys of the liquidity engine's <c>EngineOutput</c>; units in docs/liquidity-engine.md.</summary>
public static class LiquidityFeatureNames
{
    /// <summary>Mean daily |return| / dollar volume over the lookback, times 1e6: absolute return per $1 million traded.</summary>
    public const string AmihudIlliquidity = "amihud_illiquidity";

    /// <summary>Amihud of the lookback window over Amihud of the preceding baseline window (dimensionless, 1 = usual).</summary>
    public const string AmihudRatio = "amihud_ratio";

    /// <summary>Mean daily dollar volume over the lookback, USD.</summary>
    public const string AdvUsd = "adv_usd";

    /// <summary>Mean daily volume over the lookback, shares.</summary>
    public const string AdvShares = "adv_shares";

    /// <summary>OLS slope of interval price change on interval net signed volume, USD per share.</summary>
    public const string KyleLambda = "kyle_lambda";

    public const string KyleLambdaTStat = "kyle_lambda_t_stat";

    public const string KyleLambdaR2 = "kyle_lambda_r2";

    /// <summary>Kyle's lambda times 1% of ADV (shares), in basis points of spot: scale-free impact.</summary>
    public const string KyleImpactBpsPer1PctAdv = "kyle_impact_bps_per_1pct_adv";

    public const string TradeCount = "trade_count";

    /// <summary>Shares traded in the trade window.</summary>
    public const string SessionVolume = "session_volume";

    /// <summary>Buyer-initiated shares (reported or inferred).</summary>
    public const string BuyVolume = "buy_volume";

    /// <summary>Seller-initiated shares (reported or inferred).</summary>
    public const string SellVolume = "sell_volume";

    /// <summary>Share of traded volume whose side is known or inferred (0..1).</summary>
    public const string ClassifiedVolumeShare = "classified_volume_share";

    /// <summary>Order-flow imbalance (buy - sell) / (buy + sell), in [-1, 1].</summary>
    public const string Ofi = "ofi";

    /// <summary>Mean quoted spread (ask - bid) / mid over valid quotes, basis points.</summary>
    public const string AvgSpreadBps = "avg_spread_bps";

    /// <summary>Volume-weighted effective spread 2 |price - mid| / mid against the quote in force, basis points.</summary>
    public const string EffectiveSpreadBps = "effective_spread_bps";

    /// <summary>Reference price: last trade, else last valid quote mid, else last bar close (USD).</summary>
    public const string SpotPrice = "spot_price";

    /// <summary>Point of control: centre of the highest-volume price bucket (USD).</summary>
    public const string PocPrice = "poc_price";

    public const string ValueAreaHigh = "value_area_high";

    public const string ValueAreaLow = "value_area_low";

    /// <summary>Strength of the nearest high-volume node weighted by proximity to spot, in [0, 1].</summary>
    public const string VolumeMagnetScore = "volume_magnet_score";

    /// <summary>Depth of the nearest low-volume node weighted by proximity to spot, in [0, 1].</summary>
    public const string LiquidityVoidScore = "liquidity_void_score";

    public const string MagnetAbove = "magnet_above";

    public const string MagnetBelow = "magnet_below";

    public const string VoidAbove = "void_above";

    public const string VoidBelow = "void_below";

    /// <summary>Distance from spot to the level in percent of spot (always >= 0).</summary>
    public const string MagnetAboveDistancePct = "magnet_above_distance_pct";

    public const string MagnetBelowDistancePct = "magnet_below_distance_pct";

    public const string VoidAboveDistancePct = "void_above_distance_pct";

    public const string VoidBelowDistancePct = "void_below_distance_pct";

    /// <summary>Off-exchange (dark) share of volume in [0, 1], when a source provides it.</summary>
    public const string DarkPoolIntensity = "dark_pool_intensity";
}

/// <summary>Regime literals of the liquidity engine.</summary>
public static class LiquidityRegimes
{
    public const string HighLiquidity = "high_liquidity";
    public const string ThinLiquidity = "thin_liquidity";
    public const string OneSidedFlow = "one_sided_flow";
    public const string Normal = "normal";
}
