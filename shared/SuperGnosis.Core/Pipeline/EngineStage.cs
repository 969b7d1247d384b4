using System.Collections.ObjectModel;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// Runs one engine for a run (<see cref="RunRequested"/>). The engine sees the recorded outputs of its configured
/// dependencies (a failed one is absent and the engine degrades). Its result is recorded insert-unique together with its
/// arrival at the snapshot fan-in (<see cref="FanIn"/>): ok, degraded (reason = the output's <c>degraded</c> metadata)
/// or failed (exception type and message; an output for another kind or symbol is failed too). The engine whose arrival
/// completes a transition sends it: <see cref="RunRequested"/> to a dependent engine (elasticity once hedge and
/// liquidity are in), <see cref="EngineOutputReady"/> to the snapshot fan-in once every engine is in. A redelivery finds
/// the record and only re-sends what it owns. A request that arrives before a configured dependency is recorded is
/// premature (the dependency's completing arrival requests this engine) and is acknowledged with nothing to send.
/// </summary>
internal sealed class EngineStage(StageContext context, IEngine engine) : StageHandler(context, StageAddress.Engine(engine.Kind))
{
    private readonly StageKey _key = StageKey.ForEngine(engine.Kind);

    private IReadOnlyCollection<StageKey>? _reads;

    protected override bool Accepts(PipelineMessage message) => message is RunRequested;

    protected override IReadOnlyCollection<StageKey> Reads(PipelineMessage message) =>
        _reads ??= [_key, .. Context.Plan.ConfiguredDependencies(engine.Kind).Select(StageKey.ForEngine)];

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken)
    {
        if (view.Header.IsFinished())
        {
            return Nothing;
        }
        StageRecord? record = null;
        if (view.Stage(_key) is null)
        {
            var upstream = new Dictionary<EngineKind, EngineOutput>();
            foreach (var dependency in Context.Plan.ConfiguredDependencies(engine.Kind))
            {
                var recorded = view.Stage(StageKey.ForEngine(dependency));
                if (recorded is null)
                {
                    return Nothing;
                }
                if (recorded.EngineOutput is { } output)
                {
                    upstream[dependency] = output;
                }
            }
            record = await RunEngineAsync(run, new ReadOnlyDictionary<EngineKind, EngineOutput>(upstream), cancellationToken).ConfigureAwait(false);
        }
        var owned = await FanIn.RecordAndArriveAsync(Runs, view.Run, _key, record, Context.Plan.SnapshotTransitions, Context.Time.GetUtcNow(), cancellationToken)
            .ConfigureAwait(false);
        return [.. owned.Select(transition => Completing(Context.Plan, run, transition, engine.Kind))];
    }

    /// <summary>
    /// The message an engine sends for a snapshot-side transition its arrival completed: <see cref="EngineOutputReady"/>
    /// to the snapshot fan-in (every engine is in), or <see cref="RunRequested"/> to the dependent engine whose
    /// dependencies are all in.
    /// </summary>
    internal static OutboundMessage Completing(PipelinePlan plan, RunContext run, string transition, EngineKind completer)
    {
        if (transition == PipelinePlan.SnapshotTransition)
        {
            return To(StageAddress.SnapshotFanIn, new EngineOutputReady(run.RunId, run.Symbol, run.AsOf, completer));
        }
        var kind = plan.Kinds.First(k => SnapshotBuilder.KindName(k) == transition);
        return To(StageAddress.Engine(kind), new RunRequested(run.RunId, run.Symbol, run.AsOf));
    }

    private async Task<StageRecord> RunEngineAsync(RunContext run, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken ct)
    {
        try
        {
            // Task.Run so a CPU-bound engine does not hold up the other stages its host runs concurrently.
            var output = await Task.Run(() => engine.RunAsync(run.Symbol, run.AsOf, upstream, ct), ct).ConfigureAwait(false);
            if (output is null || output.Kind != engine.Kind || output.Symbol != run.Symbol)
            {
                return new StageRecord(_key, StageOutcome.Failed,
                    $"engine returned an output for {output?.Kind.ToString() ?? "nothing"}/{output?.Symbol}");
            }
            return output.IsDegraded
                ? new StageRecord(_key, StageOutcome.Degraded, DegradedReason(output), engineOutput: output)
                : new StageRecord(_key, StageOutcome.Ok, null, engineOutput: output);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new StageRecord(_key, StageOutcome.Failed, Describe(ex));
        }
    }

    private static string DegradedReason(EngineOutput output) =>
        output.Metadata[EngineOutput.DegradedKey] is { Length: > 0 } reason && !string.IsNullOrWhiteSpace(reason) ? reason : "unspecified";
}
