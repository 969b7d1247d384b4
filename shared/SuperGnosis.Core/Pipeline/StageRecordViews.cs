using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Pipeline;

/// <summary>Views of recorded stage results: engine statuses, <c>stage_status.*</c> values.</summary>
internal static class StageRecordViews
{
    /// <summary>The engine status an engine stage record stands for.</summary>
    public static EngineRunStatus EngineStatus(EngineKind kind, StageRecord record) => record.Outcome switch
    {
        StageOutcome.Ok => new EngineRunStatus(kind, EngineState.Ok, null),
        StageOutcome.Degraded => new EngineRunStatus(kind, EngineState.Degraded, record.Reason),
        StageOutcome.NotConfigured => new EngineRunStatus(kind, EngineState.NotConfigured, null),
        _ => new EngineRunStatus(kind, EngineState.Failed, record.Reason),
    };

    /// <summary>
    /// The value written to <c>snapshot.metadata["stage_status.&lt;stage&gt;"]</c>: <c>ok</c>, <c>degraded:&lt;reason&gt;</c>,
    /// <c>failed:&lt;reason&gt;</c>, <c>skipped:&lt;reason&gt;</c> or <c>not_configured</c>.
    /// </summary>
    public static string StatusValue(StageRecord record) => record.Outcome switch
    {
        StageOutcome.Ok => "ok",
        StageOutcome.Degraded => "degraded:" + record.Reason,
        StageOutcome.Failed => "failed:" + record.Reason,
        StageOutcome.Skipped => "skipped:" + record.Reason,
        StageOutcome.NotConfigured => "not_configured",
        _ => throw new ArgumentOutOfRangeException(nameof(record), record.Outcome, "unknown stage outcome"),
    };

    /// <summary>A run's records by stage key name.</summary>
    public static Dictionary<string, StageRecord> ByKey(IReadOnlyList<StageRecord> records)
    {
        var byKey = new Dictionary<string, StageRecord>(records.Count, StringComparer.Ordinal);
        foreach (var record in records)
        {
            byKey[record.Key.Name] = record;
        }
        return byKey;
    }
}
