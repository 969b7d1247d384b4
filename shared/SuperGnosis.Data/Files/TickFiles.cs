using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Files;

/// <summary>
/// Trades and quotes of one session, CSV or Parquet. <c>timestamp</c> is the event instant by the as-of rule (no offset
/// = New York time; Parquet TIMESTAMP = UTC). Trades: <c>timestamp,price,size[,side]</c> (side: buy/sell, b/s, 1/-1,
/// empty or unknown = not reported). Quotes: <c>timestamp,bid,ask,bid_size,ask_size</c>. Rows skipped by reason:
/// <c>bad_timestamp</c>, <c>wrong_session</c> (New York date differs from the file's name), <c>bad_price</c> (price,
/// bid or ask missing, not a number or &lt;= 0), <c>bad_size</c> (missing, not a number, &lt; 0; a trade's size &lt;= 0),
/// <c>bad_side</c>. Crossed quotes are kept: the liquidity engine counts them. Results are in time order (stable).
/// </summary>
internal static class TickFiles
{
    public static async Task<FileRows<Trade>> ReadTradesAsync(string path, ReadOnlyMemory<byte> bytes, DateOnly session, CancellationToken ct)
    {
        var table = await TabularFile.ReadAsync(path, bytes, ct).ConfigureAwait(false);
        int time = table.Require("timestamp"), price = table.Require("price"), size = table.Require("size"), side = table.IndexOf("side");
        var skips = new RowSkips();
        var trades = new List<Trade>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            if (!Stamp(row.Cells[time], session, skips, out var at))
            {
                continue;
            }
            if (!TabularFile.Number(row.Cells[price], out var p, out _) || p <= 0)
            {
                skips.Add("bad_price");
                continue;
            }
            if (!TabularFile.Number(row.Cells[size], out var s, out _) || s <= 0)
            {
                skips.Add("bad_size");
                continue;
            }
            if (!Side(side < 0 ? null : row.Cells[side], out var aggressor))
            {
                skips.Add("bad_side");
                continue;
            }
            trades.Add(new Trade(at, p, s, aggressor));
        }
        return new FileRows<Trade>([.. trades.OrderBy(t => t.Timestamp)], skips);
    }

    public static async Task<FileRows<Quote>> ReadQuotesAsync(string path, ReadOnlyMemory<byte> bytes, DateOnly session, CancellationToken ct)
    {
        var table = await TabularFile.ReadAsync(path, bytes, ct).ConfigureAwait(false);
        int time = table.Require("timestamp"), bid = table.Require("bid"), ask = table.Require("ask"),
            bidSize = table.Require("bid_size"), askSize = table.Require("ask_size");
        var skips = new RowSkips();
        var quotes = new List<Quote>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            if (!Stamp(row.Cells[time], session, skips, out var at))
            {
                continue;
            }
            if (!TabularFile.Number(row.Cells[bid], out var b, out _) || b <= 0 || !TabularFile.Number(row.Cells[ask], out var a, out _) || a <= 0)
            {
                skips.Add("bad_price");
                continue;
            }
            if (!TabularFile.Number(row.Cells[bidSize], out var bs, out _) || bs < 0 || !TabularFile.Number(row.Cells[askSize], out var asz, out _) || asz < 0)
            {
                skips.Add("bad_size");
                continue;
            }
            quotes.Add(new Quote(at, b, a, bs, asz));
        }
        return new FileRows<Quote>([.. quotes.OrderBy(q => q.Timestamp)], skips);
    }

    private static bool Stamp(object? cell, DateOnly session, RowSkips skips, out DateTimeOffset at)
    {
        if (!TabularFile.Time(cell, out at, out _) || cell is DateOnly || (cell is string s && s.Trim().Length == 10))
        {
            skips.Add("bad_timestamp");
            return false;
        }
        if (NewYorkTime.DateOf(at) != session)
        {
            skips.Add("wrong_session");
            return false;
        }
        return true;
    }

    private static bool Side(object? cell, out AggressorSide side)
    {
        side = AggressorSide.Unknown;
        var text = cell switch
        {
            null => string.Empty,
            string s => s.Trim().ToLowerInvariant(),
            int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "?",
        };
        switch (text)
        {
            case "" or "unknown" or "u" or "0" or "n":
                return true;
            case "buy" or "b" or "1":
                side = AggressorSide.Buy;
                return true;
            case "sell" or "s" or "-1":
                side = AggressorSide.Sell;
                return true;
            default:
                return false;
        }
    }
}
