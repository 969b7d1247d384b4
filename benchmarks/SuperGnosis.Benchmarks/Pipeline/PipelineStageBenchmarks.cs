using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Ledger;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Benchmarks.Pipeline;

/// <summary>
/// The stages of one warm pipeline run (<see cref="PipelineRunBenchmarks"/>), each alone, on the product composition
/// for SPY. Data and engine rows take the next instant of <see cref="BacktestWalk"/> on every invocation (same market
/// object, a new as-of, as in a backtest), so they include generating what the synthetic market has not cached yet;
/// each data row fetches exactly what the engines ask for. The elasticity row is given the hedge and liquidity outputs
/// of the first instant (it only reads their features). The rows after the snapshot (agents and composer, trade agent,
/// ledger append) cycle through the 13 instants of the first session with their snapshots and composites computed in
/// the setup; the trade agent's chain is the one the hedge engine already fetched for that instant, as in a run.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*PipelineStageBenchmarks*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class PipelineStageBenchmarks
{
    private const string Symbol = "SPY";
    private static readonly Dictionary<EngineKind, EngineOutput> NoUpstream = [];
    private readonly BacktestWalk _walk = new();
    private ServiceProvider _services = null!;
    private SyntheticMarket _market = null!;
    private PipelineComponents _components = null!;
    private IEngine _hedge = null!, _liquidity = null!, _sentiment = null!, _elasticity = null!;
    private Dictionary<EngineKind, EngineOutput> _elasticityUpstream = [];
    private PipelineResult[] _session = [];
    private int _sessionNext;
    private JsonLinesLedgerStore _ledger = null!;
    private string _dir = "";

    [GlobalSetup]
    public void Setup()
    {
        _services = CliServices.Build(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "none" }, includeEnvironment: false);
        _market = (SyntheticMarket)_services.GetRequiredService<MarketDataSources>().Market;
        _components = _services.GetRequiredService<PipelineComponents>();
        (_hedge, _liquidity, _sentiment, _elasticity) = (_components.Engines[0], _components.Engines[1], _components.Engines[2], _components.Engines[3]);
        var runner = _services.GetRequiredService<PipelineRunnerFactory>().Create(Symbol);
        _session = [.. Enumerable.Range(0, 13).Select(i => runner.RunOnceAsync(_walk[i]).GetAwaiter().GetResult())];
        _elasticityUpstream = _session[0].EngineOutputs.Where(o => o.Kind is EngineKind.Hedge or EngineKind.Liquidity).ToDictionary(o => o.Kind);
        _dir = Directory.CreateTempSubdirectory("gnosis-bench-").FullName;
        _ledger = new JsonLinesLedgerStore(Path.Combine(_dir, "ledger.jsonl"));
        // Walk the measured rows from the second session on, so the setup's cached first session is not reused.
        for (var i = 0; i < 13; i++)
        {
            _walk.Next();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ledger.Dispose();
        _services.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private PipelineResult NextOfSession()
    {
        var r = _session[_sessionNext];
        _sessionNext = (_sessionNext + 1) % _session.Length;
        return r;
    }

    [Benchmark(Description = "data: option chain")]
    public Task<OptionChain> DataChain() => _market.GetChainAsync(Symbol, _walk.Next(), CancellationToken.None);

    [Benchmark(Description = "data: trades + quotes, liquidity window")]
    public async Task<int> DataTicks()
    {
        var asOf = _walk.Next();
        var from = asOf - new Core.Engines.Liquidity.LiquidityEngineOptions().TradeLookback;
        var trades = await _market.GetTradesAsync(Symbol, from, asOf, CancellationToken.None);
        var quotes = await _market.GetQuotesAsync(Symbol, from, asOf, CancellationToken.None);
        return trades.Count + quotes.Count;
    }

    [Benchmark(Description = "data: daily bars, 180 days")]
    public Task<IReadOnlyList<Bar>> DataDailyBars()
    {
        var asOf = _walk.Next();
        return _market.GetBarsAsync(Symbol, BarInterval.Daily, asOf.AddDays(-180), asOf, CancellationToken.None);
    }

    [Benchmark(Description = "data: headlines, 3 days")]
    public Task<IReadOnlyList<NewsHeadline>> DataHeadlines()
    {
        var asOf = _walk.Next();
        return _market.GetHeadlinesAsync(Symbol, asOf.AddDays(-3), asOf, CancellationToken.None);
    }

    [Benchmark(Description = "engine: hedge")]
    public Task<EngineOutput> Hedge() => _hedge.RunAsync(Symbol, _walk.Next(), NoUpstream, CancellationToken.None);

    [Benchmark(Description = "engine: liquidity")]
    public Task<EngineOutput> Liquidity() => _liquidity.RunAsync(Symbol, _walk.Next(), NoUpstream, CancellationToken.None);

    [Benchmark(Description = "engine: sentiment")]
    public Task<EngineOutput> Sentiment() => _sentiment.RunAsync(Symbol, _walk.Next(), NoUpstream, CancellationToken.None);

    [Benchmark(Description = "engine: elasticity")]
    public Task<EngineOutput> Elasticity() => _elasticity.RunAsync(Symbol, _walk.Next(), _elasticityUpstream, CancellationToken.None);

    [Benchmark(Description = "agents: 3 primary + composer")]
    public Suggestion AgentsAndComposer()
    {
        var r = NextOfSession();
        var primaries = _components.PrimaryAgents.Select(a => a.Suggest(r.Snapshot, r.Run)).ToList();
        return _components.Composer!.Compose(r.Snapshot, primaries, r.Run);
    }

    [Benchmark(Description = "trade agent")]
    public Task<IReadOnlyList<TradeIdea>> TradeAgent()
    {
        var r = NextOfSession();
        return _components.TradeAgent!.GenerateIdeasAsync(r.CompositeSuggestion!, r.Snapshot, r.Run, CancellationToken.None);
    }

    [Benchmark(Description = "ledger: append one record (temp file)")]
    public Task LedgerAppend() => _ledger.AppendAsync(NextOfSession().LedgerRecord, CancellationToken.None);
}
