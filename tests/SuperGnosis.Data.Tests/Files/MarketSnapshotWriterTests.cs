using System.Text;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Data.Tests.Files;

/// <summary>
/// The snapshot writer: what a source returned, written into the files layout, reads back through the files source bit for
/// bit; writing again is a no-op; a later snapshot extends the per-session files; different data for the same instants is
/// an error naming the file, which is left as it was.
/// </summary>
public sealed class MarketSnapshotWriterTests : IDisposable
{
    /// <summary>Wed 2024-03-06 14:45 New York: the session is open.</summary>
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "gnosis-snapshot-" + Guid.NewGuid().ToString("N"));
    private readonly SyntheticMarket _market = new();

    public MarketSnapshotWriterTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private MarketSnapshotWriter Writer() => new(new LocalDataFileStore(_root));

    /// <summary>What the synthetic market returns at <paramref name="asOf"/>: the chain, 60 days of daily bars, the session's minute bars, a day of ticks, three days of news.</summary>
    private async Task<MarketSnapshot> SnapshotAt(DateTimeOffset asOf)
    {
        var open = MarketCalendar.Nyse.OpenOf(NewYorkTime.DateOf(asOf));
        return new MarketSnapshot("SPY", asOf)
        {
            Chain = await _market.GetChainAsync("SPY", asOf, default),
            DailyBars = new(asOf.AddDays(-60), await _market.GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-60), asOf, default)),
            MinuteBars = new(open, await _market.GetBarsAsync("SPY", BarInterval.OneMinute, open, asOf, default)),
            Trades = new(asOf.AddDays(-1), await _market.GetTradesAsync("SPY", asOf.AddDays(-1), asOf, default)),
            Quotes = new(asOf.AddDays(-1), await _market.GetQuotesAsync("SPY", asOf.AddDays(-1), asOf, default)),
            News = new(asOf.AddDays(-3), await _market.GetHeadlinesAsync("SPY", asOf.AddDays(-3), asOf, default)),
        };
    }

    [Fact]
    public async Task A_written_snapshot_reads_back_bit_for_bit_through_the_files_source()
    {
        var snapshot = await SnapshotAt(AsOf);
        Assert.NotEmpty(snapshot.Trades!.Items);
        Assert.NotEmpty(snapshot.News!.Items);
        var result = await Writer().WriteAsync(snapshot, default);
        Assert.All(result.Files, f => Assert.Equal(SnapshotFileOutcome.Created, f.Outcome));
        Assert.Contains(result.Files, f => f.RelativePath == "SPY/chains/20240306T194500Z.parquet");
        Assert.Contains(result.Files, f => f.RelativePath == "SPY/bars/1d.parquet");
        Assert.Contains(result.Files, f => f.RelativePath == "SPY/trades/2024-03-05.parquet");
        Assert.Contains(result.Files, f => f.RelativePath == "SPY/trades/2024-03-06.parquet");
        Assert.Contains(result.Files, f => f.RelativePath == "SPY/bars/1m/2024-03-06.parquet");
        Assert.Contains(result.Files, f => f.RelativePath == "SPY/news.jsonl");

        var files = new FileMarketDataSource(_root);
        var chain = await files.GetChainAsync("SPY", AsOf, default);
        Assert.Equal(snapshot.Chain!.Symbol, chain.Symbol);
        Assert.Equal(AsOf, chain.AsOf);
        Assert.Equal(Bits(snapshot.Chain.UnderlyingPrice), Bits(chain.UnderlyingPrice));
        Assert.Equal(snapshot.Chain.Quotes.Length, chain.Quotes.Length);
        for (var i = 0; i < chain.Quotes.Length; i++)
        {
            AssertSameQuote(snapshot.Chain.Quotes[i], chain.Quotes[i]);
        }

        // Daily bars over the window, today's partial bar included (the files source builds it from the minute file).
        AssertSameBars(snapshot.DailyBars!.Items, await files.GetBarsAsync("SPY", BarInterval.Daily, snapshot.DailyBars.From, AsOf, default));
        AssertSameBars(snapshot.MinuteBars!.Items, await files.GetBarsAsync("SPY", BarInterval.OneMinute, snapshot.MinuteBars.From, AsOf, default));
        var trades = await files.GetTradesAsync("SPY", AsOf.AddDays(-1), AsOf, default);
        Assert.Equal(snapshot.Trades.Items.Count, trades.Count);
        Assert.True(snapshot.Trades.Items.Zip(trades).All(p => p.First.Timestamp.UtcTicks == p.Second.Timestamp.UtcTicks
            && Bits(p.First.Price) == Bits(p.Second.Price) && Bits(p.First.Size) == Bits(p.Second.Size) && p.First.Side == p.Second.Side));
        var quotes = await files.GetQuotesAsync("SPY", AsOf.AddDays(-1), AsOf, default);
        Assert.Equal(snapshot.Quotes!.Items, quotes);
        var news = await files.GetHeadlinesAsync("SPY", AsOf.AddDays(-3), AsOf, default);
        Assert.Equal(snapshot.News.Items.Select(h => (h.Timestamp.UtcTicks, h.Text, h.Source)), news.Select(h => (h.Timestamp.UtcTicks, h.Text, h.Source)));
        Assert.Empty(Directory.EnumerateFiles(_root, ".*", SearchOption.AllDirectories)); // no temporary file left
    }

    [Fact]
    public async Task Writing_the_same_snapshot_again_changes_no_file()
    {
        var snapshot = await SnapshotAt(AsOf);
        await Writer().WriteAsync(snapshot, default);
        var before = Contents();
        var again = await Writer().WriteAsync(snapshot, default);
        Assert.All(again.Files, f => Assert.Equal(SnapshotFileOutcome.Unchanged, f.Outcome));
        Assert.Equal(before, Contents());
    }

    [Fact]
    public async Task A_later_snapshot_extends_the_session_files_and_an_earlier_one_finds_them_complete()
    {
        await Writer().WriteAsync(await SnapshotAt(AsOf), default);
        var later = AsOf.AddHours(1);
        var result = await Writer().WriteAsync(await SnapshotAt(later), default);
        Assert.Equal(SnapshotFileOutcome.Created, Outcome(result, "SPY/chains/20240306T204500Z.parquet"));
        Assert.Equal(SnapshotFileOutcome.Extended, Outcome(result, "SPY/trades/2024-03-06.parquet"));
        Assert.Equal(SnapshotFileOutcome.Extended, Outcome(result, "SPY/bars/1m/2024-03-06.parquet"));
        Assert.Equal(SnapshotFileOutcome.Unchanged, Outcome(result, "SPY/bars/1d.parquet")); // 2024-03-06 closes at 21:00Z

        // Both instants read back as the market answers them.
        var files = new FileMarketDataSource(_root);
        foreach (var asOf in new[] { AsOf, later })
        {
            Assert.Equal(await _market.GetTradesAsync("SPY", asOf.AddDays(-1), asOf, default), await files.GetTradesAsync("SPY", asOf.AddDays(-1), asOf, default));
            AssertSameBars(await _market.GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-30), asOf, default),
                await files.GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-30), asOf, default));
        }

        var before = Contents();
        var earlier = await Writer().WriteAsync(await SnapshotAt(AsOf), default);
        Assert.All(earlier.Files, f => Assert.Equal(SnapshotFileOutcome.Unchanged, f.Outcome));
        Assert.Equal(before, Contents());
    }

    [Fact]
    public async Task Different_ticks_for_the_same_instants_are_an_error_naming_the_file_which_is_left_unchanged()
    {
        var snapshot = await SnapshotAt(AsOf);
        await Writer().WriteAsync(snapshot, default);
        var before = Contents();
        var trades = snapshot.Trades!.Items.ToList();
        var i = trades.FindIndex(t => NewYorkTime.DateOf(t.Timestamp) == new DateOnly(2024, 3, 6));
        trades[i] = trades[i] with { Price = trades[i].Price + 0.01 };
        var changed = snapshot with { Trades = snapshot.Trades with { Items = trades } };

        var ex = await Assert.ThrowsAsync<SnapshotConflictException>(() => Writer().WriteAsync(changed, default));
        Assert.Equal(Path.Combine(_root, "SPY", "trades", "2024-03-06.parquet"), ex.FilePath);
        Assert.StartsWith(ex.FilePath + ": the file's rows differ from the source's for the same instants (at ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Contents());
    }

    [Fact]
    public async Task A_different_chain_under_the_same_stamp_is_an_error_naming_the_file()
    {
        var snapshot = await SnapshotAt(AsOf);
        await Writer().WriteAsync(snapshot, default);
        var before = Contents();
        var chain = snapshot.Chain!;
        var other = snapshot with { Chain = chain with { Quotes = [chain.Quotes[0] with { OpenInterest = chain.Quotes[0].OpenInterest + 1 }, .. chain.Quotes[1..]] } };

        var ex = await Assert.ThrowsAsync<SnapshotConflictException>(() => Writer().WriteAsync(other, default));
        Assert.Equal(Path.Combine(_root, "SPY", "chains", "20240306T194500Z.parquet"), ex.FilePath);
        Assert.Contains("exists with different content", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Contents());
    }

    [Fact]
    public async Task A_chain_stamp_keeps_whole_seconds_and_the_same_chain_in_another_format_is_unchanged()
    {
        var snapshot = await SnapshotAt(AsOf);
        var chainOnly = new MarketSnapshot("SPY", AsOf.AddTicks(1234567)) { Chain = snapshot.Chain };
        Assert.Equal(AsOf, chainOnly.Stamp);
        // The same chain already there as CSV under that stamp: nothing is written (and no second file would be allowed).
        Directory.CreateDirectory(Path.Combine(_root, "SPY", "chains"));
        using (var writer = new StreamWriter(Path.Combine(_root, "SPY", "chains", "20240306T194500Z.csv")))
        {
            Data.Chains.OptionChainCsv.Write(snapshot.Chain!, writer);
        }
        var result = await Writer().WriteAsync(chainOnly, default);
        Assert.Equal(SnapshotFileOutcome.Unchanged, Assert.Single(result.Files).Outcome);
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "SPY", "chains")));
    }

    [Fact]
    public async Task Headlines_are_appended_once()
    {
        var first = new NewsHeadline(AsOf.AddHours(-2), "SPY", "wire", "Stocks rally on jobs data");
        var second = new NewsHeadline(AsOf.AddHours(-1), "SPY", "wire", "Fed minutes show patience");
        await Writer().WriteAsync(new MarketSnapshot("SPY", AsOf) { News = new(AsOf.AddDays(-1), [first]) }, default);
        var again = await Writer().WriteAsync(new MarketSnapshot("SPY", AsOf) { News = new(AsOf.AddDays(-1), [first, second]) }, default);
        Assert.Equal(SnapshotFileOutcome.Extended, Assert.Single(again.Files).Outcome);
        var unchanged = await Writer().WriteAsync(new MarketSnapshot("SPY", AsOf) { News = new(AsOf.AddDays(-1), [second, first]) }, default);
        Assert.Equal(SnapshotFileOutcome.Unchanged, Assert.Single(unchanged.Files).Outcome);

        var lines = File.ReadAllLines(Path.Combine(_root, "SPY", "news.jsonl"));
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"timestamp":"2024-03-06T17:45:00.0000000Z","headline":"Stocks rally on jobs data","source":"wire","symbols":["SPY"]}""", lines[0]);
        var read = await new FileMarketDataSource(_root).GetHeadlinesAsync("SPY", AsOf.AddDays(-1), AsOf, default);
        Assert.Equal(["Stocks rally on jobs data", "Fed minutes show patience"], read.Select(h => h.Text));
    }

    [Fact]
    public async Task A_csv_file_that_already_holds_the_rows_is_kept_and_one_that_would_grow_is_an_error()
    {
        var session = new DateOnly(2024, 3, 6);
        var open = MarketCalendar.Nyse.OpenOf(session);
        var trades = new[] { new Trade(open.AddMinutes(1), 510.25, 100, AggressorSide.Buy), new Trade(open.AddMinutes(2), 510.5, 200, AggressorSide.Sell) };
        var csv = new StringBuilder("timestamp,price,size,side\n");
        foreach (var t in trades)
        {
            csv.Append(t.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
                .Append(',').Append(t.Price.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(t.Size)
                .Append(',').Append(t.Side == AggressorSide.Buy ? "buy" : "sell").Append('\n');
        }
        Directory.CreateDirectory(Path.Combine(_root, "SPY", "trades"));
        var path = Path.Combine(_root, "SPY", "trades", "2024-03-06.csv");
        File.WriteAllText(path, csv.ToString());

        var same = await Writer().WriteAsync(new MarketSnapshot("SPY", open.AddMinutes(3)) { Trades = new(open, trades) }, default);
        Assert.Equal(SnapshotFileOutcome.Unchanged, Assert.Single(same.Files).Outcome);

        var more = new MarketSnapshot("SPY", open.AddMinutes(5)) { Trades = new(open, [.. trades, new Trade(open.AddMinutes(4), 511, 50, AggressorSide.Unknown)]) };
        var ex = await Assert.ThrowsAsync<SnapshotConflictException>(() => Writer().WriteAsync(more, default));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("CSV", ex.Message, StringComparison.Ordinal);
        Assert.Equal(csv.ToString(), File.ReadAllText(path));
        Assert.False(File.Exists(Path.ChangeExtension(path, ".parquet")));
    }

    [Fact]
    public async Task Sub_microsecond_instants_round_trip_exactly()
    {
        var session = new DateOnly(2024, 3, 6);
        var at = MarketCalendar.Nyse.OpenOf(session).AddTicks(1234567); // 0.1234567 s after the open
        var quote = new Quote(at, 510.01, 510.03, 300, 400);
        await Writer().WriteAsync(new MarketSnapshot("SPY", at.AddSeconds(1)) { Quotes = new(at.AddSeconds(-1), [quote]) }, default);
        var read = await new FileMarketDataSource(_root).GetQuotesAsync("SPY", at.AddSeconds(-1), at.AddSeconds(1), default);
        Assert.Equal(at.UtcTicks, Assert.Single(read).Timestamp.UtcTicks);
        Assert.Equal(quote, read[0]);
    }

    [Fact]
    public async Task An_empty_chain_is_not_written_and_said_so()
    {
        var result = await Writer().WriteAsync(new MarketSnapshot("SPY", AsOf) { Chain = new OptionChain("SPY", AsOf, double.NaN, []) }, default);
        Assert.Empty(result.Files);
        Assert.Equal("chain: the source returned no contracts; no chain file written", Assert.Single(result.Notes));
        Assert.False(Directory.Exists(Path.Combine(_root, "SPY", "chains")));
    }

    private static SnapshotFileOutcome Outcome(SnapshotWriteResult result, string relative) => result.Files.Single(f => f.RelativePath == relative).Outcome;

    private Dictionary<string, string> Contents() =>
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_root, f), f => Convert.ToHexString(File.ReadAllBytes(f)) + "@" + File.GetLastWriteTimeUtc(f).Ticks);

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private static void AssertSameBars(IReadOnlyList<Bar> expected, IReadOnlyList<Bar> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Timestamp.UtcTicks, actual[i].Timestamp.UtcTicks);
            Assert.Equal(
                (Bits(expected[i].Open), Bits(expected[i].High), Bits(expected[i].Low), Bits(expected[i].Close), Bits(expected[i].Volume)),
                (Bits(actual[i].Open), Bits(actual[i].High), Bits(actual[i].Low), Bits(actual[i].Close), Bits(actual[i].Volume)));
        }
    }

    private static void AssertSameQuote(OptionQuote expected, OptionQuote actual)
    {
        Assert.Equal(expected.Expiry, actual.Expiry);
        Assert.Equal(expected.Right, actual.Right);
        Assert.Equal(expected.Root, actual.Root);
        Assert.Equal(expected.ExerciseStyle, actual.ExerciseStyle);
        Assert.Equal(expected.Settlement, actual.Settlement);
        double[] Numbers(OptionQuote q) => [q.Strike, q.Bid, q.Ask, q.Mid, q.Volume, q.OpenInterest, q.ImpliedVol, q.Delta, q.Gamma, q.Vega, q.Theta, q.Vanna, q.Charm];
        Assert.Equal(Numbers(expected).Select(Bits), Numbers(actual).Select(Bits));
    }
}
