using System.Buffers;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Chains;

/// <summary>
/// Option chains as Apache Parquet (Parquet.Net): the columns of <see cref="OptionChainCsv"/>, typed. Numbers are
/// <c>double</c> (optional: null = missing = NaN), <c>expiry</c> a Parquet DATE, <c>type</c> a string (C/P, also
/// call/put), <c>symbol</c>, <c>root</c>, <c>exercise_style</c> and <c>settlement</c> strings (optional), <c>dte</c> an
/// int32 (written, ignored when read). Column names are matched case-insensitively; unknown columns are ignored.
/// <para>Row rules are the CSV reader's (<see cref="ChainRows"/>): a row whose type is not C/P/call/put, whose expiry is
/// null, whose symbol differs from the first row's or whose contract terms are invalid is skipped and reported with
/// its 1-based row number in the file. A whole file is rejected (<see cref="FormatException"/>) when it is not
/// Parquet, lacks a required column (<see cref="OptionChainCsv.RequiredColumns"/>) or has a known column of another
/// type (e.g. <c>strike</c> as a string, <c>expiry</c> as a string or timestamp). There are no malformed cells (the
/// values are typed) and no file timestamp: the as-of comes from the caller, as for a CSV.</para>
/// </summary>
public static class OptionChainParquet
{
    /// <summary>"PAR1": the first and last four bytes of every Parquet file.</summary>
    public static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private static readonly string[] NumberColumns =
        ["underlying_price", "strike", "mid_price", "bid", "ask", "volume", "open_interest", "delta", "gamma", "vega", "theta", "vanna", "charm", "iv"];

    private static readonly string[] StringColumns = ["symbol", "type", "root", "exercise_style", "settlement"];

    private static readonly ParquetOptions ReadOptions = new() { UseDateOnlyTypeForDates = true };

    /// <summary>True when <paramref name="bytes"/> starts with the Parquet magic <c>PAR1</c>.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Magic);

    /// <summary>Reads a chain from a Parquet file's bytes (synchronously: the bytes are in memory).</summary>
    public static ChainFileResult Read(ReadOnlyMemory<byte> bytes, DateTimeOffset asOf) => Read(bytes, asOf, null);

    /// <summary>Reads a chain from a Parquet file's bytes; the chain's symbol is <paramref name="chainSymbol"/> when given, else
    /// the symbol most rows give (rows naming another are skipped).</summary>
    public static ChainFileResult Read(ReadOnlyMemory<byte> bytes, DateTimeOffset asOf, string? chainSymbol)
    {
        var span = bytes.Span;
        if (span.Length < 12 || !span.StartsWith(Magic) || !span.EndsWith(Magic))
        {
            throw new FormatException("not a Parquet file (expected the magic bytes PAR1 at its start and end)");
        }
        using var stream = new ReadOnlyMemoryStream(bytes);
        return ReadAsync(stream, asOf, chainSymbol, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Reads a chain from a seekable stream holding a Parquet file.</summary>
    public static ValueTask<ChainFileResult> ReadAsync(Stream stream, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        ReadAsync(stream, asOf, null, cancellationToken);

    /// <summary>Reads a chain from a seekable stream holding a Parquet file, with the chain's symbol when given.</summary>
    public static async ValueTask<ChainFileResult> ReadAsync(Stream stream, DateTimeOffset asOf, string? chainSymbol, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadCoreAsync(stream, asOf, chainSymbol, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCorruptFile(ex))
        {
            // Whatever part of a corrupt file the library trips on (footer, schema, pages), the file cannot be read.
            throw new FormatException($"the Parquet file cannot be read: {ex.Message}", ex);
        }
    }

    private static async ValueTask<ChainFileResult> ReadCoreAsync(Stream stream, DateTimeOffset asOf, string? chainSymbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, ReadOptions, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsCorruptFile(ex))
        {
            throw new FormatException($"the Parquet file cannot be read: {ex.Message}", ex);
        }
        await using (reader.ConfigureAwait(false))
        {
            var fields = new Dictionary<string, Field>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in reader.Schema.Fields)
            {
                if (!fields.TryAdd(field.Name.Trim(), field))
                {
                    throw new FormatException($"the chain Parquet file has the column '{field.Name.Trim()}' twice (which copy holds the data cannot be known)");
                }
            }
            var missing = OptionChainCsv.RequiredColumns.Where(c => !fields.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                throw new FormatException(
                    $"the chain Parquet file is missing required column(s): {string.Join(", ", missing)} (columns: {string.Join(", ", reader.Schema.Fields.Select(f => f.Name))})");
            }
            DataField? Column(string name, Type expected, string expectedName)
            {
                if (!fields.TryGetValue(name, out var field))
                {
                    return null;
                }
                if (field is not DataField data || data.IsArray || Normal(data.ClrType) != expected)
                {
                    var actual = field is DataField d ? (d.IsArray ? "a list of " : string.Empty) + Normal(d.ClrType).Name : field.SchemaType.ToString().ToLowerInvariant();
                    throw new FormatException($"the chain Parquet file's column '{field.Name}' is {actual}; expected {expectedName}");
                }
                return data;
            }
            var numbers = NumberColumns.ToDictionary(n => n, n => Column(n, typeof(double), "double"));
            var strings = StringColumns.ToDictionary(n => n, n => Column(n, typeof(string), "a string"));
            var expiryField = Column("expiry", typeof(DateOnly), "a date")!;

            long total = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                total += reader.OpenRowGroupReader(g).RowCount;
            }
            var rows = new ChainRows(checked((int)total));
            var rowNumber = 0;
            try
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    var count = checked((int)group.RowCount);
                    using var columns = new RowGroupColumns(group, count, cancellationToken);
                    var spot = await columns.NumbersAsync(numbers["underlying_price"]).ConfigureAwait(false);
                    var strike = await columns.NumbersAsync(numbers["strike"]).ConfigureAwait(false);
                    var mid = await columns.NumbersAsync(numbers["mid_price"]).ConfigureAwait(false);
                    var bid = await columns.NumbersAsync(numbers["bid"]).ConfigureAwait(false);
                    var ask = await columns.NumbersAsync(numbers["ask"]).ConfigureAwait(false);
                    var volume = await columns.NumbersAsync(numbers["volume"]).ConfigureAwait(false);
                    var oi = await columns.NumbersAsync(numbers["open_interest"]).ConfigureAwait(false);
                    var delta = await columns.NumbersAsync(numbers["delta"]).ConfigureAwait(false);
                    var gamma = await columns.NumbersAsync(numbers["gamma"]).ConfigureAwait(false);
                    var vega = await columns.NumbersAsync(numbers["vega"]).ConfigureAwait(false);
                    var theta = await columns.NumbersAsync(numbers["theta"]).ConfigureAwait(false);
                    var vanna = await columns.NumbersAsync(numbers["vanna"]).ConfigureAwait(false);
                    var charm = await columns.NumbersAsync(numbers["charm"]).ConfigureAwait(false);
                    var iv = await columns.NumbersAsync(numbers["iv"]).ConfigureAwait(false);
                    var symbol = await columns.TextAsync(strings["symbol"]).ConfigureAwait(false);
                    var type = await columns.TextAsync(strings["type"]).ConfigureAwait(false);
                    var root = await columns.TextAsync(strings["root"]).ConfigureAwait(false);
                    var style = await columns.TextAsync(strings["exercise_style"]).ConfigureAwait(false);
                    var settlement = await columns.TextAsync(strings["settlement"]).ConfigureAwait(false);
                    var (expiry, hasExpiry) = await columns.DatesAsync(expiryField).ConfigureAwait(false);

                    rowNumber = AddRows(rows, rowNumber, count, new Columns(spot, strike, mid, bid, ask, volume, oi, delta, gamma, vega, theta, vanna, charm, iv,
                        symbol, type, root, style, settlement, expiry, hasExpiry));
                }
            }
            catch (Exception ex) when (IsCorruptFile(ex))
            {
                throw new FormatException($"the Parquet file cannot be read: {ex.Message}", ex);
            }
            return rows.Build(asOf, 0, chainSymbol);
        }
    }

    /// <summary>
    /// What a corrupt or foreign file makes the Parquet library throw: its own exceptions (Thrift and Parquet errors), and
    /// the framework's for out-of-range offsets, bad lengths and unexpected data. A cancellation is not one of them.
    /// </summary>
    private static bool IsCorruptFile(Exception ex) =>
        ex is not (OperationCanceledException or FormatException or OutOfMemoryException or StackOverflowException)
        && (ex is IOException or InvalidDataException or ParquetException or NotSupportedException or ArgumentException or InvalidOperationException
            or IndexOutOfRangeException or OverflowException or NullReferenceException or InvalidCastException
            || ex.GetType().Namespace?.StartsWith("Parquet", StringComparison.Ordinal) == true);

    /// <summary>Parquet.Net reads UTF-8 string columns as <see cref="ReadOnlyMemory{T}"/> of char: a string.</summary>
    private static Type Normal(Type clrType) => clrType == typeof(ReadOnlyMemory<char>) ? typeof(string) : clrType;

    /// <summary>
    /// One row group's columns, each at least the row group's length (pooled arrays): numbers with NaN for null, text with
    /// an empty value for null, expiries with their presence (missing optional columns: all NaN or all empty).
    /// </summary>
    private sealed record Columns(double[] Spot, double[] Strike, double[] Mid, double[] Bid, double[] Ask, double[] Volume, double[] OpenInterest,
        double[] Delta, double[] Gamma, double[] Vega, double[] Theta, double[] Vanna, double[] Charm, double[] Iv,
        ReadOnlyMemory<char>[] Symbol, ReadOnlyMemory<char>[] Type, ReadOnlyMemory<char>[] Root, ReadOnlyMemory<char>[] Style, ReadOnlyMemory<char>[] Settlement,
        DateOnly[] Expiry, bool[] HasExpiry);

    /// <summary>The <paramref name="count"/> rows of one row group through the CSV's row rules; returns the last row number used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddRows(ChainRows rows, int rowNumber, int count, Columns c)
    {
        for (var i = 0; i < count; i++)
        {
            var row = ++rowNumber;
            if (!rows.TryRight(row, Trimmed(c.Type[i]), out var right))
            {
                continue;
            }
            if (!c.HasExpiry[i])
            {
                rows.Skip(row, "expiry is null (expected a date)");
                continue;
            }
            var expiry = c.Expiry[i];
            if (!rows.TryTerms(row, Trimmed(c.Symbol[i]), Trimmed(c.Root[i]), Trimmed(c.Style[i]), Trimmed(c.Settlement[i]),
                out var root, out var style, out var settlement))
            {
                continue;
            }
            rows.Add(c.Spot[i], new OptionQuote(expiry, c.Strike[i], right, c.Bid[i], c.Ask[i], c.Mid[i], c.Volume[i], c.OpenInterest[i], c.Iv[i],
                c.Delta[i], c.Gamma[i], c.Vega[i], c.Theta[i], c.Vanna[i], c.Charm[i], root, style, settlement));
        }
        return rowNumber;
    }

    private static ReadOnlySpan<char> Trimmed(ReadOnlyMemory<char> text) => text.Span.Trim();

    /// <summary>
    /// Reads the columns of one row group into arrays from <see cref="ArrayPool{T}.Shared"/> (returned on dispose): no array
    /// per column per read, no nullable wrapper, no string per text cell. Through Parquet.Net's raw reads: the defined values
    /// packed first, then spread to their rows by the definition levels (a row whose level is below the column's maximum is
    /// null). A required column (maximum level 0) is read as is; it is still given a levels buffer (Parquet.Net 6.1 refused
    /// 20,000-row required double columns without one, "Definition levels buffer is too small", in a probe; and its nullable
    /// overload returned spurious nulls on required columns).
    /// </summary>
    private sealed class RowGroupColumns(ParquetRowGroupReader group, int count, CancellationToken cancellationToken) : IDisposable
    {
        private readonly List<Action> _returns = [];
        private int[]? _levels;

        public async ValueTask<double[]> NumbersAsync(DataField? field)
        {
            var values = Rent<double>();
            if (field is null)
            {
                values.AsSpan(0, count).Fill(double.NaN);
                return values;
            }
            await ReadAsync(field, values, double.NaN).ConfigureAwait(false);
            return values;
        }

        public async ValueTask<ReadOnlyMemory<char>[]> TextAsync(DataField? field)
        {
            var values = Rent<ReadOnlyMemory<char>>();
            if (field is null)
            {
                values.AsSpan(0, count).Clear();
                return values;
            }
            await ReadAsync(field, values, default).ConfigureAwait(false);
            return values;
        }

        public async ValueTask<(DateOnly[] Values, bool[] Present)> DatesAsync(DataField field)
        {
            var values = Rent<DateOnly>();
            var present = Rent<bool>();
            var levels = Levels();
            await group.ReadRawAsync(field, values.AsMemory(0, count), levels.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
            if (field.MaxDefinitionLevel == 0)
            {
                present.AsSpan(0, count).Fill(true);
                return (values, present);
            }
            Spread(values, levels, field.MaxDefinitionLevel, default);
            for (var i = 0; i < count; i++)
            {
                present[i] = levels[i] == field.MaxDefinitionLevel;
            }
            return (values, present);
        }

        public void Dispose()
        {
            foreach (var giveBack in _returns)
            {
                giveBack();
            }
        }

        private async ValueTask ReadAsync<T>(DataField field, T[] values, T missing)
            where T : struct
        {
            // A levels buffer even for a required column (see the class summary).
            var levels = Levels();
            await group.ReadRawAsync(field, values.AsMemory(0, count), levels.AsMemory(0, count), null, cancellationToken).ConfigureAwait(false);
            if (field.MaxDefinitionLevel > 0)
            {
                Spread(values, levels, field.MaxDefinitionLevel, missing);
            }
        }

        /// <summary>The packed defined values at the front of <paramref name="values"/> moved to their rows (from the back, in place); null rows get <paramref name="missing"/>.</summary>
        private void Spread<T>(T[] values, int[] levels, int defined, T missing)
        {
            var present = 0;
            for (var i = 0; i < count; i++)
            {
                if (levels[i] == defined)
                {
                    present++;
                }
            }
            var next = present - 1;
            for (var i = count - 1; i >= 0; i--)
            {
                values[i] = levels[i] == defined ? values[next--] : missing;
            }
        }

        /// <summary>One buffer of definition levels, reused column after column (each read overwrites it).</summary>
        private int[] Levels() => _levels ??= Rent<int>();

        private T[] Rent<T>()
        {
            var array = ArrayPool<T>.Shared.Rent(Math.Max(count, 1));
            _returns.Add(() => ArrayPool<T>.Shared.Return(array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>()));
            return array;
        }
    }

    /// <summary>Writes a chain as Parquet (one row group, Snappy), the columns of <see cref="OptionChainCsv.WrittenColumns"/>; NaN as null.</summary>
    public static async ValueTask WriteAsync(OptionChain chain, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(stream);
        var quotes = chain.Quotes.IsDefault ? [] : chain.Quotes;
        var n = quotes.Length;
        var today = NewYorkTime.DateOf(chain.AsOf);
        var schemaFields = new List<DataField>();
        var columns = new List<Func<ParquetRowGroupWriter, DataField, ValueTask>>();
        void Number(string name, Func<OptionQuote, double> value)
        {
            // A column with no missing value is written required (no definition levels to decode when read); one with
            // missing values nullable, NaN as null.
            var column = new double[n];
            var missing = false;
            for (var i = 0; i < n; i++)
            {
                column[i] = value(quotes[i]);
                missing |= double.IsNaN(column[i]);
            }
            if (!missing)
            {
                schemaFields.Add(new DataField<double>(name));
                columns.Add(async (group, field) => await group.WriteAsync<double>(field, column.AsMemory(), null, null, cancellationToken).ConfigureAwait(false));
                return;
            }
            schemaFields.Add(new DataField<double?>(name));
            columns.Add(async (group, field) =>
            {
                var values = new double?[n];
                for (var i = 0; i < n; i++)
                {
                    values[i] = double.IsNaN(column[i]) ? null : column[i];
                }
                await group.WriteAsync<double>(field, values.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            });
        }
        void Text(string name, Func<OptionQuote, string?> value)
        {
            schemaFields.Add(new DataField<string>(name, nullable: true));
            columns.Add(async (group, field) =>
            {
                var values = new string[n];
                for (var i = 0; i < n; i++)
                {
                    values[i] = value(quotes[i])!;
                }
                await group.WriteAsync(field, values, null).ConfigureAwait(false);
            });
        }
        Text("symbol", _ => chain.Symbol);
        Number("underlying_price", _ => chain.UnderlyingPrice);
        schemaFields.Add(new DataField<DateOnly>("expiry"));
        columns.Add(async (group, field) =>
        {
            var values = new DateOnly[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = quotes[i].Expiry;
            }
            await group.WriteAsync<DateOnly>(field, values.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
        });
        schemaFields.Add(new DataField<int>("dte"));
        columns.Add(async (group, field) =>
        {
            var values = new int[n];
            for (var i = 0; i < n; i++)
            {
                values[i] = quotes[i].Expiry.DayNumber - today.DayNumber;
            }
            await group.WriteAsync<int>(field, values.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
        });
        Number("strike", q => q.Strike);
        Text("type", q => q.Right == OptionRight.Call ? "C" : "P");
        Number("mid_price", q => q.Mid);
        Number("bid", q => q.Bid);
        Number("ask", q => q.Ask);
        Number("volume", q => q.Volume);
        Number("open_interest", q => q.OpenInterest);
        Number("delta", q => q.Delta);
        Number("gamma", q => q.Gamma);
        Number("vega", q => q.Vega);
        Number("theta", q => q.Theta);
        Number("vanna", q => q.Vanna);
        Number("charm", q => q.Charm);
        Number("iv", q => q.ImpliedVol);
        Text("root", q => q.Root);
        Text("exercise_style", q => q.ExerciseStyle == ExerciseStyle.European ? "european" : "american");
        Text("settlement", q => q.Settlement == OptionSettlement.Am ? "am" : "pm");

        var schema = new ParquetSchema(schemaFields);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, null, false, cancellationToken).ConfigureAwait(false);
        using var group = writer.CreateRowGroup();
        for (var i = 0; i < schemaFields.Count; i++)
        {
            await columns[i](group, schemaFields[i]).ConfigureAwait(false);
        }
    }

    /// <summary>A read-only seekable stream over memory (no copy of the file's bytes).</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => memory.Length;

        public override long Position
        {
            get => _position;
            set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var available = (int)Math.Max(0, Math.Min(buffer.Length, memory.Length - _position));
            memory.Span.Slice((int)_position, available).CopyTo(buffer);
            _position += available;
            return available;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => memory.Length + offset,
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
