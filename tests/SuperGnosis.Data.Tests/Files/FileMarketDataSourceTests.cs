using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Files;

namespace SuperGnosis.Data.Tests.Files;

public sealed class FileMarketDataSourceTests : IDisposable
{
    private static readonly DateTimeOffset AsOf = FilesFixture.AsOf;
    private readonly FilesFixture _files = new();
    private readonly FileMarketDataSource _source;

    public FileMarketDataSourceTests() => _source = new FileMarketDataSource(_files.Root);

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task The_newest_snapshot_at_or_before_as_of_is_used_and_one_a_second_later_is_not()
    {
        var chain = await _source.GetChainAsync("SPY", AsOf, default);
        Assert.Equal(FilesFixture.SpotAtAsOf, chain.UnderlyingPrice);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 19, 30, 0, TimeSpan.Zero), chain.AsOf);
        Assert.Equal(60, chain.Quotes.Length);

        var later = await _source.GetChainAsync("SPY", AsOf.AddSeconds(1), default);
        Assert.Equal(600, later.UnderlyingPrice); // the CBOE JSON stamped 19:45:01Z
        var earlier = await _source.GetChainAsync("SPY", new DateTimeOffset(2024, 3, 6, 19, 29, 59, TimeSpan.Zero), default);
        Assert.Equal(505, earlier.UnderlyingPrice); // the Parquet stamped the evening before
    }

    [Fact]
    public async Task Before_the_first_snapshot_the_chain_is_empty_and_the_report_says_none()
    {
        var asOf = new DateTimeOffset(2024, 3, 5, 20, 59, 59, TimeSpan.Zero);
        var chain = await _source.GetChainAsync("SPY", asOf, default);
        Assert.True(chain.IsEmpty);
        Assert.True(double.IsNaN(chain.UnderlyingPrice));
        var report = _source.QualityOf("SPY", asOf);
        Assert.Null(report.Kinds[DataKind.Chain].SnapshotTime);
    }

    [Fact]
    public async Task Skipped_chain_rows_are_counted_by_reason()
    {
        await _source.GetChainAsync("SPY", AsOf, default);
        var chain = _source.QualityOf("SPY", AsOf).Kinds[DataKind.Chain];
        Assert.Equal(1, chain.SkippedByReason["bad_type"]);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 19, 30, 0, TimeSpan.Zero), chain.SnapshotTime);
    }

    [Fact]
    public async Task Daily_bars_are_returned_only_for_closed_sessions_stamped_at_their_open()
    {
        var bars = await _source.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-10), AsOf, default);
        var dates = bars.Select(b => NewYorkTime.DateOf(b.Timestamp)).ToList();
        Assert.DoesNotContain(new DateOnly(2024, 3, 7), dates);
        // Today's bar in the file (2024-03-06) is not complete at 14:45: the partial bar comes from the minute file instead.
        var today = bars.Single(b => NewYorkTime.DateOf(b.Timestamp) == new DateOnly(2024, 3, 6));
        Assert.Equal(MarketCalendar.Nyse.OpenOf(new DateOnly(2024, 3, 6)), today.Timestamp);
        Assert.Equal(510, today.Open); // first minute's open
        Assert.Equal(510 + (314 * 0.01) + 0.01, today.Close, 9); // the minute 19:44-19:45 (index 314) is the last complete one
        Assert.Equal(new DateOnly(2024, 3, 5), NewYorkTime.DateOf(bars[^2].Timestamp));
        Assert.All(bars, b => Assert.True(b.Timestamp <= AsOf));

        // At the close, the file's own bar for the day is complete and used.
        var close = MarketCalendar.Nyse.CloseOf(new DateOnly(2024, 3, 6));
        var atClose = await _source.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-10), close, default);
        Assert.Equal(FilesFixture.Close(FilesFixture.Sessions(new DateOnly(2024, 1, 2), new DateOnly(2024, 3, 6)).Count - 1), atClose[^1].Close, 9);
        var secondBefore = await _source.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-10), close.AddSeconds(-1), default);
        Assert.NotEqual(atClose[^1].Close, secondBefore[^1].Close);
    }

    [Fact]
    public async Task Raw_bars_before_a_recorded_split_are_adjusted_on_read()
    {
        var bars = await _source.GetBarsAsync("SPY", BarInterval.Daily, new DateTimeOffset(2024, 1, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 3, 0, 0, 0, TimeSpan.Zero), default);
        var jan31 = bars.Single(b => NewYorkTime.DateOf(b.Timestamp) == new DateOnly(2024, 1, 31));
        // 1000, 1010, 990, 1004, 1,000,000 raw; a 2-for-1 split on 2024-02-01: prices / 2, volume * 2.
        Assert.Equal((500.0, 505.0, 495.0, 502.0, 2_000_000.0), (jan31.Open, jan31.High, jan31.Low, jan31.Close, jan31.Volume));
        var feb1 = bars.Single(b => NewYorkTime.DateOf(b.Timestamp) == new DateOnly(2024, 2, 1));
        Assert.Equal((503.0, 504.0), (feb1.Open, feb1.Close));
        Assert.Empty(_source.QualityOf("SPY", new DateTimeOffset(2024, 2, 3, 0, 0, 0, TimeSpan.Zero)).Kinds[DataKind.DailyBars].SuspectedSplits);
    }

    [Fact]
    public async Task A_split_after_the_as_of_is_not_applied()
    {
        var asOf = new DateTimeOffset(2024, 1, 31, 22, 0, 0, TimeSpan.Zero);
        var bars = await _source.GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-3), asOf, default);
        Assert.Equal(1004, bars[^1].Close);
    }

    [Fact]
    public async Task Already_adjusted_bars_are_not_adjusted_twice()
    {
        // Rewrite SPY's pre-split bars on the post-split scale: the gap is gone, so splits.csv must not halve them again.
        var path = _files.PathOf("SPY", "bars", "1d.csv");
        var lines = File.ReadAllLines(path).Select(l => l.StartsWith("2024-01-31", StringComparison.Ordinal) ? "2024-01-31,500,505,495,502,2000000" : l);
        File.WriteAllLines(path, lines.Where(l => !l.StartsWith("2024-01-", StringComparison.Ordinal) || l.StartsWith("2024-01-31", StringComparison.Ordinal)));
        var source = new FileMarketDataSource(_files.Root);
        var bars = await source.GetBarsAsync("SPY", BarInterval.Daily, new DateTimeOffset(2024, 1, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 3, 0, 0, 0, TimeSpan.Zero), default);
        Assert.Equal(502, bars.Single(b => NewYorkTime.DateOf(b.Timestamp) == new DateOnly(2024, 1, 31)).Close);
    }

    [Fact]
    public async Task An_unrecorded_split_is_flagged_in_the_quality_report()
    {
        var asOf = new DateTimeOffset(2024, 3, 5, 22, 0, 0, TimeSpan.Zero);
        var bars = await _source.GetBarsAsync("ABC", BarInterval.Daily, asOf.AddDays(-90), asOf, default);
        Assert.True(bars.Count > 40);
        var split = Assert.Single(_source.QualityOf("ABC", asOf).Kinds[DataKind.DailyBars].SuspectedSplits);
        Assert.Equal(new DateOnly(2024, 2, 15), split.Date);
        Assert.Equal(3, split.Ratio);
        Assert.Equal("2024-02-15:3", split.ToString());
    }

    [Fact]
    public async Task Without_splits_csv_the_recorded_split_of_spy_would_be_flagged()
    {
        File.Delete(_files.PathOf("SPY", "splits.csv"));
        var source = new FileMarketDataSource(_files.Root);
        var asOf = new DateTimeOffset(2024, 2, 3, 0, 0, 0, TimeSpan.Zero);
        await source.GetBarsAsync("SPY", BarInterval.Daily, asOf.AddDays(-10), asOf, default);
        Assert.Equal(new DateOnly(2024, 2, 1), Assert.Single(source.QualityOf("SPY", asOf).Kinds[DataKind.DailyBars].SuspectedSplits).Date);
    }

    [Fact]
    public async Task Bad_bar_rows_are_skipped_and_counted_by_reason()
    {
        await _source.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-90), AsOf, default);
        var daily = _source.QualityOf("SPY", AsOf).Kinds[DataKind.DailyBars];
        Assert.Equal(1, daily.SkippedByReason["bad_timestamp"]);
        Assert.Equal(1, daily.SkippedByReason["bad_price"]);
        Assert.Equal(2, daily.SkippedRows);
    }

    [Fact]
    public async Task Daily_bars_read_from_parquet()
    {
        var asOf = new DateTimeOffset(2024, 3, 6, 0, 0, 0, TimeSpan.Zero);
        var bars = await _source.GetBarsAsync("QQQ", BarInterval.Daily, asOf.AddDays(-90), asOf, default);
        var sessions = FilesFixture.Sessions(new DateOnly(2024, 1, 2), new DateOnly(2024, 3, 5));
        Assert.Equal(sessions.Count, bars.Count);
        Assert.Equal(FilesFixture.Close(sessions.Count - 1), bars[^1].Close);
        Assert.Equal(MarketCalendar.Nyse.OpenOf(sessions[^1]), bars[^1].Timestamp);
        Assert.Equal(2_000_000.0 + sessions.Count - 1, bars[^1].Volume);
    }

    [Fact]
    public async Task Minute_bars_end_at_or_before_as_of()
    {
        var minutes = await _source.GetBarsAsync("SPY", BarInterval.OneMinute, AsOf.AddHours(-1), AsOf, default);
        Assert.Equal(60, minutes.Count);
        Assert.Equal(AsOf.AddMinutes(-1), minutes[^1].Timestamp);
        var fives = await _source.GetBarsAsync("SPY", BarInterval.FiveMinutes, AsOf.AddHours(-1), AsOf, default);
        Assert.Equal(12, fives.Count);
        Assert.Equal(AsOf.AddMinutes(-5), fives[^1].Timestamp);
    }

    [Fact]
    public async Task Trades_and_quotes_stop_at_as_of_and_bad_rows_are_counted()
    {
        var trades = await _source.GetTradesAsync("SPY", new DateTimeOffset(2024, 3, 5, 14, 0, 0, TimeSpan.Zero), AsOf, default);
        Assert.All(trades, t => Assert.True(t.Timestamp <= AsOf));
        Assert.Equal(50 + 315, trades.Count); // Parquet file of 03-05 (50) + CSV prints 14:31Z .. 19:45Z of 03-06 (not the 15 after)
        Assert.Equal(AggressorSide.Buy, trades[0].Side);
        Assert.Equal(AggressorSide.Sell, trades[1].Side);
        var quotes = await _source.GetQuotesAsync("SPY", AsOf.AddHours(-1), AsOf, default);
        Assert.Equal(61, quotes.Count);
        var report = _source.QualityOf("SPY", AsOf);
        Assert.Equal(1, report.Kinds[DataKind.Trades].SkippedByReason["bad_price"]);
        Assert.Equal(1, report.Kinds[DataKind.Quotes].SkippedByReason["bad_price"]);
    }

    [Fact]
    public async Task News_stops_at_as_of_and_bad_lines_are_counted()
    {
        var news = await _source.GetHeadlinesAsync("SPY", AsOf.AddDays(-1), AsOf, default);
        Assert.Equal(["SPY rallies as inflation cools", "Stocks slip before jobs data"], news.Select(h => h.Text));
        Assert.Equal("bloomberg", news[1].Source);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 14, 15, 0, TimeSpan.Zero), news[1].Timestamp); // 09:15 New York (EST)
        Assert.Equal(1, _source.QualityOf("SPY", AsOf).Kinds[DataKind.News].SkippedByReason["invalid_json"]);
    }

    [Fact]
    public async Task A_file_missing_a_column_is_an_error_naming_file_line_and_column()
    {
        _files.Write("SPY/quotes/2024-03-06.csv", "timestamp,bid,ask,bid_size\n2024-03-06T15:00:00Z,1,2,3\n");
        var source = new FileMarketDataSource(_files.Root);
        var ex = await Assert.ThrowsAsync<DataFileException>(() => source.GetQuotesAsync("SPY", AsOf.AddHours(-1), AsOf, default));
        Assert.Equal(_files.PathOf("SPY", "quotes", "2024-03-06.csv"), ex.FilePath);
        Assert.Equal(1, ex.Line);
        Assert.Equal("ask_size", ex.Column);
        Assert.StartsWith(_files.PathOf("SPY", "quotes", "2024-03-06.csv") + " line 1 column 'ask_size': missing required column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_splits_row_is_an_error_naming_line_and_column()
    {
        _files.Write("SPY/splits.csv", "date,ratio\n2024-02-01,2\n2024-02-09,two\n");
        var source = new FileMarketDataSource(_files.Root);
        var ex = await Assert.ThrowsAsync<DataFileException>(() => source.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-5), AsOf, default));
        Assert.Equal((3, "ratio"), (ex.Line, ex.Column));
        Assert.Contains("splits.csv line 3 column 'ratio'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misnamed_snapshot_is_an_error_and_an_unreadable_one_names_its_file()
    {
        _files.Write("SPY/chains/latest.csv", "x");
        var source = new FileMarketDataSource(_files.Root);
        var misnamed = await Assert.ThrowsAsync<DataFileException>(() => source.GetChainAsync("SPY", AsOf, default));
        Assert.Contains("latest.csv", misnamed.Message, StringComparison.Ordinal);

        File.Delete(_files.PathOf("SPY", "chains", "latest.csv"));
        _files.Write("SPY/chains/20240306T194000Z.csv", "symbol,strike\nSPY,500\n");
        var bad = await Assert.ThrowsAsync<DataFileException>(() => new FileMarketDataSource(_files.Root).GetChainAsync("SPY", AsOf, default));
        Assert.StartsWith(_files.PathOf("SPY", "chains", "20240306T194000Z.csv") + ": ", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_refused()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => new FileMarketDataSource(Path.Combine(_files.Root, "nope")));
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }
}
