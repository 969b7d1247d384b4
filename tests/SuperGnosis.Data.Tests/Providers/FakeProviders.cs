using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SuperGnosis.Core.MarketData;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace SuperGnosis.Data.Tests.Providers;

/// <summary>
/// One WireMock server on loopback playing CBOE and Polygon for whole runs (hosting and CLI tests): SPY's CBOE chain stamped
/// 2024-01-05 16:15:04 New York, and Polygon's day and minute aggregates, trades, quotes and news of SPY in their documented
/// layouts, for any window asked. Linked into the hosting and CLI test projects.
/// </summary>
public sealed class FakeProviders : IDisposable
{
    public const string PolygonKey = "pk_live_SECRET_7f3a9c";

    /// <summary>The CBOE snapshot's stamp: 2024-01-05 16:15:04 New York.</summary>
    public static readonly DateTimeOffset ChainStamp = new(2024, 1, 5, 21, 15, 4, TimeSpan.Zero);

    public FakeProviders()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url! + "/";

    /// <summary>The settings that point both providers at this server (short retries).</summary>
    public Dictionary<string, string?> Settings(string source) => new()
    {
        ["SuperGnosis:MarketData:Source"] = source,
        ["SuperGnosis:Data:Cboe:BaseUrl"] = Url,
        ["SuperGnosis:Data:Cboe:RetryDelay"] = "00:00:00.010",
        ["SuperGnosis:Data:Polygon:BaseUrl"] = Url,
        ["SuperGnosis:Data:Polygon:ApiKey"] = PolygonKey,
        ["SuperGnosis:Data:Polygon:RetryDelay"] = "00:00:00.010",
    };

    /// <summary>CBOE's options/SPY.json: four contracts around a 467.92 spot.</summary>
    public FakeProviders ServeCboeSpy()
    {
        Server.Given(Request.Create().WithPath("/options/SPY.json").UsingGet()).RespondWith(Response.Create().WithBody("""
            { "timestamp": "2024-01-05 16:15:04",
              "data": { "symbol": "SPY", "security_type": "etf", "current_price": 467.92, "close": 467.92, "prev_day_close": 467.31,
                "options": [
                  { "option": "SPY240119C00470000", "bid": 3.1, "ask": 3.2, "iv": 0.121, "open_interest": 48211, "volume": 9011, "delta": 0.4521, "gamma": 0.0412, "vega": 0.3512, "theta": -0.1523, "rho": 0.08, "theo": 3.15, "last_trade_price": 3.15 },
                  { "option": "SPY240119P00460000", "bid": 1.55, "ask": 1.6, "iv": 0.139, "open_interest": 61002, "volume": 12001, "delta": -0.2211, "gamma": 0.0254, "vega": 0.2711, "theta": -0.1188, "rho": -0.03, "theo": 1.57, "last_trade_price": 1.57 },
                  { "option": "SPY240216C00480000", "bid": 2.05, "ask": 2.11, "iv": 0.118, "open_interest": 20931, "volume": 1201, "delta": 0.2802, "gamma": 0.0212, "vega": 0.5533, "theta": -0.0611, "rho": 0.1, "theo": 2.08, "last_trade_price": 2.08 },
                  { "option": "SPY240216P00455000", "bid": 3.4, "ask": 3.5, "iv": 0.142, "open_interest": 33120, "volume": 2210, "delta": -0.2502, "gamma": 0.0171, "vega": 0.5911, "theta": -0.0702, "rho": -0.09, "theo": 3.45, "last_trade_price": 3.45 }
                ] } }
            """));
        return this;
    }

    /// <summary>Polygon's v2/aggs day and minute bars, v3 trades and quotes, and news of SPY for any window (rows after the window are the provider's "now" and must be dropped by the source).</summary>
    public FakeProviders ServePolygonSpy()
    {
        var calendar = MarketCalendar.Nyse;
        var sessions = new List<DateOnly>();
        for (var d = new DateOnly(2023, 6, 1); d <= new DateOnly(2024, 1, 8); d = d.AddDays(1))
        {
            if (calendar.IsTradingDay(d))
            {
                sessions.Add(d);
            }
        }
        var days = new StringBuilder();
        for (var i = 0; i < sessions.Count; i++)
        {
            var close = 440 + (i * 0.2) + (3 * Math.Sin(i / 3.0));
            var open = close - (1.1 * Math.Cos(i / 2.0));
            var t = NewYorkTime.At(sessions[i], TimeOnly.MinValue).ToUnixTimeMilliseconds();
            days.Append(CultureInfo.InvariantCulture, $$"""{{(i == 0 ? "" : ",")}}{ "v": {{70_000_000 + (i * 10_000)}}, "vw": {{close}}, "o": {{open}}, "c": {{close}}, "h": {{Math.Max(open, close) + 1.2}}, "l": {{Math.Min(open, close) - 1.3}}, "t": {{t}}, "n": 500000 }""");
        }
        Server.Given(Request.Create().WithPath(new WildcardMatcher("/v2/aggs/ticker/SPY/range/1/day/*")).UsingGet())
            .RespondWith(Response.Create().WithBody($$"""{ "ticker": "SPY", "queryCount": {{sessions.Count}}, "resultsCount": {{sessions.Count}}, "adjusted": false, "results": [ {{days}} ], "status": "OK", "request_id": "d" }"""));

        var open0 = NewYorkTime.At(new DateOnly(2024, 1, 5), new TimeOnly(9, 30));
        var minutes = string.Join(",", Enumerable.Range(0, 390).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{ "v": {{20000 + i}}, "vw": 467, "o": {{466 + (i * 0.005)}}, "c": {{466.004 + (i * 0.005)}}, "h": {{466.02 + (i * 0.005)}}, "l": {{465.99 + (i * 0.005)}}, "t": {{open0.AddMinutes(i).ToUnixTimeMilliseconds()}}, "n": 120 }""")));
        Server.Given(Request.Create().WithPath(new WildcardMatcher("/v2/aggs/ticker/SPY/range/1/minute/*")).UsingGet())
            .RespondWith(Response.Create().WithBody($$"""{ "ticker": "SPY", "resultsCount": 390, "adjusted": false, "results": [ {{minutes}} ], "status": "OK", "request_id": "m" }"""));

        var close0 = NewYorkTime.At(new DateOnly(2024, 1, 5), new TimeOnly(16, 0));
        var trades = string.Join(",", Enumerable.Range(0, 600).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{ "conditions": [12], "exchange": 11, "id": "{{i}}", "participant_timestamp": {{Ns(close0.AddSeconds(-i * 30))}}, "price": {{467.9 - (i * 0.004) + ((i % 3) * 0.01)}}, "sequence_number": {{i}}, "sip_timestamp": {{Ns(close0.AddSeconds(-i * 30))}}, "size": {{100 + (i % 7 * 50)}}, "tape": 3 }""")));
        Server.Given(Request.Create().WithPath("/v3/trades/SPY").UsingGet()).RespondWith(Response.Create().WithBody($$"""{ "results": [ {{trades}} ], "status": "OK", "request_id": "t" }"""));
        var quotes = string.Join(",", Enumerable.Range(0, 600).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{ "ask_exchange": 15, "ask_price": {{467.92 - (i * 0.004)}}, "ask_size": {{2 + (i % 4)}}, "bid_exchange": 19, "bid_price": {{467.9 - (i * 0.004)}}, "bid_size": {{3 + (i % 5)}}, "participant_timestamp": {{Ns(close0.AddSeconds(-i * 30))}}, "sequence_number": {{i}}, "sip_timestamp": {{Ns(close0.AddSeconds((-i * 30) + 1))}}, "tape": 3 }""")));
        Server.Given(Request.Create().WithPath("/v3/quotes/SPY").UsingGet()).RespondWith(Response.Create().WithBody($$"""{ "results": [ {{quotes}} ], "status": "OK", "request_id": "q" }"""));
        Server.Given(Request.Create().WithPath("/v2/reference/news").UsingGet()).RespondWith(Response.Create().WithBody("""
            { "results": [
              { "id": "n1", "publisher": { "name": "MarketWatch" }, "title": "Stocks rally as strong jobs data lifts hopes", "published_utc": "2024-01-05T18:08:00Z", "tickers": ["SPY"] },
              { "id": "n2", "publisher": { "name": "Benzinga" }, "title": "S&P 500 slips as yields jump after payrolls", "published_utc": "2024-01-05T14:40:00Z", "tickers": ["SPY", "QQQ"] }
            ], "status": "OK", "request_id": "n", "count": 2 }
            """));
        return this;
    }

    private static long Ns(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
