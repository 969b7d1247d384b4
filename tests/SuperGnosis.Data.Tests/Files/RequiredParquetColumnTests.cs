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

    /// <summary>
    /// A chain file from another writer with required (non-nullable) number columns of many rows beside a nullable one: every
    /// row is read, nulls of the nullable column land on their own rows (the raw reads pack the defined values first).
    /// </summary>
    [Fact]
    public async Task A_chain_with_required_number_columns_of_many_pages_reads_every_row()
    {
        const int n = 30_000;
        var fields = new Parquet.Schema.DataField[]
        {
            new Parquet.Schema.DataField<double>("strike"), new Parquet.Schema.DataField<double>("open_interest"), new Parquet.Schema.DataField<double>("underlying_price"),
            new Parquet.Schema.DataField<double?>("gamma"), new Parquet.Schema.DataField<DateOnly>("expiry"), new Parquet.Schema.DataField<string>("type"),
        };
        // Values that do not repeat (no dictionary): the columns are written plainly, in several pages.
        var random = new Random(15);
        var strikes = Enumerable.Range(0, n).Select(_ => 50 + (random.NextDouble() * 900)).ToArray();
        var oi = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10_000).ToArray();
        var gamma = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? (double?)null : i * 1e-6).ToArray();
        using var stream = new MemoryStream();
        await using (var writer = await Parquet.ParquetWriter.CreateAsync(new Parquet.Schema.ParquetSchema(fields), stream))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(fields[0], strikes.AsMemory(), null, null, default);
            await group.WriteAsync<double>(fields[1], oi.AsMemory(), null, null, default);
            await group.WriteAsync<double>(fields[2], Enumerable.Repeat(400.0, n).ToArray().AsMemory(), null, null, default);
            await group.WriteAsync<double>(fields[3], gamma.AsMemory(), null, null, default);
            await group.WriteAsync<DateOnly>(fields[4], Enumerable.Repeat(new DateOnly(2024, 3, 15), n).ToArray().AsMemory(), null, null, default);
            await group.WriteAsync(fields[5], Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "C" : "P").ToArray(), null);
        }
        var read = OptionChainParquet.Read(stream.ToArray(), AsOf, "SPY");
        Assert.Empty(read.Skipped);
        Assert.Equal(n, read.Chain.Quotes.Length);
        Assert.Equal(strikes, read.Chain.Quotes.Select(q => q.Strike));
        Assert.Equal(oi, read.Chain.Quotes.Select(q => q.OpenInterest));
        Assert.Equal(gamma.Select(g => g ?? double.NaN), read.Chain.Quotes.Select(q => q.Gamma));
        Assert.Equal(400, read.Chain.UnderlyingPrice);
        Assert.All(read.Chain.Quotes, q => Assert.True(double.IsNaN(q.Vanna)));
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
