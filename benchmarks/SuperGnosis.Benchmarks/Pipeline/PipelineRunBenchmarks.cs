using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Data.Ledger;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Benchmarks.Pipeline;

/// <summary>
/// One warm run of the product pipeline (the hosting root through <see cref="CliServices"/>: synthetic market, four
/// engines, three agents, composer, trade agent) for SPY, as a backtest does it: the market and the runner are built once, models are loaded
/// and every invocation is a fresh <see cref="PipelineRunner.RunOnceAsync"/> at the next instant of
/// <see cref="BacktestWalk"/> (13 per session). With and without the JSON-lines ledger (a temporary file); and a cold
/// run (a new composition, market and runner each time, what one <c>gnosis analyze</c> process does after start-up).
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*PipelineRunBenchmarks*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class PipelineRunBenchmarks
{
    private const string Symbol = "SPY";
    private readonly BacktestWalk _walk = new();
    // The CLI's composition (market-data capture on): no ledger unless asked.
    private static readonly Dictionary<string, string?> NoLedger = new() { ["SuperGnosis:Ledger:Kind"] = "none" };
    private ServiceProvider _services = null!;
    private PipelineRunner _runner = null!;
    private PipelineRunner _runnerWithLedger = null!;
    private JsonLinesLedgerStore _ledger = null!;
    private string _dir = "";

    [GlobalSetup]
    public void Setup()
    {
        _services = CliServices.Build(NoLedger, includeEnvironment: false);
        _dir = Directory.CreateTempSubdirectory("gnosis-bench-").FullName;
        _ledger = new JsonLinesLedgerStore(Path.Combine(_dir, "ledger.jsonl"));
        _runner = _services.GetRequiredService<PipelineRunnerFactory>().Create(Symbol);
        // The same components (and market object) with the ledger added.
        _runnerWithLedger = new PipelineRunner(Symbol, _services.GetRequiredService<PipelineComponents>() with { Ledger = _ledger },
            _services.GetRequiredService<RunFingerprint>().Value);
        // Loads the headline model and JITs the run before the first measured invocation.
        _runner.RunOnceAsync(_walk[0]).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _services.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Description = "warm run, new as-of, no ledger")]
    public Task<PipelineResult> WarmRun() => _runner.RunOnceAsync(_walk.Next());

    [Benchmark(Description = "warm run, new as-of, ledger append")]
    public Task<PipelineResult> WarmRunWithLedger() => _runnerWithLedger.RunOnceAsync(_walk.Next());

    [Benchmark(Description = "cold market: new market + runner, one run")]
    public async Task<PipelineResult> ColdMarketRun()
    {
        await using var services = CliServices.Build(NoLedger, includeEnvironment: false);
        return await services.GetRequiredService<PipelineRunnerFactory>().Create(Symbol).RunOnceAsync(_walk.Next());
    }
}
