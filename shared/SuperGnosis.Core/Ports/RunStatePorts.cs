using System.Text.Json.Serialization.Metadata;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Ports;

// Run-state ports: what a distributed run shares between its stages (docs/architecture.md, "Distributed run").
// Delivery is at least once, so every write is insert-unique or guarded by optimistic concurrency.

/// <summary>Where a run stands.</summary>
public enum RunStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}

/// <summary>
/// A fan-in transition that fired: <see cref="Name"/> (e.g. <c>elasticity</c>, <c>snapshot</c>, <c>composer</c>)
/// and the stage key whose arrival completed it. Only that arrival sends the next messages; its redelivery
/// re-sends them (the receivers are idempotent).
/// </summary>
public sealed record FanInTransition(string Name, string CompletedBy);

/// <summary>
/// The header of a run. <see cref="Arrived"/> lists the stage keys (<see cref="StageKey.Name"/>) the fan-ins
/// have counted; <see cref="Fired"/> the transitions that fired. Both only grow. <see cref="Redrives"/> counts
/// the sweeper's re-drives. <see cref="ConfigurationFingerprint"/> is the fingerprint the run id was derived from.
/// </summary>
public sealed record RunHeader(
    string RunId,
    string Symbol,
    DateTimeOffset AsOf,
    string ConfigurationFingerprint,
    RunStatus Status,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> Arrived,
    IReadOnlyList<FanInTransition> Fired,
    int Redrives);

/// <summary>A run header with the opaque version (an ETag) it was read at, for optimistic concurrency.</summary>
public sealed record VersionedRun(RunHeader Header, string Version);

/// <summary>
/// A run's header with some of its stage results, read together (<see cref="IRunStateStore.GetRunViewAsync"/>):
/// what a stage needs on delivery, in one round trip where the store can. <see cref="Stages"/> is keyed by
/// <see cref="StageKey.Name"/> and holds only results that are recorded.
/// </summary>
public sealed record RunView(VersionedRun Run, IReadOnlyDictionary<string, StageRecord> Stages)
{
    public RunHeader Header => Run.Header;

    /// <summary>The result under <paramref name="key"/>, or null when it is not recorded (or was not asked for).</summary>
    public StageRecord? Stage(StageKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Stages.TryGetValue(key.Name, out var record) ? record : null;
    }
}

/// <summary>What <see cref="IRunStateStore.TryRecordStageAndUpdateRunAsync"/> did.</summary>
public enum RunTransactionOutcome
{
    /// <summary>The stage result and the header were both written.</summary>
    Committed,
    /// <summary>The header had moved past the expected version: nothing was written (re-read and retry).</summary>
    VersionConflict,
    /// <summary>A result under the same stage key was already recorded: nothing was written.</summary>
    StageAlreadyRecorded,
}

/// <summary>The outcome of a stage-plus-header write and, when committed, the header's new version.</summary>
public sealed record RunTransactionResult(RunTransactionOutcome Outcome, string? Version);

/// <summary>
/// Run state shared by the stages of a run. Implementations: in memory (tests, the CLI), Azure Tables.
/// </summary>
public interface IRunStateStore
{
    /// <summary>
    /// Creates the run when absent. Idempotent: when a run with this id exists the stored header is returned
    /// unchanged (its status may have moved on).
    /// </summary>
    Task<VersionedRun> CreateRunAsync(RunHeader header, CancellationToken cancellationToken);

    /// <summary>The run's header and version, or null when no such run exists.</summary>
    Task<VersionedRun?> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the header if it is still at <paramref name="expectedVersion"/>; returns the new version, or null
    /// when another writer got there first (re-read and retry). Throws <see cref="KeyNotFoundException"/> for an unknown run.
    /// </summary>
    Task<string?> TryUpdateRunAsync(RunHeader header, string expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// Records a stage result insert-unique: true when this call stored it, false when a result under the same key
    /// was already there (the stored one is kept unchanged; read it with <see cref="GetStageAsync"/>).
    /// </summary>
    Task<bool> TryRecordStageAsync(string runId, StageRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Records a stage result insert-unique and replaces the header at <paramref name="expectedVersion"/>, atomically
    /// (one entity-group transaction in Azure Tables): both are written or neither. Throws
    /// <see cref="KeyNotFoundException"/> for an unknown run.
    /// </summary>
    Task<RunTransactionResult> TryRecordStageAndUpdateRunAsync(RunHeader header, string expectedVersion, StageRecord record, CancellationToken cancellationToken);

    /// <summary>The stage result under <paramref name="key"/>, or null.</summary>
    Task<StageRecord?> GetStageAsync(string runId, StageKey key, CancellationToken cancellationToken);

    /// <summary>
    /// The run's header and those stage results under <paramref name="keys"/> that are recorded (every recorded result
    /// when <paramref name="keys"/> is null), in one read where the store can (one query of the run's partition in Azure
    /// Tables); null for an unknown run.
    /// </summary>
    Task<RunView?> GetRunViewAsync(string runId, IReadOnlyCollection<StageKey>? keys, CancellationToken cancellationToken);

    /// <summary>Every stage result recorded for the run, in no particular order.</summary>
    Task<IReadOnlyList<StageRecord>> GetStagesAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Runs still pending or running whose header was last updated before <paramref name="updatedBefore"/>.</summary>
    Task<IReadOnlyList<RunHeader>> ListStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken);
}

/// <summary>
/// Market data a run captured once, shared by every stage of the run (and every process running one of them):
/// the first stage to ask for an item fetches it and stores it insert-unique; every later request, from any
/// stage, reads the stored item, so a live source cannot hand two stages of one run different chains.
/// </summary>
public interface IMarketCaptureStore
{
    /// <summary>
    /// The item captured under (<paramref name="captureId"/>, <paramref name="itemKey"/>); when absent, calls
    /// <paramref name="fetch"/>, stores the result insert-unique and returns what the store then holds (when two
    /// stages race, both get the winner's copy). <paramref name="type"/> gives the item's JSON metadata to stores that
    /// persist; it is a factory so that stores that keep objects (in memory) never pay for building it.
    /// </summary>
    Task<T> GetOrCaptureAsync<T>(
        string captureId,
        string itemKey,
        Func<CancellationToken, Task<T>> fetch,
        Func<JsonTypeInfo<T>> type,
        CancellationToken cancellationToken);

    /// <summary>Drops a capture once no stage needs it any more (a no-op for stores that expire items themselves).</summary>
    Task ReleaseAsync(string captureId, CancellationToken cancellationToken);
}

/// <summary>One captured item: its key (<c>chain</c>, <c>bars.daily.&lt;from UTC ticks&gt;</c>, <c>trades.&lt;from&gt;</c>, ...) and the
/// captured value (<c>OptionChain</c>, <c>IReadOnlyList&lt;Bar&gt;</c>, ...; see <see cref="Pipeline.CapturedMarketData"/>).</summary>
public sealed record CapturedItem(string Key, object Value);

/// <summary>
/// Optional, beside <see cref="IMarketCaptureStore"/>: every item a capture holds, whichever process captured it (the run
/// archive writes a run's inputs from it when the run's ledger stage releases the capture).
/// </summary>
public interface IMarketCaptureContents
{
    /// <summary>The items of <paramref name="captureId"/> captured so far (empty when none), in key order.</summary>
    Task<IReadOnlyList<CapturedItem>> ReadCaptureAsync(string captureId, CancellationToken cancellationToken);
}

