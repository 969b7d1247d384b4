using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// What a run of <see cref="PipelineComponents"/> consists of, worked out once: the engine DAG, which engines start a
/// run (no configured dependency) and which wait for a fan-in transition, the agent layers in configured order, and
/// the transitions of the two fan-ins. Configuration errors (duplicate engine kinds or layers, cycles) throw here.
/// </summary>
internal sealed class PipelinePlan
{
    /// <summary>Transition of the snapshot fan-in that builds the snapshot.</summary>
    public const string SnapshotTransition = "snapshot";

    /// <summary>Transition of the composer fan-in that composes.</summary>
    public const string ComposerTransition = "composer";

    public PipelinePlan(PipelineComponents components)
    {
        Components = components ?? throw new ArgumentNullException(nameof(components));
        Graph = new EngineGraph(components.Engines);
        Engines = components.Engines.ToDictionary(e => e.Kind);
        Kinds = Graph.Kinds;
        RootEngines = [.. Graph.Waves.Count == 0 ? [] : Graph.Waves[0].Select(e => e.Kind)];
        Layers = [.. components.PrimaryAgents.Select(a => a.Layer)];
        var agents = new Dictionary<string, IPrimaryAgent>(StringComparer.Ordinal);
        foreach (var agent in components.PrimaryAgents)
        {
            if (!agents.TryAdd(ContractValidation.Layer(agent.Layer), agent))
            {
                throw new ArgumentException($"two primary agents of layer '{agent.Layer}' are configured", nameof(components));
            }
        }

        Agents = agents;
        var snapshot = new List<Transition>();
        foreach (var kind in Kinds.Where(k => !RootEngines.Contains(k)))
        {
            snapshot.Add(new Transition(SnapshotBuilder.KindName(kind), [.. ConfiguredDependencies(kind).Select(d => StageKey.ForEngine(d).Name)]));
        }
        snapshot.Add(new Transition(SnapshotTransition, [.. Kinds.Select(k => StageKey.ForEngine(k).Name)]));
        SnapshotTransitions = snapshot;
        ComposerTransitions = [new Transition(ComposerTransition, [.. Layers.Select(l => StageKey.ForAgent(l).Name)])];
    }

    public PipelineComponents Components { get; }

    public EngineGraph Graph { get; }

    public IReadOnlyDictionary<EngineKind, IEngine> Engines { get; }

    /// <summary>Configured engine kinds, ascending.</summary>
    public IReadOnlyList<EngineKind> Kinds { get; }

    /// <summary>Engines a run starts with: none of their dependencies is configured.</summary>
    public IReadOnlyList<EngineKind> RootEngines { get; }

    /// <summary>Primary agent layers in configured order (the order of the primary suggestions).</summary>
    public IReadOnlyList<string> Layers { get; }

    public IReadOnlyDictionary<string, IPrimaryAgent> Agents { get; }

    /// <summary>One transition per dependent engine (named by its kind) and <see cref="SnapshotTransition"/>.</summary>
    public IReadOnlyList<Transition> SnapshotTransitions { get; }

    /// <summary><see cref="ComposerTransition"/> over every agent layer (no requirement when no agent is configured).</summary>
    public IReadOnlyList<Transition> ComposerTransitions { get; }

    /// <summary>The dependencies of <paramref name="kind"/> that are configured (the others are absent upstreams).</summary>
    public IEnumerable<EngineKind> ConfiguredDependencies(EngineKind kind) =>
        Engines[kind].DependsOn.Where(Engines.ContainsKey).Distinct();

    /// <summary>Every stage key a completed run has recorded.</summary>
    public IEnumerable<StageKey> ExpectedStages()
    {
        foreach (var kind in Kinds)
        {
            yield return StageKey.ForEngine(kind);
        }
        yield return StageKey.Snapshot;
        foreach (var layer in Layers)
        {
            yield return StageKey.ForAgent(layer);
        }
        yield return StageKey.Composer;
        yield return StageKey.Trade;
        yield return StageKey.Ledger;
    }

    /// <summary>A fan-in transition: fires once every key of <see cref="Requires"/> has arrived.</summary>
    internal sealed record Transition(string Name, IReadOnlyList<string> Requires);
}
