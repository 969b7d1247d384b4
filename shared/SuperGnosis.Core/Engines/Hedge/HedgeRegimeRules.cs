namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// Regime rules, evaluated in order (thresholds in <see cref="HedgeEngineOptions"/>, all scale-free):
/// <list type="number">
/// <item><c>illiquid_gamma</c>: |net GEX| per 1% move &gt;= 25% of the average daily dollar volume (only when bars are available);</item>
/// <item><c>gamma_squeeze</c>: calls struck above spot hold &gt;= 60% of gross |GEX|, or dealers are net short gamma (net/gross &lt;= -0.3);</item>
/// <item><c>pin</c>: dealers net long gamma (net/gross &gt;= 0.3), &gt;= 30% of |GEX| within +-2% of spot, spot within 1% of the absolute-gamma strike;</item>
/// <item><c>vanna_flow</c>: |net/gross vanna| &gt;= 0.5 while |net/gross gamma| &lt; 0.3;</item>
/// <item><c>neutral</c> otherwise.</item>
/// </list>
/// </summary>
internal static class HedgeRegimeRules
{
    public static string Classify(HedgeExposure exposure, double? netGexToDollarVolume, HedgeEngineOptions options)
    {
        var netRatio = NetGammaRatio(exposure);
        var vannaRatio = exposure.GrossVannaUsdPerVolPt > 0 ? exposure.VannaUsdPerVolPt / exposure.GrossVannaUsdPerVolPt : 0;
        if (netGexToDollarVolume is { } ratio && ratio >= options.IlliquidGammaMinDollarVolumeShare)
        {
            return HedgeRegimes.IlliquidGamma;
        }
        if (exposure.CallOverhangShare >= options.SqueezeMinCallOverhangShare || netRatio <= options.SqueezeMaxNetGammaRatio)
        {
            return HedgeRegimes.GammaSqueeze;
        }
        var absStrike = exposure.Profile.Levels.AbsGammaStrike;
        if (netRatio >= options.PinMinNetGammaRatio
            && exposure.GammaNearSpotShare >= options.PinMinNearSpotShare
            && absStrike is { } k && Math.Abs(k - exposure.Spot) / exposure.Spot * 100 <= options.PinMaxDistancePct)
        {
            return HedgeRegimes.Pin;
        }
        if (Math.Abs(vannaRatio) >= options.VannaFlowMinRatio && Math.Abs(netRatio) < options.PinMinNetGammaRatio)
        {
            return HedgeRegimes.VannaFlow;
        }
        return HedgeRegimes.Neutral;
    }

    /// <summary>Net over gross GEX in [-1, 1]: +1 all dealer gamma long, -1 all short.</summary>
    public static double NetGammaRatio(HedgeExposure exposure) =>
        exposure.GrossGexUsdPer1Pct > 0 ? exposure.NetGexUsdPer1Pct / exposure.GrossGexUsdPer1Pct : 0;
}
