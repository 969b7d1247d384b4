using System.Text.Json;
using SuperGnosis.Data.Ledger;
using SuperGnosis.Data.Tests.Files;

namespace SuperGnosis.Cli.Tests.Commands;

public sealed class BacktestFilesSourceTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_backtest_on_the_files_source_steps_through_its_sessions_and_records_each_decision()
    {
        var ledger = Path.Combine(_files.Root, "bt.jsonl");
        var (code, output, error) = await CliRunner.RunAsync("backtest", "SPY", "--from", "2024-03-04", "--to", "2024-03-07",
            "--source", "files", "--data", _files.Root, "--json", "--ledger", ledger);
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var equity = doc.RootElement.GetProperty("equity").EnumerateArray().ToList();
        Assert.Equal(["2024-03-04T21:00:00+00:00", "2024-03-05T21:00:00+00:00", "2024-03-06T21:00:00+00:00", "2024-03-07T21:00:00+00:00"],
            equity.Select(e => e.GetProperty("time").GetDateTimeOffset().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)));
        // 2024-03-04 has no chain at or before its close: nothing can be filled or held there.
        Assert.Equal((100_000.0, 0), (equity[0].GetProperty("equity").GetDouble(), equity[0].GetProperty("open_positions").GetInt32()));

        using var store = new JsonLinesLedgerStore(ledger);
        var records = (await store.ReadAllAsync(CancellationToken.None)).Records;
        Assert.Equal(4, records.Count);
        // The hedge engine read the files' chains: the spot of the 2024-03-05 21:00Z Parquet snapshot.
        Assert.Equal(505, records.Single(r => r.Timestamp == new DateTimeOffset(2024, 3, 5, 21, 0, 0, TimeSpan.Zero)).Snapshot.Hedge["spot"]);
    }
}
