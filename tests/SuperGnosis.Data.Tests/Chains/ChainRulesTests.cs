using SuperGnosis.Data.Bars;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Chains;

/// <summary>Issue 14's reader rules: the majority symbol, rows lost, the spot spread, duplicate keys and implausible bars.</summary>
public sealed class ChainRulesTests
{
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 15, 0, 0, TimeSpan.Zero);

    private const string Header = "symbol,underlying_price,expiry,strike,type,open_interest\n";

    private static string Rows(params string[] symbols) =>
        Header + string.Concat(symbols.Select((s, i) => $"{s},{100 + i},2024-06-21,{90 + i},C,10\n"));

    [Fact]
    public void The_chains_symbol_is_the_one_most_rows_name_and_the_others_are_skipped_with_their_line()
    {
        var read = OptionChainCsv.Read(Rows("SPYY", "SPY", "spy", "", "QQQ", "SPY"), AsOf);

        Assert.Equal("SPY", read.Chain.Symbol);
        Assert.Equal([90.0 + 1, 92, 93, 95], read.Chain.Quotes.Select(q => q.Strike));
        Assert.Equal(
            [new SkippedChainRow(2, "symbol 'SPYY' differs from the chain's 'SPY'"), new SkippedChainRow(6, "symbol 'QQQ' differs from the chain's 'SPY'")],
            read.Skipped);
        Assert.False(read.LostMostRows);
    }

    [Fact]
    public void The_spot_is_the_median_of_the_kept_rows_only()
    {
        var read = OptionChainCsv.Read(Header + "SPYY,500,2024-06-21,90,C,10\nSPY,100,2024-06-21,91,C,10\nSPY,101,2024-06-21,92,C,10\nSPY,102,2024-06-21,93,C,10\n", AsOf);

        Assert.Equal(101.0, read.Chain.UnderlyingPrice);
        Assert.Equal(0.02, read.RowSpotSpread, 12);
    }

    [Fact]
    public void The_callers_symbol_wins_and_a_chain_losing_most_rows_says_so()
    {
        var read = OptionChainCsv.Read(Rows("SPY", "SPY", "QQQ"), AsOf, "QQQ");

        Assert.Equal("QQQ", read.Chain.Symbol);
        Assert.Single(read.Chain.Quotes);
        Assert.Equal(3, read.RowsInFile);
        Assert.True(read.LostMostRows);
    }

    [Fact]
    public void A_tie_goes_to_the_symbol_seen_first()
    {
        Assert.Equal("QQQ", OptionChainCsv.Read(Rows("QQQ", "SPY"), AsOf).Chain.Symbol);
    }

    [Fact]
    public void Short_rows_are_skipped_with_their_line_and_the_field_counts()
    {
        var read = OptionChainCsv.Read(Header + "SPY,100,2024-06-21,90,C\nSPY,100,2024-06-21,91,C,10\n", AsOf);

        Assert.Equal([new SkippedChainRow(2, "short row: 5 field(s), the header has 6")], read.Skipped);
        Assert.Single(read.Chain.Quotes);
    }

    [Fact]
    public void The_spread_of_the_rows_spots_is_measured()
    {
        var read = OptionChainCsv.Read(Header + "SPY,100,2024-06-21,90,C,10\nSPY,103,2024-06-21,91,C,10\nSPY,,2024-06-21,92,C,10\n", AsOf);

        Assert.Equal(0.03, read.RowSpotSpread, 12);
        Assert.True(read.SpotInconsistent);
        Assert.False(OptionChainCsv.Read(Rows("SPY"), AsOf).SpotInconsistent);
    }

    public static TheoryData<string, string> DuplicateKeys() => new()
    {
        { """{"timestamp": "2024-01-05 16:15:04", "timestamp": "2024-01-05 16:15:05", "data": {"options": []}}""", "gives \"timestamp\" twice" },
        { """{"timestamp": "2024-01-05 16:15:04", "data": {"symbol": "_SPX", "symbol": "_NDX", "options": []}}""", "gives data.symbol twice" },
        { """{"timestamp": "2024-01-05 16:15:04", "data": {"options": [{"option": "SPXW240112C04700000", "option": "SPXW240112P04700000"}]}}""", "gives entry 1's \"option\" twice" },
        { """{"timestamp": "2024-01-05 16:15:04", "data": {"options": [{}, {"option": "SPXW240112C04700000", "open_interest": 1, "open_interest": 9}]}}""", "gives entry 2's \"open_interest\" twice" },
    };

    [Theory]
    [MemberData(nameof(DuplicateKeys))]
    public void A_cboe_key_given_twice_is_an_error(string json, string message)
    {
        var ex = Assert.Throws<FormatException>(() => CboeDelayedQuotesJson.Read(json, null));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_the_cboe_reader_ignores_may_repeat()
    {
        var read = CboeDelayedQuotesJson.Read("""{"timestamp": "2024-01-05 16:15:04", "x": 1, "x": 2, "data": {"options": [{"option": "SPXW240112C04700000", "note": 1, "note": 2}]}}""", null);
        Assert.Single(read.Chain.Quotes);
    }

    [Theory]
    [InlineData("2024-01-03,1e308,1e308,1e308,1e308,10", "line 3: implausible bar")]
    [InlineData("2024-01-03,10,11,9,10,1e16", "line 3: implausible bar")]
    public void An_implausible_bar_is_refused_with_its_line(string row, string message)
    {
        var csv = "date,open,high,low,close,volume\n2024-01-02,10,11,9,10,100\n" + row + "\n";
        var ex = Assert.Throws<BarCsvException>(() => BarCsv.Read(new StringReader(csv), "bars.csv"));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void A_bar_column_named_twice_is_refused()
    {
        var ex = Assert.Throws<BarCsvException>(() => BarCsv.Read(new StringReader("date,open,high,low,close,volume,Close\n2024-01-02,10,11,9,10,100,10\n"), "bars.csv"));
        Assert.Equal("bars.csv: the column 'Close' appears twice (which copy holds the data cannot be known)", ex.Message);
    }
}
