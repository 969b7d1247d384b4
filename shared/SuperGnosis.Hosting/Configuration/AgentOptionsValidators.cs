using Microsoft.Extensions.Options;
using SuperGnosis.Core.Agents;
using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>Start-up rules of <c>SuperGnosis:Agents:Hedge</c> (docs/agents.md).</summary>
internal sealed class HedgeAgentRulesValidator : IValidateOptions<HedgeAgentRules>
{
    public ValidateOptionsResult Validate(string? name, HedgeAgentRules o) =>
        new OptionsCheck(SuperGnosisSections.HedgeAgent)
            .Range(o.StrongShortGamma, -1, 0)
            .Range(o.StrongLongGamma, 0, 1)
            .Fraction(o.SupportiveVanna)
            .NonNegative(o.WallProximityPct)
            .Positive(o.HorizonDays)
            .Fraction(o.OpposingVannaPenalty)
            .Result();
}

/// <summary>Start-up rules of <c>SuperGnosis:Agents:Liquidity</c>.</summary>
internal sealed class LiquidityAgentRulesValidator : IValidateOptions<LiquidityAgentRules>
{
    public ValidateOptionsResult Validate(string? name, LiquidityAgentRules o) =>
        new OptionsCheck(SuperGnosisSections.LiquidityAgent)
            .Fraction(o.DirectionalOfi)
            .Fraction(o.BreakoutOfi)
            .Positive(o.HorizonDays)
            .Fraction(o.FadeConfidence)
            .Result();
}

/// <summary>Start-up rules of <c>SuperGnosis:Agents:Sentiment</c>.</summary>
internal sealed class SentimentAgentRulesValidator : IValidateOptions<SentimentAgentRules>
{
    public ValidateOptionsResult Validate(string? name, SentimentAgentRules o) =>
        new OptionsCheck(SuperGnosisSections.SentimentAgent)
            .Fraction(o.MinConfidence)
            .Fraction(o.DirectionalScore)
            .Fraction(o.StrongScore)
            .Fraction(o.DivergenceScore)
            .Fraction(o.NewsShockScore)
            .Fraction(o.NewsShockConfidence)
            .Positive(o.HorizonDays)
            .Result();
}

/// <summary>Start-up rules of <c>SuperGnosis:Agents:Composer</c>.</summary>
internal sealed class ComposerOptionsValidator : IValidateOptions<ComposerOptions>
{
    public ValidateOptionsResult Validate(string? name, ComposerOptions o)
    {
        var check = new OptionsCheck(SuperGnosisSections.Composer)
            .NonNegative(o.DefaultWeight)
            .NonNegative(o.LookaheadWeight)
            .NonNegative(o.LookaheadDeadbandPct);
        foreach (var (layer, weight) in o.Weights)
        {
            check.That(weight >= 0 && double.IsFinite(weight), "Weights:" + layer, "must be a finite number >= 0");
        }
        return check.Result();
    }
}

/// <summary>Start-up rules of <c>SuperGnosis:Trade</c> (docs/trade-agent.md).</summary>
internal sealed class TradeAgentOptionsValidator : IValidateOptions<TradeAgentOptions>
{
    public ValidateOptionsResult Validate(string? name, TradeAgentOptions o) =>
        new OptionsCheck(SuperGnosisSections.Trade)
            .Positive(o.ContractMultiplier)
            .AtLeast(o.SharesPerUnit, 1)
            .Range(o.RiskFreeRate, -0.05, 0.25, "continuous annual rate: 0.04 = 4 %")
            .Range(o.DividendYield, 0, 0.25, "continuous annual yield: 0.013 = 1.3 %")
            .NonNegative(o.MinDte)
            .Positive(o.MaxDte)
            .That(o.MinDte <= o.TargetDte && o.TargetDte <= o.MaxDte, "TargetDte", "must lie within [MinDte, MaxDte]")
            .Positive(o.CalendarTargetGapDays)
            .Positive(o.CalendarMinGapDays)
            .Positive(o.CalendarMaxBackDte)
            .That(o.CalendarMinGapDays <= o.CalendarTargetGapDays, "CalendarMinGapDays", "must not exceed CalendarTargetGapDays")
            .Range(o.DirectionalDelta, 0.01, 0.99)
            .Range(o.DirectionalDeltaMin, 0.01, 0.99)
            .Range(o.DirectionalDeltaMax, 0.01, 0.99)
            .That(o.DirectionalDeltaMin <= o.DirectionalDelta && o.DirectionalDelta <= o.DirectionalDeltaMax, "DirectionalDelta",
                "must lie within [DirectionalDeltaMin, DirectionalDeltaMax]")
            .Range(o.CreditShortDelta, 0.01, 0.99)
            .Range(o.CreditShortDeltaMin, 0.01, 0.99)
            .Range(o.CreditShortDeltaMax, 0.01, 0.99)
            .That(o.CreditShortDeltaMin <= o.CreditShortDelta && o.CreditShortDelta <= o.CreditShortDeltaMax, "CreditShortDelta",
                "must lie within [CreditShortDeltaMin, CreditShortDeltaMax]")
            .AtLeast(o.WingSteps, 1)
            .NonNegative(o.MinOpenInterest)
            .NonNegative(o.MinVolume)
            .Range(o.MaxSpreadPctOfMid, 0.0001, 2)
            .Positive(o.IvRichRatio)
            .Positive(o.IvCheapRatio)
            .That(o.IvCheapRatio < o.IvRichRatio, "IvCheapRatio", "must be below IvRichRatio")
            .AtLeast(o.RealizedVolDays, 2)
            .Fraction(o.MinConfidence)
            .Fraction(o.FlatNeutralMinConfidence)
            .Range(o.SmallStructureRiskScale, 0.0001, 1)
            .AtLeast(o.MaxIdeas, 1)
            .Range(o.RiskFraction, 0.0001, 1, "share of equity at risk per idea: 0.01 = 1 %")
            .Positive(o.AccountEquity)
            .Positive(o.StressSigmas)
            .Positive(o.DefaultHorizonDays)
            .Range(o.FallbackVolatility, 0.001, 5)
            .AtLeast(o.CalendarGridPoints, 11)
            .Positive(o.CalendarDomainSigmas)
            .Result();
}
