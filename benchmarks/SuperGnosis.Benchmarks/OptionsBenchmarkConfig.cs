using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace SuperGnosis.Benchmarks;

/// <summary>
/// Short, repeatable jobs for the options suites, with min and median beside the mean (the machine is
/// shared: the minimum is the best estimate of uncontended cost). Two jobs: the default 256-bit
/// Vector&lt;T&gt;, and DOTNET_MaxVectorTBitWidth=512, which widens Vector&lt;T&gt; to AVX-512 (8 doubles).
/// </summary>
public sealed class OptionsBenchmarkConfig : ManualConfig
{
    public OptionsBenchmarkConfig()
    {
        var job = Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15);
        AddJob(job.WithId("VectorT-256"));
        AddJob(job.WithEnvironmentVariable("DOTNET_MaxVectorTBitWidth", "512").WithId("VectorT-512"));
        AddColumn(StatisticColumn.Min, StatisticColumn.Median);
    }
}
