using System.Runtime.InteropServices;

namespace SuperGnosis.Data.Synthetic;

/// <summary>
/// The trades and the quotes of a run of one session's minutes, each generated minute by minute exactly as a direct
/// request does (trades by <c>SyntheticTicks.ForMinute(..., trades, null)</c>, quotes by
/// <c>ForMinute(..., null, quotes)</c>: the two calls draw different random sequences, since a trades-only call skips
/// the minute's opening quote) and kept in minute order with the start of each minute's slice. Each minute has its own
/// random stream, so a run extended later (at either end) equals one pass. Thread-safe (one lock per session).
/// </summary>
internal sealed class SessionTicks(int seed, SymbolProfile profile, MinuteSession session)
{
    private readonly Lock _gate = new();
    private readonly Series<Core.MarketData.Trade> _trades = new();
    private readonly Series<Core.MarketData.Quote> _quotes = new();

    public MinuteSession Session { get; } = session;

    /// <summary>Number of trades in minutes [first, last), generating the minutes not yet generated.</summary>
    public int TradeCount(int first, int last)
    {
        lock (_gate)
        {
            return CoverTrades(first, last);
        }
    }

    /// <summary>Number of quotes in minutes [first, last), generating the minutes not yet generated.</summary>
    public int QuoteCount(int first, int last)
    {
        lock (_gate)
        {
            return CoverQuotes(first, last);
        }
    }

    /// <summary>Appends the trades of minutes [first, last) to <paramref name="target"/>, generating the minutes not yet generated.</summary>
    public void CopyTrades(int first, int last, List<Core.MarketData.Trade> target)
    {
        lock (_gate)
        {
            CoverTrades(first, last);
            _trades.CopyTo(first, last, target);
        }
    }

    /// <summary>Appends the quotes of minutes [first, last) to <paramref name="target"/>, generating the minutes not yet generated.</summary>
    public void CopyQuotes(int first, int last, List<Core.MarketData.Quote> target)
    {
        lock (_gate)
        {
            CoverQuotes(first, last);
            _quotes.CopyTo(first, last, target);
        }
    }

    private int CoverTrades(int first, int last) =>
        _trades.Cover(first, last, (m, list) => SyntheticTicks.ForMinute(seed, profile, Session, m, list, null));

    private int CoverQuotes(int first, int last) =>
        _quotes.Cover(first, last, (m, list) => SyntheticTicks.ForMinute(seed, profile, Session, m, null, list));

    /// <summary>The ticks of minutes [<see cref="_first"/>, <see cref="_first"/> + minutes) in order, with each minute's start.</summary>
    private sealed class Series<T>
    {
        private List<T> _items = [];
        private List<int> _start = [0];
        private int _first;

        private int End => _first + _start.Count - 1;

        /// <summary>Generates what is missing so that minutes [first, last) are held (earlier minutes are put in front); returns their tick count.</summary>
        public int Cover(int first, int last, Action<int, List<T>> generate)
        {
            if (_start.Count == 1)
            {
                _first = first;
            }
            if (first < _first)
            {
                var items = new List<T>();
                var start = new List<int> { 0 };
                for (var m = first; m < _first; m++)
                {
                    generate(m, items);
                    start.Add(items.Count);
                }
                var shift = items.Count;
                items.AddRange(_items);
                for (var i = 1; i < _start.Count; i++)
                {
                    start.Add(_start[i] + shift);
                }
                (_items, _start, _first) = (items, start, first);
            }
            for (var m = End; m < last; m++)
            {
                generate(m, _items);
                _start.Add(_items.Count);
            }
            return _start[last - _first] - _start[first - _first];
        }

        public void CopyTo(int first, int last, List<T> target) =>
            target.AddRange(CollectionsMarshal.AsSpan(_items)[_start[first - _first].._start[last - _first]]);
    }
}
