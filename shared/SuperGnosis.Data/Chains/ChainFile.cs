using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Chains;

/// <summary>On-disk option-chain formats understood by <see cref="ChainFile"/>.</summary>
public enum ChainFileFormat
{
    /// <summary>Pick <see cref="Parquet"/> when the bytes start with <c>PAR1</c>, <see cref="Cboe"/> when the text starts
    /// with '{' (after whitespace), <see cref="Csv"/> otherwise.</summary>
    Auto,

    /// <summary>CSV with the seed OptionsChainAdapter's columns (see <see cref="OptionChainCsv"/>).</summary>
    Csv,

    /// <summary>CBOE delayed-quotes JSON (see <see cref="CboeDelayedQuotesJson"/>).</summary>
    Cboe,

    /// <summary>Apache Parquet with the CSV's columns, typed (see <see cref="OptionChainParquet"/>).</summary>
    Parquet,
}

/// <summary>A row the reader could not turn into a contract: its CSV line number (or 1-based index in CBOE's
/// <c>data.options</c>) and why.</summary>
public readonly record struct SkippedChainRow(int Row, string Reason);

/// <summary>
/// What a chain reader produced. Rows with bad numbers are kept with NaN in the bad cells (the hedge engine's
/// hygiene then counts them); <see cref="MalformedCells"/> counts those cells. Rows whose contract identity
/// (type, expiry, OCC symbol) cannot be read are in <see cref="Skipped"/>. <see cref="FileTimestamp"/> is the
/// quote time stated in the file, when the format has one. Every row keeps its root and settlement (SPX and SPXW stay
/// apart).
/// </summary>
public sealed record ChainFileResult(
    OptionChain Chain,
    IReadOnlyList<SkippedChainRow> Skipped,
    int MalformedCells,
    DateTimeOffset? FileTimestamp)
{
    /// <summary>Rows the file holds: those read into the chain plus those skipped.</summary>
    public int RowsInFile => (Chain.Quotes.IsDefault ? 0 : Chain.Quotes.Length) + Skipped.Count;

    /// <summary>
    /// More than half of the file's rows were skipped (docs/data-formats.md, "Rows lost"): what is left is not the chain
    /// the file describes, so a command treats it as an error rather than a result.
    /// </summary>
    public bool LostMostRows => Skipped.Count * 2 > RowsInFile;

    /// <summary>Largest over smallest positive finite spot of the chain's rows, minus one (0 when the format gives one
    /// spot, as CBOE does). One chain is one instant: rows whose spots differ by more than
    /// <see cref="MaxConsistentSpotSpread"/> are flagged as inconsistent.</summary>
    public double RowSpotSpread { get; init; }

    /// <summary>The largest <see cref="RowSpotSpread"/> taken as one instant's spot (1%).</summary>
    public const double MaxConsistentSpotSpread = 0.01;

    /// <summary>The rows disagree on the spot by more than <see cref="MaxConsistentSpotSpread"/>.</summary>
    public bool SpotInconsistent => RowSpotSpread > MaxConsistentSpotSpread;
}

/// <summary>Format detection and dispatch over the chain readers.</summary>
public static class ChainFile
{
    /// <summary>Resolves <see cref="ChainFileFormat.Auto"/>: JSON objects start with '{'.</summary>
    public static ChainFileFormat Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (c == '\uFEFF' || char.IsWhiteSpace(c))
            {
                continue;
            }
            return c == '{' ? ChainFileFormat.Cboe : ChainFileFormat.Csv;
        }
        return ChainFileFormat.Csv;
    }

    /// <summary>Resolves <see cref="ChainFileFormat.Auto"/> from a file's bytes: <c>PAR1</c> is Parquet; otherwise the
    /// text rule of <see cref="Detect(string)"/> (after a UTF-8 byte order mark and ASCII white space).</summary>
    public static ChainFileFormat Detect(ReadOnlySpan<byte> bytes)
    {
        if (OptionChainParquet.HasMagic(bytes))
        {
            return ChainFileFormat.Parquet;
        }
        if (HasUtf16Or32Bom(bytes))
        {
            return Detect(Decode(bytes));
        }
        var rest = bytes.StartsWith(Utf8Bom) ? bytes[3..] : bytes;
        foreach (var b in rest)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C)
            {
                continue;
            }
            // A non-ASCII start (e.g. a non-breaking space, white space to char.IsWhiteSpace) is decided on the text.
            return b == '{' ? ChainFileFormat.Cboe : b < 0x80 ? ChainFileFormat.Csv : Detect(Decode(bytes));
        }
        return ChainFileFormat.Csv;
    }

    /// <summary>
    /// Reads a chain from a file's bytes: Parquet as is; CSV and CBOE JSON as text, decoded as
    /// <see cref="File.ReadAllText(string)"/> would (UTF-8 unless a UTF-16/32 byte order mark says otherwise; invalid
    /// UTF-8 becomes U+FFFD), so the result is the same as <see cref="Read(string, ChainFileFormat, DateTimeOffset?, DateTimeOffset)"/>
    /// of that text. Valid UTF-8 JSON is parsed from the bytes directly.
    /// </summary>
    public static ChainFileResult Read(ReadOnlyMemory<byte> bytes, ChainFileFormat format, DateTimeOffset? asOf, DateTimeOffset fallbackAsOf) =>
        Read(bytes, format, asOf, fallbackAsOf, null);

    /// <summary>
    /// As <see cref="Read(ReadOnlyMemory{byte}, ChainFileFormat, DateTimeOffset?, DateTimeOffset)"/>, with the chain's symbol
    /// given by the caller when <paramref name="symbol"/> is not null: CSV and Parquet rows naming another symbol are skipped;
    /// a CBOE file's own symbol is replaced. Without it the chain's symbol is the one most rows give (CBOE: its data.symbol).
    /// </summary>
    public static ChainFileResult Read(ReadOnlyMemory<byte> bytes, ChainFileFormat format, DateTimeOffset? asOf, DateTimeOffset fallbackAsOf, string? symbol)
    {
        if (format == ChainFileFormat.Auto)
        {
            format = Detect(bytes.Span);
        }
        if (format == ChainFileFormat.Parquet)
        {
            return OptionChainParquet.Read(bytes, asOf ?? fallbackAsOf, symbol);
        }
        var span = bytes.Span;
        if (format == ChainFileFormat.Cboe && !HasUtf16Or32Bom(span))
        {
            var body = span.StartsWith(Utf8Bom) ? span[3..] : span;
            if (System.Text.Unicode.Utf8.IsValid(body))
            {
                return WithSymbol(CboeDelayedQuotesJson.Read(body, asOf), symbol);
            }
        }
        return Read(Decode(span), format, asOf, fallbackAsOf, symbol);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static bool HasUtf16Or32Bom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);

    /// <summary>Text as <see cref="File.ReadAllText(string)"/> decodes it (byte order mark detection, UTF-8 by default).</summary>
    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (!HasUtf16Or32Bom(bytes))
        {
            return System.Text.Encoding.UTF8.GetString(bytes.StartsWith(Utf8Bom) ? bytes[3..] : bytes);
        }
        using var reader = new StreamReader(new MemoryStream(bytes.ToArray()), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Reads a chain from text. <paramref name="asOf"/> overrides the file's own timestamp; a CSV has none, so
    /// it then falls back to <paramref name="fallbackAsOf"/>. Throws <see cref="FormatException"/> on an unreadable file.
    /// </summary>
    public static ChainFileResult Read(string text, ChainFileFormat format, DateTimeOffset? asOf, DateTimeOffset fallbackAsOf) =>
        Read(text, format, asOf, fallbackAsOf, null);

    /// <summary>Reads a chain from text with the caller's symbol when given (see
    /// <see cref="Read(ReadOnlyMemory{byte}, ChainFileFormat, DateTimeOffset?, DateTimeOffset, string?)"/>).</summary>
    public static ChainFileResult Read(string text, ChainFileFormat format, DateTimeOffset? asOf, DateTimeOffset fallbackAsOf, string? symbol)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (format == ChainFileFormat.Auto)
        {
            format = Detect(text);
        }
        if (format == ChainFileFormat.Parquet)
        {
            throw new FormatException("a Parquet file is binary: read it as bytes (ChainFile.Read(bytes, ...))");
        }
        if (format == ChainFileFormat.Cboe)
        {
            return WithSymbol(CboeDelayedQuotesJson.Read(text, asOf), symbol);
        }
        return OptionChainCsv.Read(text, asOf ?? fallbackAsOf, symbol);
    }

    /// <summary>A CBOE chain named by the caller's symbol (its entries are OCC symbols, not rows naming an underlying).</summary>
    private static ChainFileResult WithSymbol(ChainFileResult read, string? symbol) =>
        symbol is null ? read : read with { Chain = read.Chain with { Symbol = symbol } };
}
