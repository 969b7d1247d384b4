using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Ports;

// Stage ports: the pipeline's stages (docs/architecture.md, "Ports"). Hosts choose the implementations;
// the runner and the stage handlers only see these interfaces.

/// <summary>
/// An analytics engine. Engines form a DAG: <see cref="DependsOn"/> lists the kinds whose outputs
/// must be passed in <c>upstream</c>; an upstream that failed is absent from the map and the engine
/// must degrade, not throw.
/// </summary>
public interface IEngine
{
    EngineKind Kind { get; }

    IReadOnlyList<EngineKind> DependsOn { get; }

    Task<EngineOutput> RunAsync(
        string symbol,
        DateTimeOffset asOf,
        IReadOnlyDictionary<EngineKind, EngineOutput> upstream,
        CancellationToken cancellationToken);
}

/// <summary>Identity of one pipeline run; ids of everything the run produces derive from it.</summary>
public sealed record RunContext(string RunId, string Symbol, DateTimeOffset AsOf);

/// <summary>A primary agent: reads only the snapshot and returns one suggestion.</summary>
public interface IPrimaryAgent
{
    /// <summary>Layer name written into <see cref="Suggestion.Layer"/>, e.g. <c>primary_hedge</c>.</summary>
    string Layer { get; }

    Suggestion Suggest(StandardSnapshot snapshot, RunContext run);
}

/// <summary>Combines the primary suggestions into one stance.</summary>
public interface IComposerAgent
{
    Suggestion Compose(StandardSnapshot snapshot, IReadOnlyList<Suggestion> primarySuggestions, RunContext run);
}

/// <summary>Turns the composite stance into concrete trade ideas.</summary>
public interface ITradeAgent
{
    Task<IReadOnlyList<TradeIdea>> GenerateIdeasAsync(
        Suggestion composite,
        StandardSnapshot snapshot,
        RunContext run,
        CancellationToken cancellationToken);
}
