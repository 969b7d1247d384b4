using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Providers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SuperGnosis.Data.Tests.Providers;

public sealed class PolygonProviderTests : IDisposable
{
    private readonly ProviderHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>2024-01-05 15:59:59 New York = 20:59:59Z, in Polygon's nanoseconds.</summary>
    private static readonly DateTimeOffset QuoteTime = new(2024, 1, 5, 20, 59, 59, TimeSpan.Zero);

    private static long Ns(DateTimeOffset t) => ProviderJson.ToNanoseconds(t);

    /// <summary>One entry of v3/snapshot/options/{underlying}, as the documentation lists its fields.</summary>
    private static string Contract(string ticker, string type, string expiry, double strike, double bid, double ask, double iv, double delta, double gamma, double theta, double vega, int oi, int volume, DateTimeOffset quoteTime) => $$"""
        { "break_even_price": {{strike + ask}},
          "day": { "change": 0.5, "change_percent": 4.1, "close": {{ask}}, "high": {{ask + 1}}, "last_updated": {{Ns(new DateTimeOffset(2024, 1, 5, 5, 0, 0, TimeSpan.Zero))}}, "low": {{bid - 1}}, "open": {{bid}}, "previous_close": {{bid - 0.5}}, "volume": {{volume}}, "vwap": {{0.5 * (bid + ask)}} },
          "details": { "contract_type": "{{type}}", "exercise_style": "american", "expiration_date": "{{expiry}}", "shares_per_contract": 100, "strike_price": {{strike}}, "ticker": "{{ticker}}" },
          "greeks": { "delta": {{delta}}, "gamma": {{gamma}}, "theta": {{theta}}, "vega": {{vega}} },
          "implied_volatility": {{iv}},
          "last_quote": { "ask": {{ask}}, "ask_size": 12, "bid": {{bid}}, "bid_size": 9, "last_updated": {{Ns(quoteTime)}}, "midpoint": {{0.5 * (bid + ask)}}, "timeframe": "DELAYED" },
          "last_trade": { "sip_timestamp": {{Ns(quoteTime.AddSeconds(-30))}}, "conditions": [209], "price": {{bid}}, "size": 3, "exchange": 65, "timeframe": "DELAYED" },
          "open_interest": {{oi}},
          "underlying_asset": { "change_to_break_even": 2.5, "last_updated": {{Ns(quoteTime.AddSeconds(-1))}}, "price": 467.92, "ticker": "SPY", "timeframe": "DELAYED" } }
        """;

    private static string Page(string next, params string[] contracts)
    {
        var nextUrl = next.Length == 0 ? string.Empty : ", \"next_url\": \"" + next + "\"";
        return "{ \"request_id\": \"6a7e466379af0a71039d60cc78e72282\", \"results\": [ " + string.Join(",", contracts) + " ], \"status\": \"OK\"" + nextUrl + " }";
    }

    [Fact]
    public async Task The_chain_snapshot_follows_next_url_on_the_configured_host_and_maps_units()
    {
        // The first page's next_url names the production host (as Polygon's do) and even a key: the page is fetched from the
        // configured base URL, without the key in the URL.
        _h.Server.Given(Request.Create().WithPath("/v3/snapshot/options/SPY").WithParam("limit", "250").UsingGet())
            .RespondWith(Response.Create().WithBody(Page("https://api.polygon.io/v3/snapshot/options/SPY?cursor=YXA9MiZsaW1pdD0y&apiKey=LEAKED",
                Contract("O:SPY240119C00470000", "call", "2024-01-19", 470, 3.1, 3.2, 0.121, 0.4521, 0.0412, -0.1523, 0.3512, 48211, 9011, QuoteTime),
                Contract("O:SPY240119P00460000", "put", "2024-01-19", 460, 1.55, 1.6, 0.139, -0.2211, 0.0254, -0.1188, 0.2711, 61002, 12001, QuoteTime.AddSeconds(-5)))));
        _h.Server.Given(Request.Create().WithPath("/v3/snapshot/options/SPY").WithParam("cursor", "YXA9MiZsaW1pdD0y").UsingGet())
            .RespondWith(Response.Create().WithBody(Page("",
                Contract("O:SPY240216C00480000", "call", "2024-02-16", 480, 2.05, 2.11, 0.118, 0.2802, 0.0212, -0.0611, 0.5533, 20931, 1201, QuoteTime.AddSeconds(-20)))));

        var polygon = _h.Polygon();
        var asOf = QuoteTime.AddMinutes(1);
        var chain = await polygon.GetChainAsync("SPY", asOf, CancellationToken.None);

        Assert.Equal(3, chain.Quotes.Length);
        Assert.Equal(467.92, chain.UnderlyingPrice);
        var call = chain.Quotes.Single(q => q.Strike == 470);
        Assert.Equal((new DateOnly(2024, 1, 19), OptionRight.Call, "SPY"), (call.Expiry, call.Right, call.Root));
        Assert.Equal(0.121, call.ImpliedVol);
        Assert.Equal(0.0412, call.Gamma);
        Assert.Equal(35.12, call.Vega, 9);          // per vol point x 100
        Assert.Equal(-0.1523 * 365, call.Theta, 9); // per day x 365
        Assert.Equal(3.15, call.Mid, 12);
        Assert.Equal(48211, call.OpenInterest);
        Assert.Equal(9011, call.Volume);
        Assert.Equal(QuoteTime, polygon.QualityOf("SPY", asOf).Kinds[DataKind.Chain].SnapshotTime); // the newest last_updated

        var pages = _h.Requests("/v3/snapshot/options/SPY");
        Assert.Equal(2, pages.Count);
        Assert.DoesNotContain("apiKey", pages[1].RequestMessage.Url, StringComparison.OrdinalIgnoreCase);
        Assert.All(pages, p => Assert.Equal("Bearer " + ProviderHarness.PolygonKey, p.RequestMessage.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task Index_chains_use_polygon_s_I_tickers()
    {
        _h.Json("/v3/snapshot/options/I:SPX", Page("", Contract("O:SPXW240119C04700000", "call", "2024-01-19", 4700, 51, 52, 0.11, 0.5, 0.0018, -1.7, 3.8, 8000, 300, QuoteTime)
            .Replace("\"price\": 467.92", "\"value\": 4697.24", StringComparison.Ordinal)));
        var chain = await _h.Polygon().GetChainAsync("SPX", QuoteTime, CancellationToken.None);
        Assert.Equal(4697.24, chain.UnderlyingPrice); // indices give underlying_asset.value
        Assert.Equal(OptionSettlement.Pm, chain.Quotes.Single().Settlement);
        Assert.Equal("SPXW", chain.Quotes.Single().Root);
    }

    [Fact]
    public async Task An_empty_snapshot_is_an_unknown_symbol()
    {
        _h.Json("/v3/snapshot/options/ZZZZ", """{ "request_id": "x", "results": [], "status": "OK" }""");
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Polygon().GetChainAsync("ZZZZ", QuoteTime, CancellationToken.None));
        Assert.Equal(ProviderFailure.UnknownSymbol, ex.Failure);
        Assert.Equal("polygon option chain snapshot for ZZZZ: no option contracts (an unknown symbol, or one without listed options)", ex.Message);
    }

    [Theory]
    [InlineData("""{ "request_id": "x", "results": { "ticker": "O:SPY240119C00470000" }, "status": "OK" }""", "Polygon response: results is an object, expected an array")]
    [InlineData("""{ "request_id": "x", "results": [ { "contract": { "ticker": "O:SPY240119C00470000" }, "open_interest": 3 } ], "status": "OK" }""",
        "1 of 1 entries could not be read (entry 1: details missing (the entry has: contract, open_interest)): the response's format changed")]
    public async Task A_changed_shape_fails_saying_what_changed(string body, string expected)
    {
        _h.Json("/v3/snapshot/options/SPY", body);
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Polygon().GetChainAsync("SPY", QuoteTime, CancellationToken.None));
        Assert.Equal(ProviderFailure.BadResponse, ex.Failure);
        Assert.Equal("polygon option chain snapshot for SPY: " + expected, ex.Message);
    }

    [Fact]
    public async Task A_snapshot_without_open_interest_anywhere_is_a_changed_format()
    {
        _h.Json("/v3/snapshot/options/SPY", Page("", Contract("O:SPY240119C00470000", "call", "2024-01-19", 470, 3.1, 3.2, 0.121, 0.45, 0.04, -0.15, 0.35, 1, 1, QuoteTime)
            .Replace("\"open_interest\"", "\"oi\"", StringComparison.Ordinal)));
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Polygon().GetChainAsync("SPY", QuoteTime, CancellationToken.None));
        Assert.Contains("no entry has open_interest", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>v2/aggs day bars: t is the day's start (midnight New York) in epoch ms.</summary>
    private static string DayBar(int year, int month, int day, double open, double high, double low, double close, double volume)
    {
        var t = NewYorkTime.At(new DateOnly(year, month, day), TimeOnly.MinValue).ToUnixTimeMilliseconds();
        return $$"""{ "v": {{volume}}, "vw": {{0.5 * (high + low)}}, "o": {{open}}, "c": {{close}}, "h": {{high}}, "l": {{low}}, "t": {{t}}, "n": 512345 }""";
    }

    [Fact]
    public async Task Daily_bars_are_completed_sessions_plus_the_open_session_s_partial_bar_never_later_data()
    {
        // Wednesday 2024-03-06 11:00 New York: sessions up to Tuesday are complete; Wednesday is open (its day bar, which a
        // live provider already serves with data after the as-of, is not used: the partial bar comes from minutes).
        var asOf = NewYorkTime.At(new DateOnly(2024, 3, 6), new TimeOnly(11, 0));
        _h.Json("/v2/aggs/ticker/SPY/range/1/day/2023-08-18/2024-03-05", $$"""
            { "ticker": "SPY", "queryCount": 4, "resultsCount": 4, "adjusted": false, "results": [
              {{DayBar(2024, 3, 1, 508.98, 513.29, 508.56, 512.85, 76805900)}},
              {{DayBar(2024, 3, 4, 512.03, 514.2, 512.0, 512.3, 49799300)}},
              {{DayBar(2024, 3, 5, 510.24, 510.7, 504.91, 507.18, 72855600)}},
              {{DayBar(2024, 3, 6, 510.55, 512.07, 508.42, 509.75, 68382400)}}
            ], "status": "OK", "request_id": "b1f1a4", "count": 4 }
            """);
        var open = NewYorkTime.At(new DateOnly(2024, 3, 6), new TimeOnly(9, 30));
        var minutes = string.Join(",", Enumerable.Range(0, 91).Select(i =>
            $$"""{ "v": 1000, "vw": 510, "o": {{510 + (i * 0.01)}}, "c": {{510.005 + (i * 0.01)}}, "h": {{510.02 + (i * 0.01)}}, "l": {{509.99 + (i * 0.01)}}, "t": {{open.AddMinutes(i).ToUnixTimeMilliseconds()}}, "n": 20 }"""));
        _h.Json($"/v2/aggs/ticker/SPY/range/1/minute/{open.ToUnixTimeMilliseconds()}/{asOf.ToUnixTimeMilliseconds()}",
            $$"""{ "ticker": "SPY", "queryCount": 91, "resultsCount": 91, "adjusted": false, "results": [ {{minutes}} ], "status": "OK", "request_id": "m1", "count": 91 }""");

        var polygon = _h.Polygon();
        var bars = await polygon.GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-10), asOf, CancellationToken.None);

        Assert.Equal(4, bars.Count);
        Assert.Equal(NewYorkTime.At(new DateOnly(2024, 3, 5), new TimeOnly(9, 30)), bars[2].Timestamp); // stamped at the session open
        Assert.Equal(507.18, bars[2].Close);
        var partial = bars[3];
        Assert.Equal(open, partial.Timestamp);
        Assert.Equal(510, partial.Open);
        Assert.Equal(510.005 + (89 * 0.01), partial.Close, 9); // the 10:59 minute ends at the as-of; the 11:00 minute is later data
        Assert.Equal(90 * 1000, partial.Volume);
        Assert.NotEqual(509.75, partial.Close); // the provider's day bar of the open session is not used

        // The second engine asking with another lookback inside the fetched window costs no request.
        await polygon.GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-90), asOf, CancellationToken.None);
        Assert.Single(_h.Requests("/v2/aggs/ticker/SPY/range/1/day/2023-08-18/2024-03-05"));
        Assert.Equal("polygon", polygon.QualityOf("SPY", asOf).Kinds[DataKind.DailyBars].NotesOrEmpty["source"]);
    }

    [Fact]
    public async Task Bad_bars_are_skipped_and_counted_by_reason()
    {
        var asOf = NewYorkTime.At(new DateOnly(2024, 3, 6), new TimeOnly(17, 0));
        _h.Json("/v2/aggs/ticker/SPY/range/1/day/2023-08-19/2024-03-06", $$"""
            { "ticker": "SPY", "resultsCount": 4, "results": [
              {{DayBar(2024, 3, 1, 508.98, 513.29, 508.56, 512.85, 76805900)}},
              {{DayBar(2024, 3, 2, 508.98, 513.29, 508.56, 512.85, 100)}},
              {{DayBar(2024, 3, 4, -1, 514.2, 512.0, 512.3, 49799300)}},
              {{DayBar(2024, 3, 5, 510.24, 505.0, 504.91, 507.18, 72855600)}}
            ], "status": "OK" }
            """);
        var polygon = _h.Polygon();
        var bars = await polygon.GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-10), asOf, CancellationToken.None);
        Assert.Single(bars);
        var skipped = polygon.QualityOf("SPY", asOf).Kinds[DataKind.DailyBars].SkippedByReason;
        Assert.Equal(1, skipped["not_a_trading_day"]); // a Saturday
        Assert.Equal(1, skipped["bad_price"]);
        Assert.Equal(1, skipped["inconsistent_ohlc"]);
    }

    [Fact]
    public async Task No_daily_bar_over_a_long_window_is_an_unknown_symbol()
    {
        _h.Json("/v2/aggs/ticker/ZZZZ/range/1/day/2023-08-19/2024-03-06", """{ "ticker": "ZZZZ", "queryCount": 0, "resultsCount": 0, "adjusted": false, "status": "OK", "request_id": "z" }""");
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() =>
            _h.Polygon().GetBarsAsync("ZZZZ", BarInterval.Daily, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 6, 22, 0, 0, TimeSpan.Zero), CancellationToken.None));
        Assert.Equal(ProviderFailure.UnknownSymbol, ex.Failure);
    }

    private static string Trade(DateTimeOffset t, double price, double size) =>
        $$"""{ "conditions": [12, 37], "exchange": 11, "id": "52983525034827", "participant_timestamp": {{Ns(t) - 120}}, "price": {{price}}, "sequence_number": 1063, "sip_timestamp": {{Ns(t)}}, "size": {{size}}, "tape": 3 }""";

    [Fact]
    public async Task Trades_come_newest_first_up_to_the_row_cap_and_the_metadata_says_where_the_window_starts()
    {
        using var h = new ProviderHarness(o =>
        {
            if (o is HistoryProviderOptions p)
            {
                p.MaxTicksPerRequest = 3;
            }
        });
        var asOf = new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);
        var from = asOf.AddHours(-1);
        var t0 = asOf.AddMinutes(-1);
        h.Server.Given(Request.Create().WithPath("/v3/trades/SPY").WithParam("order", "desc").WithParam("timestamp.lte", Ns(asOf).ToString(System.Globalization.CultureInfo.InvariantCulture)).UsingGet())
            .RespondWith(Response.Create().WithBody($$"""{ "results": [ {{Trade(t0, 510.1, 100)}}, {{Trade(t0.AddSeconds(-10), 510.05, 0)}} ], "status": "OK", "request_id": "t1", "next_url": "https://api.polygon.io/v3/trades/SPY?cursor=page2" }"""));
        h.Server.Given(Request.Create().WithPath("/v3/trades/SPY").WithParam("cursor", "page2").UsingGet())
            .RespondWith(Response.Create().WithBody($$"""{ "results": [ {{Trade(t0.AddSeconds(-20), 510.0, 300)}}, {{Trade(t0.AddSeconds(-30), 509.9, 50)}} ], "status": "OK", "request_id": "t2", "next_url": "https://api.polygon.io/v3/trades/SPY?cursor=page3" }"""));

        var polygon = h.Polygon();
        var trades = await polygon.GetTradesAsync("SPY", from, asOf, CancellationToken.None);

        Assert.Equal([t0.AddSeconds(-20), t0], trades.Select(t => t.Timestamp)); // ascending; the size-0 print is skipped
        Assert.All(trades, t => Assert.Equal(AggressorSide.Unknown, t.Side));
        var quality = polygon.QualityOf("SPY", asOf).Kinds[DataKind.Trades];
        Assert.Equal(1, quality.SkippedByReason["bad_size"]);
        Assert.Equal("3", quality.NotesOrEmpty["row_cap"]);
        Assert.Equal(PointInTime.Utc(t0.AddSeconds(-20)), quality.NotesOrEmpty["capped_from"]);
        Assert.Equal(2, h.Requests("/v3/trades/SPY").Count); // the third page is never asked for
    }

    [Fact]
    public async Task Quote_sizes_in_round_lots_become_shares()
    {
        var asOf = new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);
        _h.Json("/v3/quotes/SPY", $$"""
            { "results": [
              { "ask_exchange": 15, "ask_price": 510.12, "ask_size": 3, "bid_exchange": 19, "bid_price": 510.1, "bid_size": 4, "participant_timestamp": {{Ns(asOf.AddSeconds(-2))}}, "sequence_number": 19288684, "sip_timestamp": {{Ns(asOf.AddSeconds(-2))}}, "tape": 3 },
              { "ask_exchange": 15, "ask_price": 510.13, "ask_size": 1, "bid_exchange": 19, "bid_price": 510.11, "bid_size": 2, "participant_timestamp": {{Ns(asOf.AddSeconds(5))}}, "sequence_number": 19288690, "sip_timestamp": {{Ns(asOf.AddSeconds(5))}}, "tape": 3 }
            ], "status": "OK", "request_id": "q" }
            """);
        var quotes = await _h.Polygon().GetQuotesAsync("SPY", asOf.AddMinutes(-5), asOf, CancellationToken.None);
        var q = Assert.Single(quotes); // the quote after the as-of is never returned
        Assert.Equal((510.1, 510.12, 400.0, 300.0), (q.Bid, q.Ask, q.BidSize, q.AskSize));
    }

    [Fact]
    public async Task News_maps_title_publisher_and_time_and_keeps_only_the_symbol_s()
    {
        var asOf = new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);
        _h.Json("/v2/reference/news", """
            { "results": [
              { "id": "a1", "publisher": { "name": "MarketWatch", "homepage_url": "https://www.marketwatch.com/" }, "title": "Stocks rally as yields ease",
                "author": "MarketWatch", "published_utc": "2024-03-06T18:08:00Z", "article_url": "https://example.test/a1", "tickers": ["SPY", "QQQ"], "description": "..." },
              { "id": "a2", "publisher": { "name": "Benzinga" }, "title": "Unrelated company beats", "published_utc": "2024-03-06T17:00:00Z", "tickers": ["XYZ"] }
            ], "status": "OK", "request_id": "n", "count": 2 }
            """);
        var news = await _h.Polygon().GetHeadlinesAsync("SPY", asOf.AddDays(-1), asOf, CancellationToken.None);
        var h = Assert.Single(news);
        Assert.Equal(("Stocks rally as yields ease", "MarketWatch", new DateTimeOffset(2024, 3, 6, 18, 8, 0, TimeSpan.Zero)), (h.Text, h.Source, h.Timestamp));
    }
}
