using System.Collections.Immutable;
using System.Text.Json;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Data.Providers.Alpaca;

/// <summary>
/// Alpaca market data v2: bars (<c>v2/stocks/{symbol}/bars</c>, raw, not split-adjusted), trades and quotes
/// (<c>v2/stocks/{symbol}/trades|quotes</c>, newest first up to the row cap) and news (<c>v1beta1/news</c>), paged by
/// <c>next_page_token</c>. No option chains. Mapping and units: docs/providers.md, "Alpaca".
/// </summary>
public sealed class AlpacaMarketData : LiveHistoryMarketData, INewsSource
{
    private const int MaxPages = 1000;

    /// <summary>Most headlines kept per request (newest first).</summary>
    public const int MaxHeadlines = 1000;

    private readonly Func<AlpacaClient> _client;
    private readonly AlpacaOptions _options;

    public AlpacaMarketData(Func<AlpacaClient> client, AlpacaOptions options, ProviderResponseCache cache, IMarketCalendar? calendar = null)
        : base(options, cache, calendar)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options;
    }

    public override string Provider => AlpacaClient.Name;

    public override ImmutableHashSet<DataKind> Provides { get; } = [DataKind.DailyBars, DataKind.MinuteBars, DataKind.Trades, DataKind.Quotes, DataKind.News];

    private static string Sym(string symbol) => symbol.Trim().TrimStart('^', '_').ToUpperInvariant();

    private string Feed => Uri.EscapeDataString(_options.Feed);

    private protected override async Task<IReadOnlyList<DailyRow>> FetchDailyAsync(string symbol, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var s = Sym(symbol);
        var start = Rfc3339(new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var end = Rfc3339(new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var rows = new List<DailyRow>();
        await foreach (var b in Pages("bars (day)", s, $"v2/stocks/{Uri.EscapeDataString(s)}/bars?timeframe=1Day&start={start}&end={end}&adjustment=raw&feed={Feed}&limit=10000&sort=asc", "bars", int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            // t: the day's start (midnight New York) as RFC 3339 UTC; the session is that New York date.
            if (ProviderJson.Instant(b, "t") is { } t)
            {
                rows.Add(new DailyRow(NewYorkTime.DateOf(t), ProviderJson.Number(b, "o"), ProviderJson.Number(b, "h"), ProviderJson.Number(b, "l"), ProviderJson.Number(b, "c"), ProviderJson.Number(b, "v")));
            }
        }
        return rows;
    }

    private protected override async Task<IReadOnlyList<Bar>> FetchMinuteBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var s = Sym(symbol);
        var bars = new List<Bar>();
        await foreach (var b in Pages("bars (minute)", s, $"v2/stocks/{Uri.EscapeDataString(s)}/bars?timeframe=1Min&start={Rfc3339(from)}&end={Rfc3339(to)}&adjustment=raw&feed={Feed}&limit=10000&sort=asc", "bars", int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (ProviderJson.Instant(b, "t") is { } t)
            {
                bars.Add(new Bar(t, ProviderJson.Number(b, "o"), ProviderJson.Number(b, "h"), ProviderJson.Number(b, "l"), ProviderJson.Number(b, "c"), ProviderJson.Number(b, "v")));
            }
        }
        return bars;
    }

    private protected override async Task<TickRows<Trade>> FetchTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var s = Sym(symbol);
        var cap = _options.MaxTicksPerRequest;
        var trades = new List<Trade>();
        var more = false;
        await foreach (var t in Pages("trades", s, TickPath("trades", s, from, to, cap), "trades", cap, cancellationToken, () => more = true).ConfigureAwait(false))
        {
            if (ProviderJson.Instant(t, "t") is { } at)
            {
                // Alpaca reports no aggressor side.
                trades.Add(new Trade(at, ProviderJson.Number(t, "p"), ProviderJson.Number(t, "s"), AggressorSide.Unknown));
            }
        }
        return new TickRows<Trade>(trades, more);
    }

    private protected override async Task<TickRows<Quote>> FetchQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var s = Sym(symbol);
        var cap = _options.MaxTicksPerRequest;
        var lot = _options.QuoteSizeMultiplier;
        var quotes = new List<Quote>();
        var more = false;
        await foreach (var q in Pages("quotes", s, TickPath("quotes", s, from, to, cap), "quotes", cap, cancellationToken, () => more = true).ConfigureAwait(false))
        {
            if (ProviderJson.Instant(q, "t") is { } at)
            {
                quotes.Add(new Quote(at, ProviderJson.Number(q, "bp"), ProviderJson.Number(q, "ap"), ProviderJson.Number(q, "bs") * lot, ProviderJson.Number(q, "as") * lot));
            }
        }
        return new TickRows<Quote>(quotes, more);
    }

    public async Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var s = Sym(symbol);
        var rows = await CachedAsync("news", s, Window(from, asOf), async ct =>
        {
            var list = new List<NewsHeadline>();
            var path = $"v1beta1/news?symbols={Uri.EscapeDataString(s)}&start={Rfc3339(from)}&end={Rfc3339(asOf)}&limit=50&sort=desc";
            await foreach (var n in Pages("news", s, path, "news", MaxHeadlines, ct).ConfigureAwait(false))
            {
                if (ProviderJson.Instant(n, "created_at") is { } at && ProviderJson.Text(n, "headline") is { Length: > 0 } headline)
                {
                    var outlet = ProviderJson.Text(n, "source");
                    list.Add(new NewsHeadline(at, symbol, string.IsNullOrWhiteSpace(outlet) ? "unknown" : outlet, headline));
                }
            }
            return list;
        }, cancellationToken).ConfigureAwait(false);
        Quality.SetNote(symbol, asOf, DataKind.News, "source", Provider);
        return [.. rows.Where(h => h.Timestamp >= from && h.Timestamp <= asOf).OrderBy(h => h.Timestamp)];
    }

    private string TickPath(string kind, string symbol, DateTimeOffset from, DateTimeOffset to, int cap) =>
        $"v2/stocks/{Uri.EscapeDataString(symbol)}/{kind}?start={Rfc3339(from)}&end={Rfc3339(to)}&feed={Feed}&limit={Math.Clamp(cap, 1, 10_000)}&sort=desc";

    private static string Rfc3339(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The rows under <paramref name="key"/> of every page (<c>page_token</c> = the previous <c>next_page_token</c>) until <paramref name="cap"/>.</summary>
    private async IAsyncEnumerable<JsonElement> Pages(string endpoint, string symbol, string path, string key, int cap, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, Action? capped = null)
    {
        var client = _client();
        var n = 0;
        string? token = null;
        for (var page = 0; page == 0 || token is not null; page++)
        {
            if (page == MaxPages)
            {
                throw client.Shape(endpoint, symbol, $"more than {MaxPages} pages: next_page_token never ends");
            }
            var url = token is null ? path : path + "&page_token=" + Uri.EscapeDataString(token);
            using var doc = await client.GetJsonAsync(endpoint, symbol, url, ct).ConfigureAwait(false);
            IReadOnlyList<JsonElement> rows;
            try
            {
                rows = ProviderJson.Array(doc.RootElement, key); // null = no data; a missing key is a changed format
            }
            catch (FormatException ex)
            {
                throw client.Shape(endpoint, symbol, "Alpaca response: " + ex.Message);
            }
            foreach (var r in rows)
            {
                if (n == cap)
                {
                    capped?.Invoke();
                    yield break;
                }
                n++;
                yield return r.Clone();
            }
            token = ProviderJson.Text(doc.RootElement, "next_page_token") is { Length: > 0 } next ? next : null;
            if (token is not null && n == cap)
            {
                capped?.Invoke();
                yield break;
            }
        }
    }
}
