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
    public static (LedgerRecord Record, IReadOnlyList<StageStatus> Stages, IReadOnlyList<Suggestion> Primaries) BuildLedgerRecord(
        PipelinePlan plan, RunContext run, IReadOnlyDictionary<string, StageRecord> records)
    {
        var stages = new List<StageStatus>();
        var primaries = new List<Suggestion>();
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

        var snapshot = Required(records, StageKey.Snapshot, run).Snapshot!;
        var metadata = snapshot.Metadata.ToDictionary(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            metadata[PipelineRunner.StageStatusPrefix + stage.Stage] = stage.Value;
        }
        var recorded = new StandardSnapshot(snapshot.Symbol, snapshot.Timestamp, snapshot.Hedge, snapshot.Liquidity,
            snapshot.Sentiment, snapshot.Elasticity, snapshot.Regime, metadata);
        var record = new LedgerRecord(run.AsOf, run.Symbol, recorded, primaries, composer.Suggestion, trade.TradeIdeas ?? [], RealizedPnl: null);
        return (record, stages, primaries);
    }

    /// <summary>The whole result of a run whose ledger stage is recorded.</summary>
    public static PipelineResult Build(PipelinePlan plan, RunContext run, IReadOnlyDictionary<string, StageRecord> records)
    {
        var ledger = Required(records, StageKey.Ledger, run).LedgerRecord
            ?? throw new InvalidOperationException($"run '{run.RunId}': the ledger stage recorded no ledger record");
        var (_, stages, primaries) = BuildLedgerRecord(plan, run, records);
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
