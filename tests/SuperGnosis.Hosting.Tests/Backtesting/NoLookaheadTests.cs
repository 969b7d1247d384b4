using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.Backtesting;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.MarketData;

namespace SuperGnosis.Hosting.Tests.Backtesting;

/// <summary>
/// No lookahead: the whole product pipeline (hosting root, synthetic market) backtested twice, once on the market as it
/// is and once on a market whose every datum stamped after t is changed (chains, bars, trades, quotes, headlines). Every
/// decision and fill up to t must be identical byte for byte; after t the runs must differ (the change is visible).
/// </summary>
public sealed class NoLookaheadTests
{
    private static readonly DateOnly From = new(2024, 1, 2);
    private static readonly DateOnly To = new(2024, 2, 2);
    private static readonly DateTimeOffset Cutoff = MarketCalendar.Nyse.CloseOf(new DateOnly(2024, 1, 26));

    [Fact]
    public async Task Changing_data_after_t_leaves_every_decision_and_fill_up_to_t_unchanged()
    {
        var baseline = await RunAsync(DateTimeOffset.MaxValue);
        var perturbed = await RunAsync(Cutoff);

        static IEnumerable<LedgerRecord> UpTo(BacktestResult r) => r.Records.Where(x => x.Timestamp <= Cutoff).OrderBy(x => x.Timestamp);
        var before = UpTo(baseline).ToList();
        Assert.Equal(MarketCalendar.Nyse is var c ? BacktestSchedule.Steps(c, From, new DateOnly(2024, 1, 26), BacktestInterval.Daily).Count : 0, before.Count);
        Assert.Contains(before, r => r.TradeIdeas.Any(i => i.RecommendedUnits > 0)); // the window before t did trade
        Assert.Equal(before.Count, UpTo(perturbed).Count());

        // Decisions up to t: the records byte for byte. realized_pnl may depend on later prices only when the position closed after t.
        var closedAfter = baseline.Trades.Concat(perturbed.Trades).Where(t => t.ClosedAt > Cutoff).Select(t => t.RunId).ToHashSet();
        foreach (var (a, b) in before.Zip(UpTo(perturbed)))
        {
            if (closedAfter.Contains(a.RunId!))
            {
                Assert.Equal(ContractJson.Serialize(WithoutPnl(a)), ContractJson.Serialize(WithoutPnl(b)));
            }
            else
            {
                Assert.Equal(ContractJson.Serialize(a), ContractJson.Serialize(b));
            }
        }
        // Fills, exits and marks up to t.
        Assert.Equal(baseline.Trades.Where(t => t.ClosedAt <= Cutoff), perturbed.Trades.Where(t => t.ClosedAt <= Cutoff));
        Assert.Equal(baseline.Equity.Where(p => p.Time <= Cutoff), perturbed.Equity.Where(p => p.Time <= Cutoff));
        Assert.Contains(baseline.Trades, t => t.OpenedAt <= Cutoff);

        // After t the change shows: the decisions' snapshots differ.
        var after = baseline.Records.Where(x => x.Timestamp > Cutoff).OrderBy(x => x.Timestamp).Zip(perturbed.Records.Where(x => x.Timestamp > Cutoff).OrderBy(x => x.Timestamp));
        Assert.Contains(after, p => ContractJson.Serialize(p.First) != ContractJson.Serialize(p.Second));
        Assert.NotEqual(baseline.Equity[^1].Equity, perturbed.Equity[^1].Equity);
    }

    private static LedgerRecord WithoutPnl(LedgerRecord r) => new(r.Timestamp, r.Symbol, r.Snapshot, r.PrimarySuggestions, r.CompositeSuggestion, r.TradeIdeas, null);

    private static async Task<BacktestResult> RunAsync(DateTimeOffset cutoff)
    {
        var settings = TestComposition.NoLedger();
        settings["SuperGnosis:MarketData:Source"] = "perturbed";
        await using var services = TestComposition.Build(settings, configure: b => b.AddMarketDataSource(new PerturbedAfterFactory(cutoff)));
        services.ValidateSuperGnosisOptions();
        var runner = services.GetRequiredService<BacktestRunnerFactory>().Create("SPY", ledger: null);
        return await runner.RunAsync(From, To);
    }

    /// <summary>The synthetic market with every datum stamped after <paramref name="cutoff"/> changed; same identity (so the same run ids).</summary>
    private sealed class PerturbedAfterFactory(DateTimeOffset cutoff) : IMarketDataSourceFactory
    {
        public string Name => "perturbed";

        public MarketDataSources Create(MarketDataOptions options, IServiceProvider services)
        {
            var inner = new SyntheticMarketDataSourceFactory().Create(options, services);
            var source = new PerturbedAfter(inner.Chains, inner.Market, inner.News!, cutoff);
            return new MarketDataSources(inner.Identity, source, source, source, null, inner.RiskFreeRate, inner.DividendYieldOf);
        }
    }

    private sealed class PerturbedAfter(IOptionsChainSource chains, IMarketDataSource market, INewsSource news, DateTimeOffset cutoff)
        : IOptionsChainSource, IMarketDataSource, INewsSource
    {
        private const double Shift = 1.03;

        public async Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            var chain = await chains.GetChainAsync(symbol, asOf, cancellationToken);
            return chain.AsOf <= cutoff ? chain : chain with
            {
                UnderlyingPrice = chain.UnderlyingPrice * Shift,
                Quotes = [.. chain.Quotes.Select(q => q with { Bid = q.Bid * 1.2, Ask = q.Ask * 1.2, Mid = q.Mid * 1.2, ImpliedVol = q.ImpliedVol * 1.15, Volume = q.Volume + 50 })],
            };
        }

        public async Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            var bars = await market.GetBarsAsync(symbol, interval, from, asOf, cancellationToken);
            // A daily bar holds data after t when its session closes after t; a minute bar when it ends after t.
            return [.. bars.Select(b => End(b, interval) <= cutoff ? b
                : b with { Open = b.Open * Shift, High = b.High * Shift, Low = b.Low * Shift, Close = b.Close * Shift, Volume = b.Volume * 2 })];
        }

        public async Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            [.. (await market.GetTradesAsync(symbol, from, asOf, cancellationToken)).Select(t => t.Timestamp <= cutoff ? t : t with { Price = t.Price * Shift, Size = t.Size * 3 })];

        public async Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            [.. (await market.GetQuotesAsync(symbol, from, asOf, cancellationToken)).Select(q => q.Timestamp <= cutoff ? q : q with { Bid = q.Bid * Shift, Ask = q.Ask * Shift })];

        public async Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            [.. (await news.GetHeadlinesAsync(symbol, from, asOf, cancellationToken)).Select(h => h.Timestamp <= cutoff ? h : h with { Text = "Shares plunge after the company discloses an accounting fraud" })];

        private static DateTimeOffset End(Bar bar, BarInterval interval) => interval switch
        {
            BarInterval.Daily => MarketCalendar.Nyse.CloseOf(NewYorkTime.DateOf(bar.Timestamp)),
            BarInterval.FiveMinutes => bar.Timestamp.AddMinutes(5),
            _ => bar.Timestamp.AddMinutes(1),
        };
    }
}
