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
        // PROBE_CAPTURE=memory keeps captures in this process (not valid across processes: shows what the blob captures cost).
        var memoryCapture = Environment.GetEnvironmentVariable("PROBE_CAPTURE") == "memory";
        await using var driver = new QueueTopologyDriver(azurite.ConnectionString, builder => builder.UseMarketCaptureStore(sp =>
            new CountingCapture(memoryCapture
                ? new SuperGnosis.Core.Pipeline.InMemory.InMemoryMarketCaptureStore()
                : new SuperGnosis.Azure.Blobs.BlobMarketCaptureStore(
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
        var cpuInProcess = TimeSpan.Zero;
        var cpuDistributed = TimeSpan.Zero;
        var cpuAzurite = TimeSpan.Zero;
        var azuritePort = new Uri(azurite.TableEndpoint.ToString()).Port.ToString(CultureInfo.InvariantCulture);
        var inProcessExceptions = new ConcurrentDictionary<string, int>();
        for (var i = 0; i < runs; i++)
        {
            Volatile.Write(ref counting, true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await runner.RunOnceAsync(walk.Next());
            inProcess.Add(clock.Elapsed.TotalMilliseconds);
            cpuInProcess += Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Volatile.Write(ref counting, false);
            foreach (var (type, n) in exceptions)
            {
                inProcessExceptions.AddOrUpdate(type, n, (_, m) => m + n);
            }
            exceptions.Clear();
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var nodeCpu = CpuOfProcessesNaming(azuritePort);
            clock.Restart();
            await driver.RunAsync("SPY", walk.Next());
            distributed.Add(clock.Elapsed.TotalMilliseconds);
            cpuDistributed += Process.GetCurrentProcess().TotalProcessorTime - cpu;
            cpuAzurite += CpuOfProcessesNaming(azuritePort) - nodeCpu;
        }
        // Throughput: batches of runs in flight together (TopologyThroughputBenchmarks measures the same with BenchmarkDotNet).
        const int inFlight = TopologyThroughputBenchmarks.InFlight;
        var batchInProcess = new List<double>();
        var batchDistributed = new List<double>();
        for (var i = 0; i < Math.Max(2, runs / 2); i++)
        {
            var instants = Enumerable.Range(0, inFlight).Select(_ => walk.Next()).ToArray();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(instants.Select(asOf => runner.RunOnceAsync(asOf)));
            batchInProcess.Add(clock.Elapsed.TotalMilliseconds / inFlight);
            instants = [.. Enumerable.Range(0, inFlight).Select(_ => walk.Next())];
            clock.Restart();
            await driver.RunManyAsync("SPY", instants);
            batchDistributed.Add(clock.Elapsed.TotalMilliseconds / inFlight);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{inFlight} runs in flight, per run: in process median {Median(batchInProcess):F1} ms, distributed median {Median(batchDistributed):F1} ms"));

        var requests = new ConcurrentDictionary<string, (int Count, double Ms, long Bytes)>(StringComparer.Ordinal);
        var timeline = new ConcurrentBag<(DateTime Start, double Ms, string What)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http" || source.Name == PipelineStages.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (!Volatile.Read(ref counting))
                {
                    return;
                }
                timeline.Add((activity.StartTimeUtc, activity.Duration.TotalMilliseconds, activity.Source.Name == "System.Net.Http"
                    ? $"  {activity.GetTagItem("http.request.method")} {new Uri(activity.GetTagItem("url.full") as string ?? "http://x/").AbsolutePath[..Math.Min(70, new Uri(activity.GetTagItem("url.full") as string ?? "http://x/").AbsolutePath.Length)]}"
                    : $"STAGE {activity.DisplayName}"));
                if (activity.Source.Name != "System.Net.Http")
                {
                    return;
                }
                var url = activity.GetTagItem("url.full") as string ?? activity.DisplayName;
                var uri = new Uri(url);
                var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var resource = segments.Length > 1 ? segments[1].Split('(')[0] : "";
                var key = $"{activity.GetTagItem("http.request.method")} {uri.Port} {resource}{(segments.Length > 2 ? "/" + segments[2].Split('%')[0] : "")}";
                requests.AddOrUpdate(key, (1, activity.Duration.TotalMilliseconds, 0), (_, v) => (v.Count + 1, v.Ms + activity.Duration.TotalMilliseconds, 0));
            },
        };
        ActivitySource.AddActivityListener(listener);
        Volatile.Write(ref counting, true);
        var probeClock = Stopwatch.StartNew();
        await driver.RunAsync("SPY", walk.Next());
        var probeMs = probeClock.Elapsed.TotalMilliseconds;
        Volatile.Write(ref counting, false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP requests of one run ({probeMs:F0} ms wall): {requests.Values.Sum(v => v.Count)} requests, {requests.Values.Sum(v => v.Ms):F0} ms summed"));
        if (Environment.GetEnvironmentVariable("PROBE_TIMELINE") == "1")
        {
            var t0 = timeline.Min(t => t.Start);
            foreach (var t in timeline.OrderBy(t => t.Start))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(t.Start - t0).TotalMilliseconds,7:F1} +{t.Ms,6:F1} {t.What}"));
            }
        }
        foreach (var (key, v) in requests.OrderByDescending(r => r.Value.Ms))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key,-60} {v.Count,4} {v.Ms,8:F1} ms"));
        }
        foreach (var tableName in new[] { "runs", "ledger" })
        {
            var table = new global::Azure.Data.Tables.TableClient(azurite.ConnectionString, tableName);
            var rows = new Dictionary<string, (int Count, long Chars)>(StringComparer.Ordinal);
            await foreach (var entity in table.QueryAsync<global::Azure.Data.Tables.TableEntity>())
            {
                var kind = tableName == "runs" ? entity.RowKey : entity.PartitionKey.Split('-')[0];
                var chars = entity.Sum(p => p.Value is string text ? (long)text.Length : 8);
                rows[kind] = rows.TryGetValue(kind, out var v) ? (v.Count + 1, v.Chars + chars) : (1, chars);
            }
            Console.WriteLine($"table {tableName}, characters per row kind (averaged over runs): " + string.Join(", ", rows.Select(kv => $"{kv.Key} {kv.Value.Chars / kv.Value.Count:N0}")));
        }
        var container = new global::Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, "sg-captures");
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var blob in (await container.ExistsAsync()).Value ? container.GetBlobsAsync() : AsyncEnumerable.Empty<global::Azure.Storage.Blobs.Models.BlobItem>())
        {
            var item = blob.Name.Split('/')[1].Split('.')[0] + (blob.Name.Contains("bars", StringComparison.Ordinal) ? "." + blob.Name.Split('/')[1].Split('.')[1] : "");
            sizes[item] = blob.Properties.ContentLength ?? 0;
        }
        Console.WriteLine("capture item sizes (bytes, last run): " + string.Join(", ", sizes.Select(kv => $"{kv.Key} {kv.Value:N0}")));
        Console.WriteLine("distributed capture requests by item over the probe: " + string.Join(", ", items.OrderByDescending(i => i.Value).Select(i => $"{i.Key} {i.Value}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per run: in process {cpuInProcess.TotalMilliseconds / runs:F1} ms; distributed {cpuDistributed.TotalMilliseconds / runs:F1} ms in .NET + {cpuAzurite.TotalMilliseconds / runs:F1} ms in Azurite"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in process: median {Median(inProcess):F1} ms, mean {inProcess.Average():F1} ms; exceptions/run {Describe(inProcessExceptions, runs)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"distributed: median {Median(distributed):F1} ms, mean {distributed.Average():F1} ms; exceptions in one run {Describe(exceptions, 1)}"));
    }

    /// <summary>User + system CPU of the processes whose command line contains <paramref name="text"/> (Linux /proc; 100 ticks a second).</summary>
    private static TimeSpan CpuOfProcessesNaming(string text)
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(text, StringComparison.Ordinal))
                {
                    continue;
                }
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return TimeSpan.FromMilliseconds(ticks * 10);
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
