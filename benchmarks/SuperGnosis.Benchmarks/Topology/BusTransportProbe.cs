using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Benchmarks.Pipeline;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Messaging;

namespace SuperGnosis.Benchmarks.Topology;

/// <summary>
/// Stopwatch pass over <see cref="BusTransportBenchmarks"/>'s in-process and in-memory-bus paths for diagnosis (not a
/// measurement of record): n runs each, alternating, with wall time and this process's CPU time per run, so the cost of
/// the bus (CPU) can be told apart from waiting for a core on a loaded machine (wall minus CPU).
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- probe-transport [n]
/// </summary>
internal static class BusTransportProbe
{
    public static async Task RunAsync(int runs)
    {
        await using var cli = CliServices.Build(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "none" }, includeEnvironment: false);
        var runner = cli.GetRequiredService<PipelineRunnerFactory>().Create("SPY");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SuperGnosis:Ledger:Kind"] = "none",
            ["SuperGnosis:Bus:Transport"] = BusOptions.InMemoryTransport,
        }).Build();
        await using var bus = new ServiceCollection().AddSuperGnosisBus(configuration).BuildServiceProvider();
        bus.ValidateSuperGnosisOptions();
        await bus.GetRequiredService<IBusControl>().StartAsync();
        var client = bus.GetRequiredService<PipelineBusClient>();
        var walk = new BacktestWalk();
        await runner.RunOnceAsync(walk.Next());
        await client.RunAsync("SPY", walk.Next(), CancellationToken.None);

        var inProcess = new List<(double Wall, double Cpu)>();
        var onBus = new List<(double Wall, double Cpu)>();
        var self = Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            inProcess.Add(await MeasureAsync(self, () => runner.RunOnceAsync(walk.Next())));
            onBus.Add(await MeasureAsync(self, () => client.RunAsync("SPY", walk.Next(), CancellationToken.None)));
        }
        await bus.GetRequiredService<IBusControl>().StopAsync();
        Console.WriteLine(Describe("in process", inProcess));
        Console.WriteLine(Describe("in-memory bus", onBus));
    }

    private static async Task<(double Wall, double Cpu)> MeasureAsync(Process self, Func<Task> run)
    {
        self.Refresh();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await run();
        var wall = clock.Elapsed.TotalMilliseconds;
        self.Refresh();
        return (wall, (self.TotalProcessorTime - cpu).TotalMilliseconds);
    }

    private static string Describe(string name, List<(double Wall, double Cpu)> samples) => string.Create(CultureInfo.InvariantCulture,
        $"{name}: wall median {Median(samples.Select(s => s.Wall)):F1} ms, mean {samples.Average(s => s.Wall):F1} ms; CPU median {Median(samples.Select(s => s.Cpu)):F1} ms, mean {samples.Average(s => s.Cpu):F1} ms");

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
