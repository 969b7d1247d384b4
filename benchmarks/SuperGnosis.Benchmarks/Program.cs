using BenchmarkDotNet.Running;
using SuperGnosis.Benchmarks.Engines;

// Run a suite: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*Greeks*'
// Write the hedge benchmark chains for the NumPy peer: ... -- export-hedge-chains <dir>
if (args is ["export-hedge-chains", var dir])
{
    Directory.CreateDirectory(dir);
    foreach (var n in new[] { 20_000, 200_000 })
    {
        var chain = HedgeBenchmarkChain.Create(n);
        HedgeBenchmarkChain.WriteCsv(chain, Path.Combine(dir, $"hedge-chain-{n}.csv"));
        // The engine's own features (recompute mode), for the peer's cross-check.
        var engine = new SuperGnosis.Core.Engines.Hedge.HedgeEngine(new NoChains(), new SuperGnosis.Core.Engines.Hedge.HedgeEngineOptions
        {
            Greeks = SuperGnosis.Core.Engines.Hedge.GreeksSource.Recompute,
            RiskFreeRate = HedgeBenchmarkChain.Rate,
            DividendYield = HedgeBenchmarkChain.Div,
        });
        var output = engine.Analyze(chain.Symbol, HedgeBenchmarkChain.AsOf, chain).Output;
        File.WriteAllText(Path.Combine(dir, $"hedge-chain-{n}.engine.json"),
            System.Text.Json.JsonSerializer.Serialize(output, SuperGnosis.Core.Contracts.ContractJson.Indented.EngineOutput));
    }
    return;
}
// Stopwatch pass over the pipeline suites for profiling: ... -- probe-pipeline [n]
if (args is ["probe-pipeline", ..])
{
    SuperGnosis.Benchmarks.Pipeline.PipelineProbe.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40);
    return;
}
// Where a one-year backtest spends its time: ... -- probe-backtest [n]
if (args is ["probe-backtest", ..])
{
    await SuperGnosis.Benchmarks.Backtesting.BacktestProbe.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1);
    return;
}
// Stopwatch pass over the queue topology on Azurite for diagnosis: ... -- probe-topology [n]
if (args is ["probe-topology", ..])
{
    await SuperGnosis.Benchmarks.Topology.TopologyProbe.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}
// Stopwatch pass over the in-process and in-memory-bus paths (wall and CPU time per run): ... -- probe-transport [n]
if (args is ["probe-transport", ..])
{
    await SuperGnosis.Benchmarks.Topology.BusTransportProbe.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(SuperGnosis.Benchmarks.OneCoreConfig).Assembly).Run(args);

/// <summary>The export path passes chains directly; nothing is fetched.</summary>
internal sealed class NoChains : SuperGnosis.Core.Ports.IOptionsChainSource
{
    public Task<SuperGnosis.Core.MarketData.OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("no chain source in the benchmark host");
}
