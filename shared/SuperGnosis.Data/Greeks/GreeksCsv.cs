using System.Globalization;
using SuperGnosis.Core.Options;
using SuperGnosis.Core.Text;

namespace SuperGnosis.Data.Greeks;

/// <summary>Why a greeks CSV cannot be processed at all (a bad row only gets a status).</summary>
public enum GreeksCsvProblem
{
    Empty,
    Malformed,
    DuplicateColumn,
    MissingColumn,
    ExpiryNeedsAsOf,
}

/// <summary>The file cannot be processed; <see cref="Exception.Message"/> names the problem.</summary>
public sealed class GreeksCsvException(GreeksCsvProblem problem, string message) : FormatException(message)
{
    public GreeksCsvProblem Problem { get; } = problem;
}

/// <summary>Rows read and rows whose status is "ok".</summary>
public readonly record struct GreeksCsvSummary(int Rows, int Ok);

/// <summary>
/// The greeks batch over CSV, streamed row by row: input columns <c>type</c>, <c>strike</c>, <c>spot</c>,
/// <c>t_years</c> or <c>expiry</c>, and <c>price</c> or <c>iv</c> (names case-insensitive, trimmed; other columns
/// pass through). Output: the input columns in order, computed columns (<see cref="GreeksRowResult.ColumnNames"/>)
/// replacing same-named input columns and the others appended; numbers round-trip ("R"), NaN as <c>NaN</c>.
/// A failed row keeps its own values in input columns that share a computed column's name (e.g. price).
/// A row with the wrong number of fields gets the status <c>wrong_field_count</c>. See docs/options-math.md.
/// </summary>
public static class GreeksCsv
{
    private static readonly string[] RequiredColumns = ["type", "strike", "spot"];

    /// <summary>Reads <paramref name="reader"/>, prices each row with <see cref="OptionRowPricer"/> and writes it to
    /// <paramref name="writer"/> before reading the next.</summary>
    /// <exception cref="GreeksCsvException">The file is empty, malformed or lacks a needed column.</exception>
    public static GreeksCsvSummary Process(TextReader reader, TextWriter writer, GreeksBatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(settings);
        if (!double.IsFinite(settings.Rate) || !double.IsFinite(settings.Div))
        {
            throw new ArgumentException("rate and dividend yield must be finite numbers", nameof(settings));
        }
        using var records = Csv.Read(reader).Select(r => r.Fields).GetEnumerator();
        if (!Next(records))
        {
            throw new GreeksCsvException(GreeksCsvProblem.Empty, "input file is empty (no header row)");
        }
        var header = records.Current.Select(h => h.Trim()).ToArray();
        var index = ColumnIndex(header, settings);

        // Output = input columns (computed columns replace same-named input ones) + the missing computed columns.
        var computed = GreeksRowResult.ColumnNames;
        var outHeader = header.ToList();
        var outIndex = new int[computed.Count];
        for (var c = 0; c < computed.Count; c++)
        {
            if (index.TryGetValue(computed[c], out var existing))
            {
                outIndex[c] = existing;
            }
            else
            {
                outIndex[c] = outHeader.Count;
                outHeader.Add(computed[c]);
            }
        }
        Csv.WriteRecord(writer, outHeader);
        var rows = 0;
        var ok = 0;
        var fields = new string[outHeader.Count];
        while (Next(records))
        {
            var record = records.Current;
            rows++;
            Array.Fill(fields, string.Empty);
            Array.Copy(record, fields, Math.Min(record.Length, header.Length));
            var result = record.Length == header.Length
                ? OptionRowPricer.Compute(RowText(record, index), settings)
                : GreeksRowResult.Failed("wrong_field_count");
            if (result.IsOk)
            {
                ok++;
            }
            var numbers = result.Values();
            for (var c = 0; c < numbers.Length; c++)
            {
                if (result.IsOk || outIndex[c] >= header.Length)
                {
                    fields[outIndex[c]] = Format(numbers[c]);
                }
            }
            fields[outIndex[^1]] = result.Status;
            Csv.WriteRecord(writer, fields);
        }
        return new GreeksCsvSummary(rows, ok);
    }

    /// <summary>Round-trip text of a computed number; NaN for a failed row.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static bool Next(IEnumerator<string[]> records)
    {
        try
        {
            return records.MoveNext();
        }
        catch (FormatException ex)
        {
            throw new GreeksCsvException(GreeksCsvProblem.Malformed, "malformed CSV: " + ex.Message);
        }
    }

    private static Dictionary<string, int> ColumnIndex(string[] header, GreeksBatchSettings settings)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (!index.TryAdd(header[i], i))
            {
                throw new GreeksCsvException(GreeksCsvProblem.DuplicateColumn, $"duplicate column '{header[i]}'");
            }
        }
        foreach (var required in RequiredColumns)
        {
            if (!index.ContainsKey(required))
            {
                throw new GreeksCsvException(GreeksCsvProblem.MissingColumn, $"missing column '{required}'");
            }
        }
        if (!index.ContainsKey("t_years") && !index.ContainsKey("expiry"))
        {
            throw new GreeksCsvException(GreeksCsvProblem.MissingColumn, "missing column: need 't_years' or 'expiry'");
        }
        if (!index.ContainsKey("t_years") && settings.AsOf is null)
        {
            throw new GreeksCsvException(GreeksCsvProblem.ExpiryNeedsAsOf, "the 'expiry' column needs an as-of instant");
        }
        if (!index.ContainsKey("price") && !index.ContainsKey("iv"))
        {
            throw new GreeksCsvException(GreeksCsvProblem.MissingColumn, "missing column: need 'price' or 'iv'");
        }
        return index;
    }

    private static GreeksRowText RowText(string[] record, Dictionary<string, int> index)
    {
        string Field(string name) => index.TryGetValue(name, out var i) ? record[i].Trim() : string.Empty;
        return new GreeksRowText(Field("type"), Field("strike"), Field("spot"), Field("t_years"), Field("expiry"), Field("price"), Field("iv"));
    }
}
