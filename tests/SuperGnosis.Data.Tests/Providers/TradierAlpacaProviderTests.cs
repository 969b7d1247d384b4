using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Providers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SuperGnosis.Data.Tests.Providers;

public sealed class TradierProviderTests : IDisposable
{
    private readonly ProviderHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static readonly DateTimeOffset QuoteTime = new(2024, 1, 5, 20, 59, 0, TimeSpan.Zero);

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static string Quote(double last) => $$"""
        { "quotes": { "quote": { "symbol": "SPY", "description": "SPDR S&P 500", "exch": "P", "type": "etf", "last": {{last}}, "change": 0.61,
          "volume": 80256012, "open": 467.49, "high": 470.44, "low": 466.43, "close": null, "bid": 467.91, "ask": 467.93, "change_percentage": 0.14,
          "average_volume": 74331200, "last_volume": 200, "trade_date": {{Ms(QuoteTime.AddSeconds(-3))}}, "prevclose": 467.31, "week_52_high": 477.41,
          "week_52_low": 374.77, "bidsize": 7, "bidexch": "Q", "bid_date": {{Ms(QuoteTime.AddSeconds(-2))}}, "asksize": 11, "askexch": "P",
          "ask_date": {{Ms(QuoteTime.AddSeconds(-1))}}, "root_symbols": "SPY" } } }
        """;

    private static string Option(string symbol, string type, string expiry, double strike, double bid, double ask, int oi, double midIv, double delta, double gamma, double theta, double vega, DateTimeOffset at) => $$"""
        { "symbol": "{{symbol}}", "description": "SPY option", "exch": "Z", "type": "option", "last": {{bid}}, "change": 0.1, "volume": 1200, "open": null,
          "high": null, "low": null, "close": null, "bid": {{bid}}, "ask": {{ask}}, "underlying": "SPY", "strike": {{strike}}, "change_percentage": 1.1,
          "average_volume": 0, "last_volume": 5, "trade_date": {{Ms(at.AddSeconds(-60))}}, "prevclose": {{bid}}, "week_52_high": 0.0, "week_52_low": 0.0,
          "bidsize": 12, "bidexch": "C", "bid_date": {{Ms(at)}}, "asksize": 30, "askexch": "X", "ask_date": {{Ms(at)}}, "open_interest": {{oi}},
          "contract_size": 100, "expiration_date": "{{expiry}}", "expiration_type": "standard", "option_type": "{{type}}", "root_symbol": "SPY",
          "greeks": { "delta": {{delta}}, "gamma": {{gamma}}, "theta": {{theta}}, "vega": {{vega}}, "rho": 0.12, "phi": -0.13, "bid_iv": {{midIv - 0.002}},
            "mid_iv": {{midIv}}, "ask_iv": {{midIv + 0.002}}, "smv_vol": 0.119, "updated_at": "2024-01-05 20:00:07" } }
        """;

    [Fact]
    public async Task Chains_are_every_expiration_s_options_with_greeks_and_the_quote_s_spot()
    {
        _h.Json("/markets/quotes", Quote(467.92));
        _h.Json("/markets/options/expirations", """{ "expirations": { "date": [ "2024-01-19", "2024-02-16" ] } }""");
        var first = Option("SPY240119C00470000", "call", "2024-01-19", 470, 3.1, 3.2, 48211, 0.121, 0.4521, 0.0412, -0.1523, 0.3512, QuoteTime);
        var second = Option("SPY240119P00460000", "put", "2024-01-19", 460, 1.55, 1.6, 61002, 0.139, -0.2211, 0.0254, -0.1188, 0.2711, QuoteTime.AddSeconds(-9));
        _h.Json("/markets/options/chains", "{ \"options\": { \"option\": [ " + first + ", " + second + " ] } }",
            query: new Dictionary<string, string> { ["expiration"] = "2024-01-19", ["greeks"] = "true" });
        // One option: Tradier's JSON (from XML) gives an object, not an array.
        var only = Option("SPY240216C00480000", "call", "2024-02-16", 480, 2.05, 2.11, 20931, 0.118, 0.2802, 0.0212, -0.0611, 0.5533, QuoteTime.AddSeconds(-30));
        _h.Json("/markets/options/chains", "{ \"options\": { \"option\": " + only + " } }",
            query: new Dictionary<string, string> { ["expiration"] = "2024-02-16", ["greeks"] = "true" });

        var tradier = _h.Tradier();
        var chain = await tradier.GetChainAsync("SPY", QuoteTime.AddMinutes(1), CancellationToken.None);

        Assert.Equal(3, chain.Quotes.Length);
        Assert.Equal(467.92, chain.UnderlyingPrice);
        var call = chain.Quotes.Single(q => q.Strike == 470);
        Assert.Equal(0.121, call.ImpliedVol);  // mid_iv, decimal
        Assert.Equal(35.12, call.Vega, 9);      // ORATS vega per vol point x 100
        Assert.Equal(-0.1523 * 365, call.Theta, 9);
        Assert.Equal(48211, call.OpenInterest);
        Assert.Equal(QuoteTime, tradier.QualityOf("SPY", QuoteTime.AddMinutes(1)).Kinds[DataKind.Chain].SnapshotTime);
        Assert.All(_h.Server.LogEntries, e => Assert.Equal("Bearer " + ProviderHarness.TradierKey, e.RequestMessage.Headers!["Authorization"].Single()));
        Assert.Equal(2, _h.Requests("/markets/options/chains").Count);
    }

    [Fact]
    public async Task An_unmatched_symbol_is_unknown()
    {
        _h.Json("/markets/quotes", """{ "quotes": { "unmatched_symbols": { "symbol": "ZZZZ" } } }""");
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Tradier().GetChainAsync("ZZZZ", QuoteTime, CancellationToken.None));
        Assert.Equal(ProviderFailure.UnknownSymbol, ex.Failure);
        Assert.Equal("tradier quotes for ZZZZ: Tradier does not know the symbol (quotes.unmatched_symbols)", ex.Message);
    }

    [Fact]
    public async Task A_symbol_without_expirations_is_unknown()
    {
        _h.Json("/markets/quotes", Quote(467.92));
        _h.Json("/markets/options/expirations", """{ "expirations": null }""");
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Tradier().GetChainAsync("SPY", QuoteTime, CancellationToken.None));
        Assert.Equal(ProviderFailure.UnknownSymbol, ex.Failure);
    }

    [Fact]
    public async Task History_reads_one_day_given_as_an_object()
    {
        var asOf = NewYorkTime.At(new DateOnly(2024, 3, 6), new TimeOnly(17, 0));
        _h.Json("/markets/history", """{ "history": { "day": { "date": "2024-03-05", "open": 510.24, "high": 510.7, "low": 504.91, "close": 507.18, "volume": 72855600 } } }""");
        var bars = await _h.Tradier().GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-3), asOf, CancellationToken.None);
        var bar = Assert.Single(bars);
        Assert.Equal((NewYorkTime.At(new DateOnly(2024, 3, 5), new TimeOnly(9, 30)), 507.18, 72855600.0), (bar.Timestamp, bar.Close, bar.Volume));
        var request = Assert.Single(_h.Requests("/markets/history")).RequestMessage;
        Assert.Equal("daily", request.Query!["interval"].Single());
        Assert.Equal("2024-03-06", request.Query!["end"].Single());
    }

    [Fact]
    public async Task The_current_quote_is_never_served_for_an_earlier_as_of_and_the_metadata_says_why()
    {
        _h.Json("/markets/quotes", Quote(467.92));
        var tradier = _h.Tradier();
        var now = QuoteTime.AddMinutes(1);
        var current = await tradier.GetQuotesAsync("SPY", now.AddHours(-1), now, CancellationToken.None);
        var q = Assert.Single(current);
        Assert.Equal((467.91, 467.93, 700.0, 1100.0), (q.Bid, q.Ask, q.BidSize, q.AskSize)); // sizes in hundreds

        var earlier = QuoteTime.AddHours(-2);
        Assert.Empty(await tradier.GetQuotesAsync("SPY", earlier.AddHours(-1), earlier, CancellationToken.None));
        Assert.Equal(PointInTime.Utc(QuoteTime.AddSeconds(-1)), tradier.QualityOf("SPY", earlier).Kinds[DataKind.Quotes].NotesOrEmpty["latest_only"]);
    }
}

public sealed class AlpacaProviderTests : IDisposable
{
    private readonly ProviderHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Bars_follow_next_page_token_and_map_midnight_stamps_to_sessions()
    {
        var asOf = NewYorkTime.At(new DateOnly(2024, 3, 6), new TimeOnly(17, 0));
        _h.Server.Given(Request.Create().WithPath("/v2/stocks/SPY/bars").WithParam("timeframe", "1Day").WithParam("adjustment", "raw").WithParam("feed", "sip").UsingGet()
                .WithParam("start", "2023-08-19T00:00:00.0000000Z"))
            .AtPriority(2)
            .RespondWith(Response.Create().WithBody("""
                { "bars": [ { "t": "2024-03-04T05:00:00Z", "o": 512.03, "h": 514.2, "l": 512.0, "c": 512.3, "v": 49799300, "n": 512000, "vw": 513.1 } ],
                  "symbol": "SPY", "next_page_token": "U1BZfDIwMjQtMDMtMDU=" }
                """));
        _h.Server.Given(Request.Create().WithPath("/v2/stocks/SPY/bars").WithParam("page_token", "U1BZfDIwMjQtMDMtMDU=").UsingGet())
            .AtPriority(1)
            .RespondWith(Response.Create().WithBody("""
                { "bars": [ { "t": "2024-03-05T05:00:00Z", "o": 510.24, "h": 510.7, "l": 504.91, "c": 507.18, "v": 72855600, "n": 700000, "vw": 507.9 },
                            { "t": "2024-03-06T05:00:00Z", "o": 510.55, "h": 512.07, "l": 508.42, "c": 509.75, "v": 68382400, "n": 650000, "vw": 510.2 } ],
                  "symbol": "SPY", "next_page_token": null }
                """));

        var bars = await _h.Alpaca().GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-5), asOf, CancellationToken.None);

        Assert.Equal([512.3, 507.18, 509.75], bars.Select(b => b.Close));
        Assert.Equal(NewYorkTime.At(new DateOnly(2024, 3, 6), new TimeOnly(9, 30)), bars[2].Timestamp);
        Assert.Equal(2, _h.Requests("/v2/stocks/SPY/bars").Count);
    }

    [Fact]
    public async Task Trades_quotes_and_news_map_the_documented_fields()
    {
        var asOf = new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);
        _h.Json("/v2/stocks/SPY/trades", """
            { "trades": [ { "t": "2024-03-06T19:44:59.123456789Z", "x": "V", "p": 510.12, "s": 100, "c": ["@"], "i": 52983525029461, "z": "B" },
                          { "t": "2024-03-06T19:44:58.5Z", "x": "P", "p": 510.11, "s": 25, "c": ["@", "I"], "i": 52983525029460, "z": "B" } ],
              "symbol": "SPY", "next_page_token": null }
            """);
        _h.Json("/v2/stocks/SPY/quotes", """
            { "quotes": [ { "t": "2024-03-06T19:44:59.5Z", "ax": "V", "ap": 510.13, "as": 2, "bx": "P", "bp": 510.11, "bs": 3, "c": ["R"], "z": "B" } ],
              "symbol": "SPY", "next_page_token": null }
            """);
        _h.Json("/v1beta1/news", """
            { "news": [ { "id": 24803233, "headline": "Fed's Powell says cuts likely this year", "author": "Benzinga Newsdesk", "created_at": "2024-03-06T15:05:00Z",
                          "updated_at": "2024-03-06T15:05:01Z", "summary": "", "content": "", "images": [], "symbols": ["SPY"], "source": "benzinga", "url": "https://example.test/n" } ],
              "next_page_token": null }
            """);
        var alpaca = _h.Alpaca();

        var trades = await alpaca.GetTradesAsync("SPY", asOf.AddMinutes(-5), asOf, CancellationToken.None);
        var quotes = await alpaca.GetQuotesAsync("SPY", asOf.AddMinutes(-5), asOf, CancellationToken.None);
        var news = await alpaca.GetHeadlinesAsync("SPY", asOf.AddDays(-1), asOf, CancellationToken.None);

        Assert.Equal([510.11, 510.12], trades.Select(t => t.Price));
        Assert.Equal((510.11, 510.13, 300.0, 200.0), (quotes[0].Bid, quotes[0].Ask, quotes[0].BidSize, quotes[0].AskSize));
        Assert.Equal(("Fed's Powell says cuts likely this year", "benzinga"), (news[0].Text, news[0].Source));
        Assert.Equal("desc", Assert.Single(_h.Requests("/v2/stocks/SPY/trades")).RequestMessage.Query!["sort"].Single());
    }

    [Fact]
    public async Task A_plan_that_does_not_include_the_data_is_a_refusal_not_a_bad_key()
    {
        _h.Json("/v2/stocks/SPY/trades", """{ "message": "subscription does not permit querying recent SIP data" }""", 403);
        var asOf = DateTimeOffset.UtcNow;
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Alpaca().GetTradesAsync("SPY", asOf.AddMinutes(-5), asOf, CancellationToken.None));
        Assert.Equal(ProviderFailure.Refused, ex.Failure);
        Assert.Equal("alpaca trades for SPY: the request was refused (HTTP 403: subscription does not permit querying recent SIP data)", ex.Message);
    }

    [Fact]
    public async Task A_changed_key_is_a_changed_format_not_an_empty_answer()
    {
        _h.Json("/v2/stocks/SPY/trades", """{ "data": [], "symbol": "SPY", "next_page_token": null }""");
        var asOf = new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Alpaca().GetTradesAsync("SPY", asOf.AddMinutes(-5), asOf, CancellationToken.None));
        Assert.Equal(ProviderFailure.BadResponse, ex.Failure);
        Assert.Equal("alpaca trades for SPY: Alpaca response: trades missing (the body has: data, symbol, next_page_token)", ex.Message);
    }
}
