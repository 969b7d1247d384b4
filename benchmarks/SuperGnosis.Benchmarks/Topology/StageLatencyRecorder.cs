using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Benchmarks.Topology;

/// <summary>
/// Per-stage latency from the activities Core's stage handlers start (source <see cref="PipelineStages.ActivitySourceName"/>,
/// one per handled message, named by the stage's queue): the handler's own time, storage reads and writes included,
/// queue transport excluded. <see cref="Report"/> gives count, p50 and p95 per stage in milliseconds.
/// </summary>
internal sealed class StageLatencyRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _samples = new(StringComparer.Ordinal);

    public StageLatencyRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineStages.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                // Core's per-message activity carries sg.message; the hosting root's stage span does not.
                if (activity.GetTagItem("sg.message") is not null)
                {
                    _samples.GetOrAdd(activity.OperationName, _ => []).Add(activity.Duration.TotalMilliseconds);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Clear() => _samples.Clear();

    /// <summary>A Markdown table: stage, deliveries, p50 ms, p95 ms (nearest-rank percentiles).</summary>
    public string Report(string title)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        text.AppendLine();
        text.AppendLine("| stage | deliveries | p50 ms | p95 ms |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (stage, bag) in _samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var sorted = bag.Order().ToArray();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {stage} | {sorted.Length} | {Percentile(sorted, 0.50):F2} | {Percentile(sorted, 0.95):F2} |");
        }
        return text.ToString();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public void Dispose() => _listener.Dispose();
}
