using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Options;

public sealed class OptionRowPricerTests
{
    private static readonly GreeksBatchSettings European = new(0.03, 0.01, null, American: false);

    private static GreeksRowText Row(string type = "C", string strike = "105", string spot = "100", string t = "0.25", string expiry = "", string price = "", string iv = "0.22") =>
        new(type, strike, spot, t, expiry, price, iv);

    [Fact]
    public void Price_from_iv_and_iv_from_price_round_trip_with_bsm_greeks()
    {
        var fromIv = OptionRowPricer.Compute(Row(), European);
        var g = BlackScholes.Greeks(OptionRight.Call, 100, 105, 0.25, 0.03, 0.01, 0.22);
        Assert.True(fromIv.IsOk);
        Assert.Equal(g.Price, fromIv.Price);
        Assert.Equal(g.Delta, fromIv.Delta);
        Assert.Equal([g.Vega / 100, g.Theta / 365, g.Charm / 365], fromIv.Values()[10..]);

        var fromPrice = OptionRowPricer.Compute(Row(type: "call", price: fromIv.Price.ToString("R", System.Globalization.CultureInfo.InvariantCulture), iv: ""), European);
        Assert.Equal(0.22, fromPrice.Iv, 12);
        Assert.Equal(GreeksRowResult.ColumnNames.Count - 1, fromPrice.Values().Length);
    }

    [Fact]
    public void Expiry_is_settled_at_the_new_york_close_of_the_as_of()
    {
        var asOf = NewYorkTime.At(new DateOnly(2025, 6, 20), new TimeOnly(10, 0));
        var result = OptionRowPricer.Compute(Row(strike: "100", t: "", expiry: "2025-06-20", iv: "0.2"), European with { Rate = 0, Div = 0, AsOf = asOf });
        Assert.Equal(BlackScholes.Price(OptionRight.Call, 100, 100, 6.0 / 8760, 0, 0, 0.2), result.Price, 12);
    }

    [Fact]
    public void American_puts_carry_the_early_exercise_premium()
    {
        var american = OptionRowPricer.Compute(Row(type: "P", strike: "110", t: "0.5", iv: "0.3"), new GreeksBatchSettings(0.05, 0, null, American: true));
        var european = OptionRowPricer.Compute(Row(type: "P", strike: "110", t: "0.5", iv: "0.3"), new GreeksBatchSettings(0.05, 0, null, American: false));
        Assert.Equal(AmericanOption.Price(OptionRight.Put, 100, 110, 0.5, 0.05, 0, 0.3), american.Price, 12);
        Assert.True(american.Price > european.Price);
    }

    [Theory]
    [InlineData("X", "105", "100", "0.25", "", "", "0.2", "bad_type")]
    [InlineData("C", "k", "100", "0.25", "", "", "0.2", "bad_strike")]
    [InlineData("C", "105", "", "0.25", "", "", "0.2", "bad_spot")]
    [InlineData("C", "105", "100", "1/4", "", "", "0.2", "bad_t_years")]
    [InlineData("C", "105", "100", "", "2025-13-01", "", "0.2", "bad_expiry")]
    [InlineData("C", "105", "100", "", "2025-06-20", "", "0.2", "missing_as_of")]
    [InlineData("C", "105", "100", "", "", "", "0.2", "missing_time")]
    [InlineData("C", "105", "100", "0.25", "", "abc", "", "bad_price")]
    [InlineData("C", "105", "100", "0.25", "", "", "x", "bad_iv")]
    [InlineData("C", "105", "100", "0.25", "", "", "", "missing_price_or_iv")]
    [InlineData("C", "-5", "100", "0.25", "", "", "0.2", "non_positive_strike")]
    [InlineData("C", "90", "100", "0.5", "", "5", "", "price_below_intrinsic")]
    public void Bad_rows_get_a_status_and_nan(string type, string strike, string spot, string t, string expiry, string price, string iv, string status)
    {
        var result = OptionRowPricer.Compute(new GreeksRowText(type, strike, spot, t, expiry, price, iv), European);
        Assert.Equal(status, result.Status);
        Assert.False(result.IsOk);
        Assert.All(result.Values(), v => Assert.True(double.IsNaN(v)));
    }
}
