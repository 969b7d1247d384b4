using System.Runtime.InteropServices;

namespace SuperGnosis.Data.Synthetic;

/// <summary>
/// The trades and the quotes of one session's first minutes, each generated minute by minute exactly as a direct
/// request does (trades by <c>SyntheticTicks.ForMinute(..., trades, null)</c>, quotes by
/// <c>ForMinute(..., null, quotes)</c>: the two calls draw different random sequences, since a trades-only call skips
/// the minute's opening quote) and kept in minute order with the start of each minute's slice. Each minute has its own
/// random stream, so a prefix extended later equals one pass. Thread-safe (one lock per session).
/// </summary>
internal sealed class SessionTicks(int seed, SymbolProfile profile, MinuteSession session)
{
    private readonly Lock _gate = new();
    private readonly Series<Core.MarketData.Trade> _trades = new();
    private readonly Series<Core.MarketData.Quote> _quotes = new();

    public MinuteSession Session { get; } = session;

    /// <summary>Bytes held by the tick lists and minute offsets (capacity), for the market's cache bound.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _trades.Bytes(40) + _quotes.Bytes(48);
            }
        }
    }

    /// <summary>Appends the trades of minutes [first, last) to <paramref name="target"/>, generating the minutes not yet generated.</summary>
    public void CopyTrades(int first, int last, List<Core.MarketData.Trade> target)
    {
        lock (_gate)
        {
            while (_trades.Minutes < last)
            {
                SyntheticTicks.ForMinute(seed, profile, Session, _trades.Minutes, _trades.Items, null);
                _trades.EndMinute();
            }
            _trades.CopyTo(first, last, target);
        }
    }

    /// <summary>Appends the quotes of minutes [first, last) to <paramref name="target"/>, generating the minutes not yet generated.</summary>
    public void CopyQuotes(int first, int last, List<Core.MarketData.Quote> target)
    {
        lock (_gate)
        {
            while (_quotes.Minutes < last)
            {
                SyntheticTicks.ForMinute(seed, profile, Session, _quotes.Minutes, null, _quotes.Items);
                _quotes.EndMinute();
            }
            _quotes.CopyTo(first, last, target);
        }
    }

    private sealed class Series<T>
    {
        private readonly List<int> _start = [0];

        public List<T> Items { get; } = [];

        public int Minutes => _start.Count - 1;

        public void EndMinute() => _start.Add(Items.Count);

        public void CopyTo(int first, int last, List<T> target) =>
            target.AddRange(CollectionsMarshal.AsSpan(Items)[_start[first].._start[last]]);

        public long Bytes(int itemSize) => ((long)Items.Capacity * itemSize) + (_start.Capacity * 4L);
    }
}
