using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Files;

/// <summary>
/// A data directory in the files-source layout, built in a temp folder (deleted on dispose). As of
/// <see cref="AsOf"/> (Wed 2024-03-06 14:45 New York, session open):
/// SPY: chain snapshots 2024-03-05 21:00Z (Parquet, spot 505), 2024-03-06 19:30Z (CSV, spot 512.34, one row of type X),
/// 2024-03-06 19:45:01Z (CBOE JSON, spot 600: one second after the as-of); raw daily bars 2024-01-02 .. 2024-03-07 in CSV
/// with a 2-for-1 split on 2024-02-01 recorded in splits.csv and one row whose close is 'abc'; minute bars of 2024-03-06;
/// trades (CSV for 2024-03-06, one a minute from 14:31Z to 20:00Z, with one bad price, Parquet for 2024-03-05); quotes;
/// news (one line of invalid JSON, one headline after the as-of).
/// QQQ: daily bars in Parquet. ABC: daily bars with an unrecorded 3-for-1 split on 2024-02-15.
/// </summary>
public sealed class FilesFixture : IDisposable
{
    public static readonly DateTimeOffset AsOf = new(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);
    public const double SpotAtAsOf = 512.34;

    public FilesFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "gnosis-files-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        WriteSpy();
        WriteDailyParquet("QQQ");
        WriteUnrecordedSplit("ABC");
    }

    public string Root { get; }

    public static IReadOnlyList<DateOnly> Sessions(DateOnly first, DateOnly last)
    {
        var days = new List<DateOnly>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            if (MarketCalendar.Nyse.IsTradingDay(d))
            {
                days.Add(d);
            }
        }
        return days;
    }

    /// <summary>The split-adjusted (post-split scale) close of session i: 500 + 5 sin(i / 3).</summary>
    public static double Close(int i) => 500 + (5 * Math.Sin(i / 3.0));

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
    }

    private void WriteSpy()
    {
        Write("SPY/chains/20240306T193000Z.csv", ChainCsv(SpotAtAsOf) + "SPY,512.34,2024-03-15,,515,X,1,0.9,1.1,1,100,0.2,,,,,,\n");
        Write("SPY/chains/20240306T194501Z.json", CboeJson(600));
        var parquet = OptionChainCsv.Read(new StringReader(ChainCsv(505)), AsOf).Chain;
        using (var stream = new MemoryStream())
        {
            OptionChainParquet.WriteAsync(parquet, stream, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            Directory.CreateDirectory(PathOf("SPY", "chains"));
            File.WriteAllBytes(PathOf("SPY", "chains", "20240305T210000Z.parquet"), stream.ToArray());
        }

        var bars = new StringBuilder("timestamp,open,high,low,close,volume\n");
        var sessions = Sessions(new DateOnly(2024, 1, 2), new DateOnly(2024, 3, 7));
        for (var i = 0; i < sessions.Count; i++)
        {
            var day = sessions[i];
            var raw = day < new DateOnly(2024, 2, 1) ? 2.0 : 1.0;
            double open, high, low, close, volume;
            if (day == new DateOnly(2024, 1, 31))
            {
                (open, high, low, close, volume) = (1000, 1010, 990, 1004, 1_000_000);
            }
            else if (day == new DateOnly(2024, 2, 1))
            {
                (open, high, low, close, volume) = (503, 506, 500, 504, 2_100_000);
            }
            else
            {
                close = Close(i) * raw;
                open = Close(i - 1) * raw * 1.001;
                high = Math.Max(open, close) * 1.004;
                low = Math.Min(open, close) * 0.996;
                volume = (1_000_000 + (1000 * i)) / raw;
            }
            bars.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{open:R},{high:R},{low:R},{close:R},{volume:R}\n");
            if (day == new DateOnly(2024, 2, 20))
            {
                bars.Append("2024-02-20x,1,1,1,1,1\n"); // bad_timestamp
            }
        }
        bars.Append("2024-02-21,501,502,500,abc,1000\n"); // a second 02-21 row whose close is not a number: bad_price
        Write("SPY/bars/1d.csv", bars.ToString());
        Write("SPY/splits.csv", "date,ratio\n2024-02-01,2\n");

        var minutes = new StringBuilder("timestamp,open,high,low,close,volume\n");
        for (var m = 0; m < 330; m++)
        {
            var start = new DateTimeOffset(2024, 3, 6, 14, 30, 0, TimeSpan.Zero).AddMinutes(m);
            var p = 510 + (m * 0.01);
            minutes.Append(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd'T'HH:mm:ss'Z'},{p:R},{p + 0.05:R},{p - 0.05:R},{p + 0.01:R},{10000 + m}\n");
        }
        Write("SPY/bars/1m/2024-03-06.csv", minutes.ToString());

        var trades = new StringBuilder("timestamp,price,size,side\n");
        var quotes = new StringBuilder("timestamp,bid,ask,bid_size,ask_size\n");
        for (var k = 0; k < 330; k++)
        {
            var at = new DateTimeOffset(2024, 3, 6, 14, 31, 0, TimeSpan.Zero).AddSeconds(k * 60);
            var p = 510 + (k * 0.007);
            trades.Append(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd'T'HH:mm:ss'Z'},{p + 0.01:R},{100 + (k % 7 * 50)},{(k % 3 == 0 ? "sell" : "buy")}\n");
            quotes.Append(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd'T'HH:mm:ss'Z'},{p - 0.01:R},{p + 0.01:R},{300 + k},{400 + k}\n");
        }
        trades.Append("2024-03-06T19:00:00Z,-5,100,buy\n"); // bad_price
        quotes.Append("2024-03-06T19:00:00Z,510,,100,100\n"); // bad_price
        Write("SPY/trades/2024-03-06.csv", trades.ToString());
        Write("SPY/quotes/2024-03-06.csv", quotes.ToString());
        WriteTradesParquet(PathOf("SPY", "trades", "2024-03-05.parquet"));

        Write("SPY/news.jsonl",
            "{\"timestamp\":\"2024-03-06T13:00:00Z\",\"headline\":\"SPY rallies as inflation cools\",\"body\":\"...\",\"source\":\"reuters\",\"symbols\":[\"SPY\"]}\n" +
            "{not json\n" +
            "{\"timestamp\":\"2024-03-06T09:15:00\",\"headline\":\"Stocks slip before jobs data\",\"source\":\"bloomberg\"}\n" +
            "{\"timestamp\":\"2024-03-06T20:00:00Z\",\"headline\":\"Late headline after the as-of\",\"source\":\"reuters\"}\n");
    }

    private static string ChainCsv(double spot)
    {
        var csv = new StringBuilder("symbol,underlying_price,expiry,dte,strike,type,mid_price,bid,ask,volume,open_interest,iv,delta,gamma,vega,theta,vanna,charm\n");
        foreach (var expiry in new[] { "2024-03-08", "2024-03-15", "2024-03-28" })
        {
            for (var strike = 490; strike <= 535; strike += 5)
            {
                foreach (var type in new[] { "C", "P" })
                {
                    var oi = 1000 + (Math.Abs(strike - 510) * (type == "C" ? 40 : 60));
                    csv.Append(CultureInfo.InvariantCulture, $"SPY,{spot:R},{expiry},,{strike},{type},,,,{oi / 10},{oi},0.15,,,,,,\n");
                }
            }
        }
        return csv.ToString();
    }

    private static string CboeJson(double spot)
    {
        var options = new List<string>();
        for (var strike = 580; strike <= 620; strike += 5)
        {
            foreach (var right in new[] { 'C', 'P' })
            {
                options.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"option\":\"SPY240315{right}{strike * 1000:00000000}\",\"bid\":1.0,\"ask\":1.2,\"iv\":0.2,\"open_interest\":5000,\"volume\":10}}"));
            }
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"timestamp\":\"2024-03-06 14:45:01\",\"data\":{{\"symbol\":\"SPY\",\"current_price\":{spot},\"options\":[{string.Join(',', options)}]}}}}");
    }

    private void WriteDailyParquet(string symbol)
    {
        var sessions = Sessions(new DateOnly(2024, 1, 2), new DateOnly(2024, 3, 5));
        var dates = sessions.ToArray();
        var close = sessions.Select((_, i) => Close(i)).ToArray();
        var open = sessions.Select((_, i) => Close(i) - 0.5).ToArray();
        var high = close.Zip(open, (c, o) => Math.Max(c, o) + 1).ToArray();
        var low = close.Zip(open, (c, o) => Math.Min(c, o) - 1).ToArray();
        var volume = sessions.Select((_, i) => 2_000_000.0 + i).ToArray();
        Directory.CreateDirectory(PathOf(symbol, "bars"));
        using var stream = File.Create(PathOf(symbol, "bars", "1d.parquet"));
        var fields = new DataField[] { new DataField<DateOnly>("timestamp"), new DataField<double>("open"), new DataField<double>("high"), new DataField<double>("low"), new DataField<double>("close"), new DataField<double>("volume") };
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<DateOnly>(fields[0], dates.AsMemory());
            await group.WriteAsync<double>(fields[1], open.AsMemory());
            await group.WriteAsync<double>(fields[2], high.AsMemory());
            await group.WriteAsync<double>(fields[3], low.AsMemory());
            await group.WriteAsync<double>(fields[4], close.AsMemory());
            await group.WriteAsync<double>(fields[5], volume.AsMemory());
        }).GetAwaiter().GetResult();
    }

    private static void WriteTradesParquet(string path)
    {
        var times = Enumerable.Range(0, 50).Select(k => new DateTime(2024, 3, 5, 15, 0, 0, DateTimeKind.Utc).AddMinutes(k)).ToArray();
        var price = Enumerable.Range(0, 50).Select(k => 508.0 + (k * 0.01)).ToArray();
        var size = Enumerable.Range(0, 50).Select(k => 100.0 + k).ToArray();
        var side = Enumerable.Range(0, 50).Select(k => k % 2 == 0 ? "B" : "S").ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        var fields = new DataField[] { new DataField<DateTime>("timestamp"), new DataField<double>("price"), new DataField<double>("size"), new DataField<string>("side", nullable: true) };
        Task.Run(async () =>
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<DateTime>(fields[0], times.AsMemory());
            await group.WriteAsync<double>(fields[1], price.AsMemory());
            await group.WriteAsync<double>(fields[2], size.AsMemory());
            await group.WriteAsync(fields[3], side);
        }).GetAwaiter().GetResult();
    }

    private void WriteUnrecordedSplit(string symbol)
    {
        var bars = new StringBuilder("date,open,high,low,close,volume\n");
        var sessions = Sessions(new DateOnly(2024, 1, 2), new DateOnly(2024, 3, 5));
        var price = 90.0;
        foreach (var day in sessions)
        {
            var open = day == new DateOnly(2024, 2, 15) ? price / 3.0 * 1.002 : price;
            var close = open * (1 + (0.004 * Math.Sin(day.DayNumber)));
            bars.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{open:R},{Math.Max(open, close) * 1.003:R},{Math.Min(open, close) * 0.997:R},{close:R},500000\n");
            price = close;
        }
        Write($"{symbol}/bars/1d.csv", bars.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a reader on another thread: the temp folder is left for the OS to clean.
        }
    }
}
