using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Benchmarks.Pipeline;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Testing;

namespace SuperGnosis.Benchmarks.Topology;

/// <summary>
/// Issue 12's distributed overhead: one SPY run at the next instant of <see cref="BacktestWalk"/>, in process
/// (<see cref="PipelineRunner"/> as the CLI composes it: in-memory run state and capture, no ledger; the baseline) and
/// through the Functions
/// app's queue topology on Azurite (<see cref="QueueTopologyDriver"/>: Tables run state and ledger, Blob captures,
/// Base64 Storage Queues, every stage through the app's dispatcher). The ratio column is the distributed cost per run
/// over the in-process one; the difference of the means is what the topology adds per run. Azurite is started as a
/// local process by the tests' fixture code (tests/SuperGnosis.Testing; `scripts/install-test-deps.sh` installs it).
/// Per-stage p50/p95 (handler time incl. storage) is written to BenchmarkDotNet.Artifacts/results/stage-latency-*.md.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*TopologyBenchmarks*'
/// </summary>
[Config(typeof(TopologyConfig))]
[MemoryDiagnoser]
public class TopologyBenchmarks
{
    private const string Symbol = "SPY";
    private readonly BacktestWalk _walk = new();
    private IAzuriteServer? _azurite;
    private QueueTopologyDriver? _driver;
    private ServiceProvider? _cli;
    private PipelineRunner _inProcess = null!;
    private StageLatencyRecorder _latency = null!;
    private string _mode = "";

    [GlobalSetup(Target = nameof(InProcess))]
    public void SetupInProcess()
    {
        // The CLI's composition: in-memory run state and capture, the same synthetic market, engines and agents.
        _cli = CliServices.Build(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "none" }, includeEnvironment: false);
        _inProcess = _cli.GetRequiredService<PipelineRunnerFactory>().Create(Symbol);
        _inProcess.RunOnceAsync(_walk.Next()).GetAwaiter().GetResult();
        _latency = new StageLatencyRecorder();
        _mode = "in-process";
    }

    [GlobalSetup(Target = nameof(Distributed))]
    public void SetupDistributed()
    {
        _azurite = AzuriteServer.StartAsync().GetAwaiter().GetResult();
        _driver = new QueueTopologyDriver(_azurite.ConnectionString);
        _driver.ProvisionAsync().GetAwaiter().GetResult();
        // Loads the headline model, JITs the path and creates the tables and containers before measuring.
        _driver.RunAsync(Symbol, _walk.Next()).GetAwaiter().GetResult();
        _latency = new StageLatencyRecorder();
        _mode = "distributed";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var results = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, $"stage-latency-{_mode}.md"),
            _latency.Report($"Per-stage latency, {_mode} (every delivery of the pilot, warm-up and measured iterations)"));
        _latency.Dispose();
        _cli?.Dispose();
        _driver?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _azurite?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "in process (PipelineRunner, in-memory run state)")]
    public Task<PipelineResult> InProcess() => _inProcess.RunOnceAsync(_walk.Next());

    [Benchmark(Description = "queue topology on Azurite (Tables, Blobs, Base64 queues)")]
    public Task<string> Distributed() => _driver!.RunAsync(Symbol, _walk.Next());

    /// <summary>
    /// Short run on both cores (Azurite is a separate Node process), in the host process (the generated project would
    /// rebuild the Functions app and its worker extensions, which outlasts the build timeout on two cores; at
    /// milliseconds per operation the in-process toolchain measures the same), with the median and p95 of the runs.
    /// </summary>
    private sealed class TopologyConfig : ManualConfig
    {
        public TopologyConfig()
        {
            AddJob(Job.ShortRun.WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance).WithId("Topology"));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.OperationsPerSecond);
        }
    }
}
