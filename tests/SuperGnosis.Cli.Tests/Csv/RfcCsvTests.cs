using SuperGnosis.Cli.Csv;

namespace SuperGnosis.Cli.Tests.Csv;

public class RfcCsvTests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks_and_crlf()
    {
        var text = "\uFEFFa,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\n1,,3";
        var records = RfcCsv.Read(new StringReader(text)).ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b", "c"], records[0]);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1]);
        Assert.Equal(["1", "", "3"], records[2]);
    }

    [Theory]
    [InlineData("a,\"b\"c\n")]
    [InlineData("a,b\"c\n")]
    [InlineData("a,\"open\n")]
    public void Malformed_quotes_throw_format_exception(string text) =>
        Assert.Throws<FormatException>(() => RfcCsv.Read(new StringReader(text)).ToList());

    [Fact]
    public void Writes_and_reads_back_the_same_fields()
    {
        string[] fields = ["plain", "with,comma", "with \"quote\"", "line\nbreak", ""];
        var writer = new StringWriter();
        RfcCsv.WriteRecord(writer, fields);
        Assert.Equal(fields, RfcCsv.Read(new StringReader(writer.ToString())).Single());
    }
}
