using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Chains;

/// <summary>
/// The row rules shared by the table-shaped chain readers (CSV and Parquet): right, expiry, one symbol per chain, the
/// contract-term cells (root, exercise_style, settlement) with their defaults and errors, the spot median. A row that
/// breaks a rule is recorded in <see cref="Skipped"/> with its row number and the reason. Strings are made only for
/// the symbol, each new root and error messages.
/// </summary>
internal sealed class ChainRows(int capacity)
{
    private readonly ImmutableArray<OptionQuote>.Builder _quotes = ImmutableArray.CreateBuilder<OptionQuote>(capacity);
    private readonly List<double> _spots = new(capacity);
    private readonly List<SkippedChainRow> _skipped = [];
    private readonly char[] _expiryText = new char[10];
    private DateOnly _expiry;
    private bool _hasExpiry;
    private bool _spotsEqual = true;
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
    /// Symbol (trimmed cells, upper-cased; must equal the first row's), root (an OCC root), exercise style and settlement
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
        if (!_lastSymbolCell.Matches(symbolCell))
        {
            Span<char> buffer = stackalloc char[64];
            var rowSymbol = Upper(symbolCell, buffer);
            if (rowSymbol.Length > 0)
            {
                _symbol ??= rowSymbol.ToString();
                if (!rowSymbol.SequenceEqual(_symbol))
                {
                    _skipped.Add(new SkippedChainRow(row, $"symbol '{rowSymbol}' differs from the chain's '{_symbol}'"));
                    return false;
                }
            }
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
        if (!_hasTerms || !ReferenceEquals(root, _termsRoot) || (root is null && !ReferenceEquals(_symbol, _termsSymbol)))
        {
            _terms = root is null ? (OptionContractTerms.ForRoot(_symbol ?? string.Empty).Style, OptionSettlement.Pm) : OptionContractTerms.ForRoot(root);
            (_hasTerms, _termsRoot, _termsSymbol) = (true, root, _symbol);
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

    /// <summary>Adds a row; its <paramref name="spot"/> counts for the median when positive and finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(double spot, OptionQuote quote)
    {
        if (spot > 0 && double.IsFinite(spot))
        {
            _spotsEqual &= _spots.Count == 0 || spot == _spots[0];
            _spots.Add(spot);
        }
        _quotes.Add(quote);
    }

    public ChainFileResult Build(DateTimeOffset asOf, int malformed)
    {
        var quotes = _quotes.Count == _quotes.Capacity ? _quotes.MoveToImmutable() : _quotes.ToImmutable();
        return new ChainFileResult(new OptionChain(_symbol ?? string.Empty, asOf, Median(), quotes), _skipped, malformed, null);
    }

    /// <summary>The median of the spots (the sort is skipped when every value is the same and that gives the same number).</summary>
    private double Median()
    {
        var values = _spots;
        if (values.Count == 0)
        {
            return double.NaN;
        }
        if (_spotsEqual && (values.Count % 2 == 1 || double.IsFinite(values[0] + values[0])))
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
