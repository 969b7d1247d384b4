using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Messaging;

/// <summary>
/// Hands run outcomes (<see cref="RunCompleted"/>, <see cref="RunFailed"/>) the run-outcome listener received to callers
/// waiting for them. Only outcomes of runs someone waits for are kept, and only until the last wait ends, so a
/// long-running host does not accumulate every run it ever saw; a caller registers its wait before the run can end
/// (<see cref="PipelineBusClient"/> does, and also polls the run state, which covers an outcome it could not hear).
/// </summary>
public sealed class RunCompletionSignal
{
    private readonly Dictionary<string, Waiter> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Completes the waits for the outcome's run; false for a message that is not an outcome or a run nobody waits for.</summary>
    public bool Record(PipelineMessage outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Waiter? waiter;
        lock (_gate)
        {
            if (outcome is not (RunCompleted or RunFailed) || !_waiting.TryGetValue(outcome.RunId, out waiter))
            {
                return false;
            }
        }
        return waiter.Outcome.TrySetResult(outcome);
    }

    /// <summary>
    /// The run's outcome once it is recorded; cancelled with <paramref name="cancellationToken"/>. The wait is registered
    /// when this returns: call it before the messages that can finish the run are sent.
    /// </summary>
    public Task<PipelineMessage> WaitAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        Waiter waiter;
        lock (_gate)
        {
            if (!_waiting.TryGetValue(runId, out waiter!))
            {
                waiter = new Waiter();
                _waiting.Add(runId, waiter);
            }
            waiter.Count++;
        }
        return WaitAsync(runId, waiter, cancellationToken);
    }

    /// <summary>Runs waited for right now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    private async Task<PipelineMessage> WaitAsync(string runId, Waiter waiter, CancellationToken cancellationToken)
    {
        try
        {
            return await waiter.Outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (--waiter.Count == 0)
                {
                    _waiting.Remove(runId);
                }
            }
        }
    }

    private sealed class Waiter
    {
        public int Count;

        public TaskCompletionSource<PipelineMessage> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
