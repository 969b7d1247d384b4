using SuperGnosis.Data.Bars;

namespace SuperGnosis.Data.Tests.Bars;

public sealed class BarCsvTests
{
    private static BarCsvResult Read(string text) => BarCsv.Read(new StringReader(text), "spy.csv");

    [Fact]
    public void Reads_bars_in_any_column_order_and_case_with_extra_columns_and_keeps_the_date_text()
    {
        var result = Read("Volume,CLOSE,symbol,date,Open,high,low\r\n1000,101.5,SPY,2024-01-02,100,102,99.5\r\n2000, 102 ,SPY,2024-01-03T00:00:00Z,101.5,103,101\r\n");

        Assert.Equal(["2024-01-02", "2024-01-03T00:00:00Z"], result.Dates);
        Assert.Equal(2, result.Bars.Length);
        var first = result.Bars[0];
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), first.Timestamp);
        Assert.Equal((100, 102, 99.5, 101.5, 1000), (first.Open, first.High, first.Low, first.Close, first.Volume));
        Assert.Equal(102, result.Bars[1].Close);
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        var ex = Assert.Throws<BarCsvException>(() => Read("date,open,high,close\n2024-01-02,1,2,1.5\n"));
        Assert.Equal("spy.csv: missing column(s) low, volume (need date,open,high,low,close,volume)", ex.Message);
    }

    [Theory]
    [InlineData("2024-01-02,1,2,0.5,abc,10\n", "spy.csv line 2: close 'abc' is not a finite number", 2, "close")]
    [InlineData("2024-01-02,1,2,0.5,1.5,NaN\n", "spy.csv line 2: volume 'NaN' is not a finite number", 2, "volume")]
    [InlineData("2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,1e999,0.5,1.5,10\n", "spy.csv line 3: high '1e999' is not a finite number", 3, "high")]
    [InlineData("yesterday,1,2,0.5,1.5,10\n", "spy.csv line 2: cannot read date 'yesterday'", 2, "date")]
    [InlineData("2024-01-03,1,2,0.5,1.5,10\n2024-01-02,1,2,0.5,1.5,10\n", "spy.csv line 3: dates must be strictly ascending ('2024-01-02')", 3, "date")]
    [InlineData("2024-01-02,1,2,3,1.5,10\n", "spy.csv line 2: inconsistent bar (need low <= open, close <= high)", 2, null)]
    [InlineData("2024-01-02,0,2,0.5,1.5,10\n", "spy.csv line 2: prices must be > 0 and volume >= 0", 2, null)]
    [InlineData("2024-01-02,1,2\n", "spy.csv line 2: expected 6 cells, got 3", 2, null)]
    public void Bad_rows_are_reported_with_file_line_and_column(string rows, string message, int line, string? column)
    {
        var ex = Assert.Throws<BarCsvException>(() => Read("date,open,high,low,close,volume\n" + rows));
        Assert.Equal(message, ex.Message);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
    }

    [Theory]
    [InlineData("", "spy.csv: the file is empty")]
    [InlineData("date,open,high,low,close,volume\n", "spy.csv: no bars after the header")]
    [InlineData("date,open,high,low,close,volume\n\"2024-01-02,1,2,0.5,1.5,10\n", "spy.csv: malformed CSV:")]
    public void Unusable_files_are_rejected(string text, string message)
    {
        var ex = Assert.Throws<BarCsvException>(() => Read(text));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }
}
