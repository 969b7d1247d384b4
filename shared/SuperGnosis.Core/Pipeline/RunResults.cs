using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// Assembles what a run produced from its stage records, exactly as the in-process runner always reported it: the
/// snapshot with one <c>stage_status.&lt;stage&gt;</c> entry per post-snapshot stage (each agent layer, or
/// <c>primary_agents</c> when none is configured; <c>composer</c>; <c>trade</c>), the ok primary suggestions in
/// configured agent order, the composite, the ideas, and the <see cref="LedgerRecord"/>.
/// </summary>
internal static class RunResults
{
    /// <summary>The run's <see cref="LedgerRecord"/> (the ledger stage builds it once; readers take the recorded copy).</summary>
    public static LedgerRecord BuildLedgerRecord(PipelinePlan plan, RunContext run, IReadOnlyDictionary<string, StageRecord> records)
    {
        var (stages, primaries, composite, ideas) = PostSnapshotStages(plan, run, records);
        var snapshot = Required(records, StageKey.Snapshot, run).Snapshot!;
        var metadata = snapshot.Metadata.ToDictionary(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            metadata[PipelineRunner.StageStatusPrefix + stage.Stage] = stage.Value;
        }
        var recorded = new StandardSnapshot(snapshot.Symbol, snapshot.Timestamp, snapshot.Hedge, snapshot.Liquidity,
            snapshot.Sentiment, snapshot.Elasticity, snapshot.Regime, metadata);
        return new LedgerRecord(run.AsOf, run.Symbol, recorded, primaries, composite, ideas, RealizedPnl: null);
    }

    /// <summary>The <c>stage_status</c> entries, ok primary suggestions, composite and ideas recorded by the post-snapshot stages.</summary>
    private static (List<StageStatus> Stages, List<Suggestion> Primaries, Suggestion? Composite, IReadOnlyList<TradeIdea> Ideas) PostSnapshotStages(
        PipelinePlan plan, RunContext run, IReadOnlyDictionary<string, StageRecord> records)
    {
        var stages = new List<StageStatus>(plan.Layers.Count + 2);
        var primaries = new List<Suggestion>(plan.Layers.Count);
        foreach (var layer in plan.Layers)
        {
            var agent = Required(records, StageKey.ForAgent(layer), run);
            stages.Add(new StageStatus(layer, StageRecordViews.StatusValue(agent)));
            if (agent.Suggestion is { } suggestion)
            {
                primaries.Add(suggestion);
            }
        }
        if (plan.Layers.Count == 0)
        {
            stages.Add(new StageStatus("primary_agents", "not_configured"));
        }
        var composer = Required(records, StageKey.Composer, run);
        stages.Add(new StageStatus("composer", StageRecordViews.StatusValue(composer)));
        var trade = Required(records, StageKey.Trade, run);
        stages.Add(new StageStatus("trade", StageRecordViews.StatusValue(trade)));
        return (stages, primaries, composer.Suggestion, trade.TradeIdeas ?? []);
    }

    /// <summary>The whole result of a run whose ledger stage is recorded.</summary>
    public static PipelineResult Build(PipelinePlan plan, RunContext run, IReadOnlyDictionary<string, StageRecord> records)
    {
        var ledger = Required(records, StageKey.Ledger, run).LedgerRecord
            ?? throw new InvalidOperationException($"run '{run.RunId}': the ledger stage recorded no ledger record");
        var (stages, primaries, _, _) = PostSnapshotStages(plan, run, records);
        var outputs = new List<EngineOutput>();
        var statuses = new List<EngineRunStatus>();
        foreach (var kind in Enum.GetValues<EngineKind>())
        {
            if (records.TryGetValue(StageKey.ForEngine(kind).Name, out var engine))
            {
                statuses.Add(StageRecordViews.EngineStatus(kind, engine));
                if (engine.EngineOutput is { } output)
                {
                    outputs.Add(output);
                }
            }
            else
            {
                statuses.Add(new EngineRunStatus(kind, EngineState.NotConfigured, null));
            }
        }
        return new PipelineResult(run, ledger.Snapshot, outputs, statuses, primaries, ledger.CompositeSuggestion, ledger.TradeIdeas, stages, ledger);
    }

    private static StageRecord Required(IReadOnlyDictionary<string, StageRecord> records, StageKey key, RunContext run) =>
        records.TryGetValue(key.Name, out var record)
            ? record
            : throw new InvalidOperationException($"run '{run.RunId}': stage {key} is not recorded");
}
