using System.Globalization;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Text;

namespace SuperGnosis.Data.Bars;

/// <summary>A bar file that cannot be read; the message names the file and, where there is one, the line and column.</summary>
public sealed class BarCsvException(string message, int? line = null, string? column = null) : FormatException(message)
{
    /// <summary>1-based line of the offending record, when the problem is in one.</summary>
    public int? Line { get; } = line;

    /// <summary>Column whose cell could not be read, when the problem is one cell.</summary>
    public string? Column { get; } = column;
}

/// <summary>The bars of a file and each bar's date cell exactly as written (output files echo it).</summary>
public sealed record BarCsvResult(IReadOnlyList<string> Dates, Bar[] Bars);

/// <summary>
/// Daily (or any interval) OHLCV bars from CSV: a header containing <c>date,open,high,low,close,volume</c> in any
/// order and case (other columns are ignored), then one bar per line with strictly ascending dates. A date without
/// an offset is read as UTC (a date alone is 00:00 UTC); it only orders the bars. Prices must be finite and &gt; 0,
/// volume finite and &gt;= 0, and low &lt;= open, close &lt;= high; a price above <see cref="MaxPrice"/> or a volume above
/// <see cref="MaxVolume"/> is implausible and rejected. A header naming a column twice, or a row with fewer cells than the
/// header, is an error.
/// </summary>
public static class BarCsv
{
    /// <summary>The columns a bar file must have.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["date", "open", "high", "low", "close", "volume"];

    /// <summary>The largest price a bar may have: no traded instrument is quoted above a trillion, and beyond it sums of
    /// squares in the indicators lose their meaning (a 1e308 bar would turn hundreds of cells into Infinity or NaN).</summary>
    public const double MaxPrice = 1e12;

    /// <summary>The largest volume a bar may have.</summary>
    public const double MaxVolume = 1e15;

    /// <summary>Reads every bar; <paramref name="fileName"/> only names the file in messages. The text is parsed as it is
    /// read (no copy of the whole file is kept).</summary>
    /// <exception cref="BarCsvException">The first problem found in the file, in file order.</exception>
    public static BarCsvResult Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var records = Csv.Read(reader).GetEnumerator();
        if (!Next(records, fileName))
        {
            throw new BarCsvException($"{fileName}: the file is empty");
        }
        var header = records.Current.Fields;
        if (Csv.FindDuplicate(header) is { } duplicate)
        {
            throw new BarCsvException($"{fileName}: the column '{duplicate}' appears twice (which copy holds the data cannot be known)", records.Current.Line, duplicate);
        }
        var index = RequiredColumns.Select(c => Csv.IndexOf(header, c)).ToArray();
        var missing = RequiredColumns.Where((_, c) => index[c] < 0).ToArray();
        if (missing.Length > 0)
        {
            throw new BarCsvException($"{fileName}: missing column(s) {string.Join(", ", missing)} (need {string.Join(",", RequiredColumns)})", records.Current.Line);
        }
        var dates = new List<string>();
        var bars = new List<Bar>();
        DateTimeOffset? previous = null;
        while (Next(records, fileName))
        {
            var (lineNo, cells) = records.Current;
            if (cells.Length < header.Length)
            {
                throw new BarCsvException($"{fileName} line {lineNo}: expected {header.Length} cells, got {cells.Length}", lineNo);
            }
            var dateText = cells[index[0]].Trim();
            if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                throw new BarCsvException($"{fileName} line {lineNo}: cannot read date '{dateText}'", lineNo, "date");
            }
            if (previous is { } p && date <= p)
            {
                throw new BarCsvException($"{fileName} line {lineNo}: dates must be strictly ascending ('{dateText}')", lineNo, "date");
            }
            previous = date;
            var open = Number(cells[index[1]], "open", fileName, lineNo);
            var high = Number(cells[index[2]], "high", fileName, lineNo);
            var low = Number(cells[index[3]], "low", fileName, lineNo);
            var close = Number(cells[index[4]], "close", fileName, lineNo);
            var volume = Number(cells[index[5]], "volume", fileName, lineNo);
            if (open <= 0 || high <= 0 || low <= 0 || close <= 0 || volume < 0)
            {
                throw new BarCsvException($"{fileName} line {lineNo}: prices must be > 0 and volume >= 0", lineNo);
            }
            if (high > MaxPrice || volume > MaxVolume)
            {
                throw new BarCsvException(
                    $"{fileName} line {lineNo}: implausible bar (prices must be at most 1e12 and volume at most 1e15; got high {high.ToString("R", CultureInfo.InvariantCulture)}, volume {volume.ToString("R", CultureInfo.InvariantCulture)})",
                    lineNo, high > MaxPrice ? "high" : "volume");
            }
            if (low > high || open < low || open > high || close < low || close > high)
            {
                throw new BarCsvException($"{fileName} line {lineNo}: inconsistent bar (need low <= open, close <= high)", lineNo);
            }
            dates.Add(dateText);
            bars.Add(new Bar(date, open, high, low, close, volume));
        }
        if (bars.Count == 0)
        {
            throw new BarCsvException($"{fileName}: no bars after the header");
        }
        return new BarCsvResult(dates, [.. bars]);
    }

    private static bool Next(IEnumerator<CsvRecord> records, string fileName)
    {
        try
        {
            return records.MoveNext();
        }
        catch (FormatException ex)
        {
            throw new BarCsvException($"{fileName}: malformed CSV: {ex.Message}");
        }
    }

    private static double Number(string cell, string column, string fileName, int lineNo)
    {
        if (!double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new BarCsvException($"{fileName} line {lineNo}: {column} '{cell.Trim()}' is not a finite number", lineNo, column);
        }
        return value;
    }
}
