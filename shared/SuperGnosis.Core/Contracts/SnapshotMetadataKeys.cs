namespace SuperGnosis.Core.Contracts;

/// <summary>Well-known keys of <see cref="StandardSnapshot.Metadata"/>.</summary>
public static class SnapshotMetadataKeys
{
    public const string RunId = "run_id";

    /// <summary>Comma-separated engine kinds that produced no usable output (failed, missing or degraded).</summary>
    public const string DegradedEngines = "degraded_engines";

    /// <summary>Prefix of per-engine status entries: <c>engine_status.hedge = ok|degraded:&lt;reason&gt;|failed:&lt;message&gt;|not_configured</c>.</summary>
    public const string EngineStatusPrefix = "engine_status.";

    /// <summary>Prefix of per-engine regimes: <c>regime.hedge</c>, ...</summary>
    public const string EngineRegimePrefix = "regime.";

    /// <summary>Prefix of per-engine confidences, formatted with invariant culture.</summary>
    public const string EngineConfidencePrefix = "confidence.";
}
