using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Messaging;

/// <summary>Starts runs on the bus and waits for their outcome.</summary>
public sealed class PipelineBusClient(PipelineStages stages, IPipelineMessageSender sender, RunCompletionSignal signal)
{
    /// <summary>Creates the run (<see cref="PipelineStages.StartRunAsync"/>) and sends its first messages; returns its header.</summary>
    public async Task<RunHeader> StartAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var started = await stages.StartRunAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
        if (started.Messages.Count > 0)
        {
            await sender.SendAsync(started.Messages, cancellationToken).ConfigureAwait(false);
        }
        return started.Run;
    }

    /// <summary>
    /// Starts the run, waits for its outcome and returns its result; <see cref="InvalidOperationException"/> with the reason
    /// when it failed. A run finished before (same symbol, as-of and configuration) returns its stored result at once.
    /// </summary>
    public async Task<PipelineResult> RunAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var run = await StartAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
        if (!run.IsFinished())
        {
            var outcome = await signal.WaitAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            if (outcome is RunFailed failed)
            {
                throw new InvalidOperationException($"run {run.RunId} failed: {failed.Reason}");
            }
        }
        return await stages.ReadResultAsync(run.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"run {run.RunId} has no result (status {run.Status})");
    }
}
