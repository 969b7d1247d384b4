using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Data.Tests.Files;

/// <summary>
/// Regression: Parquet.Net 6.1's nullable read overload on a required column (what the snapshot writer writes for
/// timestamps, prices and chain expiries) returned nulls for some rows depending on its pooled buffers, so reading the same
/// file twice could give different rows (trades skipped as bad timestamps, chain rows as expiry null). The readers use the
/// non-nullable overload for required columns; every read of the same bytes must give the same rows.
/// </summary>
public sealed class RequiredParquetColumnTests : IDisposable
{
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "gnosis-required-" + Guid.NewGuid().ToString("N"));

    public RequiredParquetColumnTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Reading_a_written_trades_file_again_and_again_gives_every_row_every_time()
    {
        var market = new SyntheticMarket();
        var trades = await market.GetTradesAsync("SPY", AsOf.AddHours(-5), AsOf, default);
        await new MarketSnapshotWriter(new LocalDataFileStore(_root)).WriteAsync(new MarketSnapshot("SPY", AsOf) { Trades = new(AsOf.AddHours(-5), trades) }, default);
        var path = Path.Combine(_root, "SPY", "trades", "2024-03-06.parquet");
        for (var i = 0; i < 24; i++)
        {
            // Alternate synchronous and asynchronous reads and collect between them: the failure depended on what the
            // library's pooled buffers held (with the nullable overload, reads 3 and 17 of this sequence lost rows).
            var bytes = i % 2 == 0 ? File.ReadAllBytes(path) : await File.ReadAllBytesAsync(path);
            var read = await TickFiles.ReadTradesAsync(path, bytes, new DateOnly(2024, 3, 6), default);
            Assert.Empty(read.Skips.ToImmutable());
            Assert.Equal(trades, read.Items);
            GC.Collect();
        }
    }

    [Fact]
    public async Task Reading_a_written_chain_again_and_again_keeps_every_row()
    {
        var chain = await new SyntheticMarket().GetChainAsync("SPY", AsOf, default);
        using var stream = new MemoryStream();
        await OptionChainParquet.WriteAsync(chain, stream, default);
        var bytes = stream.ToArray();
        for (var i = 0; i < 24; i++)
        {
            var path = Path.Combine(_root, "chain.parquet");
            await File.WriteAllBytesAsync(path, bytes);
            var copy = i % 2 == 0 ? File.ReadAllBytes(path) : await File.ReadAllBytesAsync(path);
            var read = OptionChainParquet.Read(copy, AsOf);
            Assert.Empty(read.Skipped);
            Assert.True(chain.Quotes.AsSpan().SequenceEqual(read.Chain.Quotes.AsSpan()));
            GC.Collect();
        }
    }
}
