using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The composer fan-in (<see cref="SuggestionReady"/>; <see cref="SnapshotReady"/> when no agent is configured).
/// Counts agent arrivals; transition <c>composer</c> once every configured layer arrived: composes from the ok
/// suggestions in configured agent order and records the composite (ok), a failure, <c>skipped</c> ("no primary
/// suggestions") or <c>not_configured</c>; then <see cref="CompositeReady"/> to the trade stage.
/// </summary>
internal sealed class ComposerStage(StageContext context) : StageHandler(context, StageAddress.Composer)
{
    protected override bool Accepts(PipelineMessage message) =>
        message is SuggestionReady || (message is SnapshotReady && Context.Plan.Layers.Count == 0);

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunHeader header, RunContext run, CancellationToken cancellationToken)
    {
        var plan = Context.Plan;
        string key;
        if (message is SuggestionReady ready)
        {
            if (!plan.Agents.ContainsKey(ready.Layer))
            {
                return Nothing;
            }
            key = StageKey.ForAgent(ready.Layer).Name;
        }
        else
        {
            key = StageKey.Snapshot.Name;
        }
        var owned = await FanIn.ArriveAsync(Runs, run.RunId, key, plan.ComposerTransitions, Context.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (owned.Count == 0)
        {
            return Nothing;
        }
        if (await Runs.GetStageAsync(run.RunId, StageKey.Composer, cancellationToken).ConfigureAwait(false) is null)
        {
            var record = await ComposeAsync(run, cancellationToken).ConfigureAwait(false);
            await Runs.TryRecordStageAsync(run.RunId, record, cancellationToken).ConfigureAwait(false);
        }
        return [To(StageAddress.Trade, new CompositeReady(run.RunId, run.Symbol, run.AsOf))];
    }

    private async Task<StageRecord> ComposeAsync(RunContext run, CancellationToken cancellationToken)
    {
        if (Context.Components.Composer is not { } composer)
        {
            return new StageRecord(StageKey.Composer, StageOutcome.NotConfigured, "no composer configured");
        }
        var primaries = new List<Suggestion>();
        foreach (var layer in Context.Plan.Layers)
        {
            var record = await RequiredStageAsync(run, StageKey.ForAgent(layer), cancellationToken).ConfigureAwait(false);
            if (record.Suggestion is { } suggestion)
            {
                primaries.Add(suggestion);
            }
        }
        if (primaries.Count == 0)
        {
            return new StageRecord(StageKey.Composer, StageOutcome.Skipped, "no primary suggestions");
        }
        var snapshot = (await RequiredStageAsync(run, StageKey.Snapshot, cancellationToken).ConfigureAwait(false)).Snapshot!;
        try
        {
            return new StageRecord(StageKey.Composer, StageOutcome.Ok, null, suggestion: composer.Compose(snapshot, primaries, run));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new StageRecord(StageKey.Composer, StageOutcome.Failed, Describe(ex));
        }
    }
}
