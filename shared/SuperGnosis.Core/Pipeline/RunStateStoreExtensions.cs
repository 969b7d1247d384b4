using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>A stage message named a run the run state store does not hold. Hosts poison such messages.</summary>
public sealed class UnknownRunException : Exception
{
    public UnknownRunException(string runId)
        : base($"run '{runId}' does not exist in the run state store (runs are created by PipelineStages.StartRunAsync)") =>
        RunId = runId;

    public UnknownRunException()
        : this("(none)")
    {
    }

    public UnknownRunException(string message, Exception innerException)
        : base(message, innerException) => RunId = "";

    public string RunId { get; }
}

/// <summary>Read-modify-write helpers over <see cref="IRunStateStore"/> with optimistic concurrency.</summary>
public static class RunStateStoreExtensions
{
    /// <summary>Attempts before <see cref="UpdateRunAsync"/> gives up on a header other writers keep changing.</summary>
    public const int MaxUpdateAttempts = 1000;

    /// <summary>
    /// Applies <paramref name="change"/> to the current header and stores the result if the header did not move in
    /// between; on a conflict re-reads and applies <paramref name="change"/> again (so it must be a pure function of
    /// the header it is given). <paramref name="change"/> returns null to leave the header as it is. Returns the header
    /// as stored after the call. Throws <see cref="UnknownRunException"/> for an unknown run.
    /// </summary>
    public static Task<RunHeader> UpdateRunAsync(
        this IRunStateStore store, string runId, Func<RunHeader, RunHeader?> change, CancellationToken cancellationToken) =>
        store.UpdateRunAsync(runId, null, change, cancellationToken);

    /// <summary>
    /// <see cref="UpdateRunAsync(IRunStateStore, string, Func{RunHeader, RunHeader?}, CancellationToken)"/> starting from
    /// <paramref name="read"/>, a header the caller has just read (saves the first read; a stale one only costs a conflict).
    /// </summary>
    public static Task<RunHeader> UpdateRunAsync(
        this IRunStateStore store, VersionedRun read, Func<RunHeader, RunHeader?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return store.UpdateRunAsync(read.Header.RunId, read, change, cancellationToken);
    }

    private static async Task<RunHeader> UpdateRunAsync(
        this IRunStateStore store, string runId, VersionedRun? read, Func<RunHeader, RunHeader?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var current = attempt == 0 && read is not null
                ? read
                : await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) ?? throw new UnknownRunException(runId);
            if (change(current.Header) is not { } updated)
            {
                return current.Header;
            }
            if (updated.RunId != runId)
            {
                throw new InvalidOperationException($"an update of run '{runId}' must not change its id (got '{updated.RunId}')");
            }
            if (await store.TryUpdateRunAsync(updated, current.Version, cancellationToken).ConfigureAwait(false) is not null)
            {
                return updated;
            }
        }
        throw new InvalidOperationException($"run '{runId}' kept changing: gave up after {MaxUpdateAttempts} conflicting updates");
    }

    /// <summary>
    /// Marks the run completed at <paramref name="at"/> (its ledger record is written). Completed stays completed; a run
    /// the sweeper had given up on becomes completed too, because its result now exists.
    /// </summary>
    public static Task<RunHeader> MarkCompletedAsync(this IRunStateStore store, string runId, DateTimeOffset at, CancellationToken cancellationToken) =>
        store.UpdateRunAsync(runId, null, h => Completed(h, at), cancellationToken);

    /// <inheritdoc cref="MarkCompletedAsync(IRunStateStore, string, DateTimeOffset, CancellationToken)"/>
    public static Task<RunHeader> MarkCompletedAsync(this IRunStateStore store, VersionedRun read, DateTimeOffset at, CancellationToken cancellationToken) =>
        store.UpdateRunAsync(read, h => Completed(h, at), cancellationToken);

    private static RunHeader? Completed(RunHeader header, DateTimeOffset at) =>
        header.Status == RunStatus.Completed ? null : header with { Status = RunStatus.Completed, Reason = null, UpdatedAt = at };

    /// <summary>
    /// Marks the run failed with <paramref name="reason"/>. A completed run stays completed and a failed run keeps its
    /// first reason; returns the header as stored.
    /// </summary>
    public static Task<RunHeader> MarkFailedAsync(this IRunStateStore store, string runId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return store.UpdateRunAsync(runId, h => h.Status is RunStatus.Completed or RunStatus.Failed ? null : h with { Status = RunStatus.Failed, Reason = reason, UpdatedAt = at }, cancellationToken);
    }

    /// <summary>True for <see cref="RunStatus.Completed"/> and <see cref="RunStatus.Failed"/>.</summary>
    public static bool IsFinished(this RunHeader header) =>
        header is { Status: RunStatus.Completed or RunStatus.Failed };
}
