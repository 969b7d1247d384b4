using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment.Tests;

public class LabelledHeadlineCsvTests
{
    [Fact]
    public void Reads_quoted_fields_numeric_and_word_labels_in_any_column_order()
    {
        var rows = LabelledHeadlineCsv.Read(new StringReader("label,text\n0,\"Cut, \"\"hard\"\"\"\npositive,Up\r\nNeutral,Flat\n"));
        Assert.Equal(3, rows.Count);
        Assert.Equal(new LabelledHeadline("Cut, \"hard\"", SentimentLabel.Negative), rows[0]);
        Assert.Equal(SentimentLabel.Positive, rows[1].Label);
        Assert.Equal("Up", rows[1].Text);
        Assert.Equal(SentimentLabel.Neutral, rows[2].Label);
    }

    [Fact]
    public void Missing_column_bad_label_and_empty_file_are_format_errors_naming_the_problem()
    {
        Assert.Contains("'label'", Assert.Throws<FormatException>(() => LabelledHeadlineCsv.Read(new StringReader("text\nx\n"))).Message);
        Assert.Contains("line 3", Assert.Throws<FormatException>(() => LabelledHeadlineCsv.Read(new StringReader("text,label\na,1\nb,7\n"))).Message);
        Assert.Throws<FormatException>(() => LabelledHeadlineCsv.Read(new StringReader("")));
        Assert.Throws<FormatException>(() => LabelledHeadlineCsv.Read(new StringReader("text,label\n\"open quote,1\n")));
    }
}
