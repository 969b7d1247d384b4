using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The engines of a run ordered as a DAG: <see cref="Waves"/>[i] holds engines whose dependencies all
/// sit in earlier waves, so the engines of one wave can run concurrently. A dependency on a kind that
/// is not configured is allowed (the engine then runs without that upstream and must degrade);
/// duplicate kinds and cycles are configuration errors.
/// </summary>
internal sealed class EngineGraph
{
    public EngineGraph(IEnumerable<IEngine> engines)
    {
        ArgumentNullException.ThrowIfNull(engines);
        var byKind = new Dictionary<EngineKind, IEngine>();
        foreach (var engine in engines)
        {
            if (!byKind.TryAdd(engine.Kind, engine))
            {
                throw new ArgumentException($"two engines of kind '{engine.Kind}' are configured", nameof(engines));
            }
        }

        var waves = new List<IReadOnlyList<IEngine>>();
        var placed = new HashSet<EngineKind>();
        var pending = byKind.Values.OrderBy(e => e.Kind).ToList();
        while (pending.Count > 0)
        {
            var wave = pending
                .Where(e => e.DependsOn.All(d => placed.Contains(d) || !byKind.ContainsKey(d)))
                .ToList();
            if (wave.Count == 0)
            {
                throw new ArgumentException(
                    "engine dependencies form a cycle among: " + string.Join(", ", pending.Select(e => e.Kind)),
                    nameof(engines));
            }
            waves.Add(wave);
            foreach (var engine in wave)
            {
                placed.Add(engine.Kind);
                pending.Remove(engine);
            }
        }
        Waves = waves;
        Kinds = [.. byKind.Keys.Order()];
    }

    public IReadOnlyList<IReadOnlyList<IEngine>> Waves { get; }

    public IReadOnlyList<EngineKind> Kinds { get; }
}
