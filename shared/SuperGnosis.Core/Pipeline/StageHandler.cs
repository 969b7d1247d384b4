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
        var view = await RunOfAsync(message, cancellationToken).ConfigureAwait(false);
        var run = new RunContext(view.Header.RunId, view.Header.Symbol, view.Header.AsOf);
        var next = await HandleRunAsync(message, view, run, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("sg.sent", next.Count);
        return next;
    }

    /// <summary>Whether this stage takes messages of this type.</summary>
    protected abstract bool Accepts(PipelineMessage message);

    /// <summary>
    /// The stage results this stage reads on delivery of <paramref name="message"/> (its own, to find a redelivery, and
    /// its inputs), read with the header in one <see cref="IRunStateStore.GetRunViewAsync"/>; null reads them all.
    /// </summary>
    protected abstract IReadOnlyCollection<StageKey>? Reads(PipelineMessage message);

    /// <summary>The stage's work for a known run; <paramref name="view"/> is the header and <see cref="Reads"/> as read on delivery.</summary>
    protected abstract Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken);

    private async Task<RunView> RunOfAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        var view = await Runs.GetRunViewAsync(message.RunId, Reads(message), cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownRunException(message.RunId);
        var header = view.Header;
        if (header.Symbol != message.Symbol || header.AsOf != message.AsOf)
        {
            throw new ArgumentException(
                $"message for run '{message.RunId}' names {message.Symbol} at {message.AsOf:O}, the run is {header.Symbol} at {header.AsOf:O}",
                nameof(message));
        }
        return view;
    }

    /// <summary>The result under <paramref name="key"/> as read on delivery, which a message said is recorded.</summary>
    protected static StageRecord Required(RunView view, StageKey key) =>
        view.Stage(key) ?? throw new InvalidOperationException($"run '{view.Header.RunId}': stage {key} is not recorded yet, but a message said it was");

    /// <summary>"ExceptionType: message", the reason recorded for a stage that threw.</summary>
    protected static string Describe(Exception exception) => exception.GetType().Name + ": " + exception.Message;

    protected static OutboundMessage To(StageAddress address, PipelineMessage message) => new(address, message);
}
