using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Hosting.Backtesting;

namespace SuperGnosis.Benchmarks.Backtesting;

/// <summary>
/// Issue 20's target: one year of daily steps (252) with a 2,000-contract chain per step through the whole pipeline and
/// the order simulator in at most 10 s on one core (about 40 ms a step). Each iteration is one whole backtest on a new
/// composition and market (built in the iteration set-up, not timed); the headline model is loaded and the code jitted
/// by the warm-up iteration. Pinned to one core.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*BacktestBenchmarks*'
/// Per-stage breakdown (Stopwatch and the pipeline's activities): ... -- probe-backtest
/// </summary>
[Config(typeof(BacktestBenchmarks.OneCoreYear))]
[MemoryDiagnoser]
public class BacktestBenchmarks
{
    private ServiceProvider? _services;
    private BacktestRunner _runner = null!;

    /// <summary>
    /// One warm-up and three measured iterations of one invocation each (a run takes seconds), in process (the generated
    /// project would rebuild the Functions app the suite references, beyond BenchmarkDotNet's build timeout on two cores);
    /// the process is pinned to one core in the global set-up.
    /// </summary>
    public sealed class OneCoreYear : ManualConfig
    {
        public OneCoreYear() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithInvocationCount(1).WithUnrollFactor(1).WithId("OneCoreYear"));
    }

    [GlobalSetup]
    public void PinToOneCore()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = 1;
        }
    }

    [IterationSetup]
    public void Setup()
    {
        _services?.Dispose();
        _services = BacktestYear.Compose();
        _runner = _services.GetRequiredService<BacktestRunnerFactory>().Create(BacktestYear.Symbol, ledger: null);
    }

    [GlobalCleanup]
    public void Cleanup() => _services?.Dispose();

    [Benchmark(Description = "SPY 2024, 252 daily steps, 2,000-contract chains, pipeline + simulator")]
    public BacktestResult Year() => _runner.RunAsync(BacktestYear.From, BacktestYear.To).GetAwaiter().GetResult();
}
