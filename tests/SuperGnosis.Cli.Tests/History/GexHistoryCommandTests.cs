using System.Buffers.Binary;
using System.Text.Json;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Cli.Tests.History;

/// <summary>
/// <c>gnosis gex history</c> over chain snapshots of the synthetic market written in the files layout: each row equals
/// <c>gnosis gex</c> on that snapshot, the range filters by stamp, bad snapshots are skipped and listed, the PNG is written.
/// </summary>
public sealed class GexHistoryCommandTests : IAsyncLifetime
{
    /// <summary>Stamps of the snapshots written: Tue 2024-03-05 10:00 and 13:00 New York, Wed 2024-03-06 14:45, Thu 2024-03-07 10:00.</summary>
    private static readonly DateTimeOffset[] Stamps =
    [
        new(2024, 3, 5, 15, 0, 0, TimeSpan.Zero),
        new(2024, 3, 5, 18, 0, 0, TimeSpan.Zero),
        new(2024, 3, 6, 19, 45, 0, TimeSpan.Zero),
        new(2024, 3, 7, 15, 0, 0, TimeSpan.Zero),
    ];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "gnosis-history-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var market = new SyntheticMarket();
        var writer = new MarketSnapshotWriter(new LocalDataFileStore(_root));
        foreach (var stamp in Stamps)
        {
            await writer.WriteAsync(new MarketSnapshot("SPY", stamp) { Chain = await market.GetChainAsync("SPY", stamp, default) }, default);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<GexHistoryDocument> HistoryJson(params string[] extra)
    {
        var (code, output, error) = await CliRunner.RunAsync(["gex", "history", "SPY", "--data", _root, "--json", .. extra]);
        Assert.True(code == 0, error);
        return JsonSerializer.Deserialize(output, GexHistoryJsonContext.Default.GexHistoryDocument)!;
    }

    [Fact]
    public async Task Each_row_equals_gnosis_gex_on_that_snapshot()
    {
        var history = await HistoryJson();
        Assert.Equal(Stamps, history.Rows.Select(r => r.Stamp));
        Assert.Empty(history.Skipped);
        Assert.Equal(4, history.SnapshotsInRange);
        foreach (var row in history.Rows)
        {
            var (code, output, error) = await CliRunner.RunAsync("gex", "SPY", "--source", "files", "--data", _root, "--as-of", row.Stamp.ToString("O"), "--json");
            Assert.True(code == 0, error);
            using var gex = JsonDocument.Parse(output);
            var output0 = gex.RootElement.GetProperty("engine_output");
            var features = output0.GetProperty("features");
            Assert.Equal(features.GetProperty(HedgeFeatureNames.Spot).GetDouble(), row.Spot);
            Assert.Equal(features.GetProperty(HedgeFeatureNames.ZeroGammaLevel).GetDouble(), row.ZeroGammaLevel);
            Assert.Equal(features.GetProperty(HedgeFeatureNames.CallWall).GetDouble(), row.CallWall);
            Assert.Equal(features.GetProperty(HedgeFeatureNames.PutWall).GetDouble(), row.PutWall);
            Assert.Equal(features.GetProperty(HedgeFeatureNames.AbsGammaStrike).GetDouble(), row.AbsGammaStrike);
            Assert.Equal(features.GetProperty(HedgeFeatureNames.NetGexUsdPer1Pct).GetDouble(), row.NetGexUsdPer1Pct);
            Assert.Equal(features.GetProperty(HedgeFeatureNames.GrossGexUsdPer1Pct).GetDouble(), row.GrossGexUsdPer1Pct);
            Assert.Equal(output0.GetProperty("regime").GetString(), row.Regime);
            Assert.Equal(output0.GetProperty("confidence").GetDouble(), row.Confidence);
            Assert.Equal(output0.GetProperty("metadata").GetProperty(HedgeMetadataKeys.RowsUsed).GetString(), row.RowsUsed.ToString());
            Assert.True(row.ZeroGammaLevel > 0 && row.CallWall > 0 && row.PutWall > 0);
        }
        // The levels move with the market: a history of one repeated value would not be one.
        Assert.True(history.Rows.Select(r => r.Spot).Distinct().Count() == 4);
    }

    [Fact]
    public async Task The_expiry_filter_applies_to_every_row_as_in_gnosis_gex()
    {
        var history = await HistoryJson("--max-dte", "7");
        Assert.Equal("all", history.ExpiryFilter);
        Assert.Equal(7, history.MaxDte);
        var row = history.Rows[2];
        var (code, output, error) = await CliRunner.RunAsync("gex", "SPY", "--data", _root, "--as-of", row.Stamp.ToString("O"), "--json", "--max-dte", "7");
        Assert.True(code == 0, error);
        using var gex = JsonDocument.Parse(output);
        Assert.Equal(gex.RootElement.GetProperty("engine_output").GetProperty("features").GetProperty(HedgeFeatureNames.NetGexUsdPer1Pct).GetDouble(), row.NetGexUsdPer1Pct);
        Assert.NotEqual((await HistoryJson()).Rows[2].NetGexUsdPer1Pct, row.NetGexUsdPer1Pct);
    }

    [Fact]
    public async Task From_and_to_select_stamps_and_a_date_alone_as_to_keeps_its_whole_day()
    {
        var history = await HistoryJson("--from", "2024-03-05T18:00:00Z", "--to", "2024-03-06");
        Assert.Equal([Stamps[1], Stamps[2]], history.Rows.Select(r => r.Stamp));
        Assert.Equal(Stamps[1], history.From);
        var single = await HistoryJson("--from", "2024-03-07");
        Assert.Equal([Stamps[3]], single.Rows.Select(r => r.Stamp));
    }

    [Fact]
    public async Task An_empty_range_says_so_and_what_the_folder_has()
    {
        var (code, output, error) = await CliRunner.RunAsync("gex", "history", "SPY", "--data", _root, "--from", "2024-04-01");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            $"error: no chain snapshot of SPY stamped from 2024-04-01T04:00:00Z to the last in {Path.Combine(_root, "SPY", "chains")}; it has 4 from 2024-03-05T15:00:00Z to 2024-03-07T15:00:00Z",
            error.Trim());

        var reversed = await CliRunner.RunAsync("gex", "history", "SPY", "--data", _root, "--from", "2024-03-07", "--to", "2024-03-05");
        Assert.Equal(2, reversed.Code);
        Assert.Contains("is after --to", reversed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_snapshots_are_skipped_counted_and_listed_never_used()
    {
        var chains = Path.Combine(_root, "SPY", "chains");
        File.WriteAllText(Path.Combine(chains, "20240306T160000Z.csv"), "not,a,chain\n1,2,3\n");
        File.WriteAllBytes(Path.Combine(chains, "20240306T170000Z.parquet"), [.. "PAR1"u8, 1, 2, 3, 4, .. "PAR1"u8]);
        File.WriteAllText(Path.Combine(chains, "latest.csv"), "x");

        var (code, output, error) = await CliRunner.RunAsync("gex", "history", "SPY", "--data", _root, "--json");
        Assert.True(code == 0, error);
        var history = JsonSerializer.Deserialize(output, GexHistoryJsonContext.Default.GexHistoryDocument)!;
        Assert.Equal(Stamps, history.Rows.Select(r => r.Stamp));
        Assert.Equal(7, history.SnapshotsInRange);
        Assert.Equal(3, history.Skipped.Count);
        Assert.Null(history.Skipped[0].Stamp); // the misnamed file, listed first
        Assert.Contains("'latest.csv' is not a chain snapshot name", history.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 16, 0, 0, TimeSpan.Zero), history.Skipped[1].Stamp);
        Assert.Contains("missing required column(s)", history.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(chains, "20240306T170000Z.parquet"), history.Skipped[2].File);
        Assert.Contains("Parquet", history.Skipped[2].Reason, StringComparison.Ordinal);
        Assert.Contains("warning: 3 of 7 snapshot file(s) in the range were skipped", error, StringComparison.Ordinal);
        Assert.Contains($"skipped {Path.Combine(chains, "20240306T160000Z.csv")}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_png_is_a_1200_by_700_chart_and_the_text_view_lists_every_snapshot()
    {
        var png = Path.Combine(_root, "history.png");
        var (code, output, error) = await CliRunner.RunAsync("gex", "history", "SPY", "--data", _root, "--png", png);
        Assert.True(code == 0, error);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        Assert.Equal(1200, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(700, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        Assert.True(bytes.Length > 20_000, $"a chart with four series, not an empty image ({bytes.Length} bytes)");
        Assert.Contains("2024-03-05 15:00", output, StringComparison.Ordinal);
        Assert.Contains("2024-03-07 15:00", output, StringComparison.Ordinal);
        Assert.Contains("4 snapshot(s) analysed, 0 skipped, of 4 in the range.", output, StringComparison.Ordinal);
        Assert.Contains($"wrote {png}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symbol_without_snapshots_and_a_missing_folder_are_usage_errors()
    {
        var none = await CliRunner.RunAsync("gex", "history", "QQQ", "--data", _root);
        Assert.Equal(2, none.Code);
        Assert.Contains("no chain snapshot of QQQ in", none.Err, StringComparison.Ordinal);
        var missing = await CliRunner.RunAsync("gex", "history", "SPY", "--data", Path.Combine(_root, "nope"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("no such directory", missing.Err, StringComparison.Ordinal);
    }
}
