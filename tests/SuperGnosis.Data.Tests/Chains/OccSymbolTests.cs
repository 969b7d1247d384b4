using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Chains;

public sealed class OccSymbolTests
{
    [Theory]
    [InlineData("SPXW240105C04000000", "SPXW", 2024, 1, 5, OptionRight.Call, 4000.0)]
    [InlineData("SPY240119P00612500", "SPY", 2024, 1, 19, OptionRight.Put, 612.5)]
    [InlineData("SPY   240119P00612500", "SPY", 2024, 1, 19, OptionRight.Put, 612.5)]
    [InlineData("AAPL1251219C00000500", "AAPL1", 2025, 12, 19, OptionRight.Call, 0.5)]
    [InlineData("F240621C00012000", "F", 2024, 6, 21, OptionRight.Call, 12.0)]
    [InlineData("spxw240105p05123250", "SPXW", 2024, 1, 5, OptionRight.Put, 5123.25)]
    public void Parses_root_expiry_right_and_strike_in_thousandths(string text, string root, int y, int m, int d, OptionRight right, double strike)
    {
        Assert.True(OccSymbol.TryParse(text, out var occ));

        Assert.Equal(new OccSymbol(root, new DateOnly(y, m, d), right, strike), occ);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("SPXW240105X04000000")]
    [InlineData("SPXW240231C04000000")]
    [InlineData("SPXW240105C0400000")]
    [InlineData("240105C04000000")]
    [InlineData("TOOLONGR240105C04000000")]
    [InlineData("SP Y240105C04000000")]
    [InlineData("SPX12240105C04000000")]
    [InlineData("SPXW240105C0400000O")]
    public void Rejects_non_occ_text(string? text)
    {
        Assert.False(OccSymbol.TryParse(text, out _));
    }
}
