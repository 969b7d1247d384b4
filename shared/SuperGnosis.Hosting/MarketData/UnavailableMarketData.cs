using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Hosting.MarketData;

/// <summary>
/// The ports of a kind of data no selected source serves: an empty chain (spot NaN: the hedge engine degrades to
/// <c>no_data</c>) and no bars, trades, quotes or headlines (the engines degrade as on any missing input). The data
/// quality report says which kinds were unavailable (<c>data_&lt;kind&gt;_unavailable</c>, <see cref="MarketDataComposition"/>).
/// </summary>
internal sealed class UnavailableMarketData : IOptionsChainSource, IMarketDataSource, INewsSource
{
    public static UnavailableMarketData Instance { get; } = new();

    public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult(new OptionChain(symbol, asOf, double.NaN, []));

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Bar>>([]);

    public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Trade>>([]);

    public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Quote>>([]);

    public Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NewsHeadline>>([]);
}
