using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Chains;

public sealed class ChainFileTests
{
    [Theory]
    [InlineData("{\"data\":{}}", ChainFileFormat.Cboe)]
    [InlineData(" \r\n\t{ }", ChainFileFormat.Cboe)]
    [InlineData("\uFEFF{}", ChainFileFormat.Cboe)]
    [InlineData("symbol,strike\n", ChainFileFormat.Csv)]
    [InlineData("[{}]", ChainFileFormat.Csv)]
    [InlineData("", ChainFileFormat.Csv)]
    public void Auto_detects_json_objects_as_cboe(string text, ChainFileFormat expected)
    {
        Assert.Equal(expected, ChainFile.Detect(text));
    }

    [Fact]
    public void Csv_uses_the_explicit_as_of_else_the_fallback_and_cboe_its_timestamp()
    {
        var fallback = new DateTimeOffset(2024, 1, 3, 12, 0, 0, TimeSpan.Zero);
        var explicitAsOf = new DateTimeOffset(2024, 1, 4, 12, 0, 0, TimeSpan.Zero);
        const string csv = "underlying_price,expiry,strike,type,open_interest\n100,2024-01-19,100,C,1\n";

        Assert.Equal(fallback, ChainFile.Read(csv, ChainFileFormat.Auto, null, fallback).Chain.AsOf);
        Assert.Equal(explicitAsOf, ChainFile.Read(csv, ChainFileFormat.Csv, explicitAsOf, fallback).Chain.AsOf);
        var cboe = ChainFile.Read(CboeDelayedQuotesJsonTests.Fixture, ChainFileFormat.Auto, null, fallback);
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 21, 15, 4, TimeSpan.Zero), cboe.Chain.AsOf);
    }

    [Fact]
    public void Forcing_csv_on_a_json_file_fails_on_the_missing_columns()
    {
        var ex = Assert.Throws<FormatException>(() => ChainFile.Read(CboeDelayedQuotesJsonTests.Fixture, ChainFileFormat.Csv, null, DateTimeOffset.UnixEpoch));

        Assert.Contains("missing required column", ex.Message, StringComparison.Ordinal);
    }
}
