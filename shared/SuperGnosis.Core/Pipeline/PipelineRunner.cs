using System.Collections.ObjectModel;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>The stages a runner is assembled from. Absent agents mean the stage is not available yet.</summary>
public sealed record PipelineComponents(
    IReadOnlyList<IEngine> Engines,
    IReadOnlyList<IPrimaryAgent> PrimaryAgents,
    IComposerAgent? Composer,
    ITradeAgent? TradeAgent,
    ILedgerStore? Ledger);

/// <summary>State of a post-snapshot stage, recorded as <c>stage_status.&lt;stage&gt;</c> in the ledger's snapshot.</summary>
public sealed record StageStatus(string Stage, string Value);

/// <summary>Everything one run produced.</summary>
public sealed record PipelineResult(
    RunContext Run,
    StandardSnapshot Snapshot,
    IReadOnlyList<EngineOutput> EngineOutputs,
    IReadOnlyList<EngineRunStatus> EngineStatuses,
    IReadOnlyList<Suggestion> PrimarySuggestions,
    Suggestion? CompositeSuggestion,
    IReadOnlyList<TradeIdea> TradeIdeas,
    IReadOnlyList<StageStatus> StageStatuses,
    LedgerRecord LedgerRecord)
{
    public AnalysisReport ToReport() => new(Snapshot, EngineOutputs, PrimarySuggestions, CompositeSuggestion, TradeIdeas);
}

/// <summary>
/// Runs the whole decision pipeline in process for one symbol at one instant: engines as a DAG
/// (independent engines concurrently), the snapshot, primary agents, composer, trade agent and one
/// ledger append. An engine or agent that throws is recorded and the run goes on; only cancellation
/// and a failing ledger append propagate (a decision that cannot be recorded must not pass silently).
/// </summary>
public sealed class PipelineRunner
{
    public const string StageStatusPrefix = "stage_status.";

    private readonly PipelineComponents _components;
    private readonly EngineGraph _graph;
    private readonly string _configurationFingerprint;

    public PipelineRunner(string symbol, PipelineComponents components, string configurationFingerprint = "")
    {
        Symbol = ContractValidation.Symbol(symbol);
        _components = components ?? throw new ArgumentNullException(nameof(components));
        _graph = new EngineGraph(components.Engines);
        _configurationFingerprint = configurationFingerprint;
    }

    public string Symbol { get; }

    public Task<PipelineResult> RunOnceAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var run = new RunContext(RunIds.ForRun(Symbol, asOf, _configurationFingerprint), Symbol, asOf);
        return RunAsync(run, cancellationToken);
    }

    private async Task<PipelineResult> RunAsync(RunContext run, CancellationToken ct)
    {
        var (outputs, statuses) = await RunEnginesAsync(run, ct).ConfigureAwait(false);
        var snapshot = SnapshotBuilder.Build(run, outputs, statuses);

        var stages = new List<StageStatus>();
        var primaries = new List<Suggestion>();
        foreach (var agent in _components.PrimaryAgents)
        {
            ct.ThrowIfCancellationRequested();
            var suggestion = Attempt(agent.Layer, () => agent.Suggest(snapshot, run), stages);
            if (suggestion is not null)
            {
                primaries.Add(suggestion);
            }
        }
        if (_components.PrimaryAgents.Count == 0)
        {
            stages.Add(new StageStatus("primary_agents", "not_configured"));
        }

        Suggestion? composite = null;
        if (_components.Composer is { } composer)
        {
            composite = primaries.Count == 0
                ? Skip("composer", "no primary suggestions", stages)
                : Attempt("composer", () => composer.Compose(snapshot, primaries, run), stages);
        }
        else
        {
            stages.Add(new StageStatus("composer", "not_configured"));
        }

        IReadOnlyList<TradeIdea> ideas = [];
        if (_components.TradeAgent is { } trader)
        {
            if (composite is null)
            {
                stages.Add(new StageStatus("trade", "skipped:no composite suggestion"));
            }
            else
            {
                try
                {
                    ideas = await trader.GenerateIdeasAsync(composite, snapshot, run, ct).ConfigureAwait(false);
                    stages.Add(new StageStatus("trade", "ok"));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    stages.Add(new StageStatus("trade", "failed:" + ex.Message));
                }
            }
        }
        else
        {
            stages.Add(new StageStatus("trade", "not_configured"));
        }

        var recorded = WithStageStatuses(snapshot, stages);
        var record = new LedgerRecord(run.AsOf, run.Symbol, recorded, primaries, composite, ideas, RealizedPnl: null);
        if (_components.Ledger is { } ledger)
        {
            await ledger.AppendAsync(record, ct).ConfigureAwait(false);
        }

        var orderedOutputs = _graph.Kinds.Where(outputs.ContainsKey).Select(k => outputs[k]).ToList();
        var orderedStatuses = Enum.GetValues<EngineKind>()
            .Select(k => statuses.TryGetValue(k, out var s) ? s : new EngineRunStatus(k, EngineState.NotConfigured, null))
            .ToList();
        return new PipelineResult(run, recorded, orderedOutputs, orderedStatuses, primaries, composite, ideas, stages, record);
    }

    private async Task<(Dictionary<EngineKind, EngineOutput>, Dictionary<EngineKind, EngineRunStatus>)> RunEnginesAsync(
        RunContext run, CancellationToken ct)
    {
        var outputs = new Dictionary<EngineKind, EngineOutput>();
        var statuses = new Dictionary<EngineKind, EngineRunStatus>();
        foreach (var wave in _graph.Waves)
        {
            // Each engine sees only the outputs of the kinds it declared, from earlier waves.
            var tasks = wave.Select(engine => RunEngineAsync(engine, run, Upstream(engine, outputs), ct)).ToArray();
            var results = await Task.WhenAll(tasks).ConfigureAwait(false);
            foreach (var (status, output) in results)
            {
                statuses[status.Kind] = status;
                if (output is not null)
                {
                    outputs[status.Kind] = output;
                }
            }
        }
        return (outputs, statuses);
    }

    private static ReadOnlyDictionary<EngineKind, EngineOutput> Upstream(IEngine engine, Dictionary<EngineKind, EngineOutput> outputs) =>
        new(engine.DependsOn.Where(outputs.ContainsKey).ToDictionary(k => k, k => outputs[k]));

    private static async Task<(EngineRunStatus, EngineOutput?)> RunEngineAsync(
        IEngine engine, RunContext run, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken ct)
    {
        try
        {
            // Task.Run so a CPU-bound engine does not serialize its wave.
            var output = await Task.Run(() => engine.RunAsync(run.Symbol, run.AsOf, upstream, ct), ct).ConfigureAwait(false);
            if (output is null || output.Kind != engine.Kind || output.Symbol != run.Symbol)
            {
                return (new EngineRunStatus(engine.Kind, EngineState.Failed,
                    $"engine returned an output for {output?.Kind.ToString() ?? "nothing"}/{output?.Symbol}"), null);
            }
            var state = output.IsDegraded ? EngineState.Degraded : EngineState.Ok;
            var detail = output.IsDegraded ? output.Metadata[EngineOutput.DegradedKey] : null;
            return (new EngineRunStatus(engine.Kind, state, detail), output);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (new EngineRunStatus(engine.Kind, EngineState.Failed, ex.GetType().Name + ": " + ex.Message), null);
        }
    }

    private static Suggestion? Attempt(string stage, Func<Suggestion> produce, List<StageStatus> stages)
    {
        try
        {
            var suggestion = produce();
            stages.Add(new StageStatus(stage, "ok"));
            return suggestion;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            stages.Add(new StageStatus(stage, "failed:" + ex.GetType().Name + ": " + ex.Message));
            return null;
        }
    }

    private static Suggestion? Skip(string stage, string reason, List<StageStatus> stages)
    {
        stages.Add(new StageStatus(stage, "skipped:" + reason));
        return null;
    }

    private static StandardSnapshot WithStageStatuses(StandardSnapshot snapshot, List<StageStatus> stages)
    {
        var metadata = snapshot.Metadata.ToDictionary(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            metadata[StageStatusPrefix + stage.Stage] = stage.Value;
        }
        return new StandardSnapshot(snapshot.Symbol, snapshot.Timestamp, snapshot.Hedge, snapshot.Liquidity,
            snapshot.Sentiment, snapshot.Elasticity, snapshot.Regime, metadata);
    }
}
