using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// One primary agent (<see cref="SnapshotReady"/>): reads the recorded snapshot, records the suggestion (ok) or the
/// failure (exception type and message) insert-unique together with its arrival at the composer fan-in
/// (<see cref="FanIn"/>); the agent whose arrival completes the fan-in sends <see cref="SuggestionReady"/> to the
/// composer. A redelivery only re-sends what it owns.
/// </summary>
internal sealed class AgentStage(StageContext context, IPrimaryAgent agent) : StageHandler(context, StageAddress.Agent(agent.Layer))
{
    private readonly StageKey _key = StageKey.ForAgent(agent.Layer);

    protected override bool Accepts(PipelineMessage message) => message is SnapshotReady;

    protected override IReadOnlyCollection<StageKey> Reads(PipelineMessage message) => [_key, StageKey.Snapshot];

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken)
    {
        if (view.Header.IsFinished())
        {
            return Nothing;
        }
        StageRecord? record = null;
        if (view.Stage(_key) is null)
        {
            var snapshot = Required(view, StageKey.Snapshot).Snapshot!;
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                record = new StageRecord(_key, StageOutcome.Ok, null, suggestion: agent.Suggest(snapshot, run));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                record = new StageRecord(_key, StageOutcome.Failed, Describe(ex));
            }
        }
        var owned = await FanIn.RecordAndArriveAsync(Runs, view.Run, _key, record, Context.Plan.ComposerTransitions, Context.Time.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
        return owned.Count == 0 ? Nothing : [To(StageAddress.Composer, new SuggestionReady(run.RunId, run.Symbol, run.AsOf, agent.Layer))];
    }
}
