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
/// Issue 12's runs per second with several runs in flight, as the market-hours scheduler starts them (one run per
/// watchlist symbol each tick) and as the Functions host serves them (it handles up to 16 messages of a queue at once):
/// <see cref="InFlight"/> SPY runs at consecutive instants of <see cref="BacktestWalk"/> started together and awaited
/// together, in process (the CLI's <see cref="PipelineRunner"/>, the baseline) and through the queue topology on
/// Azurite (<see cref="QueueTopologyDriver"/>). Each operation is one run (OperationsPerInvoke), so the mean is the cost
/// per run at that concurrency and the difference of the means is what the topology adds per run; the latency of one
/// run on its own is <see cref="TopologyBenchmarks"/>.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*TopologyThroughputBenchmarks*'
/// </summary>
[Config(typeof(TopologyThroughputConfig))]
[MemoryDiagnoser]
public class TopologyThroughputBenchmarks
{
    /// <summary>Runs in flight together: a watchlist of eight symbols per scheduler tick.</summary>
    public const int InFlight = 8;

    private const string Symbol = "SPY";
    private readonly BacktestWalk _walk = new();
    private IAzuriteServer? _azurite;
    private QueueTopologyDriver? _driver;
    private ServiceProvider? _cli;
    private PipelineRunner _inProcess = null!;

    [GlobalSetup(Target = nameof(InProcess))]
    public void SetupInProcess()
    {
        _cli = CliServices.Build(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "none" }, includeEnvironment: false);
        _inProcess = _cli.GetRequiredService<PipelineRunnerFactory>().Create(Symbol);
        InProcess().GetAwaiter().GetResult();
    }

    [GlobalSetup(Target = nameof(Distributed))]
    public void SetupDistributed()
    {
        _azurite = AzuriteServer.StartAsync().GetAwaiter().GetResult();
        _driver = new QueueTopologyDriver(_azurite.ConnectionString);
        _driver.ProvisionAsync().GetAwaiter().GetResult();
        Distributed().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cli?.Dispose();
        _driver?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _azurite?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlight, Description = "in process, 8 runs in flight")]
    public Task InProcess() => Task.WhenAll(Instants().Select(asOf => _inProcess.RunOnceAsync(asOf)));

    [Benchmark(OperationsPerInvoke = InFlight, Description = "queue topology on Azurite, 8 runs in flight")]
    public Task Distributed() => _driver!.RunManyAsync(Symbol, Instants());

    private DateTimeOffset[] Instants() => [.. Enumerable.Range(0, InFlight).Select(_ => _walk.Next())];

    /// <summary>As <see cref="TopologyBenchmarks"/>: short run on both cores, in the host process.</summary>
    private sealed class TopologyThroughputConfig : ManualConfig
    {
        public TopologyThroughputConfig()
        {
            AddJob(Job.ShortRun.WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance).WithId("Throughput"));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.OperationsPerSecond);
        }
    }
}
