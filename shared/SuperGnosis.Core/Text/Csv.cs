using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SuperGnosis.Core.Text;

/// <summary>One CSV record and the (1-based) line it starts on.</summary>
public readonly record struct CsvRecord(int Line, string[] Fields);

/// <summary>
/// Minimal RFC 4180 CSV: comma-separated fields, optional double quotes around a field, "" for a
/// quote inside a quoted field, quoted fields may contain commas and line breaks; CRLF or LF line
/// ends; a UTF-8 BOM is ignored. Malformed input (text after a closing quote, an unterminated quote)
/// throws <see cref="FormatException"/> naming the line.
/// <para>One parser, <see cref="CsvFieldReader"/>: <see cref="Read"/> gives each record as strings, readers that
/// care about speed (the chain CSV) take the fields as spans of the text.</para>
/// </summary>
public static class Csv
{
    /// <summary>Reads records one at a time (the reader is read only as far as the records asked for); empty lines are skipped.</summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Records(new CsvFieldReader(reader));
    }

    private static IEnumerable<CsvRecord> Records(CsvFieldReader fields)
    {
        while (fields.MoveNext())
        {
            yield return new CsvRecord(fields.Line, fields.ToArray());
        }
    }

    /// <summary>Index of a header column, case-insensitive and trimmed; -1 when absent.</summary>
    public static int IndexOf(IReadOnlyList<string> header, string name)
    {
        ArgumentNullException.ThrowIfNull(header);
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The first header name that appears twice (compared as <see cref="IndexOf"/> compares: case-insensitive and trimmed),
    /// or null. A reader that finds one rejects the file: which copy holds the data cannot be known.
    /// </summary>
    public static string? FindDuplicate(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in header)
        {
            var trimmed = name.Trim();
            if (trimmed.Length > 0 && !seen.Add(trimmed))
            {
                return trimmed;
            }
        }
        return null;
    }

    /// <summary>Writes one record, quoting fields that contain a comma, quote, CR or LF.</summary>
    public static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }
            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(f.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(f);
            }
        }
        writer.Write('\n');
    }
}

/// <summary>
/// The RFC 4180 parser of <see cref="Csv"/>, one record at a time, each field a span of the text (no string per cell).
/// Rules: a field is either unquoted text or a quoted section (<c>""</c> = one quote; commas, CR and LF kept); a CR
/// outside quotes is dropped wherever it is; a quote opens a quoted section only at the start of a field (after nothing
/// but CRs), elsewhere it is an error (<c>line N: quote inside an unquoted field</c>), as is anything but CR, comma or
/// LF after a closing quote (<c>line N: text after a closing quote</c>) and a quote left open at the end
/// (<c>line N: unterminated quoted field</c>, N = the record's first line). A line holding nothing (or only CRs) is not
/// a record. <see cref="Line"/> is the record's first physical line (LFs inside quotes count). A leading U+FEFF (BOM)
/// is ignored.
/// <para>Over a string the text is parsed in place. Over a <see cref="TextReader"/> it is read a line at a time, as the
/// records are asked for (a record is returned before anything after it is read).</para>
/// </summary>
public sealed class CsvFieldReader
{
    private readonly TextReader? _reader;
    private readonly string? _text;
    private char[] _buffer;
    private int _length;
    private bool _eof;
    private bool _first = true;
    private int _pos;
    private int _line = 1;
    private Slice[] _fields = new Slice[32];
    private char[] _cooked = new char[256];
    private int _cookedLength;
    private int _maskStart = -1;
    private ulong _mask;

    /// <summary>Parses <paramref name="text"/> in place.</summary>
    public CsvFieldReader(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _buffer = [];
        _text = text;
        _length = text.Length;
        _eof = true;
        _pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
    }

    /// <summary>Reads <paramref name="reader"/> a line at a time as records are asked for.</summary>
    public CsvFieldReader(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _buffer = new char[1024];
    }

    /// <summary>The current record's first line (1-based).</summary>
    public int Line { get; private set; }

    /// <summary>Number of fields in the current record (at least 1).</summary>
    public int FieldCount { get; private set; }

    /// <summary>Field <paramref name="index"/> of the current record, unquoted; valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)FieldCount, nameof(index));
            var f = _fields[index];
            return f.Cooked ? _cooked.AsSpan(f.Start, f.Length)
                : _text is not null ? _text.AsSpan(f.Start, f.Length) : _buffer.AsSpan(f.Start, f.Length);
        }
    }

    /// <summary>The current record's fields as strings.</summary>
    public string[] ToArray()
    {
        var fields = new string[FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = this[i].ToString();
        }
        return fields;
    }

    /// <summary>Advances to the next record (skipping empty lines); false at the end of the text. Throws
    /// <see cref="FormatException"/> on malformed quoting.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        while (true)
        {
            if (_pos >= _length)
            {
                if (_eof || !Fill())
                {
                    FieldCount = 0;
                    return false;
                }
            }
            var (start, line) = (_pos, _line);
            var result = TryRecord(_text is not null ? _text.AsSpan(0, _length) : _buffer.AsSpan(0, _length));
            if (result == Outcome.NeedMore)
            {
                // The record runs past what has been read: read on and parse it again from its start.
                (_pos, _line) = (start, line);
                Fill();
                continue;
            }
            if (result == Outcome.Record)
            {
                return true;
            }
        }
    }

    private enum Outcome
    {
        Record,
        Empty,
        NeedMore,
    }

    /// <summary>One record from <see cref="_pos"/>; <see cref="Outcome.NeedMore"/> when the text read so far ends inside it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Outcome TryRecord(ReadOnlySpan<char> text)
    {
        var recordLine = _line;
        FieldCount = 0;
        _cookedLength = 0;
        var any = false;
        while (true)
        {
            // One field from _pos. Unquoted: scan to a separator; CRs are dropped (they do not count as content).
            var start = _pos;
            var crs = 0;
            var end = -1;
            var p = _pos;
            var stop = '\0';
            while (true)
            {
                var next = NextSpecial(text, p);
                if (next < 0)
                {
                    if (!_eof)
                    {
                        return Outcome.NeedMore;
                    }
                    end = text.Length;
                    break;
                }
                p = next;
                var ch = text[p];
                if (ch == '\r')
                {
                    crs++;
                    p++;
                    continue;
                }
                if (ch == '"')
                {
                    if (p - start - crs != 0)
                    {
                        throw new FormatException($"line {_line}: quote inside an unquoted field");
                    }
                    break;
                }
                end = p;
                stop = ch;
                break;
            }
            bool afterQuote;
            if (end < 0)
            {
                // A quoted section opening at p.
                any = true;
                var (closed, contentLength, escaped) = ReadQuoted(text, p + 1, recordLine);
                if (closed < 0)
                {
                    return Outcome.NeedMore;
                }
                AddField(text, p + 1, contentLength, escaped ? Cook.Quotes : Cook.None);
                afterQuote = true;
                // After the closing quote: CRs, then a comma, LF or the end.
                p = closed;
                while (p < text.Length && text[p] == '\r')
                {
                    p++;
                }
                if (p == text.Length && !_eof)
                {
                    return Outcome.NeedMore;
                }
                if (p < text.Length && text[p] != ',' && text[p] != '\n')
                {
                    throw new FormatException($"line {_line}: text after a closing quote");
                }
                end = p;
                stop = p < text.Length ? text[p] : '\0';
            }
            else
            {
                afterQuote = false;
                AddField(text, start, end - start, crs > 0 ? Cook.CarriageReturns : Cook.None);
            }
            if (stop == ',')
            {
                any = true;
                _pos = end + 1;
                continue;
            }
            // LF or the end of the text: the record ends.
            if (stop == '\n')
            {
                _pos = end + 1;
                _line++;
            }
            else
            {
                _pos = text.Length;
            }
            if (any || _fields[FieldCount - 1].Length > 0 || afterQuote)
            {
                Line = recordLine;
                return Outcome.Record;
            }
            return Outcome.Empty;
        }
    }

    /// <summary>
    /// Index of the next comma, LF, CR or quote at or after <paramref name="from"/>, or -1. The text is scanned in
    /// blocks of 64 characters with vector compares into a bit mask, kept between calls: a record's fields are found
    /// by walking the mask's bits instead of searching again for every field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int NextSpecial(ReadOnlySpan<char> text, int from)
    {
        while (from < text.Length)
        {
            var block = from & ~63;
            if (block != _maskStart)
            {
                _maskStart = block;
                _mask = SpecialMask(text, block);
            }
            var bits = _mask & (ulong.MaxValue << (from - block));
            if (bits != 0)
            {
                return block + BitOperations.TrailingZeroCount(bits);
            }
            from = block + 64;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong SpecialMask(ReadOnlySpan<char> text, int block)
    {
        if (Vector256.IsHardwareAccelerated && block + 64 <= text.Length)
        {
            ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            ulong mask = 0;
            for (var i = 0; i < 4; i++)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)(block + (16 * i)));
                var hit = Vector256.Equals(v, Vector256.Create((ushort)','))
                    | Vector256.Equals(v, Vector256.Create((ushort)'\n'))
                    | Vector256.Equals(v, Vector256.Create((ushort)'\r'))
                    | Vector256.Equals(v, Vector256.Create((ushort)'"'));
                mask |= (ulong)hit.ExtractMostSignificantBits() << (16 * i);
            }
            return mask;
        }
        ulong tail = 0;
        var end = Math.Min(text.Length, block + 64);
        for (var i = block; i < end; i++)
        {
            if (text[i] is ',' or '\n' or '\r' or '"')
            {
                tail |= 1UL << (i - block);
            }
        }
        return tail;
    }

    /// <summary>From just after an opening quote: the index after the closing quote (-1: not in the text read so far),
    /// the content's length and whether it holds doubled quotes.</summary>
    private (int Closed, int ContentLength, bool Escaped) ReadQuoted(ReadOnlySpan<char> text, int p, int recordLine)
    {
        var contentStart = p;
        var escaped = false;
        while (true)
        {
            var k = text[p..].IndexOf('"');
            if (k < 0 || (p + k + 1 == text.Length && !_eof))
            {
                // No closing quote yet, or a quote whose next character (a second quote?) is not read yet.
                if (!_eof)
                {
                    return (-1, 0, false);
                }
                throw new FormatException($"line {recordLine}: unterminated quoted field");
            }
            _line += text.Slice(p, k).Count('\n');
            p += k;
            if (p + 1 < text.Length && text[p + 1] == '"')
            {
                escaped = true;
                p += 2;
                continue;
            }
            return (p + 1, p - contentStart, escaped);
        }
    }

    /// <summary>Reads up to and including the next LF from the reader, after moving the unfinished record to the
    /// buffer's start; false when nothing was left to read.</summary>
    private bool Fill()
    {
        if (_reader is null || _eof)
        {
            return false;
        }
        _maskStart = -1; // the buffer's contents move and grow
        var keep = _length - _pos;
        if (_pos > 0)
        {
            Array.Copy(_buffer, _pos, _buffer, 0, keep);
            _pos = 0;
            _length = keep;
        }
        var read = false;
        while (true)
        {
            var c = _reader.Read();
            if (c < 0)
            {
                _eof = true;
                break;
            }
            if (_first)
            {
                _first = false;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }
            if (_length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
                    }
            _buffer[_length++] = (char)c;
            read = true;
            if (c == '\n')
            {
                break;
            }
        }
        return read;
    }

    private enum Cook
    {
        None,
        CarriageReturns,
        Quotes,
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddField(ReadOnlySpan<char> text, int start, int length, Cook cook)
    {
        if (FieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }
        if (cook == Cook.None)
        {
            _fields[FieldCount++] = new Slice(start, length, false);
            return;
        }
        if (_cookedLength + length > _cooked.Length)
        {
            Array.Resize(ref _cooked, Math.Max(_cooked.Length * 2, _cookedLength + length));
        }
        var source = text.Slice(start, length);
        var at = _cookedLength;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (cook == Cook.CarriageReturns && c == '\r')
            {
                continue; // a CR outside quotes is dropped
            }
            if (cook == Cook.Quotes && c == '"')
            {
                i++; // "" inside quotes is one quote
            }
            _cooked[at++] = c;
        }
        _fields[FieldCount++] = new Slice(_cookedLength, at - _cookedLength, true);
        _cookedLength = at;
    }

    private readonly record struct Slice(int Start, int Length, bool Cooked);
}
