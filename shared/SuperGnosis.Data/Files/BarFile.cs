using System.Globalization;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Files;

/// <summary>A daily bar with its session date (the date written in the file) as read, before split adjustment.</summary>
internal readonly record struct DatedBar(DateOnly Date, Bar Bar);

/// <summary>
/// Bar files of the files source, CSV or Parquet: <c>timestamp,open,high,low,close,volume</c> (<c>date</c> is accepted
/// for <c>timestamp</c>, as in <see cref="Bars.BarCsv"/>). Bad rows are skipped by reason: <c>bad_timestamp</c>,
/// <c>bad_price</c> (open/high/low/close missing, not a number or &lt;= 0), <c>bad_volume</c> (missing, not a number or
/// &lt; 0), <c>inconsistent_ohlc</c> (low above open/close or high below them), <c>duplicate_timestamp</c> (the first
/// row is kept), and for daily bars <c>not_a_trading_day</c>. Rows may come in any order; results are ascending.
/// </summary>
internal static class BarFile
{
    /// <summary>
    /// Daily bars: the session date is the calendar date written in <c>timestamp</c> (its time and offset are ignored:
    /// vendors stamp daily bars at midnight in various zones); a Parquet TIMESTAMP gives its UTC date, a DATE its date.
    /// Each bar is stamped at its session's open (<see cref="BarInterval"/>), and is complete at the session's close.
    /// </summary>
    public static async Task<FileRows<DatedBar>> ReadDailyAsync(string path, ReadOnlyMemory<byte> bytes, IMarketCalendar calendar, CancellationToken ct)
    {
        var table = await TabularFile.ReadAsync(path, bytes, ct).ConfigureAwait(false);
        var columns = Columns(table);
        var skips = new RowSkips();
        var bars = new SortedDictionary<DateOnly, Bar>();
        foreach (var row in table.Rows)
        {
            if (!SessionDate(row.Cells[columns[0]], out var date))
            {
                skips.Add("bad_timestamp");
                continue;
            }
            bool trading;
            try
            {
                trading = calendar.IsTradingDay(date);
            }
            catch (ArgumentOutOfRangeException)
            {
                trading = false;
            }
            if (!trading)
            {
                skips.Add("not_a_trading_day");
                continue;
            }
            if (!Values(row, columns, calendar.OpenOf(date), skips, out var bar))
            {
                continue;
            }
            if (!bars.TryAdd(date, bar))
            {
                skips.Add("duplicate_timestamp");
            }
        }
        return new FileRows<DatedBar>([.. bars.Select(kv => new DatedBar(kv.Key, kv.Value))], skips);
    }

    /// <summary>Minute bars: <c>timestamp</c> is the bar's start instant (text by the as-of rule: no offset = New York time; Parquet TIMESTAMP = UTC).</summary>
    public static async Task<FileRows<Bar>> ReadMinutesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        var table = await TabularFile.ReadAsync(path, bytes, ct).ConfigureAwait(false);
        var columns = Columns(table);
        var skips = new RowSkips();
        var bars = new SortedDictionary<DateTimeOffset, Bar>();
        foreach (var row in table.Rows)
        {
            if (!TabularFile.Time(row.Cells[columns[0]], out var start, out _))
            {
                skips.Add("bad_timestamp");
                continue;
            }
            if (Values(row, columns, start, skips, out var bar) && !bars.TryAdd(start, bar))
            {
                skips.Add("duplicate_timestamp");
            }
        }
        return new FileRows<Bar>([.. bars.Values], skips);
    }

    private static int[] Columns(TabularFile table) =>
        [table.Require("timestamp", "date"), table.Require("open"), table.Require("high"), table.Require("low"), table.Require("close"), table.Require("volume")];

    private static bool Values(TabularRow row, int[] c, DateTimeOffset stamp, RowSkips skips, out Bar bar)
    {
        bar = default;
        if (!(Price(row.Cells[c[1]], out var open) & Price(row.Cells[c[2]], out var high) & Price(row.Cells[c[3]], out var low) & Price(row.Cells[c[4]], out var close)))
        {
            skips.Add("bad_price");
            return false;
        }
        if (!TabularFile.Number(row.Cells[c[5]], out var volume, out _) || volume < 0)
        {
            skips.Add("bad_volume");
            return false;
        }
        if (low > high || open < low || open > high || close < low || close > high)
        {
            skips.Add("inconsistent_ohlc");
            return false;
        }
        bar = new Bar(stamp, open, high, low, close, volume);
        return true;
    }

    private static bool Price(object? cell, out double value) => TabularFile.Number(cell, out value, out _) && value > 0;

    private static bool SessionDate(object? cell, out DateOnly date)
    {
        date = default;
        switch (cell)
        {
            case DateOnly d:
                date = d;
                return true;
            case DateTime dt:
                date = DateOnly.FromDateTime(dt);
                return true;
            case DateTimeOffset dto:
                date = DateOnly.FromDateTime(dto.DateTime);
                return true;
            case string s:
                var text = s.Trim();
                // The date as written; the rest must still be a valid instant by the as-of rule.
                return text.Length >= 10
                    && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
                    && TabularFile.Time(text, out _, out _);
            default:
                return false;
        }
    }
}
