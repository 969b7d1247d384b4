using System.Text;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Text;

namespace SuperGnosis.Sentiment;

/// <summary>One labelled training example.</summary>
public readonly record struct LabelledHeadline(string Text, SentimentLabel Label);

/// <summary>
/// Reads labelled headlines from CSV (RFC 4180 quoting) with a header naming a <c>text</c> column and a
/// <c>label</c> column (any order, any case; a column named twice is an error). Labels: 0/1/2 or negative/positive/neutral (see
/// <see cref="SentimentLabels.TryParse"/>). Bad rows throw <see cref="FormatException"/> naming the line.
/// </summary>
public static class LabelledHeadlineCsv
{
    public static IReadOnlyList<LabelledHeadline> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = Csv.Read(reader).ToList();
        if (rows.Count == 0)
        {
            throw new FormatException("the CSV is empty (expected a header with 'text' and 'label' columns)");
        }
        var header = rows[0].Fields;
        if (Csv.FindDuplicate(header) is { } duplicate)
        {
            throw new FormatException($"the CSV has the column '{duplicate}' twice (which copy holds the data cannot be known)");
        }
        var textColumn = Csv.IndexOf(header, "text");
        var labelColumn = Csv.IndexOf(header, "label");
        if (textColumn < 0 || labelColumn < 0)
        {
            throw new FormatException("the CSV header must name a 'text' and a 'label' column (got: " + string.Join(",", header) + ")");
        }
        var result = new List<LabelledHeadline>(rows.Count);
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Length == 1 && fields[0].Length == 0)
            {
                continue;
            }
            if (fields.Length <= Math.Max(textColumn, labelColumn))
            {
                throw new FormatException($"line {line}: expected at least {Math.Max(textColumn, labelColumn) + 1} fields, got {fields.Length}");
            }
            if (!SentimentLabels.TryParse(fields[labelColumn], out var label))
            {
                throw new FormatException($"line {line}: label '{fields[labelColumn]}' is not 0/1/2 or negative/positive/neutral");
            }
            result.Add(new LabelledHeadline(fields[textColumn], label));
        }
        if (result.Count == 0)
        {
            throw new FormatException("the CSV has a header but no labelled rows");
        }
        return result;
    }
}
