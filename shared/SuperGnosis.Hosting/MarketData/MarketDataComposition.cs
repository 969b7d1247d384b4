using System.Collections.Immutable;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Providers;

namespace SuperGnosis.Hosting.MarketData;

/// <summary>
/// <c>MarketData:Source = a+b+...</c> (docs/providers.md, "Combining sources"): each kind of data (chains, daily bars,
/// minute bars, trades, quotes, news) comes from the first listed source that serves it; a kind none serves is empty and
/// reported as <c>data_&lt;kind&gt;_unavailable = a+b</c> in the metadata of the engines that read it. So
/// <c>cboe+polygon</c> reads CBOE's chains and Polygon's bars, trades, quotes and news; <c>cboe</c> alone runs with chains
/// only (the liquidity, elasticity and sentiment engines degrade, and say why); <c>tradier+files</c> reads Tradier's
/// chains, bars and quotes and the folder's trades and news.
/// </summary>
public static class MarketDataComposition
{
    /// <summary>The one source when it serves every kind, else the composition of <paramref name="parts"/> in order.</summary>
    public static MarketDataSources Compose(IReadOnlyList<MarketDataSources> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("at least one source is needed", nameof(parts));
        }
        if (parts.Count == 1 && parts[0].Provides.SetEquals(MarketDataSources.AllKinds))
        {
            return parts[0];
        }
        var composite = new CompositeMarketData(parts);
        var first = composite.ServingOrNull(DataKind.Chain) ?? parts[0];
        return new MarketDataSources(string.Join('+', parts.Select(p => p.Identity)), composite, composite, composite,
            parts.Select(p => p.Prints).FirstOrDefault(p => p is not null), first.RiskFreeRate, first.DividendYieldOf, composite)
        {
            Name = string.Join('+', parts.Select(p => p.Name)),
            Provides = [.. parts.SelectMany(p => p.Provides)],
            ChainSnapshots = composite.ServingOrNull(DataKind.Chain)?.ChainSnapshots,
        };
    }

    private sealed class CompositeMarketData : IOptionsChainSource, IMarketDataSource, INewsSource, IDataQualitySource
    {
        private readonly Dictionary<DataKind, MarketDataSources?> _serving;
        private readonly string _names;

        public CompositeMarketData(IReadOnlyList<MarketDataSources> parts)
        {
            _serving = MarketDataSources.AllKinds.ToDictionary(k => k, k => parts.FirstOrDefault(p => p.Provides.Contains(k)));
            _names = string.Join('+', parts.Select(p => p.Name));
        }

        public MarketDataSources? ServingOrNull(DataKind kind) => _serving[kind];

        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            (_serving[DataKind.Chain]?.Chains ?? UnavailableMarketData.Instance).GetChainAsync(symbol, asOf, cancellationToken);

        public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Market(interval == BarInterval.Daily ? DataKind.DailyBars : DataKind.MinuteBars).GetBarsAsync(symbol, interval, from, asOf, cancellationToken);

        public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Market(DataKind.Trades).GetTradesAsync(symbol, from, asOf, cancellationToken);

        public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Market(DataKind.Quotes).GetQuotesAsync(symbol, from, asOf, cancellationToken);

        public Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            (_serving[DataKind.News]?.News ?? UnavailableMarketData.Instance).GetHeadlinesAsync(symbol, from, asOf, cancellationToken);

        /// <summary>Each kind's quality from the source serving it; a kind no source serves is noted <c>unavailable</c>.</summary>
        public DataQualityReport QualityOf(string symbol, DateTimeOffset asOf)
        {
            var kinds = ImmutableSortedDictionary.CreateBuilder<DataKind, DataKindQuality>();
            var reports = new Dictionary<MarketDataSources, DataQualityReport>();
            foreach (var (kind, source) in _serving)
            {
                if (source is null)
                {
                    kinds[kind] = DataKindQuality.Empty with
                    {
                        Notes = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("unavailable", _names)]),
                    };
                    continue;
                }
                if (source.Quality is not { } quality)
                {
                    continue;
                }
                if (!reports.TryGetValue(source, out var report))
                {
                    reports[source] = report = quality.QualityOf(symbol, asOf);
                }
                if (report.Kinds.TryGetValue(kind, out var q))
                {
                    kinds[kind] = q;
                }
            }
            return new DataQualityReport(kinds.ToImmutable());
        }

        private IMarketDataSource Market(DataKind kind) => _serving[kind]?.Market ?? UnavailableMarketData.Instance;
    }
}
