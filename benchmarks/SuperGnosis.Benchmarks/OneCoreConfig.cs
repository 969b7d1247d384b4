using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace SuperGnosis.Benchmarks;

/// <summary>Short runs pinned to one core (affinity mask 1): the "on one core" figures of docs/performance.md.</summary>
public sealed class OneCoreConfig : ManualConfig
{
    public OneCoreConfig() => AddJob(Job.ShortRun.WithAffinity(1).WithId("OneCore"));
}
