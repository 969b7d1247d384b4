using System.ComponentModel;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>Where the hedge engine takes per-contract Greeks from.</summary>
public enum GreeksSource
{
    /// <summary>Use the provider's gamma, vanna and charm as given.</summary>
    Provider,

    /// <summary>Recompute every contract's Greeks by Black-Scholes-Merton from the provider's IV, or from IV solved from the mid when IV is missing or zero.</summary>
    Recompute,

    /// <summary>Recompute only where the provider's Greeks are missing, zero or rounded to 4 decimals (default).</summary>
    Auto,
}

/// <summary>Who is assumed to hold the other side of customers' open interest.</summary>
public enum DealerPositioning
{
    /// <summary>Dealers long calls and short puts: the classic GEX assumption (customers overwrite calls, buy puts).</summary>
    LongCallsShortPuts,

    /// <summary>Dealers short both calls and puts (customers net long options).</summary>
    ShortBoth,
}

/// <summary>A related chain whose dollar exposures are blended into the target's with a weight.</summary>
public sealed record RelatedChain(string Symbol, double Weight);

/// <summary>
/// Hedge engine configuration. Rates are continuous annual; thresholds are scale-free (ratios of the
/// chain's own exposures or of the underlying's dollar volume). Defaults are documented in docs/hedge-engine.md.
/// </summary>
public sealed record HedgeEngineOptions
{
    public GreeksSource Greeks { get; init; } = GreeksSource.Auto;

    /// <summary>Trading calendar for settlement instants (session close, early closes included) and monthly expiries.</summary>
    public IMarketCalendar Calendar { get; init; } = MarketCalendar.Nyse;

    public DealerPositioning Positioning { get; init; } = DealerPositioning.LongCallsShortPuts;

    /// <summary>Shares per contract (100 for US equity options; index and futures options differ).</summary>
    public double ContractMultiplier { get; init; } = 100;

    public double RiskFreeRate { get; init; } = 0.04;

    public double DividendYield { get; init; }

    /// <summary>Zero gamma is searched within spot * (1 +- this).</summary>
    public double ZeroGammaSearchRange { get; init; } = 0.20;

    /// <summary>Grid points of the bracketing scan (and of the gamma-versus-spot curve): 41 = 1% steps over +-20%.
    /// Two sign changes closer than one step can be missed; the root itself is refined to 1e-7 relative.</summary>
    public int ZeroGammaGridPoints { get; init; } = 41;

    /// <summary>Half-width of the "near spot" band for <c>gamma_near_spot_share</c>, as a fraction of spot.</summary>
    public double NearSpotBand { get; init; } = 0.02;

    /// <summary>Pin: dealers net long gamma (net/gross >= this) ...</summary>
    public double PinMinNetGammaRatio { get; init; } = 0.3;

    /// <summary>... with at least this share of |GEX| near spot ...</summary>
    public double PinMinNearSpotShare { get; init; } = 0.3;

    /// <summary>... and spot within this many percent of the absolute-gamma strike.</summary>
    public double PinMaxDistancePct { get; init; } = 1.0;

    /// <summary>Gamma squeeze: calls struck above spot hold at least this share of gross |GEX| ...</summary>
    public double SqueezeMinCallOverhangShare { get; init; } = 0.6;

    /// <summary>... or dealers are net short gamma at or below this net/gross ratio.</summary>
    public double SqueezeMaxNetGammaRatio { get; init; } = -0.3;

    /// <summary>Vanna flow: |net/gross vanna| at least this while |net/gross gamma| is below <see cref="PinMinNetGammaRatio"/>.</summary>
    public double VannaFlowMinRatio { get; init; } = 0.5;

    /// <summary>Illiquid gamma: |net GEX| per 1% move (the hedge flow a 1% move forces) at least this share of the underlying's average daily dollar volume.</summary>
    public double IlliquidGammaMinDollarVolumeShare { get; init; } = 0.25;

    /// <summary>Sessions of daily bars averaged for the dollar volume.</summary>
    public int DollarVolumeLookbackDays { get; init; } = 20;

    /// <summary>Symbol of the VIX option chain, when available (null: neutral friction).</summary>
    public string? VixSymbol { get; init; }

    public IReadOnlyList<RelatedChain> RelatedChains { get; init; } = [];

    /// <summary>Which expiries every feature is computed from (<see cref="ExpiryFilter"/>; default all). Left out of the
    /// run-id settings text while at its default, so run ids from before the filter existed stay the same.</summary>
    [DefaultValue(ExpirySelection.All)]
    public ExpirySelection Expiries { get; init; } = ExpirySelection.All;

    /// <summary>Keep only contracts with at most this many calendar days to expiry (null: no limit; must be &gt;= 0).</summary>
    [DefaultValue(null)]
    public int? MaxDte { get; init; }

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Calendar);
        if (!(ContractMultiplier > 0) || !double.IsFinite(ContractMultiplier))
        {
            throw new ArgumentException("ContractMultiplier must be finite and > 0", nameof(ContractMultiplier));
        }
        if (!double.IsFinite(RiskFreeRate) || !double.IsFinite(DividendYield))
        {
            throw new ArgumentException("RiskFreeRate and DividendYield must be finite", nameof(RiskFreeRate));
        }
        if (!(ZeroGammaSearchRange > 0 && ZeroGammaSearchRange < 1))
        {
            throw new ArgumentException("ZeroGammaSearchRange must be in (0, 1)", nameof(ZeroGammaSearchRange));
        }
        if (ZeroGammaGridPoints < 5)
        {
            throw new ArgumentException("ZeroGammaGridPoints must be at least 5", nameof(ZeroGammaGridPoints));
        }
        if (!Enum.IsDefined(Expiries))
        {
            throw new ArgumentException($"Expiries must be one of {string.Join(", ", Enum.GetNames<ExpirySelection>())}", nameof(Expiries));
        }
        if (MaxDte is < 0)
        {
            throw new ArgumentException("MaxDte must be an integer >= 0 (calendar days to expiry)", nameof(MaxDte));
        }
        foreach (var related in RelatedChains)
        {
            if (!double.IsFinite(related.Weight) || related.Weight < 0)
            {
                throw new ArgumentException($"related chain {related.Symbol} has an invalid weight {related.Weight}", nameof(RelatedChains));
            }
        }
    }
}
