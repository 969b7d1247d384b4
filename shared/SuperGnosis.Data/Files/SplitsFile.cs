using System.Globalization;

namespace SuperGnosis.Data.Files;

/// <summary>A recorded split: from <see cref="Date"/> (the first session at the new price) one share became <see cref="Ratio"/> shares.</summary>
internal readonly record struct RecordedSplit(DateOnly Date, double Ratio);

/// <summary>
/// <c>splits.csv</c>: <c>date,ratio</c>; <c>date</c> = <c>yyyy-MM-dd</c>, the first session trading at the new price;
/// <c>ratio</c> = new shares per old share (2 for 2-for-1, 0.5 for 1-for-2 reverse), finite and &gt; 0. A split moves
/// every price before it, so a bad row is not skipped: the whole file is refused naming the line and column.
/// </summary>
internal static class SplitsFile
{
    public static async Task<IReadOnlyList<RecordedSplit>> ReadAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var table = await TabularFile.ReadAsync(path, bytes, ct).ConfigureAwait(false);
        int date = table.Require("date"), ratio = table.Require("ratio");
        var splits = new SortedDictionary<DateOnly, RecordedSplit>();
        foreach (var row in table.Rows)
        {
            var text = row.Cells[date] as string ?? (row.Cells[date] is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty);
            if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new DataFileException(table.Path, $"'{text.Trim()}' is not a yyyy-MM-dd date", row.Line, "date");
            }
            if (!TabularFile.Number(row.Cells[ratio], out var r, out _) || r <= 0)
            {
                throw new DataFileException(table.Path, $"'{row.Cells[ratio]}' is not a ratio > 0 (new shares per old share)", row.Line, "ratio");
            }
            if (!splits.TryAdd(day, new RecordedSplit(day, r)))
            {
                throw new DataFileException(table.Path, $"a second split on {day:yyyy-MM-dd}", row.Line, "date");
            }
        }
        return [.. splits.Values];
    }
}
