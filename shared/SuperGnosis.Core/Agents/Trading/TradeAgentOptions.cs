using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// Trade agent configuration. Every default is documented in docs/trade-agent.md. Deltas are absolute
/// (0.30 = a 30-delta call or put); DTE is ACT/365 time to settlement in days; spreads are fractions of mid.
/// </summary>
public sealed record TradeAgentOptions
{
    /// <summary>Shares per option contract.</summary>
    public double ContractMultiplier { get; init; } = 100;

    /// <summary>Shares per unit of a stock leg (long_stock, short_stock, covered_call: one round lot).</summary>
    public int SharesPerUnit { get; init; } = 100;

    public double RiskFreeRate { get; init; } = 0.04;

    public double DividendYield { get; init; }

    /// <summary>Trading calendar for settlement instants (the expiry date's session close, 13:00 New York on an early close).</summary>
    public IMarketCalendar Calendar { get; init; } = MarketCalendar.Nyse;

    // Expiry window.
    public double MinDte { get; init; } = 7;

    public double MaxDte { get; init; } = 45;

    public double TargetDte { get; init; } = 30;

    /// <summary>Calendars: the back expiry is the one nearest front + this many days ...</summary>
    public double CalendarTargetGapDays { get; init; } = 30;

    /// <summary>... at least this many days after the front ...</summary>
    public double CalendarMinGapDays { get; init; } = 14;

    /// <summary>... and at most this many days out.</summary>
    public double CalendarMaxBackDte { get; init; } = 90;

    // Strikes.
    /// <summary>Directional legs (long_call, long_put, the bought leg of debit spreads, strangle legs, covered call): |delta| nearest this ...</summary>
    public double DirectionalDelta { get; init; } = 0.30;

    /// <summary>... within [<see cref="DirectionalDeltaMin"/>, <see cref="DirectionalDeltaMax"/>].</summary>
    public double DirectionalDeltaMin { get; init; } = 0.25;

    public double DirectionalDeltaMax { get; init; } = 0.40;

    /// <summary>Short strikes of credit spreads and iron condors: |delta| nearest this within [min, max].</summary>
    public double CreditShortDelta { get; init; } = 0.25;

    public double CreditShortDeltaMin { get; init; } = 0.20;

    public double CreditShortDeltaMax { get; init; } = 0.30;

    /// <summary>Width of spreads and wings, in usable strikes of the same right (the furthest usable strike when fewer exist).</summary>
    public int WingSteps { get; init; } = 2;

    // Liquidity filters (per quote).
    public double MinOpenInterest { get; init; } = 100;

    public double MinVolume { get; init; } = 1;

    /// <summary>Maximum (ask - bid) / mid, mid = (bid + ask) / 2.</summary>
    public double MaxSpreadPctOfMid { get; init; } = 0.25;

    // Volatility.
    /// <summary>IV is rich when ATM IV / realized vol exceeds this ...</summary>
    public double IvRichRatio { get; init; } = 1.2;

    /// <summary>... and cheap below this.</summary>
    public double IvCheapRatio { get; init; } = 0.9;

    /// <summary>Close-to-close window of the realized volatility (daily bars).</summary>
    public int RealizedVolDays { get; init; } = 20;

    // Decision thresholds.
    /// <summary>Directional and spread/complex stances below this confidence give no ideas.</summary>
    public double MinConfidence { get; init; } = 0.3;

    /// <summary>A flat stance below this confidence gives at most one small iron condor (rich IV), otherwise none.</summary>
    public double FlatNeutralMinConfidence { get; init; } = 0.5;

    /// <summary>The "small" neutral structure uses this fraction of the normal risk budget.</summary>
    public double SmallStructureRiskScale { get; init; } = 0.5;

    public int MaxIdeas { get; init; } = 3;

    // Sizing.
    public double RiskFraction { get; init; } = 0.01;

    public double AccountEquity { get; init; } = 100_000;

    /// <summary>When false (default), unbounded-loss structures get recommended_units = 0.</summary>
    public bool AllowUnboundedLoss { get; init; }

    /// <summary>Unbounded loss is reported at spot * exp(+- this * sigma * sqrt(horizon)).</summary>
    public double StressSigmas { get; init; } = 4;

    /// <summary>Horizon (days) when the composite gives no <c>horizon_days</c>.</summary>
    public double DefaultHorizonDays { get; init; } = 30;

    /// <summary>Volatility used for stress prices when the chain gives no ATM IV.</summary>
    public double FallbackVolatility { get; init; } = 0.30;

    /// <summary>Calendar valuation grid points over [0, upper bound] (refined around extrema and roots).</summary>
    public int CalendarGridPoints { get; init; } = 801;

    /// <summary>Calendar valuation domain: up to spot * exp(this * sigma_back * sqrt(T_back)) (and at least 2 x the largest strike).</summary>
    public double CalendarDomainSigmas { get; init; } = 6;
}
