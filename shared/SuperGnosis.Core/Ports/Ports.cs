using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Ports;

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

/// <summary>Option chains "as of" a time: never quotes stamped after <c>asOf</c>.</summary>
public interface IOptionsChainSource
{
    Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>Bars, trades and quotes in <c>[from, asOf]</c>; never data after <c>asOf</c>.</summary>
public interface IMarketDataSource
{
    Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);

    Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);

    Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>Headlines in <c>[from, asOf]</c>; never later ones.</summary>
public interface INewsSource
{
    Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>The append-only decision ledger.</summary>
public interface ILedgerStore
{
    /// <summary>Appends one record durably. Records are never rewritten.</summary>
    Task AppendAsync(LedgerRecord record, CancellationToken cancellationToken);

    /// <summary>Reads every intact record in append order; unreadable lines are reported, not thrown.</summary>
    Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken);
}

/// <summary>Ledger contents plus warnings for lines that could not be read (e.g. a torn last line).</summary>
public sealed record LedgerReadResult(IReadOnlyList<LedgerRecord> Records, IReadOnlyList<string> Warnings);
