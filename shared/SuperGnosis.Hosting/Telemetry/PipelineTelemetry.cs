using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;

namespace SuperGnosis.Hosting.Telemetry;

/// <summary>How a stage invocation ended (tag <c>outcome</c> of <see cref="PipelineTelemetry.StageDurationName"/>).</summary>
public enum StageOutcome
{
    /// <summary>The handler returned its next messages.</summary>
    Ok,

    /// <summary>The handler threw (the transport retries or dead-letters the message).</summary>
    Error,

    /// <summary>The host cancelled the invocation.</summary>
    Canceled,
}

/// <summary>How a run ended (tag <c>outcome</c> of <see cref="PipelineTelemetry.RunsName"/>), reported by the host that sees the end.</summary>
public enum RunOutcome
{
    Completed,
    Failed,
}

/// <summary>
/// Traces and metrics of the pipeline. Activities come from the <see cref="ActivitySource"/> named
/// <see cref="SourceName"/>; instruments from the meter <see cref="MeterName"/>: histogram
/// <see cref="StageDurationName"/> (milliseconds, tags <c>stage</c>, <c>outcome</c>) and counter <see cref="RunsName"/>
/// (tag <c>outcome</c>).
/// <para>
/// Linking across messages: every stage activity of a run carries the trace id <see cref="TraceIdOf"/> derived from the
/// run id (first 16 bytes of SHA-256 of <c>supergnosis-run:{run id}</c>), so the stages of one run land in one trace
/// whichever process or function ran them, with no trace context in the messages (they stay plain contracts) and the
/// same id under redelivery. Each stage span is a root of that trace (no parent span: nothing could ever export a
/// shared parent, and a missing parent confuses trace viewers); the transport's own activity, when a host has one
/// current (a queue trigger's span), is attached as an <see cref="ActivityLink"/>. Tags: <c>supergnosis.run_id</c>,
/// <c>supergnosis.stage</c>, <c>supergnosis.symbol</c>.
/// </para>
/// </summary>
public sealed class PipelineTelemetry : IDisposable
{
    public const string SourceName = "SuperGnosis.Pipeline";
    public const string MeterName = "SuperGnosis.Pipeline";
    public const string StageDurationName = "supergnosis.stage.duration";
    public const string RunsName = "supergnosis.runs";

    public const string RunIdTag = "supergnosis.run_id";
    public const string StageTag = "supergnosis.stage";
    public const string SymbolTag = "supergnosis.symbol";

    private readonly Meter _meter;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _runs;

    public PipelineTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _stageDuration = _meter.CreateHistogram<double>(StageDurationName, "ms", "Time one stage handler took for one message");
        _runs = _meter.CreateCounter<long>(RunsName, "{run}", "Pipeline runs that ended, by outcome");
    }

    /// <summary>The pipeline's activity source (static: activity sources are process-wide by name).</summary>
    public static ActivitySource ActivitySource { get; } = new(SourceName);

    /// <summary>The trace id of every activity of run <paramref name="runId"/>.</summary>
    public static ActivityTraceId TraceIdOf(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("supergnosis-run:" + runId), hash);
        return ActivityTraceId.CreateFromBytes(hash[..16]);
    }

    /// <summary>
    /// Starts the activity of one stage invocation in the run's trace (null when nobody listens). The activity that is
    /// current on entry (the transport's), if any, becomes a link.
    /// </summary>
    public static Activity? StartStage(string runId, string stage, string symbol)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }
        var runContext = new ActivityContext(TraceIdOf(runId), default, ActivityTraceFlags.Recorded, isRemote: true);
        var links = Activity.Current is { } transport ? new[] { new ActivityLink(transport.Context) } : null;
        var tags = new ActivityTagsCollection
        {
            [RunIdTag] = runId,
            [StageTag] = stage,
            [SymbolTag] = symbol,
        };
        return ActivitySource.StartActivity("stage " + stage, ActivityKind.Consumer, runContext, tags, links);
    }

    public void RecordStage(string stage, StageOutcome outcome, double milliseconds) =>
        _stageDuration.Record(milliseconds, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));

    /// <summary>The host's hook at the end of a run (run completed or failed, whichever stage or sweeper saw it).</summary>
    public void RecordRun(RunOutcome outcome) =>
        _runs.Add(1, new KeyValuePair<string, object?>("outcome", outcome == RunOutcome.Completed ? "completed" : "failed"));

    public void Dispose() => _meter.Dispose();

    private static string OutcomeName(StageOutcome outcome) => outcome switch
    {
        StageOutcome.Ok => "ok",
        StageOutcome.Error => "error",
        StageOutcome.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown stage outcome"),
    };
}
