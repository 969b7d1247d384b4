using SuperGnosis.Core.Backtesting;
using SuperGnosis.Core.Ledger;

namespace SuperGnosis.Cli.Backtest;

/// <summary>
/// The metrics of a backtest: <see cref="LedgerMetrics"/> over the decisions it recorded (the one implementation of every
/// performance figure: P&amp;L, hit rate, Sharpe, drawdown, ...; docs/metrics.md), with the initial equity of the backtest,
/// plus what only the simulator knows: steps, positions closed and fees paid.
/// </summary>
internal sealed record BacktestSummary(LedgerMetricsReport Ledger, int Steps, int Positions, double Fees)
{
    public static BacktestSummary Of(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var metrics = LedgerMetrics.Compute(result.Records, new LedgerMetricsOptions { InitialEquity = result.InitialEquity });
        return new BacktestSummary(metrics, result.Equity.Count, result.Trades.Count, result.Trades.Sum(t => t.Fees));
    }

    /// <summary>The drawdown series of the report's chart: (running peak - marked equity) / running peak after each step, the initial equity being the first peak.</summary>
    public static IEnumerable<double> MarkedDrawdowns(double initialEquity, IReadOnlyList<EquityPoint> equity)
    {
        var peak = initialEquity;
        foreach (var point in equity)
        {
            peak = Math.Max(peak, point.Equity);
            yield return peak > 0 ? (peak - point.Equity) / peak : 0;
        }
    }
}
