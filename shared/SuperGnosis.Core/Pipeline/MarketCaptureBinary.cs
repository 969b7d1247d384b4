using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// A compact binary encoding of the large captured items (option chains, bars, trades, quotes), for stores that persist
/// captures across processes (a run's trades and quotes are over a megabyte of JSON each; this is about a quarter of that
/// and an order of magnitude cheaper to write and read). Smaller items (news, prints, shares) stay JSON
/// (<see cref="MarketCaptureJson"/>).
/// <para>
/// Layout, little-endian: magic <c>SGCB</c>, format version (1 byte), item kind (1 byte), then the item. An instant is
/// its UTC ticks (int64) and its offset in minutes (int16), so offset and every tick survive; a double is its IEEE-754
/// bits (int64), so NaN payloads, -0 and infinities survive bit-exactly; a string is a 7-bit-encoded UTF-8 length and its
/// bytes, a nullable string a presence byte first; a date is its day number (int32). A list is its count (int32) and its
/// elements. An option quote's optional root is an index into the chain's root table (−1 for none).
/// </para>
/// Decoding checks the magic, version, kind and every count against the bytes that remain, and throws
/// <see cref="InvalidDataException"/> naming what is wrong; trailing bytes are an error.
/// </summary>
public static class MarketCaptureBinary
{
    /// <summary>Format version written and accepted.</summary>
    public const byte Version = 1;

    private static ReadOnlySpan<byte> Magic => "SGCB"u8;

    private enum Kind : byte
    {
        Chain = 1,
        Bars = 2,
        Trades = 3,
        Quotes = 4,
    }

    /// <summary>True for the item types this format encodes (<see cref="OptionChain"/> and lists of bars, trades, quotes).</summary>
    public static bool Supports<T>() =>
        typeof(T) == typeof(OptionChain) || typeof(T) == typeof(IReadOnlyList<Bar>)
        || typeof(T) == typeof(IReadOnlyList<Trade>) || typeof(T) == typeof(IReadOnlyList<Quote>);

    /// <summary>Encodes <paramref name="item"/>; throws <see cref="NotSupportedException"/> for a type <see cref="Supports{T}"/> rejects.</summary>
    public static byte[] Encode<T>(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var writer = new Writer();
        switch (item)
        {
            case OptionChain chain:
                writer.Header(Kind.Chain);
                WriteChain(writer, chain);
                break;
            case IReadOnlyList<Bar> bars when typeof(T) == typeof(IReadOnlyList<Bar>):
                writer.Header(Kind.Bars);
                writer.Int32(bars.Count);
                foreach (var bar in bars)
                {
                    writer.Instant(bar.Timestamp);
                    writer.Double(bar.Open);
                    writer.Double(bar.High);
                    writer.Double(bar.Low);
                    writer.Double(bar.Close);
                    writer.Double(bar.Volume);
                }
                break;
            case IReadOnlyList<Trade> trades when typeof(T) == typeof(IReadOnlyList<Trade>):
                writer.Header(Kind.Trades);
                writer.Int32(trades.Count);
                foreach (var trade in trades)
                {
                    writer.Instant(trade.Timestamp);
                    writer.Double(trade.Price);
                    writer.Double(trade.Size);
                    writer.Byte(unchecked((byte)(sbyte)trade.Side));
                }
                break;
            case IReadOnlyList<Quote> quotes when typeof(T) == typeof(IReadOnlyList<Quote>):
                writer.Header(Kind.Quotes);
                writer.Int32(quotes.Count);
                foreach (var quote in quotes)
                {
                    writer.Instant(quote.Timestamp);
                    writer.Double(quote.Bid);
                    writer.Double(quote.Ask);
                    writer.Double(quote.BidSize);
                    writer.Double(quote.AskSize);
                }
                break;
            default:
                throw new NotSupportedException($"{typeof(T).Name} has no binary capture encoding (use MarketCaptureJson)");
        }
        return writer.ToArray();
    }

    /// <summary>Decodes an item written by <see cref="Encode{T}"/>; <paramref name="what"/> names it in error messages.</summary>
    public static T Decode<T>(ReadOnlySpan<byte> bytes, string what)
    {
        var reader = new Reader(bytes, what);
        object item;
        if (typeof(T) == typeof(OptionChain))
        {
            reader.Header(Kind.Chain);
            item = ReadChain(ref reader);
        }
        else if (typeof(T) == typeof(IReadOnlyList<Bar>))
        {
            reader.Header(Kind.Bars);
            var bars = new Bar[reader.Count(8 + 2 + 5 * 8)];
            for (var i = 0; i < bars.Length; i++)
            {
                bars[i] = new Bar(reader.Instant(), reader.Double(), reader.Double(), reader.Double(), reader.Double(), reader.Double());
            }
            item = (IReadOnlyList<Bar>)bars;
        }
        else if (typeof(T) == typeof(IReadOnlyList<Trade>))
        {
            reader.Header(Kind.Trades);
            var trades = new Trade[reader.Count(8 + 2 + 2 * 8 + 1)];
            for (var i = 0; i < trades.Length; i++)
            {
                trades[i] = new Trade(reader.Instant(), reader.Double(), reader.Double(), reader.Side());
            }
            item = (IReadOnlyList<Trade>)trades;
        }
        else if (typeof(T) == typeof(IReadOnlyList<Quote>))
        {
            reader.Header(Kind.Quotes);
            var quotes = new Quote[reader.Count(8 + 2 + 4 * 8)];
            for (var i = 0; i < quotes.Length; i++)
            {
                quotes[i] = new Quote(reader.Instant(), reader.Double(), reader.Double(), reader.Double(), reader.Double());
            }
            item = (IReadOnlyList<Quote>)quotes;
        }
        else
        {
            throw new NotSupportedException($"{typeof(T).Name} has no binary capture encoding (use MarketCaptureJson)");
        }
        reader.End();
        return (T)item;
    }

    private static void WriteChain(Writer writer, OptionChain chain)
    {
        writer.String(chain.Symbol);
        writer.Instant(chain.AsOf);
        writer.Double(chain.UnderlyingPrice);
        var quotes = chain.Quotes.IsDefault ? [] : chain.Quotes;
        var roots = new List<string>();
        var rootIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var quote in quotes)
        {
            if (quote.Root is { } root && rootIndex.TryAdd(root, roots.Count))
            {
                roots.Add(root);
            }
        }
        writer.Int32(roots.Count);
        foreach (var root in roots)
        {
            writer.String(root);
        }
        writer.Int32(quotes.Length);
        foreach (var q in quotes)
        {
            writer.Int32(q.Expiry.DayNumber);
            writer.Double(q.Strike);
            writer.Byte((byte)q.Right);
            writer.Double(q.Bid);
            writer.Double(q.Ask);
            writer.Double(q.Mid);
            writer.Double(q.Volume);
            writer.Double(q.OpenInterest);
            writer.Double(q.ImpliedVol);
            writer.Double(q.Delta);
            writer.Double(q.Gamma);
            writer.Double(q.Vega);
            writer.Double(q.Theta);
            writer.Double(q.Vanna);
            writer.Double(q.Charm);
            writer.Int32(q.Root is { } r ? rootIndex[r] : -1);
            writer.Byte((byte)q.ExerciseStyle);
            writer.Byte((byte)q.Settlement);
        }
    }

    /// <summary>Bytes of one encoded option quote: expiry, strike, right, 12 doubles, root index, style, settlement.</summary>
    private const int QuoteBytes = 4 + 8 + 1 + 12 * 8 + 4 + 1 + 1;

    private static OptionChain ReadChain(ref Reader reader)
    {
        var symbol = reader.String();
        var asOf = reader.Instant();
        var underlying = reader.Double();
        var roots = new string[reader.Count(1)];
        for (var i = 0; i < roots.Length; i++)
        {
            roots[i] = reader.String();
        }
        var quotes = ImmutableArray.CreateBuilder<OptionQuote>(reader.Count(QuoteBytes));
        for (var i = 0; i < quotes.Capacity; i++)
        {
            var expiry = reader.Date();
            var strike = reader.Double();
            var right = reader.Right();
            double bid = reader.Double(), ask = reader.Double(), mid = reader.Double(), volume = reader.Double(), openInterest = reader.Double();
            double iv = reader.Double(), delta = reader.Double(), gamma = reader.Double(), vega = reader.Double(), theta = reader.Double();
            double vanna = reader.Double(), charm = reader.Double();
            var rootAt = reader.Int32();
            if (rootAt < -1 || rootAt >= roots.Length)
            {
                throw reader.Invalid($"root index {rootAt} outside the root table of {roots.Length}");
            }
            quotes.Add(new OptionQuote(expiry, strike, right, bid, ask, mid, volume, openInterest, iv, delta, gamma, vega, theta, vanna, charm,
                rootAt < 0 ? null : roots[rootAt], reader.Style(), reader.Settlement()));
        }
        return new OptionChain(symbol, asOf, underlying, quotes.MoveToImmutable());
    }

    private sealed class Writer
    {
        private byte[] _buffer = new byte[4096];
        private int _length;

        public void Header(Kind kind)
        {
            Span(Magic.Length + 2);
            Magic.CopyTo(_buffer.AsSpan(_length));
            _buffer[_length + Magic.Length] = Version;
            _buffer[_length + Magic.Length + 1] = (byte)kind;
            _length += Magic.Length + 2;
        }

        public void Byte(byte value)
        {
            Span(1)[0] = value;
            _length++;
        }

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(Span(4), value);
            _length += 4;
        }

        public void Double(double value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(Span(8), BitConverter.DoubleToInt64Bits(value));
            _length += 8;
        }

        public void Instant(DateTimeOffset value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(Span(10), value.UtcTicks);
            BinaryPrimitives.WriteInt16LittleEndian(_buffer.AsSpan(_length + 8), checked((short)value.Offset.TotalMinutes));
            _length += 10;
        }

        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetByteCount(value);
            var length = (uint)bytes;
            do
            {
                Byte((byte)(length < 0x80 ? length : (length & 0x7F) | 0x80));
                length >>= 7;
            }
            while (length != 0);
            _length += Encoding.UTF8.GetBytes(value, Span(bytes));
        }

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        private Span<byte> Span(int bytes)
        {
            if (_length + bytes > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
            }
            return _buffer.AsSpan(_length, bytes);
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes, string what)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public readonly InvalidDataException Invalid(string problem) =>
            new($"captured item '{what}' is not a valid binary capture: {problem} (at byte {_at} of {_bytes.Length})");

        public void Header(Kind kind)
        {
            if (_bytes.Length < Magic.Length + 2 || !_bytes[..Magic.Length].SequenceEqual(Magic))
            {
                throw Invalid("it does not start with the SGCB magic");
            }
            if (_bytes[Magic.Length] != Version)
            {
                throw Invalid($"format version {_bytes[Magic.Length]}, this build reads version {Version}");
            }
            if (_bytes[Magic.Length + 1] != (byte)kind)
            {
                throw Invalid($"it holds item kind {_bytes[Magic.Length + 1]}, {kind} ({(byte)kind}) was expected");
            }
            _at = Magic.Length + 2;
        }

        /// <summary>A list count, checked against the bytes left (each element takes at least <paramref name="minBytes"/>).</summary>
        public int Count(int minBytes)
        {
            var count = Int32();
            if (count < 0 || (long)count * minBytes > _bytes.Length - _at)
            {
                throw Invalid($"count {count} does not fit the {_bytes.Length - _at} bytes left");
            }
            return count;
        }

        public int Int32()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
            return value;
        }

        public double Double() => BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(Take(8)));

        public DateTimeOffset Instant()
        {
            var at = _at;
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
            var minutes = BinaryPrimitives.ReadInt16LittleEndian(Take(2));
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || Math.Abs(minutes) > 14 * 60)
            {
                _at = at;
                throw Invalid($"instant of {ticks} UTC ticks at offset {minutes} minutes is out of range");
            }
            var offset = TimeSpan.FromMinutes(minutes);
            var local = ticks + offset.Ticks;
            if (local < DateTime.MinValue.Ticks || local > DateTime.MaxValue.Ticks)
            {
                _at = at;
                throw Invalid($"instant of {ticks} UTC ticks at offset {minutes} minutes is out of range");
            }
            return new DateTimeOffset(new DateTime(ticks, DateTimeKind.Utc)).ToOffset(offset);
        }

        public DateOnly Date()
        {
            var day = Int32();
            return day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber
                ? DateOnly.FromDayNumber(day)
                : throw Invalid($"day number {day} is out of range");
        }

        public OptionRight Right() => Take(1)[0] switch
        {
            0 => OptionRight.Call,
            1 => OptionRight.Put,
            var b => throw Invalid($"option right {b}"),
        };

        public ExerciseStyle Style() => Take(1)[0] switch
        {
            0 => ExerciseStyle.American,
            1 => ExerciseStyle.European,
            var b => throw Invalid($"exercise style {b}"),
        };

        public OptionSettlement Settlement() => Take(1)[0] switch
        {
            0 => OptionSettlement.Pm,
            1 => OptionSettlement.Am,
            var b => throw Invalid($"settlement {b}"),
        };

        public AggressorSide Side() => unchecked((sbyte)Take(1)[0]) switch
        {
            0 => AggressorSide.Unknown,
            1 => AggressorSide.Buy,
            -1 => AggressorSide.Sell,
            var b => throw Invalid($"aggressor side {b}"),
        };

        public string String()
        {
            uint length = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (shift > 28)
                {
                    throw Invalid("string length is not a valid 7-bit encoded integer");
                }
                var b = Take(1)[0];
                length |= (uint)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }
            if (length > _bytes.Length - _at)
            {
                throw Invalid($"string of {length} bytes does not fit the {_bytes.Length - _at} bytes left");
            }
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take((int)length));
            }
            catch (DecoderFallbackException e)
            {
                throw Invalid("string is not valid UTF-8: " + e.Message);
            }
        }

        public readonly void End()
        {
            if (_at != _bytes.Length)
            {
                throw Invalid($"{_bytes.Length - _at} trailing bytes");
            }
        }

        private ReadOnlySpan<byte> Take(int bytes)
        {
            if (bytes > _bytes.Length - _at)
            {
                throw Invalid($"it ends {bytes - (_bytes.Length - _at)} byte(s) early");
            }
            var span = _bytes.Slice(_at, bytes);
            _at += bytes;
            return span;
        }
    }
}
