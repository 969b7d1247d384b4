using System.Diagnostics;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>What every stage handler of one <see cref="PipelineStages"/> shares.</summary>
internal sealed record StageContext(PipelinePlan Plan, IRunStateStore Runs, TimeProvider Time)
{
    public PipelineComponents Components => Plan.Components;
}

/// <summary>
/// Base of the stage handlers: checks the message's type and run, wraps the work in an <see cref="Activity"/> of
/// <see cref="PipelineStages.ActivitySourceName"/> (free when nobody listens) and leaves the stage's work to
/// <see cref="HandleRunAsync"/>. A message for an unknown run throws <see cref="UnknownRunException"/>; a message for
/// a finished run (completed or failed) is acknowledged with nothing to send, except where a stage says otherwise.
/// </summary>
internal abstract class StageHandler(StageContext context, StageAddress address) : IStageHandler
{
    protected static readonly IReadOnlyList<OutboundMessage> Nothing = [];

    public StageAddress Address { get; } = address;

    protected StageContext Context { get; } = context;

    protected IRunStateStore Runs => Context.Runs;

    public async Task<IReadOnlyList<OutboundMessage>> HandleAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Accepts(message))
        {
            throw new ArgumentException($"stage {Address} does not take a {message.GetType().Name} message", nameof(message));
        }
        using var activity = PipelineStages.Activities.StartActivity(Address.QueueName, ActivityKind.Consumer);
        activity?.SetTag("sg.run_id", message.RunId);
        activity?.SetTag("sg.symbol", message.Symbol);
        activity?.SetTag("sg.message", message.GetType().Name);
        var header = await RunOfAsync(message, cancellationToken).ConfigureAwait(false);
        var run = new RunContext(header.RunId, header.Symbol, header.AsOf);
        var next = await HandleRunAsync(message, header, run, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("sg.sent", next.Count);
        return next;
    }

    /// <summary>Whether this stage takes messages of this type.</summary>
    protected abstract bool Accepts(PipelineMessage message);

    /// <summary>The stage's work for a known run; <paramref name="header"/> is the header as read on delivery.</summary>
    protected abstract Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunHeader header, RunContext run, CancellationToken cancellationToken);

    private async Task<RunHeader> RunOfAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        var stored = await Runs.GetRunAsync(message.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownRunException(message.RunId);
        var header = stored.Header;
        if (header.Symbol != message.Symbol || header.AsOf != message.AsOf)
        {
            throw new ArgumentException(
                $"message for run '{message.RunId}' names {message.Symbol} at {message.AsOf:O}, the run is {header.Symbol} at {header.AsOf:O}",
                nameof(message));
        }
        return header;
    }

    protected async Task<StageRecord> RequiredStageAsync(RunContext run, StageKey key, CancellationToken cancellationToken) =>
        await Runs.GetStageAsync(run.RunId, key, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"run '{run.RunId}': stage {key} is not recorded yet, but a message said it was");

    /// <summary>Records <paramref name="record"/> insert-unique and returns the stored one (this or an earlier delivery's).</summary>
    protected async Task<StageRecord> RecordAsync(RunContext run, StageRecord record, CancellationToken cancellationToken)
    {
        if (await Runs.TryRecordStageAsync(run.RunId, record, cancellationToken).ConfigureAwait(false))
        {
            return record;
        }
        return await RequiredStageAsync(run, record.Key, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"ExceptionType: message", the reason recorded for a stage that threw.</summary>
    protected static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;

    protected static OutboundMessage To(StageAddress address, PipelineMessage message) => new(address, message);
}
