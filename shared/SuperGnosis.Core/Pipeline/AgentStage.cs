using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// One primary agent (<see cref="SnapshotReady"/> → <see cref="SuggestionReady"/> to the composer fan-in): reads the
/// recorded snapshot, records the suggestion (ok) or the failure (exception type and message) insert-unique. A
/// redelivery only re-sends.
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
        if (view.Stage(_key) is null)
        {
            var snapshot = Required(view, StageKey.Snapshot).Snapshot!;
            cancellationToken.ThrowIfCancellationRequested();
            StageRecord record;
            try
            {
                record = new StageRecord(_key, StageOutcome.Ok, null, suggestion: agent.Suggest(snapshot, run));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                record = new StageRecord(_key, StageOutcome.Failed, Describe(ex));
            }
            await Runs.TryRecordStageAsync(run.RunId, record, cancellationToken).ConfigureAwait(false);
        }
        return [To(StageAddress.Composer, new SuggestionReady(run.RunId, run.Symbol, run.AsOf, agent.Layer))];
    }
}
