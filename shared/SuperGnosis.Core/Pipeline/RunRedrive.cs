using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// What the sweeper re-sends for a stuck run, worked out from its header and stage records: every message whose
/// delivery produces a missing stage result or a missing fan-in arrival. Receivers are idempotent, so a message whose
/// first copy is merely slow does no harm.
/// </summary>
internal static class RunRedrive
{
    public static IReadOnlyList<OutboundMessage> Messages(PipelinePlan plan, RunHeader header, IReadOnlyDictionary<string, StageRecord> records)
    {
        var messages = new List<OutboundMessage>();
        bool Has(StageKey key) => records.ContainsKey(key.Name);
        bool Arrived(string key) => header.Arrived.Contains(key, StringComparer.Ordinal);

        if (plan.Kinds.Count == 0 && !Has(StageKey.Snapshot))
        {
            messages.Add(new(StageAddress.SnapshotFanIn, new RunRequested(header.RunId, header.Symbol, header.AsOf)));
        }
        foreach (var kind in plan.Kinds)
        {
            var key = StageKey.ForEngine(kind);
            if (!Has(key))
            {
                if (plan.ConfiguredDependencies(kind).All(d => Has(StageKey.ForEngine(d))))
                {
                    messages.Add(new(StageAddress.Engine(kind), new RunRequested(header.RunId, header.Symbol, header.AsOf)));
                }
            }
            else if (!Arrived(key.Name))
            {
                messages.Add(new(StageAddress.SnapshotFanIn, new EngineOutputReady(header.RunId, header.Symbol, header.AsOf, kind)));
            }
        }
        foreach (var fired in header.Fired)
        {
            var result = fired.Name switch
            {
                PipelinePlan.SnapshotTransition => StageKey.Snapshot,
                PipelinePlan.ComposerTransition => StageKey.Composer,
                _ => null,
            };
            if (result is not null && !Has(result))
            {
                messages.Add(Completing(header, fired.CompletedBy));
            }
        }
        if (Has(StageKey.Snapshot))
        {
            if (plan.Layers.Count == 0 && !Arrived(StageKey.Snapshot.Name))
            {
                messages.Add(new(StageAddress.Composer, new SnapshotReady(header.RunId, header.Symbol, header.AsOf)));
            }
            foreach (var layer in plan.Layers)
            {
                var key = StageKey.ForAgent(layer);
                if (!Has(key))
                {
                    messages.Add(new(StageAddress.Agent(layer), new SnapshotReady(header.RunId, header.Symbol, header.AsOf)));
                }
                else if (!Arrived(key.Name))
                {
                    messages.Add(new(StageAddress.Composer, new SuggestionReady(header.RunId, header.Symbol, header.AsOf, layer)));
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

    /// <summary>The message whose (re)delivery is the arrival <paramref name="arrival"/> at its fan-in.</summary>
    private static OutboundMessage Completing(RunHeader header, string arrival)
    {
        if (arrival == PipelinePlan.RunStartArrival)
        {
            return new(StageAddress.SnapshotFanIn, new RunRequested(header.RunId, header.Symbol, header.AsOf));
        }
        var key = StageKey.Parse(arrival);
        return key.Stage switch
        {
            StageKind.Engine => new(StageAddress.SnapshotFanIn, new EngineOutputReady(header.RunId, header.Symbol, header.AsOf,
                Enum.GetValues<EngineKind>().First(k => SnapshotBuilder.KindName(k) == key.Part))),
            StageKind.Agent => new(StageAddress.Composer, new SuggestionReady(header.RunId, header.Symbol, header.AsOf, key.Part!)),
            StageKind.Snapshot => new(StageAddress.Composer, new SnapshotReady(header.RunId, header.Symbol, header.AsOf)),
            _ => throw new InvalidOperationException($"run '{header.RunId}': '{arrival}' is not a fan-in arrival"),
        };
    }
}
