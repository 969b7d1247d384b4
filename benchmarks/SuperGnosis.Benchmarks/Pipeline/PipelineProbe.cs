using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace SuperGnosis.Benchmarks.Pipeline;

/// <summary>
/// A quick Stopwatch pass over the pipeline suites (not a benchmark: no statistics, no isolation), for profiling
/// between BenchmarkDotNet runs: every benchmark method of <see cref="PipelineRunBenchmarks"/> and
/// <see cref="PipelineStageBenchmarks"/> is called <c>n</c> times after one warm-up call; prints the median and
/// minimum milliseconds and the bytes allocated per call (whole process).
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- probe-pipeline [n]
/// </summary>
internal static class PipelineProbe
{
    public static void Run(int n)
    {
        foreach (var type in new[] { typeof(PipelineRunBenchmarks), typeof(PipelineStageBenchmarks) })
        {
            var suite = Activator.CreateInstance(type)!;
            type.GetMethod("Setup")!.Invoke(suite, null);
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            {
                var name = method.GetCustomAttribute<BenchmarkAttribute>()!.Description ?? method.Name;
                Call(method, suite);
                var times = new double[n];
                long bytes = 0;
                for (var i = 0; i < n; i++)
                {
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    var sw = Stopwatch.StartNew();
                    Call(method, suite);
                    times[i] = sw.Elapsed.TotalMilliseconds;
                    bytes += GC.GetTotalAllocatedBytes(precise: true) - before;
                }
                Array.Sort(times);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-45} median {times[n / 2],8:F3} ms  min {times[0],8:F3} ms  {bytes / n / 1024.0,10:F1} KB/call"));
            }
            type.GetMethod("Cleanup")!.Invoke(suite, null);
        }
    }

    private static void Call(MethodInfo method, object suite)
    {
        if (method.Invoke(suite, null) is Task task)
        {
            task.GetAwaiter().GetResult();
        }
    }
}
