using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Pipeline;

/// <summary>How one engine fared in a run.</summary>
public enum EngineState
{
    Ok,
    Degraded,
    Failed,
    NotConfigured,
}

/// <summary>Outcome of one engine in a run; <see cref="Detail"/> is the degradation reason or error message.</summary>
public sealed record EngineRunStatus(EngineKind Kind, EngineState State, string? Detail)
{
    /// <summary>The value written to <c>snapshot.metadata["engine_status.&lt;kind&gt;"]</c>.</summary>
    public string MetadataValue => State switch
    {
        EngineState.Ok => "ok",
        EngineState.Degraded => "degraded:" + Detail,
        EngineState.Failed => "failed:" + Detail,
        EngineState.NotConfigured => "not_configured",
        _ => State.ToString(),
    };
}
