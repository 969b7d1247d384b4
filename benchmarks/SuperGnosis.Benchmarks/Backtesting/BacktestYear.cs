using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.MarketData;

namespace SuperGnosis.Benchmarks.Backtesting;

/// <summary>
/// The backtest the performance target is stated for: SPY, one year of daily steps (2024: 252 sessions), every step
/// through the whole product pipeline (hosting root: four engines, three agents, composer, trade agent) and the order
/// simulator, on the synthetic market with each chain cut to the <see cref="Contracts"/> contracts nearest the money
/// (the synthetic SPY chain has about 3,200; every expiry keeps its nearest strikes).
/// </summary>
internal static class BacktestYear
{
    public const int Contracts = 2_000;
    public const string Symbol = "SPY";
    public static readonly DateOnly From = new(2024, 1, 1);
    public static readonly DateOnly To = new(2024, 12, 31);

    /// <summary>Wall time spent in the synthetic market's bars, trades and quotes (generation included) since the last <see cref="Compose"/>.</summary>
    public static TimeSpan MarketDataTime => TimedMarket.Current?.Elapsed ?? TimeSpan.Zero;

    /// <summary>The product composition over the trimmed synthetic market, validated, without a ledger.</summary>
    public static ServiceProvider Compose()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SuperGnosis:Ledger:Kind"] = "none",
            ["SuperGnosis:MarketData:Source"] = TrimmedSyntheticFactory.SourceName,
        }).Build();
        var services = new ServiceCollection();
        services.AddSuperGnosis(configuration, b => b.AddMarketDataSource(new TrimmedSyntheticFactory()));
        var provider = services.BuildServiceProvider();
        provider.ValidateSuperGnosisOptions();
        return provider;
    }

    private sealed class TrimmedSyntheticFactory : IMarketDataSourceFactory
    {
        public const string SourceName = "synthetic-2000";

        public string Name => SourceName;

        public MarketDataSources Create(MarketDataOptions options, IServiceProvider services)
        {
            var inner = new SyntheticMarketDataSourceFactory().Create(options, services);
            return new MarketDataSources(inner.Identity + "-2000", new TrimmedChains(inner.Chains), new TimedMarket(inner.Market), inner.News, inner.Prints,
                inner.RiskFreeRate, inner.DividendYieldOf);
        }
    }

    /// <summary>The chain cut to the contracts nearest the money by |ln(K / S)| (original order kept); the same chain object per as-of as the source's cache.</summary>
    private sealed class TrimmedChains(IOptionsChainSource inner) : IOptionsChainSource
    {
        private (OptionChain Source, OptionChain Trimmed)? _last;

        public async Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            var chain = await inner.GetChainAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
            if (_last is { } last && ReferenceEquals(last.Source, chain))
            {
                return last.Trimmed;
            }
            var trimmed = chain.Quotes.Length <= Contracts ? chain : chain with
            {
                Quotes = [.. chain.Quotes.Select((q, i) => (q, i)).OrderBy(x => Math.Abs(Math.Log(x.q.Strike / chain.UnderlyingPrice))).ThenBy(x => x.i)
                    .Take(Contracts).OrderBy(x => x.i).Select(x => x.q)],
            };
            _last = (chain, trimmed);
            return trimmed;
        }
    }

    /// <summary>The market data with the time spent in it summed (the probe's "market data" line).</summary>
    private sealed class TimedMarket : IMarketDataSource
    {
        private readonly IMarketDataSource _inner;
        private long _ticks;

        public TimedMarket(IMarketDataSource inner)
        {
            _inner = inner;
            Current = this;
        }

        public static TimedMarket? Current { get; private set; }

        public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

        public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Timed(() => _inner.GetBarsAsync(symbol, interval, from, asOf, cancellationToken));

        public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Timed(() => _inner.GetTradesAsync(symbol, from, asOf, cancellationToken));

        public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Timed(() => _inner.GetQuotesAsync(symbol, from, asOf, cancellationToken));

        private async Task<T> Timed<T>(Func<Task<T>> call)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await call().ConfigureAwait(false);
            Interlocked.Add(ref _ticks, System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks);
            return result;
        }
    }
}
