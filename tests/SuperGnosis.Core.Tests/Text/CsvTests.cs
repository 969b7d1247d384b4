using SuperGnosis.Core.Text;

namespace SuperGnosis.Core.Tests.Text;

public class CsvTests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks_and_crlf()
    {
        var text = "\uFEFFa,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\n1,,3";
        var records = Csv.Read(new StringReader(text)).Select(r => r.Fields).ToList();
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
        Assert.Throws<FormatException>(() => Csv.Read(new StringReader(text)).ToList());

    [Fact]
    public void Writes_and_reads_back_the_same_fields()
    {
        string[] fields = ["plain", "with,comma", "with \"quote\"", "line\nbreak", ""];
        var writer = new StringWriter();
        Csv.WriteRecord(writer, fields);
        Assert.Equal(fields, Csv.Read(new StringReader(writer.ToString())).Single().Fields);
    }

    [Fact]
    public void Records_carry_the_line_they_start_on_and_header_lookup_ignores_case()
    {
        var records = Csv.Read(new StringReader("Text,Label\n\"multi\nline\",1\n\nnext,2\n")).ToList();
        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
        Assert.Equal(1, Csv.IndexOf(records[0].Fields, "label"));
        Assert.Equal(-1, Csv.IndexOf(records[0].Fields, "missing"));
    }
}
