using System.Collections.Concurrent;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>Test engine: returns one feature per upstream it saw, or runs a custom body.</summary>
internal sealed class RecordingEngine(EngineKind kind, params EngineKind[] dependsOn) : IEngine
{
    public EngineKind Kind { get; } = kind;

    public IReadOnlyList<EngineKind> DependsOn { get; } = dependsOn;

    public Func<Task>? Body { get; init; }

    public Exception? Throws { get; init; }

    public string? DegradedReason { get; init; }

    public IReadOnlyDictionary<EngineKind, EngineOutput>? SeenUpstream { get; private set; }

    public async Task<EngineOutput> RunAsync(string symbol, DateTimeOffset asOf, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken cancellationToken)
    {
        SeenUpstream = upstream;
        if (Body is not null)
        {
            await Body();
        }
        if (Throws is not null)
        {
            throw Throws;
        }
        var features = new Dictionary<string, double> { ["upstream_count"] = upstream.Count };
        var metadata = new Dictionary<string, string>();
        if (DegradedReason is not null)
        {
            metadata[EngineOutput.DegradedKey] = DegradedReason;
        }
        return new EngineOutput(Kind, symbol, asOf, features, DegradedReason is null ? 0.9 : 0, Kind.ToString().ToLowerInvariant() + "_regime", metadata);
    }
}

internal sealed class FixedAgent(string layer, SuggestionAction action, bool throws = false) : IPrimaryAgent
{
    public string Layer { get; } = layer;

    public Suggestion Suggest(StandardSnapshot snapshot, RunContext run) => throws
        ? throw new InvalidOperationException("agent broke")
        : new Suggestion(Core.Pipeline.RunIds.ForArtifact(run.RunId, Layer, 0), Layer, snapshot.Symbol, action, 0.7,
            new Dictionary<string, double>(), "fixed", []);
}

internal sealed class MajorityComposer : IComposerAgent
{
    public IReadOnlyList<Suggestion>? Seen { get; private set; }

    public Suggestion Compose(StandardSnapshot snapshot, IReadOnlyList<Suggestion> primarySuggestions, RunContext run)
    {
        Seen = primarySuggestions;
        var action = primarySuggestions.GroupBy(s => s.Action).OrderByDescending(g => g.Count()).First().Key;
        return new Suggestion(Core.Pipeline.RunIds.ForArtifact(run.RunId, "composer", 0), "composer", snapshot.Symbol, action, 0.6,
            new Dictionary<string, double>(), "majority", []);
    }
}

internal sealed class OneIdeaTrader : ITradeAgent
{
    public Task<IReadOnlyList<TradeIdea>> GenerateIdeasAsync(Suggestion composite, StandardSnapshot snapshot, RunContext run, CancellationToken cancellationToken)
    {
        IReadOnlyList<TradeIdea> ideas =
        [
            new TradeIdea(Core.Pipeline.RunIds.ForArtifact(run.RunId, "trade", 0), snapshot.Symbol, "long_stock", TradeSide.Long,
                [new TradeLeg(InstrumentType.Stock, LegDirection.Buy, 100, null, null)], 60000, 60000, null, [600], null, null, 1, 0.5, "test", []),
        ];
        return Task.FromResult(ideas);
    }
}

internal sealed class MemoryLedger : ILedgerStore
{
    public ConcurrentQueue<LedgerRecord> Records { get; } = new();

    public Task<bool> AppendAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        lock (Records)
        {
            if (record.RunId is { } runId && Records.Any(r => r.RunId == runId))
            {
                return Task.FromResult(false);
            }
            Records.Enqueue(record);
            return Task.FromResult(true);
        }
    }

    public Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new LedgerReadResult([.. Records], []));
}
