using System.Collections.Concurrent;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Messaging;

/// <summary>
/// The run outcomes (<see cref="RunCompleted"/>, <see cref="RunFailed"/>) the run-events endpoint received, for a caller
/// that waits for a run. An outcome recorded before anyone waits is kept; a duplicate outcome changes nothing.
/// </summary>
public sealed class RunCompletionSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<PipelineMessage>> _outcomes = new(StringComparer.Ordinal);

    /// <summary>Records <paramref name="outcome"/>; false for a message that is not an outcome or a run already recorded.</summary>
    public bool Record(PipelineMessage outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome is RunCompleted or RunFailed && For(outcome.RunId).TrySetResult(outcome);
    }

    /// <summary>The run's outcome, once it arrives; cancelled with <paramref name="cancellationToken"/>.</summary>
    public Task<PipelineMessage> WaitAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return For(runId).Task.WaitAsync(cancellationToken);
    }

    private TaskCompletionSource<PipelineMessage> For(string runId) =>
        _outcomes.GetOrAdd(runId, _ => new TaskCompletionSource<PipelineMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
}
