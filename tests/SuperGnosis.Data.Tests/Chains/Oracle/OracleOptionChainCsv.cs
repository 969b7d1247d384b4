using SuperGnosis.Data.Chains;
using System.Collections.Immutable;
using System.Globalization;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Tests.Chains.Oracle;

/// <summary>
/// Reads an option chain CSV with the seed OptionsChainAdapter's columns (any order, any case; extra columns
/// ignored): <c>symbol, underlying_price, expiry, dte, strike, type, mid_price, bid, ask, volume,
/// open_interest, delta, gamma, vega, theta, vanna, charm</c> and an optional <c>iv</c>. Required:
/// <c>strike, type, expiry, open_interest, underlying_price</c>.
/// <para>Units (those of <see cref="OptionQuote"/>): Greeks per share in mathematical units, gamma per $ of spot,
/// vega and vanna per 1.00 of volatility, theta and charm per year; <c>iv</c> annualized as a decimal (0.20).</para>
/// <para>An empty cell is a missing value (NaN). An unparseable number also becomes NaN and is counted in
/// <see cref="ChainFileResult.MalformedCells"/>, so the hedge engine's hygiene drops or recomputes the row. A row
/// whose type is not C/P/call/put, whose expiry is not YYYY-MM-DD, or whose symbol differs from the
/// first row's is skipped and reported with its line number. <c>dte</c> is ignored (expiry is authoritative).</para>
/// <para>Contract terms, optional columns: <c>root</c> (OCC root, 1-6 letters and an optional digit),
/// <c>exercise_style</c> (<c>american</c>|<c>european</c>) and <c>settlement</c> (<c>am</c>|<c>pm</c>), each defaulting
/// to what the root implies (<see cref="OptionContractTerms"/>: SPX AM European, SPXW PM European, equities and ETFs
/// American PM). Without a root the style follows the symbol and the settlement is PM (a symbol such as SPX does not
/// say whether a row is the AM or the PM contract). A value that is not one of those is a row error (skipped, with
/// its line).</para>
/// <para>Spot: the median of the rows' positive finite <c>underlying_price</c> (NaN when there is none).</para>
/// </summary>
internal static class OracleOptionChainCsv
{
    /// <summary>The columns the reader cannot do without.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["strike", "type", "expiry", "open_interest", "underlying_price"];

    /// <summary>Columns written by <see cref="Write"/> (the seed's, plus <c>iv</c> and the contract terms <c>root, exercise_style, settlement</c>).</summary>
    public static readonly IReadOnlyList<string> WrittenColumns =
        ["symbol", "underlying_price", "expiry", "dte", "strike", "type", "mid_price", "bid", "ask", "volume", "open_interest",
         "delta", "gamma", "vega", "theta", "vanna", "charm", "iv", "root", "exercise_style", "settlement"];

    public static ChainFileResult Read(TextReader reader, DateTimeOffset asOf, string? chosenSymbol = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var rows = OracleCsv.Read(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new FormatException("the chain CSV is empty (expected a header row)");
        }
        var header = rows.Current.Fields;
        var names = header.Select(h => h.Trim()).Where(h => h.Length > 0).ToList();
        var repeat = names.Where((n, i) => names.Take(i).Contains(n, StringComparer.OrdinalIgnoreCase)).FirstOrDefault();
        if (repeat is not null)
        {
            throw new FormatException($"the chain CSV has the column '{repeat}' twice (which copy holds the data cannot be known)");
        }
        var col = new ColumnIndex(header);
        var missing = RequiredColumns.Where(c => OracleCsv.IndexOf(header, c) < 0).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"the chain CSV is missing required column(s): {string.Join(", ", missing)} (header: {string.Join(",", header)})");
        }

        // Every readable row with its line, symbol (empty: none) and spot; the chain's symbol is decided at the end.
        var read = new List<(int Line, string Symbol, double Spot, OptionQuote Quote)>();
        var skipped = new List<SkippedChainRow>();
        string? symbol = null;
        var malformed = 0;
        while (rows.MoveNext())
        {
            var (line, fields) = rows.Current;
            if (fields.All(f => f.Trim().Length == 0))
            {
                continue;
            }
            if (fields.Length < header.Length)
            {
                skipped.Add(new SkippedChainRow(line, $"short row: {fields.Length} field(s), the header has {header.Length}"));
                continue;
            }
            var typeText = Cell(fields, col.Type);
            if (!TryParseRight(typeText, out var right))
            {
                skipped.Add(new SkippedChainRow(line, $"type '{typeText}' is not C, P, call or put"));
                continue;
            }
            var expiryText = Cell(fields, col.Expiry);
            if (!DateOnly.TryParseExact(expiryText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry))
            {
                skipped.Add(new SkippedChainRow(line, $"expiry '{expiryText}' is not a YYYY-MM-DD date"));
                continue;
            }
            var rowSymbol = Cell(fields, col.Symbol).ToUpperInvariant();
            if (rowSymbol.Length > 0)
            {
                symbol ??= rowSymbol;
            }

            var rootText = Cell(fields, col.Root).ToUpperInvariant();
            if (rootText.Length > 0 && !OracleOccSymbol.IsValidRoot(rootText))
            {
                skipped.Add(new SkippedChainRow(line, $"root '{rootText}' is not an OCC root (1-6 letters and an optional digit)"));
                continue;
            }
            // Without a root the row names only its underlying: its style follows the symbol (index options are
            // European), but a symbol does not say AM or PM (SPX lists both), so the default is PM unless a root or a
            // settlement column says otherwise.
            string? root = rootText.Length > 0 ? rootText : null;
            var (impliedStyle, impliedSettlement) = root is null
                ? (OptionContractTerms.ForRoot(rowSymbol.Length > 0 ? rowSymbol : symbol ?? string.Empty).Style, OptionSettlement.Pm)
                : OptionContractTerms.ForRoot(root);
            var styleText = Cell(fields, col.ExerciseStyle).ToLowerInvariant();
            ExerciseStyle? style = styleText switch
            {
                "" => impliedStyle,
                "american" => ExerciseStyle.American,
                "european" => ExerciseStyle.European,
                _ => null,
            };
            if (style is null)
            {
                skipped.Add(new SkippedChainRow(line, $"exercise_style '{Cell(fields, col.ExerciseStyle)}' is not american or european"));
                continue;
            }
            var settlementText = Cell(fields, col.Settlement).ToLowerInvariant();
            OptionSettlement? settlement = settlementText switch
            {
                "" => impliedSettlement,
                "am" => OptionSettlement.Am,
                "pm" => OptionSettlement.Pm,
                _ => null,
            };
            if (settlement is null)
            {
                skipped.Add(new SkippedChainRow(line, $"settlement '{Cell(fields, col.Settlement)}' is not am or pm"));
                continue;
            }

            double Number(int index)
            {
                var text = Cell(fields, index);
                if (text.Length == 0)
                {
                    return double.NaN;
                }
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
                malformed++;
                return double.NaN;
            }

            var spot = Number(col.UnderlyingPrice);
            read.Add((line, rowSymbol, spot, new OptionQuote(
                expiry,
                Number(col.Strike),
                right,
                Number(col.Bid),
                Number(col.Ask),
                Number(col.Mid),
                Number(col.Volume),
                Number(col.OpenInterest),
                Number(col.Iv),
                Number(col.Delta),
                Number(col.Gamma),
                Number(col.Vega),
                Number(col.Theta),
                Number(col.Vanna),
                Number(col.Charm),
                root,
                style.Value,
                settlement.Value)));
        }
        // The chain's symbol: the caller's, else the one most rows name (ties: the first seen).
        var chainSymbol = chosenSymbol ?? read.Where(r => r.Symbol.Length > 0).GroupBy(r => r.Symbol)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(r => r.Line)).Select(g => g.Key).FirstOrDefault() ?? string.Empty;
        var quotes = ImmutableArray.CreateBuilder<OptionQuote>();
        var spots = new List<double>();
        foreach (var (line, rowSymbol, spot, quote) in read)
        {
            if (rowSymbol.Length > 0 && rowSymbol != chainSymbol)
            {
                skipped.Add(new SkippedChainRow(line, $"symbol '{rowSymbol}' differs from the chain's '{chainSymbol}'"));
                continue;
            }
            if (spot > 0 && double.IsFinite(spot))
            {
                spots.Add(spot);
            }
            quotes.Add(quote);
        }
        var chain = new OptionChain(chainSymbol, asOf, Median(spots), quotes.ToImmutable());
        return new ChainFileResult(chain, [.. skipped.OrderBy(s => s.Row)], malformed, null);
    }

    /// <summary>C/P or call/put, any case.</summary>
    public static bool TryParseRight(string text, out OptionRight right)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "C":
            case "CALL":
                right = OptionRight.Call;
                return true;
            case "P":
            case "PUT":
                right = OptionRight.Put;
                return true;
            default:
                right = default;
                return false;
        }
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

    private static string Cell(IReadOnlyList<string> fields, int index) =>
        index >= 0 && index < fields.Count ? fields[index].Trim() : string.Empty;

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }

    /// <summary>Column indexes (-1 when absent).</summary>
    private sealed class ColumnIndex(IReadOnlyList<string> header)
    {
        public int Symbol { get; } = OracleCsv.IndexOf(header, "symbol");
        public int UnderlyingPrice { get; } = OracleCsv.IndexOf(header, "underlying_price");
        public int Expiry { get; } = OracleCsv.IndexOf(header, "expiry");
        public int Strike { get; } = OracleCsv.IndexOf(header, "strike");
        public int Type { get; } = OracleCsv.IndexOf(header, "type");
        public int Mid { get; } = OracleCsv.IndexOf(header, "mid_price");
        public int Bid { get; } = OracleCsv.IndexOf(header, "bid");
        public int Ask { get; } = OracleCsv.IndexOf(header, "ask");
        public int Volume { get; } = OracleCsv.IndexOf(header, "volume");
        public int OpenInterest { get; } = OracleCsv.IndexOf(header, "open_interest");
        public int Delta { get; } = OracleCsv.IndexOf(header, "delta");
        public int Gamma { get; } = OracleCsv.IndexOf(header, "gamma");
        public int Vega { get; } = OracleCsv.IndexOf(header, "vega");
        public int Theta { get; } = OracleCsv.IndexOf(header, "theta");
        public int Vanna { get; } = OracleCsv.IndexOf(header, "vanna");
        public int Charm { get; } = OracleCsv.IndexOf(header, "charm");
        public int Iv { get; } = OracleCsv.IndexOf(header, "iv");
        public int Root { get; } = OracleCsv.IndexOf(header, "root");
        public int ExerciseStyle { get; } = OracleCsv.IndexOf(header, "exercise_style");
        public int Settlement { get; } = OracleCsv.IndexOf(header, "settlement");
    }
}
