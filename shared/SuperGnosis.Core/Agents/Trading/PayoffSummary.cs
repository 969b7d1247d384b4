namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// Economics of a position per unit (multiplier included). <see cref="MaxLoss"/> is a positive amount or 0;
/// when <see cref="LossUnbounded"/> it is the loss at the stress price. <see cref="MaxProfit"/> is null when unbounded.
/// </summary>
internal sealed record PayoffSummary(
    double Cost,
    double MaxLoss,
    bool LossUnbounded,
    double? MaxProfit,
    IReadOnlyList<double> Breakevens);

/// <summary>Profit per unit of a position at the evaluation date of its payoff model, as a function of the underlying price.</summary>
internal interface IPayoffModel
{
    /// <summary>Natural cost per unit (&gt; 0 debit, &lt; 0 credit).</summary>
    double Cost { get; }

    /// <summary>Profit per unit at underlying price <paramref name="s"/> (&gt;= 0).</summary>
    double ProfitAt(double s);

    /// <summary>Max loss, max profit and breakevens; <paramref name="stressPrice"/> prices an unbounded loss.</summary>
    PayoffSummary Summarize(double stressPrice);
}
