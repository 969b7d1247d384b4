using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Providers.Polygon;

/// <summary>
/// Polygon.io (Massive) REST: the option chain snapshot with Greeks, IV and open interest
/// (<c>v3/snapshot/options/{underlying}</c>, paged by <c>next_url</c>), aggregates (<c>v2/aggs/ticker/.../range</c>, raw, not
/// split-adjusted), trades and quotes (<c>v3/trades</c>, <c>v3/quotes</c>, newest first up to the row cap) and news
/// (<c>v2/reference/news</c>). Field mapping and units: docs/providers.md, "Polygon". Cash indices use Polygon's
/// <c>I:</c> tickers (SPX is <c>I:SPX</c>).
/// </summary>
public sealed class PolygonMarketData : LiveHistoryMarketData, IOptionsChainSource, IChainSnapshotSource, INewsSource
{
    private const string ChainEndpoint = "option chain snapshot";
    private const int MaxPages = 1000;

    /// <summary>Most headlines kept per request (newest first).</summary>
    public const int MaxHeadlines = 1000;

    private static readonly HashSet<string> Indices = new(["SPX", "XSP", "VIX", "NDX", "RUT", "DJX", "OEX", "XEO"], StringComparer.OrdinalIgnoreCase);

    private readonly Func<PolygonClient> _client;
    private readonly PolygonOptions _options;
    private readonly TimeProvider _time;

    public PolygonMarketData(Func<PolygonClient> client, PolygonOptions options, ProviderResponseCache cache, IMarketCalendar? calendar = null, TimeProvider? time = null)
        : base(options, cache, calendar)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public override string Provider => PolygonClient.Name;

    public override ImmutableHashSet<DataKind> Provides { get; } =
        [DataKind.Chain, DataKind.DailyBars, DataKind.MinuteBars, DataKind.Trades, DataKind.Quotes, DataKind.News];

    public string SnapshotProvider => Provider;

    /// <summary>Polygon's ticker: <c>I:SPX</c> for the cash indices, the symbol otherwise.</summary>
    public static string Ticker(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var s = symbol.Trim().TrimStart('^', '_').ToUpperInvariant();
        return Indices.Contains(s) ? "I:" + s : s;
    }

    public async Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(symbol, cancellationToken).ConfigureAwait(false);
        return ServeChain(snapshot, symbol, asOf);
    }

    public void CheckPointInTime(ChainSnapshot snapshot, string symbol, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        PointInTime.Check(Provider, "option chain", symbol, snapshot.Stamp, asOf, _options.AllowSnapshotAfterAsOfWhileClosed, Calendar);
    }

    public Task<ChainSnapshot> GetSnapshotAsync(string symbol, CancellationToken cancellationToken)
    {
        var ticker = Ticker(symbol);
        var underlying = ticker.StartsWith("I:", StringComparison.Ordinal) ? ticker[2..] : ticker;
        return CachedAsync("chain", ticker, "latest", async ct =>
        {
            var client = _client();
            var fetchedAt = _time.GetUtcNow();
            var entries = new List<JsonElement>();
            var documents = new List<JsonDocument>();
            try
            {
                var path = $"v3/snapshot/options/{Uri.EscapeDataString(ticker)}?limit=250";
                for (var page = 0; path is not null; page++)
                {
                    if (page == MaxPages)
                    {
                        throw client.Shape(ChainEndpoint, ticker, $"more than {MaxPages} pages: next_url never ends");
                    }
                    var doc = await client.GetJsonAsync(ChainEndpoint, ticker, path, ct).ConfigureAwait(false);
                    documents.Add(doc);
                    entries.AddRange(Results(client, ChainEndpoint, ticker, doc.RootElement));
                    path = ProviderJson.Text(doc.RootElement, "next_url") is { Length: > 0 } next ? client.RelativeNext(next) : null;
                }
                return MapChain(client, underlying, ticker, entries, fetchedAt);
            }
            finally
            {
                foreach (var doc in documents)
                {
                    doc.Dispose();
                }
            }
        }, cancellationToken);
    }

    /// <summary>The snapshot's entries as a chain (docs/providers.md, "Polygon" mapping).</summary>
    internal ChainSnapshot MapChain(PolygonClient client, string underlying, string ticker, List<JsonElement> entries, DateTimeOffset fetchedAt)
    {
        var quotes = ImmutableArray.CreateBuilder<OptionQuote>(entries.Count);
        var skipped = new List<SkippedChainRow>();
        var spots = new List<double>();
        long newest = 0;
        var withOpenInterest = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (ProviderJson.Object(e, "details") is not { } details)
            {
                skipped.Add(new SkippedChainRow(i + 1, $"details missing (the entry has: {ProviderJson.Keys(e)})"));
                continue;
            }
            if (!TryContract(details, underlying, out var root, out var expiry, out var right, out var strike))
            {
                skipped.Add(new SkippedChainRow(i + 1, $"ticker '{ProviderJson.Text(details, "ticker")}' is not an OCC symbol and details.expiration_date/strike_price/contract_type are incomplete"));
                continue;
            }
            var quote = ProviderJson.Object(e, "last_quote");
            var greeks = ProviderJson.Object(e, "greeks");
            var day = ProviderJson.Object(e, "day");
            var underlyingAsset = ProviderJson.Object(e, "underlying_asset");
            double bid = quote is { } q1 ? ProviderJson.Number(q1, "bid") : double.NaN;
            double ask = quote is { } q2 ? ProviderJson.Number(q2, "ask") : double.NaN;
            var mid = quote is { } q3 && ProviderJson.Number(q3, "midpoint") is var m && double.IsFinite(m) ? m
                : double.IsFinite(bid) && double.IsFinite(ask) ? 0.5 * (bid + ask) : double.NaN;
            var oi = ProviderJson.Number(e, "open_interest");
            withOpenInterest += double.IsFinite(oi) ? 1 : 0;
            var terms = OptionContractTerms.ForRoot(root);
            // Polygon: vega per vol point (x100 -> per 1.00 of vol), theta per calendar day (x365 -> per year); gamma per $1.
            quotes.Add(new OptionQuote(expiry, strike, right, bid, ask, mid,
                day is { } d ? ProviderJson.Number(d, "volume") : double.NaN, oi, ProviderJson.Number(e, "implied_volatility"),
                greeks is { } g1 ? ProviderJson.Number(g1, "delta") : double.NaN,
                greeks is { } g2 ? ProviderJson.Number(g2, "gamma") : double.NaN,
                greeks is { } g3 ? ProviderJson.Number(g3, "vega") * 100 : double.NaN,
                greeks is { } g4 ? ProviderJson.Number(g4, "theta") * 365 : double.NaN,
                double.NaN, double.NaN, root, terms.Style, terms.Settlement));
            if (underlyingAsset is { } u)
            {
                var price = ProviderJson.Number(u, "price");
                spots.Add(double.IsFinite(price) ? price : ProviderJson.Number(u, "value"));
                newest = Math.Max(newest, ProviderJson.Integer(u, "last_updated") ?? 0);
            }
            newest = Math.Max(newest, quote is { } q4 ? ProviderJson.Integer(q4, "last_updated") ?? 0 : 0);
            newest = Math.Max(newest, ProviderJson.Object(e, "last_trade") is { } t ? ProviderJson.Integer(t, "sip_timestamp") ?? 0 : 0);
        }
        var (spot, spread) = MedianSpot(spots);
        var stamp = newest > 0 ? ProviderJson.FromNanoseconds(newest) : fetchedAt;
        var read = new ChainFileResult(new OptionChain(underlying, stamp, spot, quotes.ToImmutable()), skipped, 0, stamp) { RowSpotSpread = spread };
        CheckMapped(client, ChainEndpoint, ticker, read, entries.Count);
        if (quotes.Count > 0 && withOpenInterest == 0)
        {
            throw client.Shape(ChainEndpoint, ticker, $"no entry has open_interest (the first has: {ProviderJson.Keys(entries[0])}): the response's format changed");
        }
        if (!double.IsFinite(spot))
        {
            throw client.Shape(ChainEndpoint, ticker, "no entry has underlying_asset.price or .value (the underlying's price; a plan without it cannot give a chain's spot)");
        }
        return new ChainSnapshot(read, stamp, Provider);
    }

    /// <summary>The contract from <c>details.ticker</c> (OCC after Polygon's <c>O:</c>), else from expiration_date, strike_price and contract_type.</summary>
    private static bool TryContract(JsonElement details, string underlying, out string root, out DateOnly expiry, out OptionRight right, out double strike)
    {
        var ticker = ProviderJson.Text(details, "ticker");
        if (ticker is not null && OccSymbol.TryParse(ticker.StartsWith("O:", StringComparison.Ordinal) ? ticker[2..] : ticker, out var occ))
        {
            (root, expiry, right, strike) = (occ.Root, occ.Expiry, occ.Right, occ.Strike);
            return true;
        }
        root = underlying;
        strike = ProviderJson.Number(details, "strike_price");
        var type = ProviderJson.Text(details, "contract_type")?.Trim().ToLowerInvariant();
        right = type == "put" ? OptionRight.Put : OptionRight.Call;
        return DateOnly.TryParseExact(ProviderJson.Text(details, "expiration_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out expiry)
            && strike > 0 && type is "call" or "put";
    }

    private protected override async Task<IReadOnlyList<DailyRow>> FetchDailyAsync(string symbol, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var ticker = Ticker(symbol);
        var rows = new List<DailyRow>();
        await foreach (var r in Pages("aggregates (day)", ticker, $"v2/aggs/ticker/{Uri.EscapeDataString(ticker)}/range/1/day/{from:yyyy-MM-dd}/{to:yyyy-MM-dd}?adjusted=false&sort=asc&limit=50000", int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            // t: the day's start (midnight New York) in epoch ms; the session is that New York date.
            if (ProviderJson.Integer(r, "t") is { } t)
            {
                rows.Add(new DailyRow(NewYorkTime.DateOf(DateTimeOffset.FromUnixTimeMilliseconds(t)),
                    ProviderJson.Number(r, "o"), ProviderJson.Number(r, "h"), ProviderJson.Number(r, "l"), ProviderJson.Number(r, "c"), ProviderJson.Number(r, "v")));
            }
        }
        return rows;
    }

    private protected override async Task<IReadOnlyList<Bar>> FetchMinuteBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var ticker = Ticker(symbol);
        var bars = new List<Bar>();
        await foreach (var r in Pages("aggregates (minute)", ticker, $"v2/aggs/ticker/{Uri.EscapeDataString(ticker)}/range/1/minute/{from.ToUnixTimeMilliseconds()}/{to.ToUnixTimeMilliseconds()}?adjusted=false&sort=asc&limit=50000", int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (ProviderJson.Integer(r, "t") is { } t)
            {
                bars.Add(new Bar(DateTimeOffset.FromUnixTimeMilliseconds(t), ProviderJson.Number(r, "o"), ProviderJson.Number(r, "h"), ProviderJson.Number(r, "l"), ProviderJson.Number(r, "c"), ProviderJson.Number(r, "v")));
            }
        }
        return bars;
    }

    private protected override async Task<TickRows<Trade>> FetchTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var ticker = Ticker(symbol);
        var cap = _options.MaxTicksPerRequest;
        var trades = new List<Trade>();
        var more = false;
        await foreach (var r in Pages("trades", ticker, TickPath("trades", ticker, from, to, cap), cap, cancellationToken, () => more = true).ConfigureAwait(false))
        {
            if ((ProviderJson.Integer(r, "sip_timestamp") ?? ProviderJson.Integer(r, "participant_timestamp")) is { } ns)
            {
                // Polygon reports no aggressor side.
                trades.Add(new Trade(ProviderJson.FromNanoseconds(ns), ProviderJson.Number(r, "price"), ProviderJson.Number(r, "size"), AggressorSide.Unknown));
            }
        }
        return new TickRows<Trade>(trades, more);
    }

    private protected override async Task<TickRows<Quote>> FetchQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var ticker = Ticker(symbol);
        var cap = _options.MaxTicksPerRequest;
        var lot = _options.QuoteSizeMultiplier;
        var quotes = new List<Quote>();
        var more = false;
        await foreach (var r in Pages("quotes", ticker, TickPath("quotes", ticker, from, to, cap), cap, cancellationToken, () => more = true).ConfigureAwait(false))
        {
            if ((ProviderJson.Integer(r, "sip_timestamp") ?? ProviderJson.Integer(r, "participant_timestamp")) is { } ns)
            {
                quotes.Add(new Quote(ProviderJson.FromNanoseconds(ns), ProviderJson.Number(r, "bid_price"), ProviderJson.Number(r, "ask_price"),
                    ProviderJson.Number(r, "bid_size") * lot, ProviderJson.Number(r, "ask_size") * lot));
            }
        }
        return new TickRows<Quote>(quotes, more);
    }

    public async Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var ticker = symbol.Trim().TrimStart('^', '_').ToUpperInvariant();
        var rows = await CachedAsync("news", ticker, Window(from, asOf), async ct =>
        {
            var list = new List<NewsHeadline>();
            var path = $"v2/reference/news?ticker={Uri.EscapeDataString(ticker)}&published_utc.gte={Rfc3339(from)}&published_utc.lte={Rfc3339(asOf)}&order=desc&sort=published_utc&limit=1000";
            await foreach (var r in Pages("news", ticker, path, MaxHeadlines, ct).ConfigureAwait(false))
            {
                if (ProviderJson.Instant(r, "published_utc") is { } at && ProviderJson.Text(r, "title") is { Length: > 0 } title && MentionsTicker(r, ticker))
                {
                    var outlet = ProviderJson.Object(r, "publisher") is { } p ? ProviderJson.Text(p, "name") : null;
                    list.Add(new NewsHeadline(at, symbol, string.IsNullOrWhiteSpace(outlet) ? "unknown" : outlet, title));
                }
            }
            return list;
        }, cancellationToken).ConfigureAwait(false);
        Quality.SetNote(symbol, asOf, DataKind.News, "source", Provider);
        return [.. rows.Where(h => h.Timestamp >= from && h.Timestamp <= asOf).OrderBy(h => h.Timestamp)];
    }

    private static bool MentionsTicker(JsonElement r, string ticker) =>
        !r.TryGetProperty("tickers", out var tickers) || tickers.ValueKind != JsonValueKind.Array || tickers.GetArrayLength() == 0
        || tickers.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && string.Equals(t.GetString(), ticker, StringComparison.OrdinalIgnoreCase));

    private static string TickPath(string kind, string ticker, DateTimeOffset from, DateTimeOffset to, int cap) =>
        $"v3/{kind}/{Uri.EscapeDataString(ticker)}?timestamp.gte={ProviderJson.ToNanoseconds(from)}&timestamp.lte={ProviderJson.ToNanoseconds(to)}&order=desc&sort=timestamp&limit={Math.Clamp(cap, 1, 50_000)}";

    private static string Rfc3339(DateTimeOffset instant) => Uri.EscapeDataString(PointInTime.Utc(instant));

    /// <summary>The <c>results</c> of every page (following <c>next_url</c>) until <paramref name="cap"/> rows; <paramref name="capped"/> is called when rows were left.</summary>
    private async IAsyncEnumerable<JsonElement> Pages(string endpoint, string ticker, string? path, int cap, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, Action? capped = null)
    {
        var client = _client();
        var n = 0;
        for (var page = 0; path is not null; page++)
        {
            if (page == MaxPages)
            {
                throw client.Shape(endpoint, ticker, $"more than {MaxPages} pages: next_url never ends");
            }
            using var doc = await client.GetJsonAsync(endpoint, ticker, path, ct).ConfigureAwait(false);
            foreach (var r in Results(client, endpoint, ticker, doc.RootElement))
            {
                if (n == cap)
                {
                    capped?.Invoke();
                    yield break;
                }
                n++;
                yield return r.Clone();
            }
            path = ProviderJson.Text(doc.RootElement, "next_url") is { Length: > 0 } next ? client.RelativeNext(next) : null;
            if (path is not null && n == cap)
            {
                capped?.Invoke();
                yield break;
            }
        }
    }

    /// <summary><c>results</c> of a page: absent when there is no data (an empty page), an array otherwise.</summary>
    private static IReadOnlyList<JsonElement> Results(ProviderClient client, string endpoint, string ticker, JsonElement root)
    {
        try
        {
            return ProviderJson.Array(root, "results", missingIsEmpty: true);
        }
        catch (FormatException ex)
        {
            throw client.Shape(endpoint, ticker, "Polygon response: " + ex.Message);
        }
    }
}
