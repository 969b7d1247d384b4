using System.Collections.Immutable;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Tests.Engines.Sentiment;

/// <summary>Scores by keyword: "up" +0.8, "down" -0.8, else 0, with a fixed confidence.</summary>
internal sealed class KeywordModel(double confidence = 0.9) : IHeadlineSentimentModel
{
    public HeadlineSentiment Score(string headline)
    {
        var s = headline.Contains("up", StringComparison.OrdinalIgnoreCase) ? 0.8 : headline.Contains("down", StringComparison.OrdinalIgnoreCase) ? -0.8 : 0;
        var label = s > 0 ? SentimentLabel.Positive : s < 0 ? SentimentLabel.Negative : SentimentLabel.Neutral;
        return new HeadlineSentiment(label, s < 0 ? 0.9 : 0.05, s > 0 ? 0.9 : 0.05, s == 0 ? 0.9 : 0.05, s, confidence, false);
    }
}

internal sealed class ListNews(params NewsHeadline[] headlines) : INewsSource
{
    public Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NewsHeadline>>([.. headlines.Where(h => h.Timestamp >= from && h.Timestamp <= asOf)]);
}

internal sealed class FixedChain(OptionChain chain) : IOptionsChainSource
{
    public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) => Task.FromResult(chain);
}

internal sealed class ThrowingChain : IOptionsChainSource
{
    public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        throw new IOException("provider down");
}

internal sealed class FixedBars(Bar[] bars) : IMarketDataSource
{
    public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Bar>>([.. bars.Where(b => b.Timestamp >= from && b.Timestamp <= asOf)]);

    public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Trade>>([]);

    public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Quote>>([]);
}

internal static class SentimentData
{
    public static readonly DateTimeOffset AsOf = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);

    public static OptionQuote Q(OptionRight right, double strike, double volume, double oi, double mid = 2.0, int days = 7) =>
        new(DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(days), strike, right, mid - 0.05, mid + 0.05, mid, volume, oi,
            0.25, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public static OptionChain Chain(params OptionQuote[] quotes) => new("ACME", AsOf, 100, [.. quotes]);

    /// <summary>Daily closes as bars with a 1% high/low range, ending the day before <see cref="AsOf"/>.</summary>
    public static Bar[] Bars(IReadOnlyList<double> closes)
    {
        var bars = new Bar[closes.Count];
        for (var i = 0; i < closes.Count; i++)
        {
            var c = closes[i];
            var open = i == 0 ? c : closes[i - 1];
            bars[i] = new Bar(AsOf.AddDays(-closes.Count + i), open, Math.Max(open, c) * 1.005, Math.Min(open, c) * 0.995, c, 1e6);
        }
        return bars;
    }
}
