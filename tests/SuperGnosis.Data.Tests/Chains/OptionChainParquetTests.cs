using Parquet;
using Parquet.Schema;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Tests.Chains.Oracle;

namespace SuperGnosis.Data.Tests.Chains;

public sealed class OptionChainParquetTests
{
    private static readonly DateTimeOffset AsOf = GeneratedChainFiles.AsOf;

    private static async Task<byte[]> Write(OptionChain chain)
    {
        using var stream = new MemoryStream();
        await OptionChainParquet.WriteAsync(chain, stream, CancellationToken.None);
        return stream.ToArray();
    }

    /// <summary>CSV -> chain -> Parquet -> chain gives the CSV's chain back, NaN, infinities, -0, roots and terms included.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Round_trip_from_csv_through_parquet_gives_the_same_chain(bool randomized)
    {
        var csv = randomized ? GeneratedChainFiles.Randomized(3).Csv : GeneratedChainFiles.Benchmark().Csv;
        var fromCsv = OptionChainCsv.Read(csv, AsOf);
        var bytes = await Write(fromCsv.Chain);

        Assert.Equal(ChainFileFormat.Parquet, ChainFile.Detect(bytes));
        var fromParquet = ChainFile.Read(bytes, ChainFileFormat.Auto, null, AsOf);

        Assert.Empty(fromParquet.Skipped);
        Assert.Equal(0, fromParquet.MalformedCells);
        ChainAssert.Identical(fromCsv with { Skipped = [], MalformedCells = 0 }, fromParquet);
        if (randomized)
        {
            Assert.Contains(fromCsv.Chain.Quotes, q => double.IsNaN(q.Bid));
            Assert.Contains(fromCsv.Chain.Quotes, q => q.Root is null);
            Assert.Contains(fromCsv.Chain.Quotes, q => q.Settlement == OptionSettlement.Am);
        }
    }

    [Fact]
    public async Task An_empty_chain_round_trips()
    {
        var bytes = await Write(new OptionChain("SPY", AsOf, double.NaN, []));
        var read = OptionChainParquet.Read(bytes, AsOf);
        Assert.Empty(read.Chain.Quotes);
        Assert.Equal(string.Empty, read.Chain.Symbol);
    }

    private static async Task<byte[]> Custom(params (DataField Field, Array Values)[] columns)
    {
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray()), stream))
        {
            using var group = writer.CreateRowGroup();
            foreach (var (field, values) in columns)
            {
                switch (values)
                {
                    case double?[] d:
                        await group.WriteAsync<double>(field, d.AsMemory());
                        break;
                    case double[] d:
                        await group.WriteAsync<double>(field, d.AsMemory());
                        break;
                    case string[] s:
                        await group.WriteAsync(field, s);
                        break;
                    case DateOnly?[] e:
                        await group.WriteAsync<DateOnly>(field, e.AsMemory());
                        break;
                    default:
                        throw new InvalidOperationException(values.GetType().Name);
                }
            }
        }
        return stream.ToArray();
    }

    private static (DataField, Array) Num(string name, params double?[] values) => (new DataField<double?>(name), values);

    private static (DataField, Array) Str(string name, params string[] values) => (new DataField<string>(name, nullable: true), values);

    private static (DataField, Array) Exp(params DateOnly?[] values) => (new DataField<DateOnly?>("expiry"), values);

    [Fact]
    public async Task Missing_required_columns_are_named()
    {
        var bytes = await Custom(Str("type", "C"), Exp(new DateOnly(2024, 1, 19)), Num("open_interest", 1));

        var ex = Assert.Throws<FormatException>(() => ChainFile.Read(bytes, ChainFileFormat.Auto, null, AsOf));

        Assert.Contains("missing required column(s): strike, underlying_price", ex.Message, StringComparison.Ordinal);
        Assert.Contains("columns: type, expiry, open_interest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_column_types_are_errors()
    {
        var strikeAsText = await Custom(Str("type", "C"), Exp(new DateOnly(2024, 1, 19)), Num("open_interest", 1), Str("strike", "470"), Num("underlying_price", 470));
        var ex = Assert.Throws<FormatException>(() => OptionChainParquet.Read(strikeAsText, AsOf));
        Assert.Equal("the chain Parquet file's column 'strike' is String; expected double", ex.Message);

        var expiryAsText = await Custom(Str("type", "C"), Str("expiry", "2024-01-19"), Num("open_interest", 1), Num("strike", 470), Num("underlying_price", 470));
        ex = Assert.Throws<FormatException>(() => OptionChainParquet.Read(expiryAsText, AsOf));
        Assert.Equal("the chain Parquet file's column 'expiry' is String; expected a date", ex.Message);

        var typeAsNumber = await Custom(Num("type", 1), Exp(new DateOnly(2024, 1, 19)), Num("open_interest", 1), Num("strike", 470), Num("underlying_price", 470));
        ex = Assert.Throws<FormatException>(() => OptionChainParquet.Read(typeAsNumber, AsOf));
        Assert.Equal("the chain Parquet file's column 'type' is Double; expected a string", ex.Message);
    }

    [Fact]
    public async Task A_column_named_twice_is_an_error()
    {
        var twice = await Custom(Str("type", "C"), Exp(new DateOnly(2024, 1, 19)), Num("open_interest", 1), Num("strike", 470), Num("underlying_price", 470), Num("Strike", 480));
        var ex = Assert.Throws<FormatException>(() => OptionChainParquet.Read(twice, AsOf));
        Assert.Equal("the chain Parquet file has the column 'Strike' twice (which copy holds the data cannot be known)", ex.Message);
    }

    [Fact]
    public void Files_that_are_not_parquet_are_errors()
    {
        var csv = "strike,type\n"u8.ToArray();
        var ex = Assert.Throws<FormatException>(() => ChainFile.Read(csv, ChainFileFormat.Parquet, null, AsOf));
        Assert.StartsWith("not a Parquet file", ex.Message, StringComparison.Ordinal);

        byte[] truncated = [.. "PAR1"u8, 1, 2, 3, 4, 5, 6, 7, 8, .. "PAR1"u8];
        ex = Assert.Throws<FormatException>(() => ChainFile.Read(truncated, ChainFileFormat.Auto, null, AsOf));
        Assert.StartsWith("the Parquet file cannot be read: ", ex.Message, StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => ChainFile.Read("PAR1", ChainFileFormat.Parquet, null, AsOf));
    }

    /// <summary>Null cells: a null type or expiry skips the row (with its 1-based row number), a null number is NaN,
    /// null terms take their defaults; the CSV's other row rules apply (symbol, root, style, settlement).</summary>
    [Fact]
    public async Task Null_and_bad_cells_are_handled_like_the_csv_reader()
    {
        var day = new DateOnly(2024, 1, 19);
        var bytes = await Custom(
            Str("Symbol", "spx", "SPX", "SPX", "QQQ", "SPX", "SPX", null!),
            Str("type", "C", null!, "put", "P", "P", "C", "call"),
            Exp(day, day, null, day, day, day, day),
            Num("strike", 4700, 4700, 4700, 4700, null, 4710, 4720),
            Num("open_interest", 10, 10, 10, 10, 10, 10, 10),
            Num("underlying_price", 4701, 4701, 4701, 4701, 4703, null, 4702),
            Str("root", null!, null!, null!, null!, "SPX", "SP-X", "spxw"),
            Str("settlement", null!, null!, null!, null!, "AM", null!, "noon"));

        var read = OptionChainParquet.Read(bytes, AsOf);

        Assert.Equal(
            [
                new SkippedChainRow(2, "type '' is not C, P, call or put"),
                new SkippedChainRow(3, "expiry is null (expected a date)"),
                new SkippedChainRow(4, "symbol 'QQQ' differs from the chain's 'SPX'"),
                new SkippedChainRow(6, "root 'SP-X' is not an OCC root (1-6 letters and an optional digit)"),
                new SkippedChainRow(7, "settlement 'noon' is not am or pm"),
            ],
            read.Skipped);
        Assert.Equal("SPX", read.Chain.Symbol);
        Assert.Equal(4702, read.Chain.UnderlyingPrice); // median of 4701 and 4703
        Assert.Equal(2, read.Chain.Quotes.Length);
        var first = read.Chain.Quotes[0];
        Assert.Equal((OptionRight.Call, 4700.0, (string?)null, ExerciseStyle.European, OptionSettlement.Pm), (first.Right, first.Strike, first.Root, first.ExerciseStyle, first.Settlement));
        Assert.True(double.IsNaN(first.Bid) && double.IsNaN(first.Gamma));
        var second = read.Chain.Quotes[1];
        Assert.True(double.IsNaN(second.Strike));
        Assert.Equal(("SPX", OptionSettlement.Am), (second.Root, second.Settlement));
    }
}
