using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Tests.Engines;

/// <summary>Test market data: returns what it holds within [from, asOf] unless told to fail or leak later data.</summary>
internal sealed class InMemoryMarketData : IMarketDataSource
{
    public IReadOnlyList<Bar> Bars { get; init; } = [];

    public IReadOnlyList<Trade> Trades { get; init; } = [];

    public IReadOnlyList<Quote> Quotes { get; init; } = [];

    public bool FailTrades { get; init; }

    /// <summary>Return everything without filtering (simulates a misbehaving source).</summary>
    public bool Unfiltered { get; init; }

    public int BarCalls { get; private set; }

    public int TradeCalls { get; private set; }

    public int QuoteCalls { get; private set; }

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        BarCalls++;
        return Task.FromResult<IReadOnlyList<Bar>>(Bars.Where(b => Unfiltered || (b.Timestamp >= from && b.Timestamp <= asOf)).ToList());
    }

    public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        ++TradeCalls > 0 && FailTrades
            ? Task.FromException<IReadOnlyList<Trade>>(new IOException("trade feed down"))
            : Task.FromResult<IReadOnlyList<Trade>>(Trades.Where(t => Unfiltered || (t.Timestamp >= from && t.Timestamp <= asOf)).ToList());

    public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        ++QuoteCalls < 0 ? throw new InvalidOperationException() : Task.FromResult<IReadOnlyList<Quote>>(Quotes.Where(q => Unfiltered || (q.Timestamp >= from && q.Timestamp <= asOf)).ToList());
}
