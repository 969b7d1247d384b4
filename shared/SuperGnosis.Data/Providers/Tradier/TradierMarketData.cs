using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Providers.Tradier;

/// <summary>
/// Tradier: option chains with Greeks (<c>markets/options/expirations</c>, then <c>markets/options/chains</c> per
/// expiration with <c>greeks=true</c>; the spot from <c>markets/quotes</c>), daily history (<c>markets/history</c>), minute
/// bars (<c>markets/timesales</c>) and the current quote (<c>markets/quotes</c>). No trades, no news. Tradier's JSON comes
/// from XML: one element is an object, none is <c>null</c>; both are read. Mapping and units: docs/providers.md, "Tradier".
/// </summary>
public sealed class TradierMarketData : LiveHistoryMarketData, IOptionsChainSource, IChainSnapshotSource
{
    private const string ChainEndpoint = "option chains";

    private readonly Func<TradierClient> _client;
    private readonly TradierOptions _options;
    private readonly TimeProvider _time;

    public TradierMarketData(Func<TradierClient> client, TradierOptions options, ProviderResponseCache cache, IMarketCalendar? calendar = null, TimeProvider? time = null)
        : base(options, cache, calendar)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    public override string Provider => TradierClient.Name;

    public override ImmutableHashSet<DataKind> Provides { get; } = [DataKind.Chain, DataKind.DailyBars, DataKind.MinuteBars, DataKind.Quotes];

    public string SnapshotProvider => Provider;

    private protected override bool LatestQuotesOnly => true;

    private static string Sym(string symbol) => symbol.Trim().TrimStart('^', '_').ToUpperInvariant();

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
        var s = Sym(symbol);
        return CachedAsync("chain", s, "latest", async ct =>
        {
            var client = _client();
            var fetchedAt = _time.GetUtcNow();
            var quote = await CurrentQuoteAsync(client, s, ct).ConfigureAwait(false);
            using var expirationsDoc = await client.GetJsonAsync("option expirations", s, $"markets/options/expirations?symbol={Uri.EscapeDataString(s)}&includeAllRoots=true", ct).ConfigureAwait(false);
            var expirations = Elements(client, "option expirations", s, expirationsDoc.RootElement, "expirations.date")
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).OfType<string>().ToList();
            if (expirations.Count == 0)
            {
                throw client.Fail("option expirations", s, (ProviderFailure.UnknownSymbol, "no option expirations (an unknown symbol, or one without listed options)"), null);
            }
            var entries = new List<JsonElement>();
            foreach (var expiration in expirations)
            {
                using var doc = await client.GetJsonAsync(ChainEndpoint, s, $"markets/options/chains?symbol={Uri.EscapeDataString(s)}&expiration={Uri.EscapeDataString(expiration)}&greeks=true", ct).ConfigureAwait(false);
                entries.AddRange(Elements(client, ChainEndpoint, s, doc.RootElement, "options.option").Select(e => e.Clone()));
            }
            return MapChain(client, s, entries, quote, fetchedAt);
        }, cancellationToken);
    }

    /// <summary>The chain from the options of every expiration (docs/providers.md, "Tradier" mapping); the spot is the quote's.</summary>
    private ChainSnapshot MapChain(TradierClient client, string symbol, List<JsonElement> entries, JsonElement quote, DateTimeOffset fetchedAt)
    {
        var quotes = ImmutableArray.CreateBuilder<OptionQuote>(entries.Count);
        var skipped = new List<SkippedChainRow>();
        var newest = Math.Max(Millis(quote, "trade_date"), Math.Max(Millis(quote, "bid_date"), Millis(quote, "ask_date")));
        var withOpenInterest = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (!OccSymbol.TryParse(ProviderJson.Text(e, "symbol"), out var occ))
            {
                skipped.Add(new SkippedChainRow(i + 1, $"symbol '{ProviderJson.Text(e, "symbol")}' is not an OCC symbol (the entry has: {ProviderJson.Keys(e)})"));
                continue;
            }
            var greeks = ProviderJson.Object(e, "greeks");
            double bid = ProviderJson.Number(e, "bid"), ask = ProviderJson.Number(e, "ask");
            var iv = greeks is { } g0 ? ProviderJson.Number(g0, "mid_iv") : double.NaN;
            if (!(iv > 0) && greeks is { } g5)
            {
                iv = ProviderJson.Number(g5, "smv_vol"); // ORATS' fitted IV when the mid has none
            }
            var oi = ProviderJson.Number(e, "open_interest");
            withOpenInterest += double.IsFinite(oi) ? 1 : 0;
            var terms = OptionContractTerms.ForRoot(occ.Root);
            // Tradier (ORATS Greeks): vega per vol point (x100), theta per calendar day (x365); gamma per $1; IV decimal.
            quotes.Add(new OptionQuote(occ.Expiry, occ.Strike, occ.Right, bid, ask,
                double.IsFinite(bid) && double.IsFinite(ask) ? 0.5 * (bid + ask) : double.NaN,
                ProviderJson.Number(e, "volume"), oi, iv,
                greeks is { } g1 ? ProviderJson.Number(g1, "delta") : double.NaN,
                greeks is { } g2 ? ProviderJson.Number(g2, "gamma") : double.NaN,
                greeks is { } g3 ? ProviderJson.Number(g3, "vega") * 100 : double.NaN,
                greeks is { } g4 ? ProviderJson.Number(g4, "theta") * 365 : double.NaN,
                double.NaN, double.NaN, occ.Root, terms.Style, terms.Settlement));
            newest = Math.Max(newest, Math.Max(Millis(e, "bid_date"), Millis(e, "ask_date")));
        }
        var last = ProviderJson.Number(quote, "last");
        var spot = last > 0 ? last : 0.5 * (ProviderJson.Number(quote, "bid") + ProviderJson.Number(quote, "ask"));
        var stamp = newest > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(newest) : fetchedAt;
        var read = new ChainFileResult(new OptionChain(symbol, stamp, spot > 0 ? spot : double.NaN, quotes.ToImmutable()), skipped, 0, stamp);
        CheckMapped(client, ChainEndpoint, symbol, read, entries.Count);
        if (quotes.Count > 0 && withOpenInterest == 0)
        {
            throw client.Shape(ChainEndpoint, symbol, $"no option has open_interest (the first has: {ProviderJson.Keys(entries[0])}): the response's format changed");
        }
        if (!(spot > 0))
        {
            throw client.Shape("quotes", symbol, $"the quote has no last, bid or ask price (it has: {ProviderJson.Keys(quote)})");
        }
        return new ChainSnapshot(read, stamp, Provider);
    }

    private protected override async Task<IReadOnlyList<DailyRow>> FetchDailyAsync(string symbol, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var s = Sym(symbol);
        var client = _client();
        using var doc = await client.GetJsonAsync("history", s, $"markets/history?symbol={Uri.EscapeDataString(s)}&interval=daily&start={from:yyyy-MM-dd}&end={to:yyyy-MM-dd}&session_filter=open", cancellationToken).ConfigureAwait(false);
        var rows = new List<DailyRow>();
        foreach (var d in Elements(client, "history", s, doc.RootElement, "history.day"))
        {
            if (DateOnly.TryParseExact(ProviderJson.Text(d, "date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                rows.Add(new DailyRow(date, ProviderJson.Number(d, "open"), ProviderJson.Number(d, "high"), ProviderJson.Number(d, "low"), ProviderJson.Number(d, "close"), ProviderJson.Number(d, "volume")));
            }
        }
        return rows;
    }

    private protected override async Task<IReadOnlyList<Bar>> FetchMinuteBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var s = Sym(symbol);
        var client = _client();
        // start/end are New York wall times "yyyy-MM-dd HH:mm".
        var start = Uri.EscapeDataString(NewYorkTime.ToNewYork(from).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        var end = Uri.EscapeDataString(NewYorkTime.ToNewYork(to).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        using var doc = await client.GetJsonAsync("timesales", s, $"markets/timesales?symbol={Uri.EscapeDataString(s)}&interval=1min&start={start}&end={end}&session_filter=all", cancellationToken).ConfigureAwait(false);
        var bars = new List<Bar>();
        foreach (var d in Elements(client, "timesales", s, doc.RootElement, "series.data"))
        {
            // timestamp: the interval's start in epoch seconds.
            if (ProviderJson.Integer(d, "timestamp") is { } t)
            {
                bars.Add(new Bar(DateTimeOffset.FromUnixTimeSeconds(t), ProviderJson.Number(d, "open"), ProviderJson.Number(d, "high"), ProviderJson.Number(d, "low"), ProviderJson.Number(d, "close"), ProviderJson.Number(d, "volume")));
            }
        }
        return bars;
    }

    private protected override async Task<TickRows<Quote>> FetchQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var s = Sym(symbol);
        var quote = await CurrentQuoteAsync(_client(), s, cancellationToken).ConfigureAwait(false);
        var stamp = Math.Max(Millis(quote, "bid_date"), Millis(quote, "ask_date"));
        if (stamp <= 0)
        {
            return new TickRows<Quote>([], false);
        }
        var lot = _options.QuoteSizeMultiplier;
        // bidsize/asksize: in hundreds of shares (Tradier's documentation).
        return new TickRows<Quote>([new Quote(DateTimeOffset.FromUnixTimeMilliseconds(stamp), ProviderJson.Number(quote, "bid"), ProviderJson.Number(quote, "ask"),
            ProviderJson.Number(quote, "bidsize") * lot, ProviderJson.Number(quote, "asksize") * lot)], false);
    }

    /// <summary>The symbol's current quote (<c>quotes.quote</c>); an unmatched symbol is <see cref="ProviderFailure.UnknownSymbol"/>.</summary>
    private static async Task<JsonElement> CurrentQuoteAsync(TradierClient client, string symbol, CancellationToken ct)
    {
        using var doc = await client.GetJsonAsync("quotes", symbol, $"markets/quotes?symbols={Uri.EscapeDataString(symbol)}&greeks=false", ct).ConfigureAwait(false);
        var quotes = Elements(client, "quotes", symbol, doc.RootElement, "quotes.quote");
        var match = quotes.FirstOrDefault(q => string.Equals(ProviderJson.Text(q, "symbol"), symbol, StringComparison.OrdinalIgnoreCase));
        if (match.ValueKind != JsonValueKind.Object)
        {
            throw client.Fail("quotes", symbol, (ProviderFailure.UnknownSymbol, "Tradier does not know the symbol (quotes.unmatched_symbols)"), null);
        }
        return match.Clone();
    }

    /// <summary>An array of Tradier's XML-born JSON: null or missing = none, one object = one.</summary>
    private static IReadOnlyList<JsonElement> Elements(ProviderClient client, string endpoint, string symbol, JsonElement root, string path)
    {
        try
        {
            return ProviderJson.Array(root, path, missingIsEmpty: true, singleIsOne: true);
        }
        catch (FormatException ex)
        {
            throw client.Shape(endpoint, symbol, "Tradier response: " + ex.Message);
        }
    }

    private static long Millis(JsonElement e, string name) => ProviderJson.Integer(e, name) is { } ms && ms > 0 ? ms : 0;
}
