namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// Metadata keys of the hedge engine's output (besides <see cref="Contracts.EngineOutput.DegradedKey"/> and the
/// per-reason <see cref="HygieneReport.MetadataKey"/> keys, which start with <see cref="DroppedPrefix"/>).
/// Values are invariant-culture text. See docs/hedge-engine.md.
/// </summary>
public static class HedgeMetadataKeys
{
    public const string GreeksSource = "greeks_source";
    public const string DealerPositioning = "dealer_positioning";
    public const string ContractMultiplier = "contract_multiplier";
    public const string RowsIn = "rows_in";
    public const string RowsUsed = "rows_used";
    public const string GreeksProviderRows = "greeks_provider_rows";
    public const string GreeksRecomputedRows = "greeks_recomputed_rows";
    public const string IvSolvedFromMidRows = "iv_solved_from_mid_rows";
    public const string DroppedPrefix = "dropped_";

    /// <summary>Why the output is degraded, in words (set with <see cref="Contracts.EngineOutput.DegradedKey"/>).</summary>
    public const string DegradedDetail = "degraded_detail";

    public const string IlliquidityCheck = "illiquidity_check";
    public const string ZeroGammaRowsPriced = "zero_gamma_rows_priced";
    public const string Vix = "vix";
    public const string Blend = "blend";

    /// <summary>The expiry selection when a filter is set (all, 0dte, weekly, monthly; absent without a filter).</summary>
    public const string ExpiryFilter = "expiry_filter";

    /// <summary>The maximum DTE when one is set.</summary>
    public const string MaxDte = "max_dte";

    /// <summary>Rows the expiry filter excluded before the hygiene (present when a filter is set).</summary>
    public const string ExpiryFilterRowsExcluded = "expiry_filter_rows_excluded";

    /// <summary>Prefix of one related chain's blend status (<c>blend.QQQ</c>).</summary>
    public const string BlendPrefix = "blend.";
}
