using BenchmarkDotNet.Attributes;
using SuperGnosis.Benchmarks.Engines;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Benchmarks.Agents;

/// <summary>
/// Trade agent v1 on a 10,080-contract chain (35 expiries x 144 strikes x call/put, spot 500): filters, IV and
/// Greeks of every in-window quote, leg selection, exact economics, probability of profit, sizing, exits and
/// rationale. Scenarios: bullish (call debit spread + long call), a complex stance on an inverted chain (straddle,
/// strangle and a numerically valued calendar), and the bullish case on a chain without provider IV or delta
/// (every in-window IV solved from the mid). Pinned to one core.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*TradeAgentBenchmarks*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class TradeAgentBenchmarks
{
    private static readonly StandardSnapshot Snapshot = new(
        "BENCH", HedgeBenchmarkChain.AsOf,
        new Dictionary<string, double> { ["spot"] = 500, ["call_wall"] = 520, ["put_wall"] = 480, ["zero_gamma_level"] = 490 },
        new Dictionary<string, double>(), new Dictionary<string, double>(), new Dictionary<string, double>(), null, new Dictionary<string, string>());

    private static readonly int Today = DateOnly.FromDateTime(HedgeBenchmarkChain.AsOf.UtcDateTime).DayNumber;

    private static readonly RunContext Run = new("run-bench", "BENCH", HedgeBenchmarkChain.AsOf);

    private readonly TradeAgent _agent = new(new NoSource(), null, new TradeAgentOptions { RiskFreeRate = HedgeBenchmarkChain.Rate, DividendYield = HedgeBenchmarkChain.Div });
    private OptionChain _chain = null!;
    private OptionChain _inverted = null!;
    private OptionChain _noIv = null!;
    private Suggestion _bullish = null!;
    private Suggestion _complex = null!;

    [Params(10_080)]
    public int Contracts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _chain = HedgeBenchmarkChain.Create(Contracts);
        // Front months richer than back months: term-structure inversion (a calendar is built).
        _inverted = _chain with
        {
            Quotes = [.. _chain.Quotes.Select(q => q with { ImpliedVol = q.ImpliedVol * (1 + (0.3 * Math.Exp(-(q.Expiry.DayNumber - Today) / 30.0))) })],
        };
        _noIv = _chain with { Quotes = [.. _chain.Quotes.Select(q => q with { ImpliedVol = double.NaN, Delta = double.NaN })] };
        var forecast = new Dictionary<string, double> { ["horizon_days"] = 10, ["exp_move_pct"] = 3 };
        _bullish = new Suggestion("run-bench-composer-0", "composer", "BENCH", SuggestionAction.Long, 0.8, forecast, "bench", []);
        _complex = new Suggestion("run-bench-composer-0", "composer", "BENCH", SuggestionAction.Complex, 0.7, forecast, "bench", ["iv_cheap"]);
        if (_agent.Generate(_complex, Snapshot, Run, _inverted, 0.25).Ideas.All(i => i.StrategyType != "calendar_spread"))
        {
            throw new InvalidOperationException("the inverted benchmark chain must produce a calendar");
        }
    }

    [Benchmark(Baseline = true, Description = "bullish, provider IV")]
    public int Bullish() => _agent.Generate(_bullish, Snapshot, Run, _chain, 0.2).Ideas.Count;

    [Benchmark(Description = "complex + calendar, inverted term")]
    public int ComplexWithCalendar() => _agent.Generate(_complex, Snapshot, Run, _inverted, 0.25).Ideas.Count;

    [Benchmark(Description = "bullish, IV solved from mids")]
    public int BullishSolvingIv() => _agent.Generate(_bullish, Snapshot, Run, _noIv, 0.2).Ideas.Count;

    private sealed class NoSource : IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("benchmarks pass the chain directly");
    }
}
