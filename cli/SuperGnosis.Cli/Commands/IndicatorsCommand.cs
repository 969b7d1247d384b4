using SuperGnosis.Core.Text;
using System.CommandLine;
using System.Globalization;
using System.Text;
using SuperGnosis.Core.Indicators;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis indicators --bars &lt;csv&gt; --out &lt;csv&gt;</c>: the standard indicator table (docs/indicators.md) for a
/// daily bar file, one output row per input bar, empty cells during warm-up.
/// </summary>
public static class IndicatorsCommand
{
    private static readonly string[] RequiredColumns = ["date", "open", "high", "low", "close", "volume"];

    public static Command Create(CliContext context)
    {
        var barsOption = new Option<FileInfo>("--bars")
        {
            Description = "Bar CSV with a header containing date,open,high,low,close,volume (ascending dates)",
            Required = true,
        };
        var outOption = new Option<FileInfo>("--out")
        {
            Description = "Output CSV: date plus one column per indicator",
            Required = true,
        };
        var command = new Command("indicators", "Compute SMA/EMA/RSI/ATR/Bollinger/Keltner/MACD and realized volatility for a bar file");
        command.Options.Add(barsOption);
        command.Options.Add(outOption);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var barsFile = parse.GetValue(barsOption)!;
            var outFile = parse.GetValue(outOption)!;
            if (!barsFile.Exists)
            {
                throw new CliUsageException($"bars file '{barsFile.FullName}' does not exist");
            }
            string text;
            try
            {
                text = await File.ReadAllTextAsync(barsFile.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new CliUsageException($"cannot read bars file '{barsFile.FullName}': {ex.Message}");
            }
            var (dates, bars) = ParseBars(text, barsFile.Name);
            var table = IndicatorTable.Compute(bars);
            try
            {
                await File.WriteAllTextAsync(outFile.FullName, Format(dates, table), new UTF8Encoding(false), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot write '{outFile.FullName}': {ex.Message}");
            }
            await context.Out.WriteLineAsync($"wrote {bars.Length} rows x {IndicatorTable.ColumnNames.Count} indicators to {outFile.FullName}")
                .ConfigureAwait(false);
            return GnosisCli.Ok;
        });
        return command;
    }

    /// <summary>Parses the bar CSV; every problem becomes a <see cref="CliUsageException"/> naming the line.</summary>
    internal static (string[] Dates, Bar[] Bars) ParseBars(string text, string fileName)
    {
        List<CsvRecord> records;
        try
        {
            records = [.. Csv.Read(new StringReader(text))];
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{fileName}: malformed CSV: {ex.Message}");
        }
        if (records.Count == 0)
        {
            throw new CliUsageException($"{fileName}: the file is empty");
        }
        var header = records[0].Fields;
        var index = new int[RequiredColumns.Length];
        for (var c = 0; c < RequiredColumns.Length; c++)
        {
            index[c] = Csv.IndexOf(header, RequiredColumns[c]);
        }
        var missing = RequiredColumns.Where((_, c) => index[c] < 0).ToArray();
        if (missing.Length > 0)
        {
            throw new CliUsageException($"{fileName}: missing column(s) {string.Join(", ", missing)} (need {string.Join(",", RequiredColumns)})");
        }
        var dates = new List<string>();
        var bars = new List<Bar>();
        DateTimeOffset? previous = null;
        foreach (var (lineNo, cells) in records.Skip(1))
        {
            if (cells.Length < header.Length)
            {
                throw new CliUsageException($"{fileName} line {lineNo}: expected {header.Length} cells, got {cells.Length}");
            }
            var dateText = cells[index[0]].Trim();
            if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                throw new CliUsageException($"{fileName} line {lineNo}: cannot read date '{dateText}'");
            }
            if (previous is { } p && date <= p)
            {
                throw new CliUsageException($"{fileName} line {lineNo}: dates must be strictly ascending ('{dateText}')");
            }
            previous = date;
            var open = Number(cells[index[1]], "open", fileName, lineNo);
            var high = Number(cells[index[2]], "high", fileName, lineNo);
            var low = Number(cells[index[3]], "low", fileName, lineNo);
            var close = Number(cells[index[4]], "close", fileName, lineNo);
            var volume = Number(cells[index[5]], "volume", fileName, lineNo);
            if (open <= 0 || high <= 0 || low <= 0 || close <= 0 || volume < 0)
            {
                throw new CliUsageException($"{fileName} line {lineNo}: prices must be > 0 and volume >= 0");
            }
            if (low > high || open < low || open > high || close < low || close > high)
            {
                throw new CliUsageException($"{fileName} line {lineNo}: inconsistent bar (need low <= open, close <= high)");
            }
            dates.Add(dateText);
            bars.Add(new Bar(date, open, high, low, close, volume));
        }
        if (bars.Count == 0)
        {
            throw new CliUsageException($"{fileName}: no bars after the header");
        }
        return (dates.ToArray(), bars.ToArray());
    }

    private static double Number(string cell, string column, string fileName, int lineNo)
    {
        if (!double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new CliUsageException($"{fileName} line {lineNo}: {column} '{cell.Trim()}' is not a finite number");
        }
        return value;
    }

    private static string Format(string[] dates, IndicatorTable table)
    {
        var sb = new StringBuilder();
        sb.Append("date,").AppendJoin(',', IndicatorTable.ColumnNames).Append('\n');
        var columnCount = IndicatorTable.ColumnNames.Count;
        for (var row = 0; row < dates.Length; row++)
        {
            sb.Append(dates[row]);
            for (var c = 0; c < columnCount; c++)
            {
                sb.Append(',');
                if (table.Column(c)[row] is { } value)
                {
                    sb.Append(value.ToString("R", CultureInfo.InvariantCulture));
                }
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
