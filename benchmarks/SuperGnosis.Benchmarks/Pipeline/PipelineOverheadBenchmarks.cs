using BenchmarkDotNet.Attributes;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Benchmarks.Pipeline;

/// <summary>
/// The runner's own cost: one run whose stages do (almost) nothing (four engines returning a fixed output, elasticity
/// after hedge and liquidity; three agents, the composer and a trade agent returning fixed results; no ledger), so the
/// time is the orchestration: the engine DAG, the snapshot, records and, since issue 12, the stage handlers, the
/// in-memory run state store and the messages between them.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*PipelineOverheadBenchmarks*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class PipelineOverheadBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
    private PipelineRunner _runner = null!;
    private int _minute;

    [GlobalSetup]
    public void Setup()
    {
        _runner = new PipelineRunner("SPY", new PipelineComponents(
            [new FixedEngine(EngineKind.Hedge), new FixedEngine(EngineKind.Liquidity), new FixedEngine(EngineKind.Sentiment),
             new FixedEngine(EngineKind.Elasticity, EngineKind.Hedge, EngineKind.Liquidity)],
            [new FixedAgent("primary_hedge"), new FixedAgent("primary_liquidity"), new FixedAgent("primary_sentiment")],
            new FixedComposer(), new NoIdeas(), null), "overhead");
        _runner.RunOnceAsync(AsOf).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "run with trivial stages (orchestration only)")]
    public Task<PipelineResult> TrivialRun() => _runner.RunOnceAsync(AsOf.AddMinutes(++_minute));

    private sealed class FixedEngine(EngineKind kind, params EngineKind[] dependsOn) : IEngine
    {
        private static readonly Dictionary<string, double> Features = new() { ["x"] = 1 };
        private static readonly Dictionary<string, string> Metadata = new();

        public EngineKind Kind { get; } = kind;

        public IReadOnlyList<EngineKind> DependsOn { get; } = dependsOn;

        public Task<EngineOutput> RunAsync(string symbol, DateTimeOffset asOf, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken cancellationToken) =>
            Task.FromResult(new EngineOutput(Kind, symbol, asOf, Features, 0.5, "calm", Metadata));
    }

    private sealed class FixedAgent(string layer) : IPrimaryAgent
    {
        public string Layer { get; } = layer;

        public Suggestion Suggest(StandardSnapshot snapshot, RunContext run) =>
            new(RunIds.ForArtifact(run.RunId, Layer, 0), Layer, run.Symbol, SuggestionAction.Long, 0.6, new Dictionary<string, double>(), "fixed", []);
    }

    private sealed class FixedComposer : IComposerAgent
    {
        public Suggestion Compose(StandardSnapshot snapshot, IReadOnlyList<Suggestion> primarySuggestions, RunContext run) =>
            new(RunIds.ForArtifact(run.RunId, "composer", 0), "composer", run.Symbol, SuggestionAction.Long, 0.6, new Dictionary<string, double>(), "fixed", []);
    }

    private sealed class NoIdeas : ITradeAgent
    {
        public Task<IReadOnlyList<TradeIdea>> GenerateIdeasAsync(Suggestion composite, StandardSnapshot snapshot, RunContext run, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TradeIdea>>([]);
    }
}
