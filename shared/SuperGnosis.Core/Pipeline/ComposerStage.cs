using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The composer (<see cref="SuggestionReady"/> from the agent whose arrival completed the <c>composer</c> transition, see
/// <see cref="FanIn"/>; <see cref="SnapshotReady"/> when no agent is configured): composes from the ok suggestions in
/// configured agent order and records the composite (ok), a failure, <c>skipped</c> ("no primary suggestions") or
/// <c>not_configured</c>; then <see cref="CompositeReady"/> to the trade stage. A message that arrives while an agent is
/// still unrecorded is premature and changes nothing; a redelivery finds the composite recorded and only re-sends.
/// </summary>
internal sealed class ComposerStage(StageContext context) : StageHandler(context, StageAddress.Composer)
{
    private IReadOnlyCollection<StageKey>? _reads;

    protected override bool Accepts(PipelineMessage message) =>
        message is SuggestionReady || (message is SnapshotReady && Context.Plan.Layers.Count == 0);

    /// <summary>The composite, every agent's suggestion and the snapshot: what composing reads.</summary>
    protected override IReadOnlyCollection<StageKey> Reads(PipelineMessage message) =>
        _reads ??= [StageKey.Composer, .. Context.Plan.Layers.Select(StageKey.ForAgent), StageKey.Snapshot];

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken)
    {
        var plan = Context.Plan;
        if (view.Header.IsFinished() || (message is SuggestionReady ready && !plan.Agents.ContainsKey(ready.Layer)))
        {
            return Nothing;
        }
        if (view.Stage(StageKey.Composer) is null)
        {
            if (view.Stage(StageKey.Snapshot) is null || plan.Layers.Any(l => view.Stage(StageKey.ForAgent(l)) is null))
            {
                return Nothing;
            }
            await Runs.TryRecordStageAsync(run.RunId, Compose(view, run), cancellationToken).ConfigureAwait(false);
        }
        return [To(StageAddress.Trade, new CompositeReady(run.RunId, run.Symbol, run.AsOf))];
    }

    private StageRecord Compose(RunView view, RunContext run)
    {
        if (Context.Components.Composer is not { } composer)
        {
            return new StageRecord(StageKey.Composer, StageOutcome.NotConfigured, "no composer configured");
        }
        var primaries = new List<Suggestion>();
        foreach (var layer in Context.Plan.Layers)
        {
            var record = Required(view, StageKey.ForAgent(layer));
            if (record.Suggestion is { } suggestion)
            {
                primaries.Add(suggestion);
            }
        }
        if (primaries.Count == 0)
        {
            return new StageRecord(StageKey.Composer, StageOutcome.Skipped, "no primary suggestions");
        }
        var snapshot = Required(view, StageKey.Snapshot).Snapshot!;
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
