using System.Collections.ObjectModel;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// Runs one engine for a run (<see cref="RunRequested"/> → <see cref="EngineOutputReady"/> to the snapshot fan-in).
/// The engine sees the recorded outputs of its configured dependencies (a failed one is absent and the engine
/// degrades). Its result is recorded insert-unique: ok, degraded (reason = the output's <c>degraded</c> metadata) or
/// failed (exception type and message; an output for another kind or symbol is failed too). A redelivery finds the
/// record and only re-sends. A request that arrives before a configured dependency is recorded is premature (the
/// fan-in requests this engine once they are) and is acknowledged with nothing to send.
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
            var record = await RunEngineAsync(run, new ReadOnlyDictionary<EngineKind, EngineOutput>(upstream), cancellationToken).ConfigureAwait(false);
            await Runs.TryRecordStageAsync(run.RunId, record, cancellationToken).ConfigureAwait(false);
        }
        return [To(StageAddress.SnapshotFanIn, new EngineOutputReady(run.RunId, run.Symbol, run.AsOf, engine.Kind))];
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
