using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Chains;

/// <summary>
/// Reads CBOE's delayed-quotes option JSON (<c>delayed_quotes/options/&lt;SYMBOL&gt;.json</c>):
/// <code>
/// { "timestamp": "2024-01-05 16:15:04",                         (New York time)
///   "data": { "symbol": "_SPX", "current_price": 4697.24, "close": 4697.24,
///             "options": [ { "option": "SPXW240105C04000000", "bid": .., "ask": .., "iv": 0.1523,
///                            "open_interest": .., "volume": .., "delta": .., "gamma": .., "vega": .., "theta": .. } ] } }
/// </code>
/// Units: <c>iv</c> is annualized as a decimal; gamma is per $ (kept); CBOE's vega is per vol point and theta per
/// calendar day, converted to <see cref="OptionQuote"/>'s per 1.00 of vol (x100) and per year (x365). CBOE gives
/// no vanna or charm: they are NaN, so the hedge engine recomputes them from <c>iv</c> (auto or recompute mode).
/// Spot = <c>current_price</c>, else <c>close</c>. The symbol loses CBOE's index underscore (<c>_SPX</c> -&gt; SPX).
/// Missing or non-numeric fields are NaN (non-numeric ones counted in <see cref="ChainFileResult.MalformedCells"/>);
/// an entry whose <c>option</c> is not an OCC symbol is skipped and reported by its 1-based index. Every row keeps
/// its OCC root, and the root decides exercise style and settlement (<see cref="OptionContractTerms"/>): SPX
/// (AM-settled, expires at the open) and SPXW (PM-settled) on a monthly date stay two contracts.
/// </summary>
public static class CboeDelayedQuotesJson
{
    private static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true };

    /// <summary>
    /// Parses the file. The chain's as-of is <paramref name="asOf"/> when given, else the file's timestamp.
    /// Throws <see cref="FormatException"/> on malformed JSON, a missing <c>data</c> object or no usable as-of.
    /// </summary>
    public static ChainFileResult Read(string json, DateTimeOffset? asOf)
    {
        ArgumentNullException.ThrowIfNull(json);
        // The text as UTF-8 in a pooled buffer (a chain file is megabytes: no large-object allocation per read).
        int length;
        try
        {
            length = StrictUtf8.GetByteCount(json);
        }
        catch (EncoderFallbackException)
        {
            // Invalid UTF-16 (a lone surrogate): System.Text.Json's own error, as before.
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
            throw;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            StrictUtf8.GetBytes(json, buffer);
            return Read(buffer.AsSpan(0, length), asOf);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Parses the file's UTF-8 bytes (no byte order mark) in one streaming pass (<see cref="Utf8JsonReader"/>, no document
    /// object model). The whole text is validated as JSON before any other error is reported, as a parse into a document
    /// would. A key the reader uses (timestamp, data, data's symbol, current_price, close and options, an entry's option and
    /// number fields) given twice in one object makes the file an error: which value is meant cannot be known. Keys the
    /// reader ignores are not checked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ChainFileResult Read(ReadOnlySpan<byte> utf8Json, DateTimeOffset? asOf)
    {
        var state = new ParseState { EstimatedRows = Math.Max(16, utf8Json.Length / 200) };
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadRoot(ref reader, state);
            }
            else
            {
                reader.Skip();
            }
            while (reader.Read())
            {
                // Only reached for content after the root value, which the reader rejects.
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the CBOE file is not valid JSON: {ex.Message}", ex);
        }

        if ((state.Duplicate ?? state.Data?.Duplicate) is { } duplicate)
        {
            throw new FormatException($"the CBOE file gives {duplicate} twice (which value holds the data cannot be known)");
        }
        if (state.Data is not { } data)
        {
            throw new FormatException("the CBOE file has no \"data\" object (expected CBOE delayed-quotes option JSON)");
        }
        var timestamp = ParseTimestamp(state.Timestamp);
        var effectiveAsOf = asOf ?? timestamp
            ?? throw new FormatException("the CBOE file has no readable \"timestamp\" (\"YYYY-MM-DD HH:MM:SS\", New York time); pass --as-of");

        var symbol = (data.Symbol ?? string.Empty).Trim().TrimStart('_').ToUpperInvariant();
        var malformed = data.CurrentPrice.Malformed;
        var spot = data.CurrentPrice.Value;
        if (!(spot > 0 && double.IsFinite(spot)))
        {
            spot = data.Close.Value;
            malformed += data.Close.Malformed;
        }
        if (data.Options == OptionsKind.NotArray)
        {
            throw new FormatException("the CBOE file's data.options is not an array");
        }
        var rows = data.Options == OptionsKind.Array ? data.Rows : ImmutableArray.CreateBuilder<OptionQuote>(0);
        malformed += data.Options == OptionsKind.Array ? data.OptionsMalformed : 0;
        var quotes = rows.Count == rows.Capacity ? rows.MoveToImmutable() : rows.ToImmutable();
        return new ChainFileResult(new OptionChain(symbol, effectiveAsOf, spot, quotes), data.Options == OptionsKind.Array ? data.Skipped : [], malformed, timestamp);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private enum OptionsKind
    {
        Absent,
        Array,
        NotArray,
    }

    /// <summary>A number field as read: its value and whether it was a malformed cell.</summary>
    private readonly record struct NumberCell(double Value, int Malformed)
    {
        public static readonly NumberCell Missing = new(double.NaN, 0);
    }

    private sealed class ParseState
    {
        public string? Timestamp { get; set; }

        /// <summary>The first key given twice, described ("\"data\"", "entry 3's \"bid\""), or null.</summary>
        public string? Duplicate { get; set; }

        public DataState? Data { get; set; }

        public int EstimatedRows { get; init; }
    }

    private sealed class DataState
    {
        public string? Symbol { get; set; }

        /// <summary>The first key of <c>data</c> or of an entry given twice, described, or null.</summary>
        public string? Duplicate { get; set; }

        public NumberCell CurrentPrice { get; set; } = NumberCell.Missing;

        public NumberCell Close { get; set; } = NumberCell.Missing;

        public OptionsKind Options { get; set; }

        public ImmutableArray<OptionQuote>.Builder Rows { get; set; } = ImmutableArray.CreateBuilder<OptionQuote>(0);

        public List<SkippedChainRow> Skipped { get; set; } = [];

        public int OptionsMalformed { get; set; }

        /// <summary>A first guess at the row count (~200 bytes per CBOE entry).</summary>
        public int EstimatedRows { get; init; }
    }

    private static void ReadRoot(ref Utf8JsonReader reader, ParseState state)
    {
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueTextEquals("timestamp"u8) ? 1 : reader.ValueTextEquals("data"u8) ? 2 : 0;
            if ((seen & key) != 0)
            {
                state.Duplicate ??= key == 1 ? "\"timestamp\"" : "\"data\"";
            }
            seen |= key;
            if (key == 1)
            {
                reader.Read();
                state.Timestamp = TextValue(ref reader);
            }
            else if (key == 2)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var data = new DataState { EstimatedRows = state.EstimatedRows };
                    ReadData(ref reader, data);
                    state.Data = data;
                }
                else
                {
                    state.Data = null;
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadData(ref Utf8JsonReader reader, DataState data)
    {
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueTextEquals("symbol"u8) ? 1 : reader.ValueTextEquals("current_price"u8) ? 2
                : reader.ValueTextEquals("close"u8) ? 4 : reader.ValueTextEquals("options"u8) ? 8 : 0;
            if ((seen & key) != 0)
            {
                data.Duplicate ??= "data." + (key switch { 1 => "symbol", 2 => "current_price", 4 => "close", _ => "options" });
            }
            seen |= key;
            if (key == 1)
            {
                reader.Read();
                data.Symbol = TextValue(ref reader);
            }
            else if (key == 2)
            {
                reader.Read();
                data.CurrentPrice = NumberValue(ref reader);
            }
            else if (key == 4)
            {
                reader.Read();
                data.Close = NumberValue(ref reader);
            }
            else if (key == 8)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    data.Options = OptionsKind.Array;
                    ReadOptions(ref reader, data);
                }
                else
                {
                    data.Options = OptionsKind.NotArray;
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadOptions(ref Utf8JsonReader reader, DataState data)
    {
        // ~200-250 bytes per CBOE entry: a first guess at the row count that rarely needs to grow.
        var rows = ImmutableArray.CreateBuilder<OptionQuote>(data.EstimatedRows);
        var skipped = new List<SkippedChainRow>();
        var malformed = 0;
        var index = 0;
        var name = new char[64];
        var occCache = new OccSymbol.RootCache();
        string? termsRoot = null;
        (ExerciseStyle Style, OptionSettlement Settlement) terms = default;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            index++;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                skipped.Add(new SkippedChainRow(index, "option '' is not an OCC symbol"));
                continue;
            }
            double bid = double.NaN, ask = double.NaN, iv = double.NaN, oi = double.NaN, volume = double.NaN,
                delta = double.NaN, gamma = double.NaN, vega = double.NaN, theta = double.NaN;
            var entryMalformed = 0;
            var nameLength = -1;
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // One pass over the entry's properties, names compared as raw UTF-8 (escapes handled by the reader).
                if (reader.ValueTextEquals("option"u8))
                {
                    if ((seen & OptionKeyBit) != 0)
                    {
                        data.Duplicate ??= $"entry {index}'s \"option\"";
                    }
                    seen |= OptionKeyBit;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                        if (name.Length < length)
                        {
                            name = new char[length];
                        }
                        nameLength = reader.CopyString(name);
                    }
                    else
                    {
                        nameLength = -1;
                        reader.Skip();
                    }
                    continue;
                }
                var slot = FieldSlot(ref reader);
                reader.Read();
                if (slot < 0)
                {
                    reader.Skip();
                    continue;
                }
                if ((seen & (1 << slot)) != 0)
                {
                    data.Duplicate ??= $"entry {index}'s \"{FieldNames[slot]}\"";
                }
                seen |= 1 << slot;
                var cell = NumberValue(ref reader);
                entryMalformed += cell.Malformed;
                switch (slot)
                {
                    case 0: bid = cell.Value; break;
                    case 1: ask = cell.Value; break;
                    case 2: iv = cell.Value; break;
                    case 3: oi = cell.Value; break;
                    case 4: volume = cell.Value; break;
                    case 5: delta = cell.Value; break;
                    case 6: gamma = cell.Value; break;
                    case 7: vega = cell.Value; break;
                    default: theta = cell.Value; break;
                }
            }
            if (nameLength < 0 || !OccSymbol.TryParse(name.AsSpan(0, nameLength), occCache, out var occ))
            {
                skipped.Add(new SkippedChainRow(index, $"option '{(nameLength < 0 ? string.Empty : name.AsSpan(0, nameLength))}' is not an OCC symbol"));
                continue;
            }
            malformed += entryMalformed;
            if (!ReferenceEquals(occ.Root, termsRoot))
            {
                terms = OptionContractTerms.ForRoot(occ.Root);
                termsRoot = occ.Root;
            }
            var mid = double.IsFinite(bid) && double.IsFinite(ask) ? 0.5 * (bid + ask) : double.NaN;
            // CBOE: vega per vol point -> per 1.00 of vol; theta per calendar day -> per year. No vanna or charm.
            rows.Add(new OptionQuote(occ.Expiry, occ.Strike, occ.Right, bid, ask, mid, volume, oi, iv, delta, gamma, vega * 100, theta * 365, double.NaN, double.NaN,
                occ.Root, terms.Style, terms.Settlement));
        }
        data.Rows = rows;
        data.Skipped = skipped;
        data.OptionsMalformed = malformed;
    }

    /// <summary>The entry fields by slot (<see cref="FieldSlot"/>), for messages.</summary>
    private static readonly string[] FieldNames = ["bid", "ask", "iv", "open_interest", "volume", "delta", "gamma", "vega", "theta"];

    /// <summary>The bit of an entry's <c>option</c> key among the slot bits.</summary>
    private const int OptionKeyBit = 1 << 9;

    /// <summary>Which entry field the current property name is (0-8: bid, ask, iv, open_interest, volume, delta, gamma,
    /// vega, theta), -1 for an ignored one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FieldSlot(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.ValueTextEquals("bid"u8) ? 0
                : reader.ValueTextEquals("ask"u8) ? 1
                : reader.ValueTextEquals("iv"u8) ? 2
                : reader.ValueTextEquals("open_interest"u8) ? 3
                : reader.ValueTextEquals("volume"u8) ? 4
                : reader.ValueTextEquals("delta"u8) ? 5
                : reader.ValueTextEquals("gamma"u8) ? 6
                : reader.ValueTextEquals("vega"u8) ? 7
                : reader.ValueTextEquals("theta"u8) ? 8
                : -1;
        }
        // The raw name (no escapes): one length switch instead of nine comparisons.
        var name = reader.ValueSpan;
        return name.Length switch
        {
            2 => name.SequenceEqual("iv"u8) ? 2 : -1,
            3 => name.SequenceEqual("bid"u8) ? 0 : name.SequenceEqual("ask"u8) ? 1 : -1,
            4 => name.SequenceEqual("vega"u8) ? 7 : -1,
            5 => name.SequenceEqual("delta"u8) ? 5 : name.SequenceEqual("gamma"u8) ? 6 : name.SequenceEqual("theta"u8) ? 8 : -1,
            6 => name.SequenceEqual("volume"u8) ? 4 : -1,
            13 => name.SequenceEqual("open_interest"u8) ? 3 : -1,
            _ => -1,
        };
    }

    /// <summary>The current value when it is a string, else null (an object or array value is skipped).</summary>
    private static string? TextValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }
        reader.Skip();
        return null;
    }

    /// <summary>A number, or a string holding one; null is NaN; anything else is NaN and counted as malformed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static NumberCell NumberValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return NumberCell.Missing;
            case JsonTokenType.Number:
                if ((!reader.HasValueSequence && FastDouble.TryParse(reader.ValueSpan, out var number)) || reader.TryGetDouble(out number))
                {
                    return new NumberCell(number, 0);
                }
                break;
            case JsonTokenType.String:
                var s = reader.GetString()!.Trim();
                if (s.Length == 0)
                {
                    return NumberCell.Missing;
                }
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    return new NumberCell(number, 0);
                }
                break;
            default:
                reader.Skip();
                break;
        }
        return new NumberCell(double.NaN, 1);
    }

    /// <summary>"YYYY-MM-DD HH:MM:SS" (also with a 'T') read as New York wall-clock time (a time in the spring-forward gap is unreadable); an explicit offset is honoured.</summary>
    private static DateTimeOffset? ParseTimestamp(string? timestamp)
    {
        var text = timestamp?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // A wall time in the spring-forward gap does not exist: unreadable.
            return NewYorkTime.TryAtStrict(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), out var instant) ? instant : null;
        }
        string[] withOffset = ["yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-dd HH:mm:ssZ"];
        return DateTimeOffset.TryParseExact(text, withOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var explicitOffset)
            ? explicitOffset
            : null;
    }
}
