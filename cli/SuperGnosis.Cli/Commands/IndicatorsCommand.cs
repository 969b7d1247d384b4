using System.CommandLine;
using System.Globalization;
using System.Text;
using SuperGnosis.Core.Indicators;
using SuperGnosis.Data.Bars;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis indicators --bars &lt;csv&gt; --out &lt;csv&gt;</c>: the standard indicator table (docs/indicators.md) for a
/// daily bar file, one output row per input bar, empty cells during warm-up.
/// </summary>
public static class IndicatorsCommand
{
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
            BarCsvResult read;
            try
            {
                read = BarCsv.Read(new StringReader(text), barsFile.Name);
            }
            catch (BarCsvException ex)
            {
                throw new CliUsageException(ex.Message);
            }
            var (dates, bars) = (read.Dates, read.Bars);
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

    private static string Format(IReadOnlyList<string> dates, IndicatorTable table)
    {
        var sb = new StringBuilder();
        sb.Append("date,").AppendJoin(',', IndicatorTable.ColumnNames).Append('\n');
        var columnCount = IndicatorTable.ColumnNames.Count;
        for (var row = 0; row < dates.Count; row++)
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
