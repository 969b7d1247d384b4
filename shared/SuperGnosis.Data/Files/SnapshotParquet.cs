using Parquet;
using Parquet.Schema;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Files;

/// <summary>
/// Parquet files of the files layout as the snapshot writer writes them (one row group, Snappy, the columns the files
/// source reads; docs/data-formats.md, "Files source"):
/// <list type="bullet">
/// <item>daily bars: <c>timestamp</c> DATE (the session date), <c>open</c>, <c>high</c>, <c>low</c>, <c>close</c>, <c>volume</c> (double);</item>
/// <item>minute bars: <c>timestamp</c> TIMESTAMP (UTC, nanoseconds: every .NET tick round-trips), the same prices;</item>
/// <item>trades: <c>timestamp</c>, <c>price</c>, <c>size</c> (double), <c>side</c> (string: <c>buy</c>, <c>sell</c>, null when not reported);</item>
/// <item>quotes: <c>timestamp</c>, <c>bid</c>, <c>ask</c>, <c>bid_size</c>, <c>ask_size</c> (double).</item>
/// </list>
/// The output depends only on the rows (no clock, no random), so writing the same rows twice gives the same bytes.
/// </summary>
internal static class SnapshotParquet
{
    public static Task<byte[]> DailyBarsAsync(IReadOnlyList<Bar> bars, CancellationToken ct) =>
        WriteAsync(bars.Count, [Date("timestamp", i => NewYorkTime.DateOf(bars[i].Timestamp)), .. Prices(bars)], ct);

    public static Task<byte[]> MinuteBarsAsync(IReadOnlyList<Bar> bars, CancellationToken ct) =>
        WriteAsync(bars.Count, [Instant("timestamp", i => bars[i].Timestamp), .. Prices(bars)], ct);

    public static Task<byte[]> TradesAsync(IReadOnlyList<Trade> trades, CancellationToken ct) =>
        WriteAsync(trades.Count,
        [
            Instant("timestamp", i => trades[i].Timestamp),
            Number("price", i => trades[i].Price),
            Number("size", i => trades[i].Size),
            Text("side", i => trades[i].Side switch { AggressorSide.Buy => "buy", AggressorSide.Sell => "sell", _ => null }),
        ], ct);

    public static Task<byte[]> QuotesAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) =>
        WriteAsync(quotes.Count,
        [
            Instant("timestamp", i => quotes[i].Timestamp),
            Number("bid", i => quotes[i].Bid),
            Number("ask", i => quotes[i].Ask),
            Number("bid_size", i => quotes[i].BidSize),
            Number("ask_size", i => quotes[i].AskSize),
        ], ct);

    /// <summary>One column: its schema field and how to write its <c>n</c> values.</summary>
    private sealed record Column(DataField Field, Func<ParquetRowGroupWriter, int, CancellationToken, Task> Write);

    private static Column[] Prices(IReadOnlyList<Bar> bars) =>
    [
        Number("open", i => bars[i].Open),
        Number("high", i => bars[i].High),
        Number("low", i => bars[i].Low),
        Number("close", i => bars[i].Close),
        Number("volume", i => bars[i].Volume),
    ];

    private static Column Number(string name, Func<int, double> value)
    {
        var field = new DataField<double>(name);
        return new Column(field, async (group, n, ct) =>
        {
            var values = new double[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = value(i);
            }
            await group.WriteAsync<double>(field, values.AsMemory(), null, null, ct).ConfigureAwait(false);
        });
    }

    private static Column Text(string name, Func<int, string?> value)
    {
        var field = new DataField<string>(name, nullable: true);
        return new Column(field, async (group, n, _) =>
        {
            var values = new string[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = value(i)!;
            }
            await group.WriteAsync(field, values, null).ConfigureAwait(false);
        });
    }

    private static Column Date(string name, Func<int, DateOnly> value)
    {
        var field = new DataField<DateOnly>(name);
        return new Column(field, async (group, n, ct) =>
        {
            var values = new DateOnly[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = value(i);
            }
            await group.WriteAsync<DateOnly>(field, values.AsMemory(), null, null, ct).ConfigureAwait(false);
        });
    }

    /// <summary>A UTC instant at nanosecond resolution (a .NET tick is 100 ns, so every instant round-trips exactly).</summary>
    private static Column Instant(string name, Func<int, DateTimeOffset> value)
    {
        var field = new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Nanos);
        return new Column(field, async (group, n, ct) =>
        {
            var values = new DateTime[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = value(i).UtcDateTime;
            }
            await group.WriteAsync<DateTime>(field, values.AsMemory(), null, null, ct).ConfigureAwait(false);
        });
    }

    private static async Task<byte[]> WriteAsync(int rows, Column[] columns, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, false, ct).ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                await column.Write(group, rows, ct).ConfigureAwait(false);
            }
        }
        return stream.ToArray();
    }
}
