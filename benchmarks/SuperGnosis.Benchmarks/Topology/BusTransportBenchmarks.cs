using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Benchmarks.Pipeline;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Messaging;
using SuperGnosis.Testing;

namespace SuperGnosis.Benchmarks.Topology;

/// <summary>
/// Issue 16's runs per second by transport, side by side: one SPY run at the next instant of <see cref="BacktestWalk"/>
/// in process (the CLI's <see cref="PipelineRunner"/>, the baseline), through MassTransit's in-memory bus (every stage
/// consumer in this process: <c>gnosis serve</c>'s default) and through RabbitMQ (a local rabbitmq-server started by the
/// tests' fixture code; every stage consumer in this process, so the difference is the broker's round trips). All three
/// keep run state and captures in memory and record no ledger, so what differs is the transport: the bus paths wait for
/// the run through <see cref="PipelineBusClient"/> (the published outcome). The Op/s column is runs per second.
/// Target: the in-memory bus at least 0.8x the in-process runs per second.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*BusTransportBenchmarks*'
/// </summary>
[Config(typeof(BusTransportConfig))]
[MemoryDiagnoser]
public class BusTransportBenchmarks
{
    private const string Symbol = "SPY";
    private readonly BacktestWalk _walk = new();
    private ServiceProvider? _services;
    private IRabbitMqServer? _rabbit;
    private PipelineRunner _inProcess = null!;
    private PipelineBusClient _client = null!;

    [GlobalSetup(Target = nameof(InProcess))]
    public void SetupInProcess()
    {
        _services = CliServices.Build(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "none" }, includeEnvironment: false);
        _inProcess = _services.GetRequiredService<PipelineRunnerFactory>().Create(Symbol);
        InProcess().GetAwaiter().GetResult();
    }

    [GlobalSetup(Target = nameof(InMemoryBus))]
    public void SetupInMemoryBus() => StartBus(new Dictionary<string, string?> { ["SuperGnosis:Bus:Transport"] = BusOptions.InMemoryTransport });

    [GlobalSetup(Target = nameof(RabbitMq))]
    public void SetupRabbitMq()
    {
        _rabbit = RabbitMqServer.StartAsync().GetAwaiter().GetResult();
        StartBus(new Dictionary<string, string?>(_rabbit.SettingsFor()) { ["SuperGnosis:Bus:Transport"] = BusOptions.RabbitMqTransport });
    }

    private void StartBus(Dictionary<string, string?> settings)
    {
        settings["SuperGnosis:Ledger:Kind"] = "none";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddSuperGnosisBus(configuration).BuildServiceProvider();
        _services.ValidateSuperGnosisOptions();
        _services.GetRequiredService<IBusControl>().StartAsync().GetAwaiter().GetResult();
        _client = _services.GetRequiredService<PipelineBusClient>();
        // Loads the headline model, JITs the path and declares the queues before measuring.
        RunOnBus().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_services?.GetService<IBusControl>() is { } bus)
        {
            bus.StopAsync().GetAwaiter().GetResult();
        }
        _services?.Dispose();
        _rabbit?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "in process (PipelineRunner)")]
    public Task<PipelineResult> InProcess() => _inProcess.RunOnceAsync(_walk.Next());

    [Benchmark(Description = "MassTransit in-memory bus")]
    public Task<PipelineResult> InMemoryBus() => RunOnBus();

    [Benchmark(Description = "MassTransit on RabbitMQ (local broker)")]
    public Task<PipelineResult> RabbitMq() => RunOnBus();

    private Task<PipelineResult> RunOnBus() => _client.RunAsync(Symbol, _walk.Next(), CancellationToken.None);

    /// <summary>
    /// As <see cref="TopologyBenchmarks"/>: a short run on both cores (the bus hands messages between threads and the
    /// broker is a separate process), in the host process (the generated project would rebuild the CLI and its
    /// dependencies, at milliseconds per operation the in-process toolchain measures the same).
    /// </summary>
    private sealed class BusTransportConfig : ManualConfig
    {
        public BusTransportConfig()
        {
            AddJob(Job.ShortRun.WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance).WithId("Transport"));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.OperationsPerSecond);
        }
    }
}
