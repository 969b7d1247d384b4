using SuperGnosis.Core.Backtesting;

namespace SuperGnosis.Cli.Backtest;

/// <summary>
/// What the backtest itself knows, for the metrics table: trade count, total and average realized P&amp;L (net of fees),
/// final equity and the maximum drawdown of the marked equity curve (largest fall from a running peak, as a fraction of
/// that peak; the initial equity is the first peak).
/// </summary>
internal sealed record BacktestSummary(int Steps, int Trades, int Wins, double TotalRealizedPnl, double? AverageRealizedPnl, double TotalFees,
    double InitialEquity, double FinalEquity, double MaxDrawdown)
{
    public double TotalReturn => FinalEquity / InitialEquity - 1;

    public static BacktestSummary Of(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var total = result.Trades.Sum(t => t.RealizedPnl);
        return new BacktestSummary(
            result.Equity.Count,
            result.Trades.Count,
            result.Trades.Count(t => t.RealizedPnl > 0),
            total,
            result.Trades.Count == 0 ? null : total / result.Trades.Count,
            result.Trades.Sum(t => t.Fees),
            result.InitialEquity,
            result.FinalEquity,
            Drawdowns(result.InitialEquity, result.Equity).DefaultIfEmpty(0).Max());
    }

    /// <summary>Drawdown after each step: (running peak - equity) / running peak, the initial equity being the first peak.</summary>
    public static IEnumerable<double> Drawdowns(double initialEquity, IReadOnlyList<EquityPoint> equity)
    {
        var peak = initialEquity;
        foreach (var point in equity)
        {
            peak = Math.Max(peak, point.Equity);
            yield return peak > 0 ? (peak - point.Equity) / peak : 0;
        }
    }
}
