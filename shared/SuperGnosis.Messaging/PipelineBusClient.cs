using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Messaging;

/// <summary>
/// Starts runs on the bus and waits for their outcome: the published outcome (<see cref="RunCompletionSignal"/>) when
/// this process listens for outcomes, and in any case the run state, read every <see cref="PollInterval"/> (an outcome
/// published while this process was not listening, or a run another process started, still ends the wait).
/// </summary>
public sealed class PipelineBusClient(PipelineStages stages, IPipelineMessageSender sender, RunCompletionSignal signal, IRunStateStore runs)
{
    /// <summary>How often a wait reads the run state besides listening for the outcome.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Creates the run (<see cref="PipelineStages.StartRunAsync"/>) and sends its first messages; returns its header.</summary>
    public async Task<RunHeader> StartAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var started = await stages.StartRunAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
        await sender.SendAsync(started.Messages, cancellationToken).ConfigureAwait(false);
        return started.Run;
    }

    /// <summary>
    /// Starts the run, waits for its outcome and returns its result; <see cref="InvalidOperationException"/> with the reason
    /// when it failed. A run finished before (same symbol, as-of and configuration) returns its stored result at once.
    /// </summary>
    public async Task<PipelineResult> RunAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var started = await stages.StartRunAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
        var runId = started.Run.RunId;
        if (!started.Run.IsFinished())
        {
            using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Registered before the first message goes out, so an outcome arriving at once is not missed.
            var outcome = signal.WaitAsync(runId, listening.Token);
            try
            {
                await sender.SendAsync(started.Messages, cancellationToken).ConfigureAwait(false);
                await WaitUntilFinishedAsync(runId, outcome, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await listening.CancelAsync().ConfigureAwait(false);
            }
        }
        var header = (await runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false))?.Header
            ?? throw new InvalidOperationException($"run {runId} is not in the run state store");
        if (header.Status == RunStatus.Failed)
        {
            throw new InvalidOperationException($"run {runId} failed: {header.Reason}");
        }
        return await stages.ReadResultAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"run {runId} has no result (status {header.Status})");
    }

    /// <summary>Returns once the run is completed or failed in the run state store.</summary>
    private async Task WaitUntilFinishedAsync(string runId, Task<PipelineMessage> outcome, CancellationToken cancellationToken)
    {
        var heard = false;
        while (true)
        {
            if (heard)
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var poll = Task.Delay(PollInterval, cancellationToken);
                heard = await Task.WhenAny(outcome, poll).ConfigureAwait(false) == outcome;
                if (!heard)
                {
                    await poll.ConfigureAwait(false); // throws when cancelled
                }
            }
            if ((await runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false))?.Header is { } header && header.IsFinished())
            {
                return;
            }
        }
    }
}
