using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Benchmarks.Pipeline;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Testing;

namespace SuperGnosis.Benchmarks.Topology;

/// <summary>
/// Stopwatch pass over <see cref="TopologyBenchmarks"/>'s two paths for diagnosis (not a measurement of record): n runs
/// each, alternating, with the first-chance exceptions per run counted by status and error code (the distributed path's
/// insert-unique writes and capture misses surface as 409/412/404 <c>RequestFailedException</c>s inside the Azure SDK;
/// first-chance events count each await frame an exception passes, so one 404 shows several times) and the capture
/// requests counted by item.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- probe-topology [n]
/// </summary>
internal static class TopologyProbe
{
    public static async Task RunAsync(int runs)
    {
        var exceptions = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var counting = false;
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (Volatile.Read(ref counting))
            {
                var name = e.Exception is global::Azure.RequestFailedException failed
                    ? string.Create(CultureInfo.InvariantCulture, $"{failed.Status} {failed.ErrorCode}")
                    : e.Exception.GetType().Name;
                exceptions.AddOrUpdate(name, 1, (_, n) => n + 1);
            }
        };
        await using var azurite = await AzuriteServer.StartAsync();
        var items = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await using var driver = new QueueTopologyDriver(azurite.ConnectionString, builder => builder.UseMarketCaptureStore(sp =>
            new CountingCapture(new SuperGnosis.Azure.Blobs.BlobMarketCaptureStore(
                sp.GetRequiredKeyedService<SuperGnosis.Azure.Blobs.BlobPayloadStore>(SuperGnosis.Functions.FunctionsServiceCollectionExtensions.CapturesKey)), items)));
        await driver.ProvisionAsync();
        // The in-process runner as the CLI composes it (in-memory run state and capture, no ledger).
        await using var cli = SuperGnosis.Cli.Composition.CliServices.Build(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "none" }, includeEnvironment: false);
        var runner = cli.GetRequiredService<PipelineRunnerFactory>().Create("SPY");
        var walk = new BacktestWalk();
        await runner.RunOnceAsync(walk.Next());
        await driver.RunAsync("SPY", walk.Next());

        var inProcess = new List<double>();
        var distributed = new List<double>();
        var inProcessExceptions = new ConcurrentDictionary<string, int>();
        for (var i = 0; i < runs; i++)
        {
            Volatile.Write(ref counting, true);
            var clock = Stopwatch.StartNew();
            await runner.RunOnceAsync(walk.Next());
            inProcess.Add(clock.Elapsed.TotalMilliseconds);
            Volatile.Write(ref counting, false);
            foreach (var (type, n) in exceptions)
            {
                inProcessExceptions.AddOrUpdate(type, n, (_, m) => m + n);
            }
            exceptions.Clear();
            clock.Restart();
            await driver.RunAsync("SPY", walk.Next());
            distributed.Add(clock.Elapsed.TotalMilliseconds);
        }
        Volatile.Write(ref counting, true);
        await driver.RunAsync("SPY", walk.Next());
        Volatile.Write(ref counting, false);
        Console.WriteLine("distributed capture requests by item over the probe: " + string.Join(", ", items.OrderByDescending(i => i.Value).Select(i => $"{i.Key} {i.Value}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in process: median {Median(inProcess):F1} ms, mean {inProcess.Average():F1} ms; exceptions/run {Describe(inProcessExceptions, runs)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"distributed: median {Median(distributed):F1} ms, mean {distributed.Average():F1} ms; exceptions in one run {Describe(exceptions, 1)}"));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Describe(ConcurrentDictionary<string, int> counts, int runs) =>
        counts.IsEmpty ? "none" : string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value / (double)runs:F1}")));

    private sealed class CountingCapture(SuperGnosis.Core.Ports.IMarketCaptureStore inner, ConcurrentDictionary<string, int> items) : SuperGnosis.Core.Ports.IMarketCaptureStore
    {
        public Task<T> GetOrCaptureAsync<T>(string captureId, string itemKey, Func<CancellationToken, Task<T>> fetch, Func<System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>> type, CancellationToken cancellationToken)
        {
            items.AddOrUpdate(captureId.Split('|')[0] + ":" + itemKey.Split('.')[0] + (itemKey.StartsWith("bars", StringComparison.Ordinal) ? "." + itemKey.Split('.')[1] : ""), 1, (_, n) => n + 1);
            return inner.GetOrCaptureAsync(captureId, itemKey, fetch, type, cancellationToken);
        }

        public Task ReleaseAsync(string captureId, CancellationToken cancellationToken) => inner.ReleaseAsync(captureId, cancellationToken);
    }
}
