using Microsoft.Extensions.Options;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Engines.Sentiment;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// Start-up rules of <c>SuperGnosis:Engines:Hedge</c> (docs/hedge-engine.md for the meaning of each key). RiskFreeRate and
/// DividendYield are checked once, on <see cref="HedgeMarketInputs"/> (the values the engine actually uses).
/// </summary>
internal sealed class HedgeEngineOptionsValidator : IValidateOptions<HedgeEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, HedgeEngineOptions o)
    {
        var check = new OptionsCheck(SuperGnosisSections.HedgeEngine)
            .Positive(o.ContractMultiplier)
            .Range(o.ZeroGammaSearchRange, 0.01, 0.99)
            .AtLeast(o.ZeroGammaGridPoints, 5)
            .Range(o.NearSpotBand, 0.0001, 0.5)
            .Range(o.PinMinNetGammaRatio, -1, 1)
            .Fraction(o.PinMinNearSpotShare)
            .NonNegative(o.PinMaxDistancePct)
            .Fraction(o.SqueezeMinCallOverhangShare)
            .Range(o.SqueezeMaxNetGammaRatio, -1, 1)
            .Fraction(o.VannaFlowMinRatio)
            .NonNegative(o.IlliquidGammaMinDollarVolumeShare)
            .AtLeast(o.DollarVolumeLookbackDays, 1)
            .That(Enum.IsDefined(o.Greeks), "Greeks", "must be one of " + string.Join(", ", Enum.GetNames<GreeksSource>()))
            .That(Enum.IsDefined(o.Positioning), "Positioning", "must be one of " + string.Join(", ", Enum.GetNames<DealerPositioning>()))
            .That(Enum.IsDefined(o.Expiries), "Expiries", "must be one of " + string.Join(", ", Enum.GetNames<ExpirySelection>()))
            .That(o.MaxDte is null or >= 0, "MaxDte", "must be an integer >= 0 (calendar days to expiry) or absent")
            .That(o.VixSymbol is null || ContractValidation.IsValidSymbol(o.VixSymbol), "VixSymbol", "must be a ticker such as VIX");
        for (var i = 0; i < o.RelatedChains.Count; i++)
        {
            var related = o.RelatedChains[i];
            check.That(related is not null && ContractValidation.IsValidSymbol(related.Symbol), $"RelatedChains:{i}:Symbol", "must be a ticker such as QQQ")
                .That(related is not null && related.Weight >= 0 && double.IsFinite(related.Weight), $"RelatedChains:{i}:Weight", "must be a finite number >= 0");
        }
        return check.Result();
    }
}

/// <summary>Start-up rules of <c>SuperGnosis:Engines:Liquidity</c> (docs/liquidity-engine.md).</summary>
internal sealed class LiquidityEngineOptionsValidator : IValidateOptions<LiquidityEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, LiquidityEngineOptions o) =>
        new OptionsCheck(SuperGnosisSections.LiquidityEngine)
            .Positive(o.TradeLookback)
            .AtLeast(o.AmihudBars, 1)
            .AtLeast(o.AmihudBaselineBars, 1)
            .Positive(o.KyleInterval)
            .AtLeast(o.MinKyleIntervals, 3)
            .Range(o.BucketFraction, 1e-6, 0.1)
            .Range(o.ValueAreaShare, 0.01, 1)
            .Positive(o.HighVolumeNodeMultiple)
            .Positive(o.LowVolumeNodeMultiple)
            .Positive(o.NodeProximityFraction)
            .Range(o.OneSidedOfi, 0.01, 1)
            .Fraction(o.MinClassifiedShare)
            .NonNegative(o.ThinSpreadBps)
            .NonNegative(o.HighLiquiditySpreadBps)
            .Positive(o.ThinAmihudRatio)
            .Positive(o.HighLiquidityAmihudRatio)
            .NonNegative(o.ThinImpactBps)
            .NonNegative(o.HighLiquidityImpactBps)
            .AtLeast(o.MinTradesForFullConfidence, 1)
            .Result();
}

/// <summary>Start-up rules of <c>SuperGnosis:Engines:Sentiment</c> (docs/sentiment.md).</summary>
internal sealed class SentimentEngineOptionsValidator : IValidateOptions<SentimentEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, SentimentEngineOptions o)
    {
        var check = new OptionsCheck(SuperGnosisSections.SentimentEngine)
            .Positive(o.NewsLookback)
            .Positive(o.BarLookback)
            .Positive(o.PrintsLookback)
            .NonNegative(o.NewsWeight)
            .NonNegative(o.FlowWeight)
            .NonNegative(o.TechnicalWeight)
            .That(o.NewsWeight + o.FlowWeight + o.TechnicalWeight > 0, "NewsWeight", "+ FlowWeight + TechnicalWeight must be > 0")
            .That(o.News is not null, "News", "must be a section");
        if (o.News is { } news)
        {
            check.Positive(o.News.HalfLife)
                .NonNegative(o.News.DefaultSourceWeight)
                .Positive(o.News.CountScale);
            foreach (var (source, weight) in news.SourceWeights)
            {
                check.That(weight >= 0 && double.IsFinite(weight), "News:SourceWeights:" + source, "must be a finite number >= 0");
            }
        }
        return check.Result();
    }
}

/// <summary>Start-up rules of <c>SuperGnosis:Engines:Elasticity</c> (docs/elasticity.md).</summary>
internal sealed class ElasticityEngineOptionsValidator : IValidateOptions<ElasticityEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, ElasticityEngineOptions o) =>
        new OptionsCheck(SuperGnosisSections.ElasticityEngine)
            .Positive(o.BarsLookback)
            .AtLeast(o.BaselineBars, 2)
            .NonNegative(o.MinKyleTStat)
            .Positive(o.ReferenceSpreadBps)
            .Fraction(o.MinLiquidityShare)
            .NonNegative(o.WallWeight)
            .NonNegative(o.MagnetWeight)
            .NonNegative(o.VoidWeight)
            .Positive(o.LevelProximityPct)
            .NonNegative(o.TechnicalWeight)
            .Positive(o.HighResistanceRatio)
            .Positive(o.LowResistanceRatio)
            .That(o.LowResistanceRatio < o.HighResistanceRatio, "LowResistanceRatio", "must be below HighResistanceRatio")
            .NonNegative(o.AsymmetryThreshold)
            .Result();
}
