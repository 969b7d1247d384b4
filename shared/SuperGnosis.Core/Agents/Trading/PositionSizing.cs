namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// recommended_units = floor(risk_fraction x account_equity x scale / max_loss). Zero when the loss is
/// unbounded (unless <see cref="TradeAgentOptions.AllowUnboundedLoss"/>, then the stress loss is the max loss)
/// and when max loss is not positive (a riskless structure means suspect quotes).
/// </summary>
internal static class PositionSizing
{
    public static int Units(double maxLoss, bool lossUnbounded, TradeAgentOptions options, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((lossUnbounded && !options.AllowUnboundedLoss) || !(maxLoss > 0) || !double.IsFinite(maxLoss))
        {
            return 0;
        }
        var budget = options.RiskFraction * options.AccountEquity * scale;
        var units = Math.Floor(budget / maxLoss);
        // Guard the rounding of the quotient: units x max loss must never exceed the budget.
        while (units > 0 && units * maxLoss > budget)
        {
            units--;
        }
        return units >= int.MaxValue ? int.MaxValue : (int)Math.Max(units, 0);
    }
}
