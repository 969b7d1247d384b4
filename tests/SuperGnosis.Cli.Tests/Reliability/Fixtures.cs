using System.Globalization;
using System.Text;
using SuperGnosis.Cli.Tests.Commands;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Cli.Tests.Reliability;

/// <summary>Real input files for the reliability tests, written into a temporary folder that is deleted afterwards.</summary>
internal sealed class Fixtures : IDisposable
{
    public static readonly DateTimeOffset AsOf = new(2024, 3, 6, 15, 0, 0, TimeSpan.Zero);
    public const string AsOfText = "2024-03-06T15:00:00Z";

    public string Dir { get; } = Directory.CreateTempSubdirectory("gnosis-reliability-").FullName;

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    public string PathOf(string name) => Path.Combine(Dir, name);

    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The synthetic market's SPY chain at <see cref="AsOf"/>, its first <paramref name="rows"/> quotes.</summary>
    public static OptionChain Chain(int rows = 60)
    {
        var chain = new SyntheticMarket().GetChainAsync("SPY", AsOf, CancellationToken.None).GetAwaiter().GetResult();
        return chain with { Quotes = [.. chain.Quotes.Take(rows)] };
    }

    public static string ChainCsv(int rows = 60)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        OptionChainCsv.Write(Chain(rows), writer);
        return writer.ToString();
    }

    public static byte[] ChainParquet(int rows = 60)
    {
        using var stream = new MemoryStream();
        OptionChainParquet.WriteAsync(Chain(rows), stream, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return stream.ToArray();
    }

    public static string CboeJson => GexCommandTests.CboeFixture;

    /// <summary>Greeks input: prices to solve and vols to price, calls and puts.</summary>
    public static string GreeksCsv(int rows = 20)
    {
        var sb = new StringBuilder("symbol,type,strike,spot,t_years,price,iv\n");
        for (var i = 0; i < rows; i++)
        {
            var strike = 80 + (2 * (i % 20));
            sb.Append(CultureInfo.InvariantCulture, $"SPY,{(i % 2 == 0 ? "C" : "P")},{strike},100,{0.1 + (0.05 * (i % 7))},,{0.15 + (0.01 * (i % 9))}\n");
        }
        return sb.ToString();
    }

    /// <summary>Daily bars with a smooth random-looking walk.</summary>
    public static string BarsCsv(int count = 80)
    {
        var sb = new StringBuilder("date,open,high,low,close,volume\n");
        var close = 100.0;
        for (var i = 0; i < count; i++)
        {
            var open = close * (1 + (0.004 * Math.Sin(i * 1.3)));
            close = open * (1 + (0.01 * Math.Sin((i * 0.7) + 0.3)));
            var high = Math.Max(open, close) * 1.006;
            var low = Math.Min(open, close) * 0.993;
            sb.Append(CultureInfo.InvariantCulture, $"{new DateOnly(2023, 1, 2).AddDays(i):yyyy-MM-dd},{open:R},{high:R},{low:R},{close:R},{1e6 + i:R}\n");
        }
        return sb.ToString();
    }

    /// <summary>The first <paramref name="lines"/> lines (header included) of the bundled Twitter financial news validation set.</summary>
    public static string LabelledHeadlines(int lines = 60) =>
        string.Join('\n', File.ReadLines(Path.Combine(RepositoryRoot(), "data", "twitter-financial-news-sentiment", "valid.csv")).Take(lines)) + "\n";

    public static string Headlines => "Stocks rally as inflation cools\nBank shares plunge after earnings miss\nFed holds rates steady\n";

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SuperGnosis.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root (SuperGnosis.sln) not found");
    }
}
