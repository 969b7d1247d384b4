using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Data.Tests.Synthetic;

/// <summary>
/// Every series the synthetic market serves, hashed (SHA-256 of a round-trip text form) for requests walking one market
/// object forward, across an early close, a weekend and back in time, pinned from the code before issue 18 added
/// caches (tests/SuperGnosis.Data.Tests/Pinned/synthetic-walk.sha256.txt; GNOSIS_WRITE_PINS=1 rewrites it).
/// </summary>
public sealed class SyntheticMarketPinTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateTimeOffset[] AsOfs =
    [
        new(2026, 11, 24, 14, 29, 0, TimeSpan.Zero), // one minute before the open
        new(2026, 11, 24, 14, 30, 0, TimeSpan.Zero),
        new(2026, 11, 24, 15, 30, 30, TimeSpan.Zero),
        new(2026, 11, 24, 20, 59, 0, TimeSpan.Zero),
        new(2026, 11, 24, 21, 0, 0, TimeSpan.Zero),
        new(2026, 11, 25, 17, 0, 0, TimeSpan.Zero),
        new(2026, 11, 27, 17, 59, 0, TimeSpan.Zero), // early close at 18:00Z
        new(2026, 11, 27, 18, 30, 0, TimeSpan.Zero),
        new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), // Sunday
        new(2024, 3, 6, 19, 45, 0, TimeSpan.Zero),
        new(2015, 1, 2, 15, 0, 0, TimeSpan.Zero), // the epoch
    ];

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static string T(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Served_series_match_the_pinned_hashes()
    {
        var market = new SyntheticMarket();
        var lines = new StringBuilder();
        foreach (var symbol in new[] { "SPY", "AAPL" })
        {
            foreach (var asOf in AsOfs)
            {
                var text = new StringBuilder();
                foreach (var (interval, back) in new[] { (BarInterval.Daily, 200.0), (BarInterval.OneMinute, 2.0), (BarInterval.FiveMinutes, 1.0) })
                {
                    foreach (var b in await market.GetBarsAsync(symbol, interval, asOf.AddDays(-back), asOf, None))
                    {
                        text.Append(T(b.Timestamp)).Append(' ').Append(R(b.Open)).Append(' ').Append(R(b.High)).Append(' ').Append(R(b.Low))
                            .Append(' ').Append(R(b.Close)).Append(' ').Append(R(b.Volume)).Append('\n');
                    }
                }
                foreach (var t in await market.GetTradesAsync(symbol, asOf.AddHours(-1), asOf, None))
                {
                    text.Append(T(t.Timestamp)).Append(' ').Append(R(t.Price)).Append(' ').Append(R(t.Size)).Append(' ').Append(t.Side).Append('\n');
                }
                foreach (var q in await market.GetQuotesAsync(symbol, asOf.AddMinutes(-90), asOf, None))
                {
                    text.Append(T(q.Timestamp)).Append(' ').Append(R(q.Bid)).Append(' ').Append(R(q.Ask)).Append(' ').Append(R(q.BidSize))
                        .Append(' ').Append(R(q.AskSize)).Append('\n');
                }
                var chain = await market.GetChainAsync(symbol, asOf, None);
                text.Append(chain.Symbol).Append(' ').Append(T(chain.AsOf)).Append(' ').Append(R(chain.UnderlyingPrice)).Append('\n');
                foreach (var q in chain.Quotes)
                {
                    text.Append(q.ToString()).Append(' ').Append(string.Join(' ', new[] { q.Strike, q.Bid, q.Ask, q.Mid, q.Volume, q.OpenInterest,
                        q.ImpliedVol, q.Delta, q.Gamma, q.Vega, q.Theta, q.Vanna, q.Charm }.Select(R))).Append('\n');
                }
                foreach (var h in await market.GetHeadlinesAsync(symbol, asOf.AddDays(-3), asOf, None))
                {
                    text.Append(T(h.Timestamp)).Append(' ').Append(h.Symbol).Append(' ').Append(h.Source).Append(' ').Append(h.Text).Append('\n');
                }
                text.Append(R(market.SpotAt(symbol, asOf))).Append('\n');
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
                lines.Append(symbol).Append(' ').Append(T(asOf)).Append(' ').Append(hash).Append('\n');
            }
        }
        AssertPinned("synthetic-walk.sha256.txt", lines.ToString());
    }

    private static void AssertPinned(string name, string actual, [CallerFilePath] string source = "")
    {
        var pinned = Path.Combine(Path.GetDirectoryName(source)!, "..", "Pinned", name);
        if (Environment.GetEnvironmentVariable("GNOSIS_WRITE_PINS") == "1")
        {
            File.WriteAllText(pinned, actual);
        }
        Assert.True(File.Exists(pinned), $"no pinned output {pinned}");
        Assert.Equal(File.ReadAllText(pinned), actual);
    }
}

/// <summary>The synthetic market's tick cache: windows asked in any order, on one market, equal a fresh market's answer.</summary>
public sealed class SyntheticTickCacheTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Windows_in_any_order_match_a_fresh_market()
    {
        var shared = new SyntheticMarket();
        var close = new DateTimeOffset(2026, 11, 24, 21, 0, 0, TimeSpan.Zero);
        // Late window first, then earlier and wider ones (the cache extends its minutes at both ends), then other sessions.
        var windows = new (DateTimeOffset From, DateTimeOffset AsOf)[]
        {
            (close.AddHours(-1), close.AddMinutes(-20)),
            (close.AddHours(-3), close.AddHours(-2)),
            (close.AddHours(-6.5), close),
            (close.AddDays(-1), close.AddHours(-5)),
            (close.AddDays(-4), close.AddDays(-2)),
            (close.AddHours(-1), close.AddMinutes(-20)),
        };
        foreach (var (from, asOf) in windows)
        {
            var fresh = new SyntheticMarket();
            Assert.Equal(await fresh.GetTradesAsync("SPY", from, asOf, None), await shared.GetTradesAsync("SPY", from, asOf, None));
            Assert.Equal(await fresh.GetQuotesAsync("SPY", from, asOf, None), await shared.GetQuotesAsync("SPY", from, asOf, None));
        }
    }

    [Fact]
    public async Task A_chain_asked_twice_is_the_same_chain()
    {
        var market = new SyntheticMarket();
        var asOf = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
        var first = await market.GetChainAsync("SPY", asOf, None);
        Assert.Same(first, await market.GetChainAsync("SPY", asOf, None));
        // Same instant, another offset: a chain of its own (the chain carries the as-of as given).
        var other = await market.GetChainAsync("SPY", asOf.ToOffset(TimeSpan.FromHours(-5)), None);
        Assert.Equal(asOf.ToOffset(TimeSpan.FromHours(-5)).Offset, other.AsOf.Offset);
        Assert.Equal(first.Quotes.ToArray(), other.Quotes.ToArray());
    }
}
