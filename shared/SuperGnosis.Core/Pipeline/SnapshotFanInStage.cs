using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The snapshot fan-in (<see cref="EngineOutputReady"/> from the engine whose arrival completed the <c>snapshot</c>
/// transition, see <see cref="FanIn"/>; <see cref="RunRequested"/> when no engine is configured): builds the
/// <see cref="StandardSnapshot"/> from the engine records with <see cref="SnapshotBuilder"/>, records it insert-unique
/// and sends <see cref="SnapshotReady"/> to every agent layer (to the composer when no agent is configured). A message
/// that arrives while an engine is still unrecorded is premature and changes nothing (the completing engine sends
/// again); a redelivery finds the snapshot recorded and only re-sends.
/// </summary>
internal sealed class SnapshotFanInStage(StageContext context) : StageHandler(context, StageAddress.SnapshotFanIn)
{
    private IReadOnlyCollection<StageKey>? _reads;

    protected override bool Accepts(PipelineMessage message) =>
        message is EngineOutputReady || (message is RunRequested && Context.Plan.Kinds.Count == 0);

    /// <summary>The engine results and the snapshot: what building the snapshot reads.</summary>
    protected override IReadOnlyCollection<StageKey> Reads(PipelineMessage message) =>
        _reads ??= [.. Context.Plan.Kinds.Select(StageKey.ForEngine), StageKey.Snapshot];

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken)
    {
        var plan = Context.Plan;
        if (view.Header.IsFinished() || (message is EngineOutputReady ready && !plan.Engines.ContainsKey(ready.Engine)))
        {
            return Nothing;
        }
        if (view.Stage(StageKey.Snapshot) is null)
        {
            if (plan.Kinds.Any(k => view.Stage(StageKey.ForEngine(k)) is null))
            {
                return Nothing;
            }
            await Runs.TryRecordStageAsync(run.RunId, BuildSnapshot(view, run), cancellationToken).ConfigureAwait(false);
        }
        return plan.Layers.Count == 0
            ? [To(StageAddress.Composer, new SnapshotReady(run.RunId, run.Symbol, run.AsOf))]
            : [.. plan.Layers.Select(layer => To(StageAddress.Agent(layer), new SnapshotReady(run.RunId, run.Symbol, run.AsOf)))];
    }

    /// <summary>The snapshot record from every engine's recorded result.</summary>
    private StageRecord BuildSnapshot(RunView view, RunContext run)
    {
        var records = view.Stages;
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
        return new StageRecord(StageKey.Snapshot, StageOutcome.Ok, null, snapshot: SnapshotBuilder.Build(run, outputs, statuses));
    }
}
