using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Chains;

/// <summary>
/// The row rules shared by the table-shaped chain readers (CSV and Parquet): right, expiry, one symbol per chain (the
/// majority's or the caller's), the
/// contract-term cells (root, exercise_style, settlement) with their defaults and errors, the spot median. A row that
/// breaks a rule is recorded in <see cref="Skipped"/> with its row number and the reason. Strings are made only for
/// the symbol, each new root and error messages.
/// </summary>
internal sealed class ChainRows(int capacity)
{
    private readonly ImmutableArray<OptionQuote>.Builder _quotes = ImmutableArray.CreateBuilder<OptionQuote>(capacity);
    private readonly List<double> _spots = new(capacity);
    private readonly List<SkippedChainRow> _skipped = [];
    // Per added row: its line (for a row dropped later) and its symbol's index in _symbols (-1: no symbol cell).
    private readonly List<int> _rowLines = new(capacity);
    private readonly List<int> _rowSymbols = new(capacity);
    private readonly List<string> _symbols = [];
    private readonly List<int> _symbolCounts = [];
    private int _lastSymbolIndex = -1;
    private int _pendingLine;
    private readonly char[] _expiryText = new char[10];
    private DateOnly _expiry;
    private bool _hasExpiry;
    private string? _symbol;
    private string? _lastRoot;
    private bool _hasTerms;
    private string? _termsRoot;
    private string? _termsSymbol;
    private (ExerciseStyle Style, OptionSettlement Settlement) _terms;
    private readonly LastCell _lastSymbolCell = new();
    private readonly LastCell _lastRootCell = new();
    private string? _lastRootCellRoot;
    private readonly LastCell _lastStyleCell = new();
    private ExerciseStyle _lastStyle;
    private readonly LastCell _lastSettlementCell = new();
    private OptionSettlement _lastSettlement;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryRight(int row, ReadOnlySpan<char> text, out OptionRight right)
    {
        if (text.Length == 1 && (text[0] | 0x20) is 'c' or 'p')
        {
            right = (text[0] | 0x20) == 'c' ? OptionRight.Call : OptionRight.Put;
            return true;
        }
        if (OptionChainCsv.TryParseRight(text, out right))
        {
            return true;
        }
        _skipped.Add(new SkippedChainRow(row, $"type '{text.Trim()}' is not C, P, call or put"));
        return false;
    }

    /// <summary>YYYY-MM-DD (the last text and date are remembered: a chain lists each expiry many times in a row;
    /// plain ASCII dates are parsed directly, anything else by <see cref="DateOnly.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider?, DateTimeStyles, out DateOnly)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryExpiry(int row, ReadOnlySpan<char> text, out DateOnly expiry)
    {
        if (_hasExpiry && text.SequenceEqual(_expiryText))
        {
            expiry = _expiry;
            return true;
        }
        if (!TryParsePlainDate(text, out expiry)
            && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out expiry))
        {
            _skipped.Add(new SkippedChainRow(row, $"expiry '{text}' is not a YYYY-MM-DD date"));
            return false;
        }
        if (text.Length == _expiryText.Length)
        {
            text.CopyTo(_expiryText);
            _expiry = expiry;
            _hasExpiry = true;
        }
        return true;
    }

    /// <summary>Records a row skipped for a reason of the caller's.</summary>
    public void Skip(int row, string reason) => _skipped.Add(new SkippedChainRow(row, reason));

    /// <summary>
    /// Symbol (trimmed cells, upper-cased; rows naming a symbol other than the chain's are dropped by <see cref="Build"/>), root (an OCC root), exercise style and settlement
    /// (explicit values win; else implied by the root, or without a root the symbol's style and PM).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryTerms(int row, ReadOnlySpan<char> symbolCell, ReadOnlySpan<char> rootCell, ReadOnlySpan<char> styleCell, ReadOnlySpan<char> settlementCell,
        out string? root, out ExerciseStyle style, out OptionSettlement settlement)
    {
        root = null;
        style = default;
        settlement = default;
        // A chain repeats the same few cells row after row: a cell equal to the previous row's passed the same checks.
        _pendingLine = row;
        if (!_lastSymbolCell.Matches(symbolCell))
        {
            Span<char> buffer = stackalloc char[64];
            _lastSymbolIndex = SymbolIndex(Upper(symbolCell, buffer));
            _symbol ??= _lastSymbolIndex >= 0 ? _symbols[_lastSymbolIndex] : null;
            _lastSymbolCell.Set(symbolCell);
        }

        if (_lastRootCell.Matches(rootCell))
        {
            root = _lastRootCellRoot;
        }
        else
        {
            Span<char> buffer = stackalloc char[64];
            var rootText = Upper(rootCell, buffer);
            if (rootText.Length > 0 && !OccSymbol.IsValidRoot(rootText))
            {
                _skipped.Add(new SkippedChainRow(row, $"root '{rootText}' is not an OCC root (1-6 letters and an optional digit)"));
                return false;
            }
            if (rootText.Length > 0)
            {
                if (_lastRoot is null || !rootText.SequenceEqual(_lastRoot))
                {
                    _lastRoot = rootText.ToString();
                }
                root = _lastRoot;
            }
            _lastRootCell.Set(rootCell);
            _lastRootCellRoot = root;
        }
        // Without a root the row names only its underlying: its style follows the symbol (index options are
        // European), but a symbol does not say AM or PM (SPX lists both), so the default is PM unless a root or a
        // settlement column says otherwise. (A non-empty row symbol equals the chain's symbol here.)
        var rowSymbol = _lastSymbolIndex >= 0 ? _symbols[_lastSymbolIndex] : _symbol;
        if (!_hasTerms || !ReferenceEquals(root, _termsRoot) || (root is null && !ReferenceEquals(rowSymbol, _termsSymbol)))
        {
            _terms = root is null ? (OptionContractTerms.ForRoot(rowSymbol ?? string.Empty).Style, OptionSettlement.Pm) : OptionContractTerms.ForRoot(root);
            (_hasTerms, _termsRoot, _termsSymbol) = (true, root, rowSymbol);
        }

        if (styleCell.IsEmpty)
        {
            style = _terms.Style;
        }
        else if (_lastStyleCell.Matches(styleCell))
        {
            style = _lastStyle;
        }
        else
        {
            Span<char> buffer = stackalloc char[64];
            var styleText = Lower(styleCell, buffer);
            if (styleText.SequenceEqual("american"))
            {
                style = ExerciseStyle.American;
            }
            else if (styleText.SequenceEqual("european"))
            {
                style = ExerciseStyle.European;
            }
            else
            {
                _skipped.Add(new SkippedChainRow(row, $"exercise_style '{styleCell}' is not american or european"));
                return false;
            }
            _lastStyleCell.Set(styleCell);
            _lastStyle = style;
        }

        if (settlementCell.IsEmpty)
        {
            settlement = _terms.Settlement;
        }
        else if (_lastSettlementCell.Matches(settlementCell))
        {
            settlement = _lastSettlement;
        }
        else
        {
            Span<char> buffer = stackalloc char[64];
            var settlementText = Lower(settlementCell, buffer);
            if (settlementText.SequenceEqual("am"))
            {
                settlement = OptionSettlement.Am;
            }
            else if (settlementText.SequenceEqual("pm"))
            {
                settlement = OptionSettlement.Pm;
            }
            else
            {
                _skipped.Add(new SkippedChainRow(row, $"settlement '{settlementCell}' is not am or pm"));
                return false;
            }
            _lastSettlementCell.Set(settlementCell);
            _lastSettlement = settlement;
        }
        return true;
    }

    /// <summary>The previous row's text of a cell (up to 32 characters) that passed the checks.</summary>
    private sealed class LastCell
    {
        private readonly char[] _text = new char[32];
        private int _length = -1;

        public bool Matches(ReadOnlySpan<char> cell) => _length == cell.Length && cell.SequenceEqual(_text.AsSpan(0, _length));

        public void Set(ReadOnlySpan<char> cell)
        {
            if (cell.Length <= _text.Length)
            {
                cell.CopyTo(_text);
                _length = cell.Length;
            }
            else
            {
                _length = -1;
            }
        }
    }

    /// <summary>The index of a row's (upper-cased) symbol in the symbols seen so far, added when new; -1 for none.</summary>
    private int SymbolIndex(ReadOnlySpan<char> symbol)
    {
        if (symbol.IsEmpty)
        {
            return -1;
        }
        for (var i = 0; i < _symbols.Count; i++)
        {
            if (symbol.SequenceEqual(_symbols[i]))
            {
                return i;
            }
        }
        _symbols.Add(symbol.ToString());
        _symbolCounts.Add(0);
        return _symbols.Count - 1;
    }

    /// <summary>Adds the row whose terms <see cref="TryTerms"/> just read; its <paramref name="spot"/> counts for the median
    /// when positive and finite (and the row is kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(double spot, OptionQuote quote)
    {
        _spots.Add(spot);
        _rowLines.Add(_pendingLine);
        _rowSymbols.Add(_lastSymbolIndex);
        if (_lastSymbolIndex >= 0)
        {
            _symbolCounts[_lastSymbolIndex]++;
        }
        _quotes.Add(quote);
    }

    /// <summary>
    /// The chain. Its symbol is <paramref name="symbol"/> when given, else the symbol most rows give (a tie goes to the one
    /// seen first); rows naming another symbol are dropped into <see cref="ChainFileResult.Skipped"/> with their line.
    /// </summary>
    public ChainFileResult Build(DateTimeOffset asOf, int malformed, string? symbol = null)
    {
        var chosen = symbol is null ? MajoritySymbol() : _symbols.IndexOf(symbol);
        var chainSymbol = symbol ?? (chosen >= 0 ? _symbols[chosen] : string.Empty);
        var others = _rowSymbols.Count - (chosen >= 0 ? _symbolCounts[chosen] : 0) - _rowSymbols.Count(i => i < 0);
        if (others == 0)
        {
            var quotes = _quotes.Count == _quotes.Capacity ? _quotes.MoveToImmutable() : _quotes.ToImmutable();
            return new ChainFileResult(new OptionChain(chainSymbol, asOf, Median(_spots), quotes), _skipped, malformed, null) { RowSpotSpread = Spread(_spots) };
        }
        var kept = ImmutableArray.CreateBuilder<OptionQuote>(_quotes.Count - others);
        var keptSpots = new List<double>(_quotes.Count - others);
        for (var i = 0; i < _quotes.Count; i++)
        {
            var rowSymbol = _rowSymbols[i];
            if (rowSymbol >= 0 && rowSymbol != chosen)
            {
                _skipped.Add(new SkippedChainRow(_rowLines[i], $"symbol '{_symbols[rowSymbol]}' differs from the chain's '{chainSymbol}'"));
                continue;
            }
            kept.Add(_quotes[i]);
            keptSpots.Add(_spots[i]);
        }
        _skipped.Sort((a, b) => a.Row.CompareTo(b.Row));
        return new ChainFileResult(new OptionChain(chainSymbol, asOf, Median(keptSpots), kept.MoveToImmutable()), _skipped, malformed, null)
        {
            RowSpotSpread = Spread(keptSpots),
        };
    }

    /// <summary>Largest over smallest positive finite spot, minus one; 0 with fewer than two such spots.</summary>
    private static double Spread(List<double> spots)
    {
        double min = double.PositiveInfinity, max = 0;
        foreach (var spot in spots)
        {
            if (spot > 0 && double.IsFinite(spot))
            {
                min = Math.Min(min, spot);
                max = Math.Max(max, spot);
            }
        }
        return max > 0 ? (max / min) - 1 : 0;
    }

    /// <summary>The index of the symbol given by most rows (the first seen among equals); -1 when no row names one.</summary>
    private int MajoritySymbol()
    {
        var best = -1;
        for (var i = 0; i < _symbolCounts.Count; i++)
        {
            if (best < 0 || _symbolCounts[i] > _symbolCounts[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>The median of the positive finite spots (the sort is skipped when every value is the same and that gives the same number).</summary>
    private static double Median(List<double> spots)
    {
        var values = new List<double>(spots.Count);
        var equal = true;
        foreach (var spot in spots)
        {
            if (spot > 0 && double.IsFinite(spot))
            {
                equal &= values.Count == 0 || spot == values[0];
                values.Add(spot);
            }
        }
        if (values.Count == 0)
        {
            return double.NaN;
        }
        if (equal && (values.Count % 2 == 1 || double.IsFinite(values[0] + values[0])))
        {
            return values.Count % 2 == 1 ? values[0] : 0.5 * (values[0] + values[0]);
        }
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
    }

    private static ReadOnlySpan<char> Upper(ReadOnlySpan<char> text, Span<char> buffer)
    {
        var target = text.Length <= buffer.Length ? buffer[..text.Length] : new char[text.Length];
        text.ToUpperInvariant(target);
        return target;
    }

    private static ReadOnlySpan<char> Lower(ReadOnlySpan<char> text, Span<char> buffer)
    {
        var target = text.Length <= buffer.Length ? buffer[..text.Length] : new char[text.Length];
        text.ToLowerInvariant(target);
        return target;
    }

    private static bool TryParsePlainDate(ReadOnlySpan<char> s, out DateOnly date)
    {
        date = default;
        if (s.Length != 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }
        int year = 0, month = 0, day = 0;
        for (var i = 0; i < 10; i++)
        {
            if (i is 4 or 7)
            {
                continue;
            }
            var d = s[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }
            if (i < 4)
            {
                year = (year * 10) + d;
            }
            else if (i < 7)
            {
                month = (month * 10) + d;
            }
            else
            {
                day = (day * 10) + d;
            }
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        date = new DateOnly(year, month, day);
        return true;
    }
}
