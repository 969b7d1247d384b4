namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// Net Greeks of a position per unit: delta in shares (d value / d S), gamma in shares per 1.00 of the
/// underlying, vega in currency per 1 vol point (0.01), theta in currency per calendar day (ACT/365).
/// Sums of sign x qty x multiplier x the per-share Greek; a stock share has delta 1.
/// </summary>
internal readonly record struct NetGreeks(double Delta, double Gamma, double Vega, double Theta)
{
    public static NetGreeks Of(IReadOnlyList<PricedLeg> legs)
    {
        ArgumentNullException.ThrowIfNull(legs);
        double delta = 0, gamma = 0, vega = 0, theta = 0;
        foreach (var leg in legs)
        {
            var n = leg.SignedShares;
            delta += n * leg.Delta;
            gamma += n * leg.Gamma;
            vega += n * leg.Vega / 100;
            theta += n * leg.Theta / 365;
        }
        return new NetGreeks(delta, gamma, vega, theta);
    }
}

/// <summary>Everything the agent reports about one structure, per unit.</summary>
internal sealed record TradeEconomics(
    IPayoffModel Payoff,
    PayoffSummary Summary,
    double MidCost,
    double ProbabilityOfProfit,
    NetGreeks Greeks,
    double ValuationYears,
    bool IsCalendar)
{
    /// <summary>
    /// Evaluates legs on the shared payoff model: the exact expiry payoff when all option legs share one
    /// expiry (or there are none), otherwise the calendar valuation at the front expiry.
    /// <paramref name="sigma"/> is the ATM IV of the valuation expiry (probability of profit; stress price),
    /// <paramref name="horizonYears"/> the horizon of stock-only positions.
    /// </summary>
    public static TradeEconomics Evaluate(IReadOnlyList<PricedLeg> legs, double spot, double sigma, double horizonYears, double stressPrice, TradeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentNullException.ThrowIfNull(options);
        var expiries = legs.Where(l => l.IsOption).Select(l => l.Expiry).Distinct().Count();
        IPayoffModel payoff;
        double years;
        if (expiries <= 1)
        {
            payoff = new ExpiryPayoff(legs);
            years = expiries == 0 ? horizonYears : legs.First(l => l.IsOption).YearsToExpiry;
        }
        else
        {
            var maxStrike = legs.Max(l => l.Strike);
            var longest = legs.Max(l => l.YearsToExpiry);
            var backVol = legs.Max(l => l.ImpliedVol);
            var upper = Math.Max(2 * maxStrike, spot * Math.Exp(options.CalendarDomainSigmas * backVol * Math.Sqrt(longest)));
            var calendar = new CalendarPayoff(legs, options.RiskFreeRate, options.DividendYield, upper, options.CalendarGridPoints);
            payoff = calendar;
            years = calendar.FrontYears;
        }
        var summary = payoff.Summarize(stressPrice);
        var mid = legs.Sum(l => l.SignedShares * l.Mid);
        var pop = ProfitProbability.Compute(payoff, summary.Breakevens, spot, options.RiskFreeRate, options.DividendYield, sigma, years);
        return new TradeEconomics(payoff, summary, mid, pop, NetGreeks.Of(legs), years, expiries > 1);
    }
}
