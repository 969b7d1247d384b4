namespace SuperGnosis.Core.Engines.Liquidity;

/// <summary>Configuration of the liquidity engine; every threshold is scale-free (ratio, fraction or basis points).</summary>
public sealed record LiquidityEngineOptions
{
    /// <summary>Trades and quotes are read over <c>[asOf - TradeLookback, asOf]</c>.</summary>
    public TimeSpan TradeLookback { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Daily bars in the Amihud / ADV window.</summary>
    public int AmihudBars { get; init; } = 20;

    /// <summary>Daily bars before the Amihud window that form the baseline of <c>amihud_ratio</c>.</summary>
    public int AmihudBaselineBars { get; init; } = 40;

    /// <summary>Interval over which price changes and net signed volume are aggregated for Kyle's lambda.</summary>
    public TimeSpan KyleInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Fewest intervals for which Kyle's lambda is estimated.</summary>
    public int MinKyleIntervals { get; init; } = 10;

    /// <summary>Volume-profile bucket width as a fraction of the first trade price (0.001 = 0.1%).</summary>
    public double BucketFraction { get; init; } = 0.001;

    /// <summary>Share of volume in the value area.</summary>
    public double ValueAreaShare { get; init; } = 0.70;

    /// <summary>A high-volume node has smoothed volume at least this multiple of the mean bucket volume.</summary>
    public double HighVolumeNodeMultiple { get; init; } = 1.5;

    /// <summary>A low-volume node has smoothed volume at most this multiple of the mean bucket volume.</summary>
    public double LowVolumeNodeMultiple { get; init; } = 0.5;

    /// <summary>Distance (fraction of spot) over which a node's score decays by a factor e.</summary>
    public double NodeProximityFraction { get; init; } = 0.005;

    /// <summary><c>|ofi|</c> at or above which flow is one-sided.</summary>
    public double OneSidedOfi { get; init; } = 0.6;

    /// <summary>Minimum classified share of volume for the one-sided rule to apply.</summary>
    public double MinClassifiedShare { get; init; } = 0.5;

    public double ThinSpreadBps { get; init; } = 25;

    public double HighLiquiditySpreadBps { get; init; } = 5;

    public double ThinAmihudRatio { get; init; } = 2.0;

    public double HighLiquidityAmihudRatio { get; init; } = 1.25;

    public double ThinImpactBps { get; init; } = 20;

    public double HighLiquidityImpactBps { get; init; } = 5;

    /// <summary>Fewer trades than this lowers confidence proportionally.</summary>
    public int MinTradesForFullConfidence { get; init; } = 500;

    internal void Validate()
    {
        static void Positive(double v, string name)
        {
            if (!(double.IsFinite(v) && v > 0))
            {
                throw new ArgumentOutOfRangeException(name, v, $"{name} must be a finite number > 0");
            }
        }

        Positive(TradeLookback.Ticks, nameof(TradeLookback));
        Positive(KyleInterval.Ticks, nameof(KyleInterval));
        Positive(AmihudBars, nameof(AmihudBars));
        Positive(AmihudBaselineBars, nameof(AmihudBaselineBars));
        Positive(MinKyleIntervals - 2, nameof(MinKyleIntervals) + " - 2");
        Positive(BucketFraction, nameof(BucketFraction));
        Positive(ValueAreaShare, nameof(ValueAreaShare));
        Positive(1.0000001 - ValueAreaShare, nameof(ValueAreaShare) + " (<= 1)");
        Positive(HighVolumeNodeMultiple, nameof(HighVolumeNodeMultiple));
        Positive(LowVolumeNodeMultiple, nameof(LowVolumeNodeMultiple));
        Positive(NodeProximityFraction, nameof(NodeProximityFraction));
        Positive(OneSidedOfi, nameof(OneSidedOfi));
        Positive(MinTradesForFullConfidence, nameof(MinTradesForFullConfidence));
    }
}
