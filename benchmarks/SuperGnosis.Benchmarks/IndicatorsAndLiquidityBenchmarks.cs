using BenchmarkDotNet.Attributes;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Indicators;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Benchmarks;

/// <summary>
/// Liquidity features over one session of 1,000,000 trades (target &lt;= 100 ms) and the full indicator table over
/// 10 years of daily bars (target &lt;= 2 ms). Data are synthetic and deterministic.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class IndicatorsAndLiquidityBenchmarks
{
    private static readonly DateTimeOffset Open = new(2024, 6, 14, 13, 30, 0, TimeSpan.Zero);
    private readonly LiquidityEngineOptions _options = new();
    private Trade[] _trades = [];
    private Trade[] _tradesWithSides = [];
    private Quote[] _quotes = [];
    private Bar[] _dailyBars = [];
    private Bar[] _tenYears = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        const int tradeCount = 1_000_000;
        const double sessionSeconds = 23_400;
        _trades = new Trade[tradeCount];
        _tradesWithSides = new Trade[tradeCount];
        _quotes = new Quote[200_000];
        var mid = 450.0;
        var q = 0;
        for (var i = 0; i < tradeCount; i++)
        {
            var t = Open.AddSeconds(sessionSeconds * i / tradeCount);
            mid *= 1 + 0.00002 * (random.NextDouble() - 0.5);
            if (i % 5 == 0 && q < _quotes.Length)
            {
                _quotes[q++] = new Quote(t, Math.Round(mid - 0.01, 2), Math.Round(mid + 0.01, 2), 300, 300);
            }
            var buy = random.NextDouble() < 0.52;
            var price = Math.Round(buy ? mid + 0.01 : mid - 0.01, 2);
            var size = 100 * (1 + random.Next(5));
            _trades[i] = new Trade(t.AddTicks(1), price, size, AggressorSide.Unknown);
            _tradesWithSides[i] = _trades[i] with { Side = buy ? AggressorSide.Buy : AggressorSide.Sell };
        }
        _dailyBars = MakeDailyBars(random, 61);
        _tenYears = MakeDailyBars(random, 2520);
    }

    private static Bar[] MakeDailyBars(Random random, int count)
    {
        var bars = new Bar[count];
        var close = 100.0;
        for (var i = 0; i < count; i++)
        {
            var open = close * (1 + 0.005 * (random.NextDouble() - 0.5));
            close = open * (1 + 0.02 * (random.NextDouble() - 0.5));
            var high = Math.Max(open, close) * (1 + 0.005 * random.NextDouble());
            var low = Math.Min(open, close) * (1 - 0.005 * random.NextDouble());
            bars[i] = new Bar(Open.AddDays(i - count), open, high, low, close, 1e6 * (1 + random.NextDouble()));
        }
        return bars;
    }

    /// <summary>Sides inferred by Lee-Ready against 200,000 quotes (the heaviest path).</summary>
    [Benchmark]
    public LiquidityMeasures Liquidity_1M_trades_LeeReady() => LiquidityCalculator.Compute(_dailyBars, _trades, _quotes, _options);

    /// <summary>Sides reported by the source, no quotes.</summary>
    [Benchmark]
    public LiquidityMeasures Liquidity_1M_trades_reported_sides() => LiquidityCalculator.Compute(_dailyBars, _tradesWithSides, [], _options);

    /// <summary>The whole engine: fetch from an in-memory source, order/as-of checks, features, regime, EngineOutput.</summary>
    [Benchmark]
    public Task<EngineOutput> LiquidityEngine_1M_trades_end_to_end() =>
        new LiquidityEngine(new ArraySource(_dailyBars, _trades, _quotes))
            .RunAsync("SPY", Open.AddHours(7), new Dictionary<EngineKind, EngineOutput>(), CancellationToken.None);

    /// <summary>All 20 columns of <c>gnosis indicators</c> over 2,520 daily bars.</summary>
    [Benchmark]
    public IndicatorTable Indicators_10y_daily() => IndicatorTable.Compute(_tenYears);

    private sealed class ArraySource(Bar[] bars, Trade[] trades, Quote[] quotes) : IMarketDataSource
    {
        public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Bar>>(bars);

        public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Trade>>(trades);

        public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Quote>>(quotes);
    }
}
