using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Chains;

/// <summary>On-disk option-chain formats understood by <see cref="ChainFile"/>.</summary>
public enum ChainFileFormat
{
    /// <summary>Pick <see cref="Cboe"/> when the text starts with '{' (after whitespace), <see cref="Csv"/> otherwise.</summary>
    Auto,

    /// <summary>CSV with the seed OptionsChainAdapter's columns (see <see cref="OptionChainCsv"/>).</summary>
    Csv,

    /// <summary>CBOE delayed-quotes JSON (see <see cref="CboeDelayedQuotesJson"/>).</summary>
    Cboe,
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
    DateTimeOffset? FileTimestamp);

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

    /// <summary>
    /// Reads a chain from text. <paramref name="asOf"/> overrides the file's own timestamp; a CSV has none, so
    /// it then falls back to <paramref name="fallbackAsOf"/>. Throws <see cref="FormatException"/> on an unreadable file.
    /// </summary>
    public static ChainFileResult Read(string text, ChainFileFormat format, DateTimeOffset? asOf, DateTimeOffset fallbackAsOf)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (format == ChainFileFormat.Auto)
        {
            format = Detect(text);
        }
        if (format == ChainFileFormat.Cboe)
        {
            return CboeDelayedQuotesJson.Read(text, asOf);
        }
        using var reader = new StringReader(text);
        return OptionChainCsv.Read(reader, asOf ?? fallbackAsOf);
    }
}
