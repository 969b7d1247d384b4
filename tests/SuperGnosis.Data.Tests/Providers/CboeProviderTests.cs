using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Providers;
using SuperGnosis.Data.Providers.Cboe;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SuperGnosis.Data.Tests.Providers;

public sealed class CboeProviderTests : IDisposable
{
    /// <summary>CBOE's delayed-quotes layout (options/_SPX.json), three contracts: SPX (AM) and SPXW (PM) on the monthly date, and a weekly put.</summary>
    internal const string SpxBody = """
        {
          "timestamp": "2024-01-05 16:15:04",
          "data": {
            "symbol": "_SPX", "security_type": "index", "current_price": 4697.24, "price_change": 8.56, "close": 4697.24,
            "prev_day_close": 4688.68, "open": 4690.57, "high": 4721.49, "low": 4682.11, "iv30": 12.3,
            "options": [
              { "option": "SPX240119C04700000", "bid": 51.1, "bid_size": 20, "ask": 52.3, "ask_size": 21, "iv": 0.1134, "open_interest": 15234,
                "volume": 1290, "delta": 0.4987, "gamma": 0.0018, "vega": 3.85, "theta": -1.72, "rho": 1.21, "theo": 51.7, "change": 2.1,
                "open": 50.0, "high": 55.2, "low": 47.9, "tick": "up", "last_trade_price": 51.5, "last_trade_time": "2024-01-05T16:14:59", "percent_change": 4.2, "prev_day_close": 49.4 },
              { "option": "SPXW240119C04700000", "bid": 51.6, "bid_size": 15, "ask": 52.8, "ask_size": 17, "iv": 0.1141, "open_interest": 8011,
                "volume": 3301, "delta": 0.4991, "gamma": 0.0018, "vega": 3.87, "theta": -1.70, "rho": 1.22, "theo": 52.2, "change": 2.0,
                "open": 50.3, "high": 55.9, "low": 48.1, "tick": "down", "last_trade_price": 52.0, "last_trade_time": "2024-01-05T16:14:58", "percent_change": 3.9, "prev_day_close": 50.0 },
              { "option": "SPXW240108P04650000", "bid": 4.1, "bid_size": 40, "ask": 4.4, "ask_size": 38, "iv": 0.1212, "open_interest": 5120,
                "volume": 9120, "delta": -0.1543, "gamma": 0.0041, "vega": 0.91, "theta": -2.95, "rho": -0.05, "theo": 4.25, "change": -1.2,
                "open": 5.0, "high": 5.6, "low": 3.9, "tick": "no_change", "last_trade_price": 4.3, "last_trade_time": "2024-01-05T16:14:50", "percent_change": -21.8, "prev_day_close": 5.5 }
            ]
          }
        }
        """;

    private readonly ProviderHarness _h = new();

    public void Dispose() => _h.Dispose();

    private static readonly DateTimeOffset Stamp = new(2024, 1, 5, 21, 15, 4, TimeSpan.Zero); // 16:15:04 New York (EST)

    [Fact]
    public async Task Reads_the_documented_body_into_the_files_chain_model()
    {
        _h.Json("/options/_SPX.json", SpxBody);
        var cboe = _h.Cboe();

        var chain = await cboe.GetChainAsync("SPX", Stamp.AddMinutes(5), CancellationToken.None);

        Assert.Equal("SPX", chain.Symbol);
        Assert.Equal(4697.24, chain.UnderlyingPrice);
        Assert.Equal(Stamp, chain.AsOf);
        Assert.Equal(3, chain.Quotes.Length);
        var am = chain.Quotes.Single(q => q.Root == "SPX");
        var pm = chain.Quotes.Single(q => q.Root == "SPXW" && q.Right == OptionRight.Call);
        Assert.Equal(OptionSettlement.Am, am.Settlement);
        Assert.Equal(OptionSettlement.Pm, pm.Settlement);
        Assert.Equal(new DateOnly(2024, 1, 19), am.Expiry);
        Assert.Equal(4700, am.Strike);
        Assert.Equal(385, am.Vega, 9);      // CBOE per vol point x 100
        Assert.Equal(-1.72 * 365, am.Theta, 9); // CBOE per day x 365
        Assert.Equal(0.5 * (51.1 + 52.3), am.Mid, 12);
        Assert.Equal(15234, am.OpenInterest);

        var quality = cboe.QualityOf("SPX", Stamp.AddMinutes(5)).Kinds[DataKind.Chain];
        Assert.Equal(Stamp, quality.SnapshotTime);
        Assert.Equal("cboe", quality.NotesOrEmpty["source"]);
    }

    [Fact]
    public async Task One_run_asks_once_the_cache_serves_the_rest_until_its_time_to_live_ends()
    {
        var clock = new ManualTime(DateTimeOffset.UtcNow);
        using var h = new ProviderHarness(time: clock);
        h.Json("/options/SPY.json", SpxBody.Replace("_SPX", "SPY", StringComparison.Ordinal).Replace("SPX240119C04700000", "SPY240119C00470000", StringComparison.Ordinal)
            .Replace("SPXW240119C04700000", "SPY240119C00475000", StringComparison.Ordinal).Replace("SPXW240108P04650000", "SPY240108P00465000", StringComparison.Ordinal));
        var cboe = h.Cboe();

        await cboe.GetChainAsync("SPY", Stamp.AddHours(1), CancellationToken.None);
        await cboe.GetChainAsync("SPY", Stamp.AddHours(2), CancellationToken.None);
        await cboe.GetSnapshotAsync("SPY", CancellationToken.None);
        Assert.Single(h.Requests("/options/SPY.json"));

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1)); // the default time-to-live
        await cboe.GetChainAsync("SPY", Stamp.AddHours(2), CancellationToken.None);
        Assert.Equal(2, h.Requests("/options/SPY.json").Count);
    }

    [Fact]
    public async Task An_unknown_symbol_is_named_as_such()
    {
        // CBOE's content network answers 403 (an S3-style AccessDenied) for a file it does not have.
        _h.Json("/options/ZZZZ.json", "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>", 403);
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Cboe().GetChainAsync("ZZZZ", Stamp, CancellationToken.None));
        Assert.Equal(ProviderFailure.UnknownSymbol, ex.Failure);
        Assert.StartsWith("cboe delayed quotes for ZZZZ: unknown symbol (HTTP 403", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsUsageError);
    }

    [Theory]
    [InlineData("""{ "timestamp": "2024-01-05 16:15:04", "data": { "symbol": "_SPX", "current_price": 4697.24, "contracts": [] } }""",
        "CBOE response: data.options missing (data has: symbol, current_price, contracts)")]
    [InlineData("""{ "timestamp": "2024-01-05 16:15:04", "data": { "symbol": "_SPX", "current_price": 4697.24, "options": { "SPX240119C04700000": {} } } }""",
        "CBOE response: data.options is an object, expected an array")]
    [InlineData("""{ "timestamp": "2024-01-05 16:15:04", "result": { "symbol": "_SPX" } }""",
        "CBOE response: data missing (the body has: timestamp, result)")]
    [InlineData("""{ "timestamp": "2024-01-05 16:15:04", "data": { "symbol": "_SPX", "last": 4697.24, "options": [ { "option": "SPX240119C04700000", "bid": 1, "ask": 2, "open_interest": 3 } ] } }""",
        "CBOE response: data.current_price and data.close missing or not numbers (data has: symbol, last, options)")]
    [InlineData("""{ "timestamp": "5 Jan 2024", "data": { "symbol": "_SPX", "current_price": 4697.24, "options": [ { "option": "SPX240119C04700000", "bid": 1 } ] } }""",
        "CBOE response: timestamp '5 Jan 2024' unreadable (expected \"YYYY-MM-DD HH:MM:SS\", New York time)")]
    [InlineData("""{ "timestamp": "2024-01-05 16:15:04", "data": { "symbol": "_SPX", "current_price": 4697.24, "options": [ { "contract": "SPX240119C04700000", "bid": 1 }, { "contract": "SPX240119P04700000", "bid": 1 } ] } }""",
        "CBOE response: 2 of 2 entries of data.options have no OCC 'option' symbol (option '' is not an OCC symbol; the first entry has: contract, bid): the format changed")]
    public async Task A_changed_shape_fails_saying_what_changed(string body, string expected)
    {
        _h.Json("/options/_SPX.json", body);
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Cboe().GetChainAsync("SPX", Stamp, CancellationToken.None));
        Assert.Equal(ProviderFailure.BadResponse, ex.Failure);
        Assert.Equal("cboe delayed quotes for _SPX: " + expected, ex.Message);
        Assert.DoesNotContain("JsonException", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_body_is_named_as_cut_off_json()
    {
        _h.Json("/options/_SPX.json", SpxBody[..(SpxBody.Length / 2)]);
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => _h.Cboe().GetChainAsync("SPX", Stamp, CancellationToken.None));
        Assert.Equal(ProviderFailure.BadResponse, ex.Failure);
        Assert.Contains("the response is not complete JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_latest_snapshot_is_refused_for_an_earlier_as_of_with_a_session_in_between()
    {
        _h.Json("/options/_SPX.json", SpxBody);
        var cboe = _h.Cboe();
        var wednesday = new DateTimeOffset(2024, 1, 3, 15, 0, 0, TimeSpan.Zero);

        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => cboe.GetChainAsync("SPX", wednesday, CancellationToken.None));

        Assert.Equal(ProviderFailure.NotPointInTime, ex.Failure);
        Assert.Contains("stamped 2024-01-05T21:15:04Z, which is after the as-of 2024-01-03T15:00:00Z and the market traded in between", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_latest_snapshot_serves_the_last_close_when_the_market_was_closed_in_between_and_says_so()
    {
        _h.Json("/options/_SPX.json", SpxBody);
        var cboe = _h.Cboe();
        var fridayClose = new DateTimeOffset(2024, 1, 5, 21, 0, 0, TimeSpan.Zero); // 16:00 New York; the snapshot is 15 min later

        var chain = await cboe.GetChainAsync("SPX", fridayClose, CancellationToken.None);

        Assert.Equal(3, chain.Quotes.Length);
        Assert.Equal(Stamp, cboe.QualityOf("SPX", fridayClose).Kinds[DataKind.Chain].SnapshotTime); // after the as-of: the engines flag chain_after_as_of
    }

    [Fact]
    public async Task With_the_closed_market_exception_off_a_later_snapshot_is_refused()
    {
        using var h = new ProviderHarness(o => o.AllowSnapshotAfterAsOfWhileClosed = false);
        h.Json("/options/_SPX.json", SpxBody);
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => h.Cboe().GetChainAsync("SPX", new DateTimeOffset(2024, 1, 5, 21, 0, 0, TimeSpan.Zero), CancellationToken.None));
        Assert.Equal(ProviderFailure.NotPointInTime, ex.Failure);
    }

    [Theory]
    [InlineData("SPX", "_SPX")]
    [InlineData("^VIX", "_VIX")]
    [InlineData("spy", "SPY")]
    [InlineData("NDX", "_NDX")]
    public void Index_symbols_get_cboe_s_underscore(string symbol, string file) => Assert.Equal(file, CboeMarketData.CboeSymbol(symbol));

    [Fact]
    public async Task Server_error_then_success_is_retried()
    {
        _h.Server.Given(Request.Create().WithPath("/options/_VIX.json").UsingGet()).InScenario("flaky").WillSetStateTo("second")
            .RespondWith(Response.Create().WithStatusCode(502).WithBody("bad gateway"));
        _h.Server.Given(Request.Create().WithPath("/options/_VIX.json").UsingGet()).InScenario("flaky").WhenStateIs("second")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(SpxBody.Replace("_SPX", "_VIX", StringComparison.Ordinal)));

        var snapshot = await _h.Cboe().GetSnapshotAsync("VIX", CancellationToken.None);

        Assert.Equal(3, snapshot.Read.Chain.Quotes.Length);
        Assert.Equal(2, _h.Requests("/options/_VIX.json").Count);
    }
}
