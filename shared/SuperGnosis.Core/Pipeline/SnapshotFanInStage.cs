using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The snapshot fan-in (<see cref="EngineOutputReady"/>; <see cref="RunRequested"/> only when no engine is
/// configured). Counts engine arrivals (<see cref="FanIn"/>); transitions: one per dependent engine (e.g.
/// <c>elasticity</c> once hedge and liquidity arrived → <see cref="RunRequested"/> to that engine) and
/// <c>snapshot</c> once every configured engine arrived: builds the <see cref="StandardSnapshot"/> from the engine
/// records with <see cref="SnapshotBuilder"/>, records it insert-unique and sends <see cref="SnapshotReady"/> to every
/// agent layer (to the composer when no agent is configured).
/// </summary>
internal sealed class SnapshotFanInStage(StageContext context) : StageHandler(context, StageAddress.SnapshotFanIn)
{
    protected override bool Accepts(PipelineMessage message) =>
        message is EngineOutputReady || (message is RunRequested && Context.Plan.Kinds.Count == 0);

    private static readonly StageKey[] SnapshotOnly = [StageKey.Snapshot];
    private IReadOnlyCollection<StageKey>? _inputs;

    /// <summary>
    /// Only the snapshot with the header: most arrivals complete nothing, so the engine outputs are read by the one
    /// that completes the snapshot transition.
    /// </summary>
    protected override IReadOnlyCollection<StageKey> Reads(PipelineMessage message) => SnapshotOnly;

    /// <summary>The engine results and the snapshot: what building the snapshot reads.</summary>
    private IReadOnlyCollection<StageKey> Inputs => _inputs ??= [.. Context.Plan.Kinds.Select(StageKey.ForEngine), StageKey.Snapshot];

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken)
    {
        var plan = Context.Plan;
        string key;
        if (message is EngineOutputReady ready)
        {
            if (!plan.Engines.ContainsKey(ready.Engine))
            {
                return Nothing;
            }
            key = StageKey.ForEngine(ready.Engine).Name;
        }
        else
        {
            key = PipelinePlan.RunStartArrival;
        }
        var owned = await FanIn.ArriveAsync(Runs, view.Run, key, plan.SnapshotTransitions, Context.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (owned.Count == 0)
        {
            return Nothing;
        }
        var next = new List<OutboundMessage>();
        foreach (var transition in owned)
        {
            if (transition == PipelinePlan.SnapshotTransition)
            {
                await RecordSnapshotAsync(view, run, cancellationToken).ConfigureAwait(false);
                next.AddRange(plan.Layers.Count == 0
                    ? [To(StageAddress.Composer, new SnapshotReady(run.RunId, run.Symbol, run.AsOf))]
                    : plan.Layers.Select(layer => To(StageAddress.Agent(layer), new SnapshotReady(run.RunId, run.Symbol, run.AsOf))));
            }
            else
            {
                var kind = plan.Kinds.First(k => SnapshotBuilder.KindName(k) == transition);
                next.Add(To(StageAddress.Engine(kind), new RunRequested(run.RunId, run.Symbol, run.AsOf)));
            }
        }
        return next;
    }

    /// <summary>
    /// Builds and records the snapshot from the engine records (each engine records its result before it sends its
    /// arrival, so they are all there once the transition fired), unless a redelivery finds it recorded.
    /// </summary>
    private async Task RecordSnapshotAsync(RunView view, RunContext run, CancellationToken cancellationToken)
    {
        if (view.Stage(StageKey.Snapshot) is not null)
        {
            return;
        }
        var records = (await Runs.GetRunViewAsync(run.RunId, Inputs, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownRunException(run.RunId)).Stages;
        if (records.ContainsKey(StageKey.Snapshot.Name))
        {
            return;
        }
        var outputs = new Dictionary<EngineKind, EngineOutput>();
        var statuses = new Dictionary<EngineKind, EngineRunStatus>();
        foreach (var kind in Context.Plan.Kinds)
        {
            var key = StageKey.ForEngine(kind);
            var record = records.TryGetValue(key.Name, out var found)
                ? found
                : throw new InvalidOperationException($"run '{run.RunId}': stage {key} is not recorded yet, but a message said it was");
            statuses[kind] = StageRecordViews.EngineStatus(kind, record);
            if (record.EngineOutput is { } output)
            {
                outputs[kind] = output;
            }
        }
        var snapshot = SnapshotBuilder.Build(run, outputs, statuses);
        await Runs.TryRecordStageAsync(run.RunId, new StageRecord(StageKey.Snapshot, StageOutcome.Ok, null, snapshot: snapshot), cancellationToken).ConfigureAwait(false);
    }
}
