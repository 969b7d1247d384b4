using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Backtesting;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Benchmarks.Backtesting;

/// <summary>
/// Where the time of <see cref="BacktestBenchmarks"/> goes: the same year run <c>n</c> times (after one warm-up run) with
/// the pipeline timed around each step's run, the rest of the step being the simulator (settlement, exits, fills, marks,
/// ledger bookkeeping), and the pipeline's own activities (one per handled stage message) summed per stage. Engines of
/// one wave run concurrently, so on more than one core their sum can exceed the pipeline's wall time.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- probe-backtest [n]
/// </summary>
internal static class BacktestProbe
{
    public static async Task RunAsync(int n)
    {
        // One core, as the target is stated.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }
        var stages = new ConcurrentDictionary<string, double>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == PipelineStages.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => stages.AddOrUpdate(a.OperationName, a.Duration.TotalMilliseconds, (_, v) => v + a.Duration.TotalMilliseconds),
        };
        for (var run = 0; run <= n; run++)
        {
            stages.Clear();
            using var services = BacktestYear.Compose();
            var pipeline = new PipelineRunner(BacktestYear.Symbol, services.GetRequiredService<PipelineComponents>() with { Ledger = null },
                services.GetRequiredService<RunFingerprint>().Value);
            var sources = services.GetRequiredService<MarketDataSources>();
            var options = services.GetRequiredService<BacktestRunnerFactory>().OptionsFor(BacktestYear.Symbol);
            var pipelineTime = TimeSpan.Zero;
            var chains = new TimedChains(sources.Chains);
            var runner = new BacktestRunner(BacktestYear.Symbol, async (t, ct) =>
            {
                var sw = Stopwatch.StartNew();
                var result = await pipeline.RunOnceAsync(t, ct).ConfigureAwait(false);
                pipelineTime += sw.Elapsed;
                return result.LedgerRecord;
            }, chains, sources.Market, null, options);
            if (run == 0)
            {
                ActivitySource.AddActivityListener(listener);
            }
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            var backtest = await runner.RunAsync(BacktestYear.From, BacktestYear.To).ConfigureAwait(false);
            total.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            if (run == 0)
            {
                Console.WriteLine("warm-up run done");
                continue;
            }
            var steps = backtest.Equity.Count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {steps} steps in {total.Elapsed.TotalSeconds:F2} s = {steps / total.Elapsed.TotalSeconds:F1} steps/s ({total.Elapsed.TotalMilliseconds / steps:F1} ms a step); "
                + $"process CPU {cpu.TotalSeconds:F2} s; pipeline {pipelineTime.TotalSeconds:F2} s; rest of the step {(total.Elapsed - pipelineTime).TotalSeconds:F2} s, "
                + $"of which the step's chain from the source (generated here, cached for the pipeline) {chains.Elapsed.TotalSeconds:F2} s; {backtest.Trades.Count} trades; "
                + $"synthetic bars, trades and quotes (generation, read by the engines and settlement) {BacktestYear.MarketDataTime.TotalSeconds:F2} s"));
            foreach (var (stage, ms) in stages.OrderByDescending(kv => kv.Value))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {stage,-28} {ms / 1000:F2} s  {ms / steps,7:F2} ms a step"));
            }
        }
    }

    /// <summary>The source's chains with the time spent fetching them summed.</summary>
    private sealed class TimedChains(SuperGnosis.Core.Ports.IOptionsChainSource inner) : SuperGnosis.Core.Ports.IOptionsChainSource
    {
        public TimeSpan Elapsed { get; private set; }

        public async Task<SuperGnosis.Core.MarketData.OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            var sw = Stopwatch.StartNew();
            var chain = await inner.GetChainAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
            Elapsed += sw.Elapsed;
            return chain;
        }
    }
}
