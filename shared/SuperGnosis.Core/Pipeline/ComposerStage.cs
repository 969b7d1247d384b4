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

    private static readonly StageKey[] ComposerOnly = [StageKey.Composer];
    private IReadOnlyCollection<StageKey>? _inputs;

    /// <summary>Only the composite with the header: the inputs are read by the arrival that completes the fan-in.</summary>
    protected override IReadOnlyCollection<StageKey> Reads(PipelineMessage message) => ComposerOnly;

    /// <summary>The composite, every agent's suggestion and the snapshot: what composing reads.</summary>
    private IReadOnlyCollection<StageKey> Inputs => _inputs ??= [StageKey.Composer, .. Context.Plan.Layers.Select(StageKey.ForAgent), StageKey.Snapshot];

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken)
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
        var owned = await FanIn.ArriveAsync(Runs, view.Run, key, plan.ComposerTransitions, Context.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (owned.Count == 0)
        {
            return Nothing;
        }
        if (view.Stage(StageKey.Composer) is null)
        {
            // Each agent records its suggestion before it sends its arrival, so they are all there once the fan-in fired.
            view = await Runs.GetRunViewAsync(run.RunId, Inputs, cancellationToken).ConfigureAwait(false) ?? throw new UnknownRunException(run.RunId);
            if (view.Stage(StageKey.Composer) is null)
            {
                await Runs.TryRecordStageAsync(run.RunId, Compose(view, run), cancellationToken).ConfigureAwait(false);
            }
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
