using System.Globalization;
using Parquet;
using Parquet.Schema;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Text;

namespace SuperGnosis.Data.Files;

/// <summary>One row of a <see cref="TabularFile"/>: its 1-based line (CSV, header = line 1) or row (Parquet) and its cells.</summary>
internal readonly record struct TabularRow(int Line, object?[] Cells);

/// <summary>
/// A CSV or Parquet file of the files source as rows of cells: CSV cells are strings (the code base's RFC 4180 parser,
/// <see cref="Csv"/>), Parquet cells are the typed values (null = missing). Column names are matched case-insensitively
/// and trimmed; unknown columns are ignored; a column named twice is an error (it would be ambiguous).
/// The cell readers (<see cref="Number"/>, <see cref="Time"/>) say why a cell is unusable, so the caller can skip the row.
/// </summary>
internal sealed class TabularFile
{
    private readonly Dictionary<string, int> _index;

    private TabularFile(string path, IReadOnlyList<string> columns, IReadOnlyList<TabularRow> rows, bool isParquet)
    {
        Path = path;
        Rows = rows;
        IsParquet = isParquet;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < columns.Count; i++)
        {
            var name = columns[i].Trim();
            if (!_index.TryAdd(name, i))
            {
                throw new DataFileException(path, "the column is named twice", isParquet ? null : 1, name);
            }
        }
    }

    public string Path { get; }

    public bool IsParquet { get; }

    public IReadOnlyList<TabularRow> Rows { get; }

    /// <summary>Index of a column, or -1.</summary>
    public int IndexOf(string name) => _index.GetValueOrDefault(name, -1);

    /// <summary>Index of a required column (the first of <paramref name="names"/> present); throws naming the file, the header line and the column.</summary>
    public int Require(params string[] names)
    {
        foreach (var name in names)
        {
            if (_index.TryGetValue(name, out var i))
            {
                return i;
            }
        }
        throw new DataFileException(Path, $"missing required column (columns: {string.Join(", ", _index.Keys)})", IsParquet ? null : 1, names[0]);
    }

    /// <summary>Reads a <c>.csv</c> or <c>.parquet</c> file (by the extension of <paramref name="path"/>, the file's full name for messages) from its bytes.</summary>
    public static async Task<TabularFile> ReadAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return await ReadParquetAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        }
        using var reader = new StreamReader(MemoryStreams.Of(bytes), detectEncodingFromByteOrderMarks: true);
        var rows = new List<TabularRow>();
        string[]? header = null;
        try
        {
            foreach (var record in Csv.Read(reader))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (header is null)
                {
                    header = record.Fields;
                    continue;
                }
                rows.Add(new TabularRow(record.Line, record.Fields));
            }
        }
        catch (FormatException ex)
        {
            throw new DataFileException(path, "malformed CSV: " + ex.Message, inner: ex);
        }
        if (header is null)
        {
            throw new DataFileException(path, "the file is empty (expected a header row)", 1);
        }
        return new TabularFile(path, header, rows, isParquet: false);
    }

    private static async Task<TabularFile> ReadParquetAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await using var stream = MemoryStreams.Of(bytes);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, new ParquetOptions { UseDateOnlyTypeForDates = true }, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ParquetException or NotSupportedException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new DataFileException(path, "not a readable Parquet file: " + ex.Message, inner: ex);
        }
        await using (reader.ConfigureAwait(false))
        {
            var fields = reader.Schema.Fields.OfType<DataField>().Where(f => !f.IsArray).ToArray();
            var rows = new List<TabularRow>();
            try
            {
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    using var group = reader.OpenRowGroupReader(g);
                    var count = checked((int)group.RowCount);
                    var columns = new object?[fields.Length][];
                    for (var c = 0; c < fields.Length; c++)
                    {
                        columns[c] = await ColumnAsync(group, fields[c], count, path, cancellationToken).ConfigureAwait(false);
                    }
                    for (var i = 0; i < count; i++)
                    {
                        var cells = new object?[fields.Length];
                        for (var c = 0; c < fields.Length; c++)
                        {
                            cells[c] = columns[c][i];
                        }
                        rows.Add(new TabularRow(rows.Count + 1, cells));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or ParquetException or NotSupportedException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                throw new DataFileException(path, "the Parquet file cannot be read: " + ex.Message, inner: ex);
            }
            return new TabularFile(path, [.. fields.Select(f => f.Name)], rows, isParquet: true);
        }
    }

    private static async ValueTask<object?[]> ColumnAsync(ParquetRowGroupReader group, DataField field, int count, string path, CancellationToken ct)
    {
        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[count];
            await group.ReadAsync(field, text.AsMemory(), null, ct).ConfigureAwait(false);
            return text;
        }
        return type switch
        {
            _ when type == typeof(double) => await Boxed<double>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(float) => await Boxed<float>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(int) => await Boxed<int>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(long) => await Boxed<long>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(decimal) => await Boxed<decimal>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(DateTime) => await Boxed<DateTime>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(DateTimeOffset) => await Boxed<DateTimeOffset>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(DateOnly) => await Boxed<DateOnly>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(bool) => await Boxed<bool>(group, field, count, ct).ConfigureAwait(false),
            _ => new object?[count], // a type this source never needs (e.g. bytes): the column reads as missing
        };
    }

    /// <summary>
    /// A column's values boxed (null = missing). A required column (no nulls possible) is read through the non-nullable
    /// overload: Parquet.Net 6.1's nullable overload on a required column returned spurious nulls for some rows, depending
    /// on what its pooled buffers held (seen as rows skipped for bad timestamps at random).
    /// </summary>
    private static async ValueTask<object?[]> Boxed<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
        where T : struct
    {
        var boxed = new object?[count];
        if (!field.IsNullable)
        {
            var plain = new T[count];
            await group.ReadAsync<T>(field, plain.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < count; i++)
            {
                boxed[i] = plain[i];
            }
            return boxed;
        }
        var values = new T?[count];
        await group.ReadAsync<T>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        for (var i = 0; i < count; i++)
        {
            boxed[i] = values[i] is { } v ? v : null;
        }
        return boxed;
    }

    /// <summary>A finite number from a cell; the failure reason (<c>missing</c>, <c>not_a_number</c>) otherwise.</summary>
    public static bool Number(object? cell, out double value, out string reason)
    {
        reason = string.Empty;
        value = cell switch
        {
            null => double.NaN,
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            string s when s.Trim().Length == 0 => double.NaN,
            string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN,
            _ => double.NaN,
        };
        if (double.IsFinite(value))
        {
            return true;
        }
        reason = cell is null || cell is string { Length: 0 } || (cell is string t && t.Trim().Length == 0) ? "missing" : "not_a_number";
        return false;
    }

    /// <summary>
    /// An instant from a cell: text by the as-of rule (<see cref="AsOfText"/>: <c>Z</c> or an offset as given, none =
    /// New York time, a date alone = 00:00 New York); a Parquet TIMESTAMP is UTC; a Parquet DATE is 00:00 New York.
    /// <paramref name="date"/> is the New York date the cell names (a date alone: that date).
    /// </summary>
    public static bool Time(object? cell, out DateTimeOffset instant, out DateOnly date)
    {
        instant = default;
        date = default;
        switch (cell)
        {
            case DateTime dt:
                instant = new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc));
                date = NewYorkTime.DateOf(instant);
                return true;
            case DateTimeOffset dto:
                instant = dto;
                date = NewYorkTime.DateOf(instant);
                return true;
            case DateOnly d:
                date = d;
                instant = NewYorkTime.At(d, TimeOnly.MinValue);
                return true;
            case string s:
                try
                {
                    if (AsOfText.ParseOptional(s) is not { } parsed)
                    {
                        return false;
                    }
                    instant = parsed;
                    var trimmed = s.Trim();
                    date = trimmed.Length == 10 ? DateOnly.ParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture) : NewYorkTime.DateOf(parsed);
                    return true;
                }
                catch (AsOfFormatException)
                {
                    return false;
                }
            default:
                return false;
        }
    }
}
