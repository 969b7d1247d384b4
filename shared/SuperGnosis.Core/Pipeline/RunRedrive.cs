using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// What the sweeper re-sends for a stuck run, worked out from its header and stage records: every message whose
/// delivery produces a missing stage result. An engine or agent records its result and its fan-in arrival in one write
/// (<see cref="FanIn"/>), so a recorded result has arrived; what a crash or a lost message can leave is a missing result
/// (re-request the stage), or a fired transition whose message was lost (re-send the completer's message, which its own
/// redelivery would send). Receivers are idempotent, so a message whose first copy is merely slow does no harm.
/// </summary>
internal static class RunRedrive
{
    public static IReadOnlyList<OutboundMessage> Messages(PipelinePlan plan, RunHeader header, IReadOnlyDictionary<string, StageRecord> records)
    {
        var messages = new List<OutboundMessage>();
        var run = new RunContext(header.RunId, header.Symbol, header.AsOf);
        bool Has(StageKey key) => records.ContainsKey(key.Name);

        if (plan.Kinds.Count == 0 && !Has(StageKey.Snapshot))
        {
            messages.Add(new(StageAddress.SnapshotFanIn, new RunRequested(header.RunId, header.Symbol, header.AsOf)));
        }
        foreach (var kind in plan.Kinds)
        {
            if (!Has(StageKey.ForEngine(kind)) && plan.ConfiguredDependencies(kind).All(d => Has(StageKey.ForEngine(d))))
            {
                messages.Add(new(StageAddress.Engine(kind), new RunRequested(header.RunId, header.Symbol, header.AsOf)));
            }
        }
        foreach (var fired in header.Fired)
        {
            if (fired.Name == PipelinePlan.SnapshotTransition && !Has(StageKey.Snapshot))
            {
                messages.Add(EngineStage.Completing(plan, run, fired.Name, EngineOf(header, fired.CompletedBy)));
            }
            else if (fired.Name == PipelinePlan.ComposerTransition && !Has(StageKey.Composer))
            {
                messages.Add(new(StageAddress.Composer, new SuggestionReady(header.RunId, header.Symbol, header.AsOf, StageKey.Parse(fired.CompletedBy).Part!)));
            }
        }
        if (Has(StageKey.Snapshot))
        {
            if (plan.Layers.Count == 0 && !Has(StageKey.Composer))
            {
                messages.Add(new(StageAddress.Composer, new SnapshotReady(header.RunId, header.Symbol, header.AsOf)));
            }
            foreach (var layer in plan.Layers)
            {
                if (!Has(StageKey.ForAgent(layer)))
                {
                    messages.Add(new(StageAddress.Agent(layer), new SnapshotReady(header.RunId, header.Symbol, header.AsOf)));
                }
            }
        }
        if (Has(StageKey.Composer) && !Has(StageKey.Trade))
        {
            messages.Add(new(StageAddress.Trade, new CompositeReady(header.RunId, header.Symbol, header.AsOf)));
        }
        if (Has(StageKey.Trade) && (!Has(StageKey.Ledger) || header.Status != RunStatus.Completed))
        {
            messages.Add(new(StageAddress.Ledger, new TradeIdeasReady(header.RunId, header.Symbol, header.AsOf)));
        }
        return [.. messages.Distinct()];
    }

    private static EngineKind EngineOf(RunHeader header, string arrival)
    {
        var key = StageKey.Parse(arrival);
        return key.Stage == StageKind.Engine
            ? Enum.GetValues<EngineKind>().First(k => SnapshotBuilder.KindName(k) == key.Part)
            : throw new InvalidOperationException($"run '{header.RunId}': '{arrival}' completed the snapshot transition but is not an engine");
    }
}
