using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The stages a runner is assembled from. Absent agents mean the stage is not available yet. <see cref="MarketCapture"/>
/// is the store the sources were wrapped with (<see cref="CapturedMarketData"/>), if any: a run releases its capture
/// when its ledger stage completes.
/// </summary>
public sealed record PipelineComponents(
    IReadOnlyList<IEngine> Engines,
    IReadOnlyList<IPrimaryAgent> PrimaryAgents,
    IComposerAgent? Composer,
    ITradeAgent? TradeAgent,
    ILedgerStore? Ledger,
    IMarketCaptureStore? MarketCapture = null);

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
/// Runs the whole decision pipeline in process for one symbol at one instant, through the same stage handlers the
/// distributed hosts run (<see cref="PipelineStages"/>) over an in-memory run state store: the run's messages are
/// handled in waves, the messages of one wave concurrently (the engines without dependencies run side by side, then
/// the engines that wait for them), until the ledger stage completes the run. An engine or agent that throws is
/// recorded and the run goes on; only cancellation and a failing ledger append propagate (a decision that cannot be
/// recorded must not pass silently).
/// </summary>
public sealed class PipelineRunner
{
    public const string StageStatusPrefix = "stage_status.";

    private readonly PipelinePlan _plan;
    private readonly PipelineStagesOptions _options;

    public PipelineRunner(string symbol, PipelineComponents components, string configurationFingerprint = "")
    {
        Symbol = ContractValidation.Symbol(symbol);
        _plan = new PipelinePlan(components ?? throw new ArgumentNullException(nameof(components)));
        _options = new PipelineStagesOptions { ConfigurationFingerprint = configurationFingerprint ?? "" };
    }

    public string Symbol { get; }

    public async Task<PipelineResult> RunOnceAsync(DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        // A store per run: runs of one runner share nothing, as before the stages existed.
        var stages = new PipelineStages(_plan, new InMemoryRunStateStore(), _options);
        var started = await stages.StartRunAsync(Symbol, asOf, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OutboundMessage> wave = started.Messages;
        while (wave.Count > 0)
        {
            wave = await stages.DeliverAsync(wave, cancellationToken).ConfigureAwait(false);
        }
        return await stages.ReadResultAsync(started.Run.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"run '{started.Run.RunId}' stopped before completing");
    }
}
