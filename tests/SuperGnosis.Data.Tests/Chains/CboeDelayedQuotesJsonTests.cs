using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Chains;

public sealed class CboeDelayedQuotesJsonTests
{
    // Hand-written in the layout of CBOE's delayed_quotes/options/_SPX.json (values made up).
    internal const string Fixture = """
        {
          "timestamp": "2024-01-05 16:15:04",
          "data": {
            "symbol": "_SPX",
            "current_price": 4697.24,
            "close": 4690.5,
            "options": [
              { "option": "SPXW240112C04700000", "bid": 30.1, "ask": 30.9, "iv": 0.1231, "open_interest": 1500, "volume": 800,
                "delta": 0.5123, "gamma": 0.0041, "vega": 2.1503, "theta": -2.5011, "rho": 0.45, "theo": 30.5, "last_trade_price": 30.4 },
              { "option": "SPXW240112P04612500", "bid": 5.1, "ask": 5.4, "iv": 0.1502, "open_interest": 900, "volume": 120,
                "delta": -0.2, "gamma": 0.0019, "vega": 1.2, "theta": -1.9 },
              { "option": "SPX240119C04700000", "bid": 45.0, "ask": 46.0, "iv": 0.125, "open_interest": 3000, "volume": 10,
                "delta": 0.52, "gamma": 0.003, "vega": 3.1, "theta": -1.5 },
              { "option": "SPXW240119C04700000", "bid": 45.2, "ask": 46.2, "iv": 0.126, "open_interest": 1000, "volume": 5,
                "delta": 0.52, "gamma": 0.0031, "vega": 3.1, "theta": -1.6 },
              { "option": "SPXW240119P04500000", "bid": "2.5", "ask": 2.7, "open_interest": null, "gamma": "n/a" },
              { "option": "not an option", "bid": 1 },
              { "bid": 1 }
            ]
          }
        }
        """;

    private static readonly DateTimeOffset FileTime = new(2024, 1, 5, 21, 15, 4, TimeSpan.Zero); // 16:15:04 EST

    [Fact]
    public void Reads_symbol_spot_timestamp_and_occ_contracts()
    {
        var result = CboeDelayedQuotesJson.Read(Fixture, asOf: null);
        var chain = result.Chain;

        Assert.Equal("SPX", chain.Symbol);
        Assert.Equal(4697.24, chain.UnderlyingPrice);
        Assert.Equal(FileTime, result.FileTimestamp);
        Assert.Equal(FileTime, chain.AsOf);
        Assert.Equal(5, chain.Quotes.Length);

        var call = chain.Quotes[0];
        Assert.Equal(new DateOnly(2024, 1, 12), call.Expiry);
        Assert.Equal(4700, call.Strike);
        Assert.Equal(OptionRight.Call, call.Right);
        Assert.Equal(30.5, call.Mid, 12);
        Assert.Equal(0.1231, call.ImpliedVol);
        Assert.Equal(1500, call.OpenInterest);
        Assert.Equal(800, call.Volume);
        Assert.Equal(0.0041, call.Gamma);
        Assert.Equal(215.03, call.Vega, 9);            // per vol point -> per 1.00 of vol
        Assert.Equal(-2.5011 * 365, call.Theta, 9);    // per day -> per year
        Assert.True(double.IsNaN(call.Vanna) && double.IsNaN(call.Charm));

        var halfPoint = chain.Quotes[1];
        Assert.Equal(4612.5, halfPoint.Strike);
        Assert.Equal(OptionRight.Put, halfPoint.Right);
    }

    [Fact]
    public void Spx_and_spxw_on_a_monthly_date_stay_apart_with_their_own_style_and_settlement()
    {
        var result = CboeDelayedQuotesJson.Read(Fixture, asOf: null);

        var am = result.Chain.Quotes[2];
        var pm = result.Chain.Quotes[3];
        Assert.Equal((new DateOnly(2024, 1, 19), 4700.0, OptionRight.Call), (am.Expiry, am.Strike, am.Right));
        Assert.Equal((new DateOnly(2024, 1, 19), 4700.0, OptionRight.Call), (pm.Expiry, pm.Strike, pm.Right));
        Assert.Equal(("SPX", ExerciseStyle.European, OptionSettlement.Am, 3000.0, 45.0), (am.Root, am.ExerciseStyle, am.Settlement, am.OpenInterest, am.Bid));
        Assert.Equal(("SPXW", ExerciseStyle.European, OptionSettlement.Pm, 1000.0, 45.2), (pm.Root, pm.ExerciseStyle, pm.Settlement, pm.OpenInterest, pm.Bid));
        Assert.All(result.Chain.Quotes, q => Assert.Equal(ExerciseStyle.European, q.ExerciseStyle));
        Assert.Equal(4, result.Chain.Quotes.Count(q => q.Root == "SPXW" && q.Settlement == OptionSettlement.Pm));
    }

    [Theory]
    [InlineData("SPY240119C00470000", "SPY", ExerciseStyle.American, OptionSettlement.Pm)]
    [InlineData("AAPL240119P00190000", "AAPL", ExerciseStyle.American, OptionSettlement.Pm)]
    [InlineData("NDX240119C16000000", "NDX", ExerciseStyle.European, OptionSettlement.Am)]
    [InlineData("NDXP240119C16000000", "NDXP", ExerciseStyle.European, OptionSettlement.Pm)]
    [InlineData("RUT240119C02000000", "RUT", ExerciseStyle.European, OptionSettlement.Am)]
    [InlineData("RUTW240119C02000000", "RUTW", ExerciseStyle.European, OptionSettlement.Pm)]
    [InlineData("XSP240119C00470000", "XSP", ExerciseStyle.European, OptionSettlement.Pm)]
    public void The_occ_root_decides_style_and_settlement(string option, string root, ExerciseStyle style, OptionSettlement settlement)
    {
        var json = $$$$"""{"timestamp":"2024-01-05 16:15:04","data":{"symbol":"X","close":1,"options":[{"option":"{{{{option}}}}","bid":1,"ask":2}]}}""";
        var q = Assert.Single(CboeDelayedQuotesJson.Read(json, null).Chain.Quotes);
        Assert.Equal((root, style, settlement), (q.Root, q.ExerciseStyle, q.Settlement));
    }

    [Fact]
    public void Missing_and_non_numeric_fields_are_NaN_and_bad_symbols_are_skipped_by_index()
    {
        var result = CboeDelayedQuotesJson.Read(Fixture, asOf: null);

        var sparse = result.Chain.Quotes[4];
        Assert.Equal(2.5, sparse.Bid);   // numeric string accepted
        Assert.Equal(2.6, sparse.Mid, 12);
        Assert.True(double.IsNaN(sparse.OpenInterest));
        Assert.True(double.IsNaN(sparse.Gamma));
        Assert.True(double.IsNaN(sparse.ImpliedVol));
        Assert.Equal(1, result.MalformedCells); // "n/a"
        Assert.Equal([6, 7], result.Skipped.Select(s => s.Row));
    }

    [Fact]
    public void Explicit_as_of_overrides_the_file_timestamp()
    {
        var asOf = new DateTimeOffset(2024, 1, 5, 15, 0, 0, TimeSpan.Zero);

        var result = CboeDelayedQuotesJson.Read(Fixture, asOf);

        Assert.Equal(asOf, result.Chain.AsOf);
        Assert.Equal(FileTime, result.FileTimestamp);
    }

    [Fact]
    public void Summer_timestamp_is_new_york_daylight_time_and_close_is_the_spot_fallback()
    {
        const string json = """{"timestamp":"2024-07-01 10:00:00","data":{"symbol":"SPY","close":545.5,"options":[]}}""";

        var result = CboeDelayedQuotesJson.Read(json, null);

        Assert.Equal(new DateTimeOffset(2024, 7, 1, 14, 0, 0, TimeSpan.Zero), result.Chain.AsOf);
        Assert.Equal(545.5, result.Chain.UnderlyingPrice);
        Assert.True(result.Chain.IsEmpty);
    }

    [Theory]
    [InlineData("{\"data\": {\"symbol\": \"_SPX\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"timestamp\": \"2024-01-05 16:15:04\"}")]
    [InlineData("{\"timestamp\": \"2024-01-05 16:15:04\", \"data\": {\"options\": 5}}")]
    [InlineData("{\"data\": {\"symbol\": \"_SPX\", \"options\": []}}")]
    public void Malformed_files_throw_FormatException(string json)
    {
        Assert.Throws<FormatException>(() => CboeDelayedQuotesJson.Read(json, null));
    }
}
