using System.Text;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Data.Ledger;

namespace SuperGnosis.Data.Tests.Ledger;

public sealed class JsonLinesLedgerStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-ledger-").FullName;

    private string PathIn(string name) => Path.Combine(_dir, name);

    private static LedgerRecord Record(int minute, double? pnl = null)
    {
        var at = new DateTimeOffset(2026, 11, 24, 15, minute, 0, TimeSpan.Zero);
        var snapshot = new StandardSnapshot("SPY", at, new Dictionary<string, double> { ["gamma_sign"] = 1 }, null!, null!, null!, "pin",
            new Dictionary<string, string> { ["run_id"] = $"run-{minute}" });
        return new LedgerRecord(at, "SPY", snapshot, [], null, [], pnl);
    }

    [Fact]
    public async Task Appends_one_line_per_record_and_reads_them_back_in_order()
    {
        using var store = new JsonLinesLedgerStore(PathIn("sub/dir/ledger.jsonl"));
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(Record(i, i * 1.5), CancellationToken.None);
        }
        var lines = await File.ReadAllLinesAsync(store.FilePath);
        Assert.Equal(5, lines.Length);
        var read = await store.ReadAllAsync(CancellationToken.None);
        Assert.Empty(read.Warnings);
        Assert.Equal(["run-0", "run-1", "run-2", "run-3", "run-4"], read.Records.Select(r => r.RunId));
        Assert.Equal(6.0, read.Records[4].RealizedPnl);
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_with_a_warning_and_earlier_records_survive()
    {
        using var store = new JsonLinesLedgerStore(PathIn("ledger.jsonl"));
        await store.AppendAsync(Record(1), CancellationToken.None);
        await store.AppendAsync(Record(2), CancellationToken.None);
        var full = ContractJson.Serialize(Record(3));
        await File.AppendAllTextAsync(store.FilePath, full[..(full.Length / 2)], Encoding.UTF8); // crash mid-write

        var read = await store.ReadAllAsync(CancellationToken.None);
        Assert.Equal(["run-1", "run-2"], read.Records.Select(r => r.RunId));
        var warning = Assert.Single(read.Warnings);
        Assert.Contains(":3: skipped unreadable line", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appending_after_a_torn_line_starts_a_new_line_so_no_record_is_lost()
    {
        using var store = new JsonLinesLedgerStore(PathIn("ledger.jsonl"));
        await store.AppendAsync(Record(1), CancellationToken.None);
        await File.AppendAllTextAsync(store.FilePath, "{\"timestamp\":\"2026-11-", Encoding.UTF8);
        await store.AppendAsync(Record(2), CancellationToken.None);

        var read = await store.ReadAllAsync(CancellationToken.None);
        Assert.Equal(["run-1", "run-2"], read.Records.Select(r => r.RunId));
        Assert.Single(read.Warnings);
    }

    [Fact]
    public async Task A_record_that_fails_contract_validation_is_reported_not_thrown()
    {
        using var store = new JsonLinesLedgerStore(PathIn("ledger.jsonl"));
        await store.AppendAsync(Record(1), CancellationToken.None);
        var bad = ContractJson.Serialize(Record(2)).Replace("\"symbol\":\"SPY\"", "\"symbol\":\"not a ticker\"", StringComparison.Ordinal);
        await File.AppendAllTextAsync(store.FilePath, bad + "\n", Encoding.UTF8);
        await store.AppendAsync(Record(3), CancellationToken.None);

        var read = await store.ReadAllAsync(CancellationToken.None);
        Assert.Equal(["run-1", "run-3"], read.Records.Select(r => r.RunId));
        Assert.Contains("symbol", Assert.Single(read.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_appends_from_one_process_never_interleave()
    {
        using var store = new JsonLinesLedgerStore(PathIn("ledger.jsonl"));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.AppendAsync(Record(i % 60), CancellationToken.None))));
        var read = await store.ReadAllAsync(CancellationToken.None);
        Assert.Empty(read.Warnings);
        Assert.Equal(40, read.Records.Count);
    }

    [Fact]
    public async Task Appending_a_run_twice_leaves_one_record_even_from_a_second_store_on_the_same_file()
    {
        using (var first = new JsonLinesLedgerStore(PathIn("ledger.jsonl")))
        {
            Assert.True(await first.AppendAsync(Record(1, 1.0), CancellationToken.None));
            Assert.False(await first.AppendAsync(Record(1, 2.0), CancellationToken.None));
            Assert.True(await first.AppendAsync(Record(2), CancellationToken.None));
        }
        using var second = new JsonLinesLedgerStore(PathIn("ledger.jsonl"));
        Assert.False(await second.AppendAsync(Record(2), CancellationToken.None));
        Assert.True(await second.AppendAsync(Record(3), CancellationToken.None));
        var read = await second.ReadAllAsync(CancellationToken.None);
        Assert.Equal(["run-1", "run-2", "run-3"], read.Records.Select(r => r.RunId));
        Assert.Equal(1.0, read.Records[0].RealizedPnl);
    }

    [Fact]
    public async Task Records_appended_by_another_writer_after_the_index_was_built_still_count_as_present()
    {
        using var store = new JsonLinesLedgerStore(PathIn("ledger.jsonl"));
        Assert.True(await store.AppendAsync(Record(1), CancellationToken.None));
        using (var other = new JsonLinesLedgerStore(store.FilePath))
        {
            Assert.True(await other.AppendAsync(Record(4), CancellationToken.None));
        }
        Assert.False(await store.AppendAsync(Record(4), CancellationToken.None));
        // A torn tail is not a record: the run it would have held can still be appended.
        await File.AppendAllTextAsync(store.FilePath, ContractJson.Serialize(Record(5))[..40]);
        Assert.True(await store.AppendAsync(Record(5), CancellationToken.None));
        var read = await store.ReadAllAsync(CancellationToken.None);
        Assert.Equal(["run-1", "run-4", "run-5"], read.Records.Select(r => r.RunId));
        Assert.Single(read.Warnings);
    }

    [Fact]
    public async Task Concurrent_appends_of_the_same_run_write_it_once()
    {
        using var store = new JsonLinesLedgerStore(PathIn("ledger.jsonl"));
        var written = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.AppendAsync(Record(7), CancellationToken.None))));
        Assert.Equal(1, written.Count(w => w));
        Assert.Single((await store.ReadAllAsync(CancellationToken.None)).Records);
    }

    [Fact]
    public async Task Query_filters_by_symbol_and_half_open_time_range_newest_first()
    {
        using var store = new JsonLinesLedgerStore(PathIn("ledger.jsonl"));
        foreach (var minute in new[] { 3, 1, 5, 2 })
        {
            await store.AppendAsync(Record(minute), CancellationToken.None);
        }
        Core.Ports.ILedgerStore ledger = store;
        var from = new DateTimeOffset(2026, 11, 24, 15, 2, 0, TimeSpan.Zero);
        var hits = await ledger.QueryAsync(new Core.Ports.LedgerQuery("SPY", from, from.AddMinutes(3)), CancellationToken.None);
        Assert.Equal(["run-3", "run-2"], hits.Select(r => r.RunId));
        Assert.Empty(await ledger.QueryAsync(new Core.Ports.LedgerQuery("QQQ"), CancellationToken.None));
        Assert.Equal(["run-5"], (await ledger.QueryAsync(new Core.Ports.LedgerQuery(Limit: 1), CancellationToken.None)).Select(r => r.RunId));
        Assert.Throws<ArgumentException>(() => new Core.Ports.LedgerQuery(Limit: 0));
    }

    [Fact]
    public async Task A_missing_file_reads_as_empty_and_default_path_honours_the_environment()
    {
        using var store = new JsonLinesLedgerStore(PathIn("absent.jsonl"));
        var read = await store.ReadAllAsync(CancellationToken.None);
        Assert.Empty(read.Records);
        Assert.Equal(Path.Combine("/data/gnosis", "ledger.jsonl"), JsonLinesLedgerStore.DefaultPath(k => k == "GNOSIS_DATA_DIR" ? "/data/gnosis" : null));
        Assert.EndsWith(Path.Combine("SuperGnosis", "ledger.jsonl"), JsonLinesLedgerStore.DefaultPath(_ => null), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
