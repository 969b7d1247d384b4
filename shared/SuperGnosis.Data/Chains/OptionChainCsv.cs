using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Text;

namespace SuperGnosis.Data.Chains;

/// <summary>
/// Reads an option chain CSV with the seed OptionsChainAdapter's columns (any order, any case; extra columns
/// ignored): <c>symbol, underlying_price, expiry, dte, strike, type, mid_price, bid, ask, volume,
/// open_interest, delta, gamma, vega, theta, vanna, charm</c> and an optional <c>iv</c>. Required:
/// <c>strike, type, expiry, open_interest, underlying_price</c>.
/// <para>Units (those of <see cref="OptionQuote"/>): Greeks per share in mathematical units, gamma per $ of spot,
/// vega and vanna per 1.00 of volatility, theta and charm per year; <c>iv</c> annualized as a decimal (0.20).</para>
/// <para>An empty cell is a missing value (NaN). An unparseable number also becomes NaN and is counted in
/// <see cref="ChainFileResult.MalformedCells"/>, so the hedge engine's hygiene drops or recomputes the row. A row
/// whose type is not C/P/call/put, whose expiry is not YYYY-MM-DD, which has fewer fields than the header, or whose
/// symbol differs from the chain's (the symbol most rows give, or the caller's) is skipped and reported with its line
/// number. A header naming a column twice is an error. <c>dte</c> is ignored (expiry is authoritative).</para>
/// <para>Contract terms, optional columns: <c>root</c> (OCC root, 1-6 letters and an optional digit),
/// <c>exercise_style</c> (<c>american</c>|<c>european</c>) and <c>settlement</c> (<c>am</c>|<c>pm</c>), each defaulting
/// to what the root implies (<see cref="OptionContractTerms"/>: SPX AM European, SPXW PM European, equities and ETFs
/// American PM). Without a root the style follows the symbol and the settlement is PM (a symbol such as SPX does not
/// say whether a row is the AM or the PM contract). A value that is not one of those is a row error (skipped, with
/// its line).</para>
/// <para>Spot: the median of the rows' positive finite <c>underlying_price</c> (NaN when there is none).</para>
/// </summary>
public static class OptionChainCsv
{
    /// <summary>The columns the reader cannot do without.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["strike", "type", "expiry", "open_interest", "underlying_price"];

    /// <summary>Columns written by <see cref="Write"/> (the seed's, plus <c>iv</c> and the contract terms <c>root, exercise_style, settlement</c>).</summary>
    public static readonly IReadOnlyList<string> WrittenColumns =
        ["symbol", "underlying_price", "expiry", "dte", "strike", "type", "mid_price", "bid", "ask", "volume", "open_interest",
         "delta", "gamma", "vega", "theta", "vanna", "charm", "iv", "root", "exercise_style", "settlement"];

    /// <summary>Reads the whole of <paramref name="reader"/> and parses it (see <see cref="Read(string, DateTimeOffset)"/>).</summary>
    public static ChainFileResult Read(TextReader reader, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(reader.ReadToEnd(), asOf);
    }

    /// <summary>
    /// Parses chain CSV text. Fields are read as spans of the text through the shared RFC 4180 parser
    /// (<see cref="CsvFieldReader"/>): a string is made only for the symbol, each distinct root and error messages.
    /// </summary>
    public static ChainFileResult Read(string text, DateTimeOffset asOf) => Read(text, asOf, null);

    /// <summary>Parses chain CSV text; the chain's symbol is <paramref name="symbol"/> when given (upper case), else the
    /// symbol most rows give. Rows naming another symbol are skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ChainFileResult Read(string text, DateTimeOffset asOf, string? symbol)
    {
        ArgumentNullException.ThrowIfNull(text);
        var csv = new CsvFieldReader(text);
        if (!csv.MoveNext())
        {
            throw new FormatException("the chain CSV is empty (expected a header row)");
        }
        var header = csv.ToArray();
        if (Csv.FindDuplicate(header) is { } duplicate)
        {
            throw new FormatException($"the chain CSV has the column '{duplicate}' twice (which copy holds the data cannot be known)");
        }
        var col = new ColumnIndex(header);
        var missing = RequiredColumns.Where(c => Csv.IndexOf(header, c) < 0).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"the chain CSV is missing required column(s): {string.Join(", ", missing)} (header: {string.Join(",", header)})");
        }

        // At most one row per line after the header: size the outputs once.
        var lines = text.AsSpan().Count('\n');
        var rows = new ChainRows(Math.Max(0, text.EndsWith('\n') ? lines - 1 : lines));
        var malformed = 0;
        while (csv.MoveNext())
        {
            var line = csv.Line;
            if (AllBlank(csv))
            {
                continue;
            }
            if (csv.FieldCount < header.Length)
            {
                rows.Skip(line, $"short row: {csv.FieldCount} field(s), the header has {header.Length}");
                continue;
            }
            if (!rows.TryRight(line, Cell(csv, col.Type), out var right)
                || !rows.TryExpiry(line, Cell(csv, col.Expiry), out var expiry)
                || !rows.TryTerms(line, Cell(csv, col.Symbol), Cell(csv, col.Root), Cell(csv, col.ExerciseStyle), Cell(csv, col.Settlement),
                    out var root, out var style, out var settlement))
            {
                continue;
            }
            var spot = Number(csv, col.UnderlyingPrice, ref malformed);
            rows.Add(spot, new OptionQuote(
                expiry,
                Number(csv, col.Strike, ref malformed),
                right,
                Number(csv, col.Bid, ref malformed),
                Number(csv, col.Ask, ref malformed),
                Number(csv, col.Mid, ref malformed),
                Number(csv, col.Volume, ref malformed),
                Number(csv, col.OpenInterest, ref malformed),
                Number(csv, col.Iv, ref malformed),
                Number(csv, col.Delta, ref malformed),
                Number(csv, col.Gamma, ref malformed),
                Number(csv, col.Vega, ref malformed),
                Number(csv, col.Theta, ref malformed),
                Number(csv, col.Vanna, ref malformed),
                Number(csv, col.Charm, ref malformed),
                root,
                style,
                settlement));
        }
        return rows.Build(asOf, malformed, symbol);
    }

    /// <summary>A cell as a number: empty is NaN; unparseable is NaN and counted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Number(CsvFieldReader csv, int index, ref int malformed)
    {
        var text = Cell(csv, index);
        if (text.IsEmpty)
        {
            return double.NaN;
        }
        if (FastDouble.TryParse(text, out var value) || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return value;
        }
        malformed++;
        return double.NaN;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllBlank(CsvFieldReader csv)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (!csv[i].IsWhiteSpace())
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>C/P or call/put, any case.</summary>
    public static bool TryParseRight(string text, out OptionRight right)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseRight(text.AsSpan(), out right);
    }

    /// <summary>C/P or call/put, any case (surrounding white space ignored).</summary>
    public static bool TryParseRight(ReadOnlySpan<char> text, out OptionRight right)
    {
        text = text.Trim();
        Span<char> upper = stackalloc char[4];
        if (text.Length <= upper.Length)
        {
            upper = upper[..text.Length];
            text.ToUpperInvariant(upper);
            if (upper is "C" or "CALL")
            {
                right = OptionRight.Call;
                return true;
            }
            if (upper is "P" or "PUT")
            {
                right = OptionRight.Put;
                return true;
            }
        }
        right = default;
        return false;
    }

    /// <summary>
    /// Writes a chain with <see cref="WrittenColumns"/> (NaN as an empty cell, round-trip number formatting); <c>dte</c>
    /// is calendar days from the New York date of the chain's as-of to expiry.
    /// </summary>
    public static void Write(OptionChain chain, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(string.Join(',', WrittenColumns));
        writer.Write('\n');
        var today = NewYorkTime.DateOf(chain.AsOf);
        foreach (var q in chain.Quotes.IsDefault ? [] : chain.Quotes)
        {
            string[] cells =
            [
                chain.Symbol, F(chain.UnderlyingPrice), q.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                (q.Expiry.DayNumber - today.DayNumber).ToString(CultureInfo.InvariantCulture), F(q.Strike),
                q.Right == OptionRight.Call ? "C" : "P", F(q.Mid), F(q.Bid), F(q.Ask), F(q.Volume), F(q.OpenInterest),
                F(q.Delta), F(q.Gamma), F(q.Vega), F(q.Theta), F(q.Vanna), F(q.Charm), F(q.ImpliedVol),
                q.Root ?? string.Empty, q.ExerciseStyle == ExerciseStyle.European ? "european" : "american",
                q.Settlement == OptionSettlement.Am ? "am" : "pm",
            ];
            writer.Write(string.Join(',', cells));
            writer.Write('\n');
        }

        static string F(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", CultureInfo.InvariantCulture);
    }

    private static ReadOnlySpan<char> Cell(CsvFieldReader csv, int index) =>
        index >= 0 && index < csv.FieldCount ? csv[index].Trim() : [];

    /// <summary>Column indexes (-1 when absent).</summary>
    private sealed class ColumnIndex(IReadOnlyList<string> header)
    {
        public int Symbol { get; } = Csv.IndexOf(header, "symbol");
        public int UnderlyingPrice { get; } = Csv.IndexOf(header, "underlying_price");
        public int Expiry { get; } = Csv.IndexOf(header, "expiry");
        public int Strike { get; } = Csv.IndexOf(header, "strike");
        public int Type { get; } = Csv.IndexOf(header, "type");
        public int Mid { get; } = Csv.IndexOf(header, "mid_price");
        public int Bid { get; } = Csv.IndexOf(header, "bid");
        public int Ask { get; } = Csv.IndexOf(header, "ask");
        public int Volume { get; } = Csv.IndexOf(header, "volume");
        public int OpenInterest { get; } = Csv.IndexOf(header, "open_interest");
        public int Delta { get; } = Csv.IndexOf(header, "delta");
        public int Gamma { get; } = Csv.IndexOf(header, "gamma");
        public int Vega { get; } = Csv.IndexOf(header, "vega");
        public int Theta { get; } = Csv.IndexOf(header, "theta");
        public int Vanna { get; } = Csv.IndexOf(header, "vanna");
        public int Charm { get; } = Csv.IndexOf(header, "charm");
        public int Iv { get; } = Csv.IndexOf(header, "iv");
        public int Root { get; } = Csv.IndexOf(header, "root");
        public int ExerciseStyle { get; } = Csv.IndexOf(header, "exercise_style");
        public int Settlement { get; } = Csv.IndexOf(header, "settlement");
    }
}
