namespace SuperGnosis.Core.Engines.Liquidity;

/// <summary>Everything the liquidity calculation measured; null means "not measurable from the data given".</summary>
public sealed class LiquidityMeasures
{
    public double? SpotPrice { get; internal set; }

    public double? AmihudIlliquidity { get; internal set; }

    public double? AmihudRatio { get; internal set; }

    public double? AdvUsd { get; internal set; }

    public double? AdvShares { get; internal set; }

    public int BarsUsed { get; internal set; }

    public KyleLambdaFit? Kyle { get; internal set; }

    public double? KyleImpactBpsPer1PctAdv { get; internal set; }

    public int TradeCount { get; internal set; }

    public int DroppedTrades { get; internal set; }

    public double SessionVolume { get; internal set; }

    public double BuyVolume { get; internal set; }

    public double SellVolume { get; internal set; }

    /// <summary>Shares whose side came from the data / from Lee-Ready's quote test / from the tick rule.</summary>
    public double ReportedSideVolume { get; internal set; }

    public double QuoteRuleVolume { get; internal set; }

    public double TickRuleVolume { get; internal set; }

    public double? Ofi { get; internal set; }

    public double? ClassifiedVolumeShare { get; internal set; }

    public int QuoteCount { get; internal set; }

    public int DroppedQuotes { get; internal set; }

    public double? AvgSpreadBps { get; internal set; }

    public double? EffectiveSpreadBps { get; internal set; }

    public VolumeProfile? Profile { get; internal set; }
}

/// <summary>
/// OLS fit <c>dP_k = a + lambda * Q_k + e_k</c> over intervals k (price change in USD, net signed volume in shares).
/// </summary>
public sealed record KyleLambdaFit(double Lambda, double Intercept, double TStat, double RSquared, int Intervals);
