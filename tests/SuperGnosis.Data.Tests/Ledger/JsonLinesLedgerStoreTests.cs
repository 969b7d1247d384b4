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
