using System.CommandLine;
using System.Globalization;
using System.Text;
using SuperGnosis.Core.Indicators;
using SuperGnosis.Data.Bars;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis indicators --bars &lt;csv&gt; --out &lt;csv&gt;</c>: the standard indicator table (docs/indicators.md) for a
/// daily bar file, one output row per input bar, empty cells during warm-up. The output is streamed to a temporary file
/// renamed over <c>--out</c> only when complete.
/// </summary>
public static class IndicatorsCommand
{
    public static Command Create(CliContext context)
    {
        var barsOption = new Option<FileInfo>("--bars")
        {
            Description = "Bar CSV with a header containing date,open,high,low,close,volume (ascending dates; prices at most 1e12, volume at most 1e15)",
            Required = true,
        };
        var outOption = new Option<FileInfo>("--out")
        {
            Description = "Output CSV: date plus one column per indicator (written whole or not at all; must not be the bar file)",
            Required = true,
        };
        var command = new Command("indicators", "Compute SMA/EMA/RSI/ATR/Bollinger/Keltner/MACD and realized volatility for a bar file");
        command.Options.Add(barsOption);
        command.Options.Add(outOption);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var barsFile = CliFiles.Input("--bars", parse.GetValue(barsOption)!);
            var outFile = CliFiles.Output("--out", parse.GetValue(outOption)!, barsFile);
            BarCsvResult read;
            try
            {
                using var reader = new CancellableTextReader(new StreamReader(barsFile.FullName), cancellationToken);
                read = BarCsv.Read(reader, barsFile.Name);
            }
            catch (BarCsvException ex)
            {
                throw new CliUsageException(ex.Message);
            }
            catch (IOException ex)
            {
                throw new CliUsageException($"cannot read bars file '{barsFile.FullName}': {ex.Message}");
            }
            var (dates, bars) = (read.Dates, read.Bars);
            var table = IndicatorTable.Compute(bars);
            var nonFinite = 0;
            await outFile.WriteTextAsync(async (writer, ct) => nonFinite = await WriteAsync(writer, dates, table, ct).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
            if (nonFinite > 0)
            {
                await context.Error.WriteLineAsync($"warning: {nonFinite} indicator cell(s) were not finite numbers and were left empty").ConfigureAwait(false);
            }
            await context.Out.WriteLineAsync($"wrote {bars.Length} rows x {IndicatorTable.ColumnNames.Count} indicators to {outFile.FullName}")
                .ConfigureAwait(false);
            return GnosisCli.Ok;
        });
        return command;
    }

    /// <summary>
    /// Writes the table row by row (the output is never held in memory as a whole): the header, then per bar its date
    /// and the indicator cells, empty during warm-up. A cell that is not a finite number is left empty and counted
    /// (the bar reader's plausibility bounds keep this from happening on real data).
    /// </summary>
    private static async Task<int> WriteAsync(TextWriter writer, IReadOnlyList<string> dates, IndicatorTable table, CancellationToken cancellationToken)
    {
        var nonFinite = 0;
        var line = new StringBuilder();
        line.Append("date,").AppendJoin(',', IndicatorTable.ColumnNames).Append('\n');
        var columnCount = IndicatorTable.ColumnNames.Count;
        for (var row = 0; row < dates.Count; row++)
        {
            line.Append(dates[row]);
            for (var c = 0; c < columnCount; c++)
            {
                line.Append(',');
                if (table.Column(c)[row] is { } value)
                {
                    if (double.IsFinite(value))
                    {
                        line.Append(value.ToString("R", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        nonFinite++;
                    }
                }
            }
            line.Append('\n');
            if (line.Length >= 1 << 16 || row == dates.Count - 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                line.Clear();
            }
        }
        if (line.Length > 0)
        {
            await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        }
        return nonFinite;
    }
}
