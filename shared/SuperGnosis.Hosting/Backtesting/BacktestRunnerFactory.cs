using Microsoft.Extensions.Options;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Hosting.Backtesting;

/// <summary>
/// Creates a <see cref="BacktestRunner"/> over the registered pipeline (the same <see cref="PipelineComponents"/>, stage
/// handlers and run-id fingerprint as every host, without the pipeline's own ledger: the backtest appends each decision
/// with its realized P&amp;L) and the configured market-data source (read directly, not through a run's capture, for fills,
/// marks and settlement prices). Options come from <c>SuperGnosis:Backtest</c>; a rate or dividend yield left unset is the
/// source's.
/// </summary>
public sealed class BacktestRunnerFactory(PipelineComponents components, RunFingerprint fingerprint, MarketDataSources sources, IOptions<BacktestOptions> options)
{
    /// <summary>The configured options with the source's rate and the symbol's dividend yield filled in where unset.</summary>
    public BacktestOptions OptionsFor(string symbol) => options.Value with
    {
        RiskFreeRate = options.Value.RiskFreeRate ?? sources.RiskFreeRate,
        DividendYield = options.Value.DividendYield ?? sources.DividendYieldOf(symbol),
    };

    /// <summary>A runner for <paramref name="symbol"/> appending to <paramref name="ledger"/> (none when null); <paramref name="adjust"/> overrides options (e.g. the CLI's --interval).</summary>
    public BacktestRunner Create(string symbol, ILedgerStore? ledger, Func<BacktestOptions, BacktestOptions>? adjust = null)
    {
        var pipeline = new PipelineRunner(symbol, components with { Ledger = null }, fingerprint.Value);
        var settings = OptionsFor(pipeline.Symbol);
        settings = (adjust?.Invoke(settings) ?? settings).Validated();
        return new BacktestRunner(pipeline, sources.Chains, sources.Market, ledger, settings);
    }
}
