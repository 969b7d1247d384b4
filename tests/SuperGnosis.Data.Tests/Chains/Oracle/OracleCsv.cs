using System.Text;

namespace SuperGnosis.Data.Tests.Chains.Oracle;

/// <summary>One CSV record and the (1-based) line it starts on.</summary>
internal readonly record struct OracleCsvRecord(int Line, string[] Fields);

/// <summary>
/// Minimal RFC 4180 CSV: comma-separated fields, optional double quotes around a field, "" for a
/// quote inside a quoted field, quoted fields may contain commas and line breaks; CRLF or LF line
/// ends; a UTF-8 BOM is ignored. Malformed input (text after a closing quote, an unterminated quote)
/// throws <see cref="FormatException"/> naming the line.
/// </summary>
internal static class OracleCsv
{
    /// <summary>Reads records one at a time; empty lines are skipped.</summary>
    public static IEnumerable<OracleCsvRecord> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var afterQuote = false;
        var any = false;
        var first = true;
        int ch;
        while ((ch = reader.Read()) >= 0)
        {
            if (first)
            {
                first = false;
                if (ch == '\uFEFF')
                {
                    continue;
                }
            }
            var c = (char)ch;
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
                        afterQuote = true;
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
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    afterQuote = false;
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || field.Length > 0 || afterQuote)
                    {
                        fields.Add(field.ToString());
                        yield return new OracleCsvRecord(recordLine, fields.ToArray());
                    }
                    fields.Clear();
                    field.Clear();
                    any = false;
                    afterQuote = false;
                    line++;
                    recordLine = line;
                    break;
                case '"' when field.Length == 0 && !afterQuote:
                    inQuotes = true;
                    any = true;
                    break;
                default:
                    if (afterQuote)
                    {
                        throw new FormatException($"line {line}: text after a closing quote");
                    }
                    if (c == '"')
                    {
                        throw new FormatException($"line {line}: quote inside an unquoted field");
                    }
                    field.Append(c);
                    break;
            }
        }
        if (inQuotes)
        {
            throw new FormatException($"line {recordLine}: unterminated quoted field");
        }
        if (any || field.Length > 0 || afterQuote)
        {
            fields.Add(field.ToString());
            yield return new OracleCsvRecord(recordLine, fields.ToArray());
        }
    }

    /// <summary>Index of a header column, case-insensitive and trimmed; -1 when absent.</summary>
    public static int IndexOf(IReadOnlyList<string> header, string name)
    {
        ArgumentNullException.ThrowIfNull(header);
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Writes one record, quoting fields that contain a comma, quote, CR or LF.</summary>
    public static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(f.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(f);
            }
        }
        writer.Write('\n');
    }
}
