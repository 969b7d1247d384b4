using System.Text;

namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>
/// Reads labelled headlines from CSV (RFC 4180 quoting) with a header naming a <c>text</c> column and a
/// <c>label</c> column (any order, any case). Labels: 0/1/2 or negative/positive/neutral (see
/// <see cref="SentimentLabels.TryParse"/>). Bad rows throw <see cref="FormatException"/> naming the line.
/// </summary>
public static class LabelledHeadlineCsv
{
    public static IReadOnlyList<LabelledHeadline> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = CsvRows.Read(reader).ToList();
        if (rows.Count == 0)
        {
            throw new FormatException("the CSV is empty (expected a header with 'text' and 'label' columns)");
        }
        var header = rows[0].Fields;
        var textColumn = CsvRows.IndexOf(header, "text");
        var labelColumn = CsvRows.IndexOf(header, "label");
        if (textColumn < 0 || labelColumn < 0)
        {
            throw new FormatException("the CSV header must name a 'text' and a 'label' column (got: " + string.Join(",", header) + ")");
        }
        var result = new List<LabelledHeadline>(rows.Count);
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }
            if (fields.Count <= Math.Max(textColumn, labelColumn))
            {
                throw new FormatException($"line {line}: expected at least {Math.Max(textColumn, labelColumn) + 1} fields, got {fields.Count}");
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

/// <summary>Minimal RFC 4180 reader: quoted fields may contain commas, doubled quotes and newlines.</summary>
public static class CsvRows
{
    public static IEnumerable<(int Line, IReadOnlyList<string> Fields)> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var startLine = 1;
        var inQuotes = false;
        var any = false;
        int ch;
        while ((ch = reader.Read()) >= 0)
        {
            var c = (char)ch;
            any = true;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (startLine, fields);
                    fields = [];
                    any = false;
                    line++;
                    startLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (inQuotes)
        {
            throw new FormatException($"line {startLine}: unterminated quoted field");
        }
        if (any)
        {
            fields.Add(field.ToString());
            yield return (startLine, fields);
        }
    }

    /// <summary>Index of a header column, case-insensitive and trimmed; -1 when absent.</summary>
    public static int IndexOf(IReadOnlyList<string> header, string name)
    {
        ArgumentNullException.ThrowIfNull(header);
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim().TrimStart('\uFEFF'), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }
}
