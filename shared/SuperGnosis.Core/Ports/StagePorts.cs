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
    /// <summary>The ideas; throws when none could be generated because an input failed.</summary>
    Task<IReadOnlyList<TradeIdea>> GenerateIdeasAsync(
        Suggestion composite,
        StandardSnapshot snapshot,
        RunContext run,
        CancellationToken cancellationToken);

    /// <summary>
    /// The ideas with how the stage fared (what the pipeline records). This default reports whatever
    /// <see cref="GenerateIdeasAsync"/> returns as ok; agents that can tell a failed input from "no idea" override it.
    /// </summary>
    async Task<TradeStageResult> ProduceIdeasAsync(
        Suggestion composite,
        StandardSnapshot snapshot,
        RunContext run,
        CancellationToken cancellationToken) =>
        TradeStageResult.Ok(await GenerateIdeasAsync(composite, snapshot, run, cancellationToken).ConfigureAwait(false));
}

/// <summary>
/// The trade stage's typed result: <see cref="StageOutcome.Ok"/> (ideas, possibly none), <see cref="StageOutcome.Degraded"/>
/// (ideas from partial inputs, <see cref="Reason"/> says which failed) or <see cref="StageOutcome.Failed"/> (no ideas,
/// <see cref="Reason"/> says why). Never a failure disguised as "no ideas".
/// </summary>
public sealed record TradeStageResult
{
    private TradeStageResult(StageOutcome outcome, string? reason, IReadOnlyList<TradeIdea> ideas)
    {
        Outcome = outcome;
        Reason = reason;
        Ideas = ideas;
    }

    public StageOutcome Outcome { get; }

    public string? Reason { get; }

    public IReadOnlyList<TradeIdea> Ideas { get; }

    public static TradeStageResult Ok(IReadOnlyList<TradeIdea> ideas) =>
        new(StageOutcome.Ok, null, ContractValidation.List(ideas, "ideas"));

    public static TradeStageResult Degraded(IReadOnlyList<TradeIdea> ideas, string reason) =>
        new(StageOutcome.Degraded, ContractValidation.NotBlank(reason, "reason"), ContractValidation.List(ideas, "ideas"));

    public static TradeStageResult Failed(string reason) =>
        new(StageOutcome.Failed, ContractValidation.NotBlank(reason, "reason"), []);
}
