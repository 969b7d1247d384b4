using System.Text.Json;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Blobs;

[Collection(AzuriteCollection.Name)]
public sealed class BlobStoreTests(AzuriteFixture azurite) : AzuriteTest(azurite)
{
    [Fact]
    public async Task TryUpload_IsInsertUnique()
    {
        var store = NewPayloadStore();
        Assert.True(await store.TryUploadAsync("a/b.json", BinaryData.FromString("{\"v\":1}"), "application/json", Ct));
        Assert.False(await store.TryUploadAsync("a/b.json", BinaryData.FromString("{\"v\":2}"), "application/json", Ct));

        Assert.Equal("{\"v\":1}", (await store.DownloadAsync("a/b.json", Ct)).ToString());
        Assert.Null(await store.TryDownloadAsync("a/absent.json", Ct));
        await Assert.ThrowsAsync<InvalidDataException>(() => store.DownloadAsync("a/absent.json", Ct));
    }

    [Fact]
    public async Task ContentAddressedNames_AreStable_AndDistinctContentGetsDistinctNames()
    {
        var store = NewPayloadStore();
        var one = await store.PutContentAddressedAsync("p", BinaryData.FromString("one"), "text/plain", Ct);
        var again = await store.PutContentAddressedAsync("p/", BinaryData.FromString("one"), "text/plain", Ct);
        var two = await store.PutContentAddressedAsync("p", BinaryData.FromString("two"), "text/plain", Ct);
        Assert.Equal(one, again);
        Assert.NotEqual(one, two);
        Assert.Equal($"p/{BlobPayloadStore.Sha256Hex(BinaryData.FromString("one"))}.json", one);
        Assert.Equal(2, (await store.ListAsync("p/", Ct)).Count);
    }

    [Fact]
    public async Task DeletePrefix_DeletesOnlyThatPrefix()
    {
        var store = NewPayloadStore();
        foreach (var name in new[] { "run-1/a.json", "run-1/b.json", "run-10/a.json", "run-2/a.json" })
        {
            await store.TryUploadAsync(name, BinaryData.FromString(name), "text/plain", Ct);
        }
        Assert.Equal(2, await store.DeletePrefixAsync("run-1/", Ct));
        Assert.Equal(["run-10/a.json", "run-2/a.json"], await store.ListAsync("", Ct));
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("ab")]
    [InlineData("double--hyphen")]
    [InlineData("under_score")]
    public void InvalidContainerNames_AreRejected(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new BlobPayloadStore(Connection.CreateBlobServiceClient(), name));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public async Task InvalidBlobNames_AreRejected()
    {
        var store = NewPayloadStore();
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryUploadAsync("/leading", BinaryData.FromString("x"), "text/plain", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryUploadAsync("back\\slash", BinaryData.FromString("x"), "text/plain", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryUploadAsync(new string('a', 1025), BinaryData.FromString("x"), "text/plain", Ct));
    }

    [Fact]
    public async Task CaptureRace_EightConcurrentCallers_AllGetTheOneStoredCopy()
    {
        // Eight processes (one store instance each: an instance shares one fetch among its own callers) race on one item.
        var store = NewPayloadStore();
        var captureId = UniqueRunId("capture");
        var fetches = 0;
        var allFetching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<EngineOutput> Fetch(CancellationToken ct)
        {
            var n = Interlocked.Increment(ref fetches);
            if (n == 8)
            {
                allFetching.SetResult();
            }
            // Nobody uploads until all 8 callers have missed the blob and fetched: a real race on the insert.
            await allFetching.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            return new EngineOutput(EngineKind.Hedge, "SPY", Samples.AsOf, new Dictionary<string, double> { ["fetch_number"] = n }, 0.5, null,
                new Dictionary<string, string>());
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            new BlobMarketCaptureStore(store).GetOrCaptureAsync(captureId, "chain:SPY", Fetch, () => ContractJson.Compact.EngineOutput, Ct)));

        Assert.Equal(8, fetches); // every caller fetched (the fetched values differ) ...
        var stored = JsonSerializer.Deserialize(
            (await store.DownloadAsync(BlobMarketCaptureStore.BlobName(captureId, "chain:SPY"), Ct)).ToString(), ContractJson.Compact.EngineOutput)!;
        foreach (var result in results) // ... but every caller got the stored copy
        {
            Assert.Equal(stored.Features["fetch_number"], result.Features["fetch_number"]);
        }

        var later = await new BlobMarketCaptureStore(store).GetOrCaptureAsync(captureId, "chain:SPY", _ => throw new InvalidOperationException("must not fetch"), () => ContractJson.Compact.EngineOutput, Ct);
        Assert.Equal(stored.Features["fetch_number"], later.Features["fetch_number"]);
    }

    [Fact]
    public async Task Chains_and_ticks_are_stored_in_the_binary_capture_format_and_read_back_bit_exactly_by_another_instance()
    {
        var store = NewPayloadStore();
        var captureId = UniqueRunId("bin");
        var t = new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.FromHours(-5)).AddTicks(7);
        IReadOnlyList<SuperGnosis.Core.MarketData.Quote> quotes = [new(t, 449.99, 450.01, 300, double.NaN), new(t.AddTicks(1), -0.0, double.PositiveInfinity, 1e-300, 2)];
        await new BlobMarketCaptureStore(store).GetOrCaptureAsync(captureId, "quotes", _ => Task.FromResult(quotes), () => SuperGnosis.Core.Pipeline.MarketCaptureJson.Default.IReadOnlyListQuote, Ct);

        var names = (await store.ListAsync("", Ct)).ToList();
        Assert.Equal([BlobMarketCaptureStore.BlobName(captureId, "quotes", binary: true)], names);
        Assert.EndsWith("/quotes.sgcb", names[0], StringComparison.Ordinal);
        var read = await new BlobMarketCaptureStore(store).GetOrCaptureAsync<IReadOnlyList<SuperGnosis.Core.MarketData.Quote>>(
            captureId, "quotes", _ => throw new InvalidOperationException("must not fetch"), () => SuperGnosis.Core.Pipeline.MarketCaptureJson.Default.IReadOnlyListQuote, Ct);
        Assert.Equal(quotes.Select(q => (q.Timestamp, q.Timestamp.Offset, BitConverter.DoubleToInt64Bits(q.Bid), BitConverter.DoubleToInt64Bits(q.Ask), BitConverter.DoubleToInt64Bits(q.BidSize), BitConverter.DoubleToInt64Bits(q.AskSize))),
            read.Select(q => (q.Timestamp, q.Timestamp.Offset, BitConverter.DoubleToInt64Bits(q.Bid), BitConverter.DoubleToInt64Bits(q.Ask), BitConverter.DoubleToInt64Bits(q.BidSize), BitConverter.DoubleToInt64Bits(q.AskSize))));
    }

    [Fact]
    public async Task Release_DropsTheMemoryCopy_AndKeepsTheBlobsAsTheRunsArchive()
    {
        var store = NewPayloadStore();
        var captures = new BlobMarketCaptureStore(store);
        var (a, b) = (UniqueRunId("a"), UniqueRunId("b"));
        foreach (var (capture, item) in new[] { (a, "chain"), (a, "bars/1m"), (b, "chain") })
        {
            await captures.GetOrCaptureAsync(capture, item, _ => Task.FromResult(Samples.Suggestion("r")), () => ContractJson.Compact.Suggestion, Ct);
        }
        Assert.Equal(3, (await store.ListAsync("", Ct)).Count);

        // The stored blob is what a release leaves: altering it shows whether the next read comes from memory or storage.
        var name = BlobMarketCaptureStore.BlobName(a, "chain");
        await store.DeleteAsync(name, Ct);
        await store.TryUploadAsync(name, BinaryData.FromString(System.Text.Json.JsonSerializer.Serialize(Samples.Suggestion("stored"), ContractJson.Compact.Suggestion)), "application/json", Ct);
        var beforeRelease = await captures.GetOrCaptureAsync(a, "chain", _ => throw new InvalidOperationException("must not fetch"), () => ContractJson.Compact.Suggestion, Ct);
        Assert.Equal(Samples.Suggestion("r").Id, beforeRelease.Id);

        await captures.ReleaseAsync(a, Ct);

        Assert.Equal(3, (await store.ListAsync("", Ct)).Count);
        var afterRelease = await captures.GetOrCaptureAsync(a, "chain", _ => throw new InvalidOperationException("must not fetch"), () => ContractJson.Compact.Suggestion, Ct);
        Assert.Equal(Samples.Suggestion("stored").Id, afterRelease.Id);
    }

    [Fact]
    public async Task Concurrent_requests_of_one_item_in_one_process_fetch_once_and_a_failed_fetch_is_not_remembered()
    {
        var captures = new BlobMarketCaptureStore(NewPayloadStore());
        var capture = UniqueRunId("c");
        var fetches = 0;
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => captures.GetOrCaptureAsync(capture, "chain", async _ =>
        {
            Interlocked.Increment(ref fetches);
            await Task.Delay(50);
            return Samples.Suggestion("r");
        }, () => ContractJson.Compact.Suggestion, Ct)));
        Assert.Equal(1, fetches);
        Assert.All(results, r => Assert.Equal(results[0].Id, r.Id));

        await Assert.ThrowsAsync<TimeoutException>(() => captures.GetOrCaptureAsync<Suggestion>(capture, "quotes", _ => throw new TimeoutException("source down"), () => ContractJson.Compact.Suggestion, Ct));
        var retried = await captures.GetOrCaptureAsync(capture, "quotes", _ => Task.FromResult(Samples.Suggestion("q")), () => ContractJson.Compact.Suggestion, Ct);
        Assert.Equal(Samples.Suggestion("q").Id, retried.Id);
    }

    [Fact]
    public void CaptureKeys_AreEscapedIntoSafeDistinctBlobNames()
    {
        Assert.Equal("run-1/chain.json", BlobMarketCaptureStore.BlobName("run-1", "chain"));
        Assert.Equal("run-1/bars%2F1m.json", BlobMarketCaptureStore.BlobName("run-1", "bars/1m"));
        Assert.NotEqual(BlobMarketCaptureStore.BlobName("run-1", "a/b"), BlobMarketCaptureStore.BlobName("run-1", "a%2Fb"));
        Assert.Equal("%2E./x.json", BlobMarketCaptureStore.BlobName("..", "x")); // never a ".." path segment
        Assert.Throws<ArgumentException>(() => BlobMarketCaptureStore.BlobName("run-1", " "));
    }

    [Fact]
    public async Task AStoredItemThatIsNotValidJson_IsReportedWithItsName()
    {
        var store = NewPayloadStore();
        var captureId = UniqueRunId();
        await store.TryUploadAsync(BlobMarketCaptureStore.BlobName(captureId, "chain"), BinaryData.FromString("{broken"), "application/json", Ct);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new BlobMarketCaptureStore(store).GetOrCaptureAsync(
            captureId, "chain", _ => Task.FromResult(Samples.Suggestion("r")), () => ContractJson.Compact.Suggestion, Ct));
        Assert.Contains(captureId, error.Message);
    }
}
