using System.Text;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Blobs;

/// <summary>
/// The files layout in a blob container: conditional whole-blob writes, folder listings, the snapshot writer and the files
/// source through the same reader as a local folder, and the capture store's read-back of a run's items (the archive's input).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobDataFileStoreTests(AzuriteFixture azurite) : AzuriteTest(azurite)
{
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);

    private BlobDataFileStore NewStore(string prefix = "") =>
        BlobDataFileStore.Open(Connection.CreateBlobServiceClient(), "az://" + AzuriteFixture.UniqueName("files-") + (prefix.Length > 0 ? "/" + prefix : string.Empty));

    [Fact]
    public async Task Writes_are_create_only_or_replace_exactly_what_was_read()
    {
        var store = NewStore();
        Assert.Null(await store.ReadAsync("SPY/news.jsonl", Ct));
        Assert.True(await store.TryWriteAsync("SPY/news.jsonl", "one\n"u8.ToArray(), null, Ct));
        Assert.False(await store.TryWriteAsync("SPY/news.jsonl", "other\n"u8.ToArray(), null, Ct)); // it exists now

        var first = (await store.ReadAsync("SPY/news.jsonl", Ct))!;
        Assert.Equal("one\n", Encoding.UTF8.GetString(first.Bytes.Span));
        Assert.True(await store.TryWriteAsync("SPY/news.jsonl", "one\ntwo\n"u8.ToArray(), first.Version, Ct));
        Assert.False(await store.TryWriteAsync("SPY/news.jsonl", "lost\n"u8.ToArray(), first.Version, Ct)); // stale version
        Assert.False(await store.TryWriteAsync("SPY/absent.jsonl", "x"u8.ToArray(), first.Version, Ct)); // nothing to replace
        var second = (await store.ReadAsync("SPY/news.jsonl", Ct))!;
        Assert.Equal("one\ntwo\n", Encoding.UTF8.GetString(second.Bytes.Span));
        Assert.NotEqual(first.Version, second.Version);
    }

    [Fact]
    public async Task A_folder_lists_its_own_files_in_order_and_a_prefix_keeps_stores_apart()
    {
        var store = NewStore("team-a");
        foreach (var path in new[] { "SPY/bars/1d.parquet", "SPY/bars/1m/2024-03-06.parquet", "SPY/bars/1m/2024-03-05.parquet", "SPY/news.jsonl" })
        {
            Assert.True(await store.TryWriteAsync(path, "x"u8.ToArray(), null, Ct));
        }
        Assert.Equal(["SPY/bars/1d.parquet"], (await store.ListAsync("SPY/bars", Ct)).Select(e => e.Path));
        Assert.Equal(["SPY/bars/1m/2024-03-05.parquet", "SPY/bars/1m/2024-03-06.parquet"], (await store.ListAsync("SPY/bars/1m", Ct)).Select(e => e.Path));
        Assert.Empty(await store.ListAsync("QQQ", Ct));
        Assert.True(await store.FolderExistsAsync("SPY", Ct));
        Assert.False(await store.FolderExistsAsync("QQQ", Ct));
        Assert.EndsWith("/team-a/SPY/news.jsonl", store.Describe("SPY/news.jsonl"), StringComparison.Ordinal);
        Assert.StartsWith("az://files-", store.Location, StringComparison.Ordinal);

        // The same container without the prefix sees the files under team-a/, not at its root.
        var (container, _) = BlobDataFileStore.Parse(store.Location);
        var root = BlobDataFileStore.Open(Connection.CreateBlobServiceClient(), "az://" + container);
        Assert.False(await root.FolderExistsAsync("SPY", Ct));
        Assert.True(await root.FolderExistsAsync("team-a/SPY", Ct));
        // A container that does not exist reads as empty.
        Assert.Empty(await NewStore().ListAsync("SPY", Ct));
    }

    [Theory]
    [InlineData("az://Bad_Name", "is not a valid blob container name")]
    [InlineData("az://sg-archive/../x", "without '..'")]
    [InlineData("/data/local", "is not a blob location")]
    public void Bad_locations_are_named(string location, string problem)
    {
        Assert.Contains(problem, BlobDataFileStore.Problem(location), StringComparison.Ordinal);
        Assert.Null(BlobDataFileStore.Problem("az://sg-archive/team-a"));
    }

    [Fact]
    public async Task A_snapshot_written_to_a_container_reads_back_through_the_files_source()
    {
        var market = new SyntheticMarket();
        var store = NewStore();
        var open = MarketCalendar.Nyse.OpenOf(new DateOnly(2024, 3, 6));
        var snapshot = new MarketSnapshot("SPY", AsOf)
        {
            Chain = await market.GetChainAsync("SPY", AsOf, Ct),
            DailyBars = new(AsOf.AddDays(-30), await market.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-30), AsOf, Ct)),
            MinuteBars = new(open, await market.GetBarsAsync("SPY", BarInterval.OneMinute, open, AsOf, Ct)),
            Trades = new(AsOf.AddHours(-2), await market.GetTradesAsync("SPY", AsOf.AddHours(-2), AsOf, Ct)),
        };
        var written = await new MarketSnapshotWriter(store).WriteAsync(snapshot, Ct);
        Assert.All(written.Files, f => Assert.Equal(SnapshotFileOutcome.Created, f.Outcome));
        Assert.All((await new MarketSnapshotWriter(store).WriteAsync(snapshot, Ct)).Files, f => Assert.Equal(SnapshotFileOutcome.Unchanged, f.Outcome));

        var files = new FileMarketDataSource(store);
        var chain = await files.GetChainAsync("SPY", AsOf, Ct);
        Assert.True(snapshot.Chain!.Quotes.AsSpan().SequenceEqual(chain.Quotes.AsSpan()));
        Assert.Equal(snapshot.Chain.UnderlyingPrice, chain.UnderlyingPrice);
        Assert.Equal(await market.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-30), AsOf, Ct), await files.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-30), AsOf, Ct));
        Assert.Equal(snapshot.Trades!.Items, await files.GetTradesAsync("SPY", AsOf.AddHours(-2), AsOf, Ct));
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero), files.QualityOf("SPY", AsOf).Kinds[DataKind.Chain].SnapshotTime);
    }

    [Fact]
    public async Task Two_writers_extending_one_file_at_once_both_land()
    {
        var store = NewStore();
        var open = MarketCalendar.Nyse.OpenOf(new DateOnly(2024, 3, 6));
        var trades = Enumerable.Range(0, 400).Select(i => new Trade(open.AddSeconds(i * 30 + 1), 500 + (i * 0.01), 100 + i, i % 2 == 0 ? AggressorSide.Buy : AggressorSide.Sell)).ToList();
        await new MarketSnapshotWriter(store).WriteAsync(new MarketSnapshot("SPY", open.AddMinutes(10)) { Trades = new(open, [.. trades.Where(t => t.Timestamp <= open.AddMinutes(10))]) }, Ct);

        // Two later snapshots at once: each reads the file, merges and writes conditionally; the loser reads again and merges again.
        var asOfs = new[] { open.AddMinutes(120), open.AddMinutes(200) };
        var results = await Task.WhenAll(asOfs.Select(at =>
            new MarketSnapshotWriter(store).WriteAsync(new MarketSnapshot("SPY", at) { Trades = new(open, [.. trades.Where(t => t.Timestamp <= at)]) }, Ct)));
        Assert.All(results, r => Assert.NotEqual(SnapshotFileOutcome.Created, Assert.Single(r.Files).Outcome));
        var held = await new FileMarketDataSource(store).GetTradesAsync("SPY", open, open.AddMinutes(300), Ct);
        Assert.Equal(trades.Where(t => t.Timestamp <= open.AddMinutes(200)), held);
    }

    [Fact]
    public async Task The_capture_store_reads_back_every_item_of_a_capture_typed_by_its_key()
    {
        var payloads = NewPayloadStore();
        var captures = new BlobMarketCaptureStore(payloads);
        var market = new SyntheticMarket();
        var captured = new CapturedMarketData(captures, market, market, market);
        var chain = await captured.GetChainAsync("SPY", AsOf, Ct);
        var bars = await captured.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-10), AsOf, Ct);
        var news = await captured.GetHeadlinesAsync("SPY", AsOf.AddDays(-3), AsOf, Ct);
        var id = CapturedMarketData.CaptureIdFor("SPY", AsOf);
        // A blob under the capture that no capture method makes is left out.
        await payloads.TryUploadAsync(BlobMarketCaptureStore.BlobName(id, "notes"), BinaryData.FromString("{}"), "application/json", Ct);

        // Another process (a fresh store, nothing in memory) sees the same items.
        var items = await new BlobMarketCaptureStore(payloads).ReadCaptureAsync(id, Ct);
        Assert.Equal(["bars.daily." + AsOf.AddDays(-10).UtcTicks, "chain", "news." + AsOf.AddDays(-3).UtcTicks], items.Select(i => i.Key));
        Assert.True(chain.Quotes.AsSpan().SequenceEqual(((OptionChain)items[1].Value).Quotes.AsSpan()));
        Assert.Equal(bars, (IReadOnlyList<Bar>)items[0].Value);
        Assert.Equal(news, (IReadOnlyList<NewsHeadline>)items[2].Value);
        Assert.Empty(await captures.ReadCaptureAsync(CapturedMarketData.CaptureIdFor("QQQ", AsOf), Ct));
    }
}
