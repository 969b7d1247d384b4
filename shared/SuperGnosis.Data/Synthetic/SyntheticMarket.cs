using System.Collections.Concurrent;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Data.Synthetic;

/// <summary>
/// Settings of the synthetic market. <see cref="RiskFreeRate"/> is continuous, annual. <see cref="Calendar"/> decides
/// the sessions (holidays closed, early closes end at their close) and option settlement; null means <see cref="MarketCalendar.Nyse"/>.
/// </summary>
public sealed record SyntheticMarketOptions(int Seed = 7, double RiskFreeRate = 0.04, IMarketCalendar? Calendar = null)
{
    /// <summary>The calendar in force (<see cref="MarketCalendar.Nyse"/> unless one was given).</summary>
    public IMarketCalendar MarketCalendar => Calendar ?? Core.MarketData.MarketCalendar.Nyse;
}

/// <summary>
/// A deterministic market for any ticker, from <see cref="Epoch"/> to <see cref="Horizon"/>: bars,
/// trades, quotes, option chains and headlines. The same seed and as-of instant always give identical
/// data, and nothing stamped after as-of is ever returned: minute bars are returned once complete, a
/// daily bar for the current session aggregates the completed minutes, and trades and quotes come only
/// from completed minutes. See docs/synthetic-market.md.
/// </summary>
public sealed class SyntheticMarket : IMarketDataSource, IOptionsChainSource, INewsSource
{
    public static readonly DateOnly Epoch = new(2015, 1, 2);
    public static readonly DateOnly Horizon = new(2045, 12, 29);

    private readonly ConcurrentDictionary<string, Lazy<SyntheticPriceHistory>> _histories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, int), Bar> _dailyBars = new();

    /// <summary>Chains already built, by (symbol, as-of instant, offset): at most 8 (a run asks three times for one).</summary>
    private readonly LruCache<(string, DateTimeOffset, TimeSpan), OptionChain> _chains = new(maxEntries: 8);

    /// <summary>Trades and quotes of recent sessions, by (symbol, session index): at most 4 sessions (a one-day window spans two).</summary>
    private readonly LruCache<(string, int), SessionTicks> _ticks = new(maxEntries: 4);

    public SyntheticMarket(SyntheticMarketOptions? options = null)
    {
        Options = options ?? new SyntheticMarketOptions();
        if (!double.IsFinite(Options.RiskFreeRate))
        {
            throw new ArgumentException("RiskFreeRate must be finite", nameof(options));
        }
    }

    public SyntheticMarketOptions Options { get; }

    public SymbolProfile ProfileOf(string symbol) => History(symbol).Profile;

    /// <summary>Last traded price at the instant: close of the last completed minute, else the previous session's close.</summary>
    public double SpotAt(string symbol, DateTimeOffset asOf)
    {
        var history = History(symbol);
        var today = NewYorkTime.DateOf(asOf);
        var index = history.IndexOnOrBefore(today);
        while (index >= 0)
        {
            var session = history.Session(index);
            var completed = session.CompletedAt(asOf);
            if (completed > 0)
            {
                return session.Bars[completed - 1].Close;
            }
            index--;
        }
        throw new ArgumentOutOfRangeException(nameof(asOf), asOf, $"the synthetic market has no prices before {Epoch:yyyy-MM-dd}");
    }

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var history = History(symbol);
        var bars = new List<Bar>();
        var asOfDate = NewYorkTime.DateOf(asOf);
        foreach (var index in SessionsBetween(history, from, asOf))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A session of an earlier date is complete: its cached daily bar needs no minutes.
            if (interval == BarInterval.Daily && history.Day(index) < asOfDate && _dailyBars.TryGetValue((symbol, index), out var done))
            {
                if (done.Timestamp >= from)
                {
                    bars.Add(done);
                }
                continue;
            }
            var session = history.Session(index);
            var completed = session.CompletedAt(asOf);
            if (completed == 0)
            {
                continue;
            }
            switch (interval)
            {
                case BarInterval.Daily:
                    var daily = completed == session.Bars.Length ? DailyBar(symbol, index, session) : Aggregate(session.Bars.AsSpan(0, completed));
                    if (daily.Timestamp >= from)
                    {
                        bars.Add(daily);
                    }
                    break;
                case BarInterval.OneMinute:
                    AddRange(bars, session.Bars.AsSpan(0, completed), from);
                    break;
                case BarInterval.FiveMinutes:
                    for (var m = 0; m + 5 <= completed; m += 5)
                    {
                        var five = Aggregate(session.Bars.AsSpan(m, 5));
                        if (five.Timestamp >= from)
                        {
                            bars.Add(five);
                        }
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(interval), interval, "unknown bar interval");
            }
        }
        return Task.FromResult<IReadOnlyList<Bar>>(bars);
    }

    public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var ranges = TickRanges(symbol, from, asOf, cancellationToken);
        var trades = new List<Trade>(ranges.Sum(r => r.Ticks.TradeCount(r.First, r.Last)));
        foreach (var (ticks, first, last) in ranges)
        {
            ticks.CopyTrades(first, last, trades);
        }
        trades.RemoveAll(t => t.Timestamp < from || t.Timestamp > asOf);
        return Task.FromResult<IReadOnlyList<Trade>>(trades);
    }

    public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var ranges = TickRanges(symbol, from, asOf, cancellationToken);
        var quotes = new List<Quote>(ranges.Sum(r => r.Ticks.QuoteCount(r.First, r.Last)));
        foreach (var (ticks, first, last) in ranges)
        {
            ticks.CopyQuotes(first, last, quotes);
        }
        quotes.RemoveAll(q => q.Timestamp < from || q.Timestamp > asOf);
        return Task.FromResult<IReadOnlyList<Quote>>(quotes);
    }

    public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var history = History(symbol);
        CheckInRange(asOf);
        var key = (symbol, asOf, asOf.Offset);
        lock (_chains)
        {
            if (_chains.TryGet(key, out var cached))
            {
                return Task.FromResult(cached);
            }
        }
        var spot = SpotAt(symbol, asOf);
        var chain = SyntheticOptionChainBuilder.Build(Options.Seed, history, asOf, spot, Options.RiskFreeRate, Options.MarketCalendar);
        lock (_chains)
        {
            _chains.Add(key, chain);
        }
        return Task.FromResult(chain);
    }

    public Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var history = History(symbol);
        var headlines = new List<NewsHeadline>();
        if (asOf < from)
        {
            return Task.FromResult<IReadOnlyList<NewsHeadline>>(headlines);
        }
        var first = Max(NewYorkTime.DateOf(from), Epoch);
        var last = Min(NewYorkTime.DateOf(asOf), Horizon);
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var index = history.IndexOf(day);
            var z = index < 0 ? 0 : Math.Log(history.Close(index) / history.Open(index)) / Math.Sqrt(history.Variance(index) / 252);
            headlines.AddRange(SyntheticNews.ForDay(Options.Seed, history.Profile, day, z, Options.MarketCalendar)
                .Where(h => h.Timestamp >= from && h.Timestamp <= asOf));
        }
        return Task.FromResult<IReadOnlyList<NewsHeadline>>(headlines);
    }

    private SyntheticPriceHistory History(string symbol)
    {
        ContractValidation.Symbol(symbol);
        return _histories.GetOrAdd(symbol, s => new Lazy<SyntheticPriceHistory>(
            () => new SyntheticPriceHistory(Options.Seed, SymbolProfile.For(s), Epoch, Horizon, Options.MarketCalendar))).Value;
    }

    private Bar DailyBar(string symbol, int index, MinuteSession session) =>
        _dailyBars.GetOrAdd((symbol, index), _ => Aggregate(session.Bars));

    private static IEnumerable<int> SessionsBetween(SyntheticPriceHistory history, DateTimeOffset from, DateTimeOffset asOf)
    {
        if (asOf < from)
        {
            yield break;
        }
        var first = history.IndexOnOrBefore(NewYorkTime.DateOf(from));
        var last = history.IndexOnOrBefore(NewYorkTime.DateOf(asOf));
        for (var i = Math.Max(first, 0); i <= last; i++)
        {
            yield return i;
        }
    }

    /// <summary>
    /// The cached ticks of each session between the instants with the minutes to read: from the first minute that ends
    /// after <paramref name="from"/> to the last completed one (the minutes a direct request generates).
    /// </summary>
    private List<(SessionTicks Ticks, int First, int Last)> TickRanges(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken ct)
    {
        var history = History(symbol);
        var ranges = new List<(SessionTicks, int, int)>(2);
        foreach (var index in SessionsBetween(history, from, asOf))
        {
            ct.ThrowIfCancellationRequested();
            var session = history.Session(index);
            var completed = session.CompletedAt(asOf);
            var first = 0;
            while (first < completed && session.Bars[first].Timestamp.AddMinutes(1) <= from)
            {
                first++;
            }
            if (first < completed)
            {
                ranges.Add((Ticks(symbol, index, history, session), first, completed));
            }
        }
        return ranges;
    }

    private SessionTicks Ticks(string symbol, int index, SyntheticPriceHistory history, MinuteSession session)
    {
        lock (_ticks)
        {
            if (_ticks.TryGet((symbol, index), out var cached))
            {
                return cached;
            }
            var ticks = new SessionTicks(Options.Seed, history.Profile, session);
            _ticks.Add((symbol, index), ticks);
            return ticks;
        }
    }

    private static void AddRange(List<Bar> bars, ReadOnlySpan<Bar> source, DateTimeOffset from)
    {
        foreach (var bar in source)
        {
            if (bar.Timestamp >= from)
            {
                bars.Add(bar);
            }
        }
    }

    private static Bar Aggregate(ReadOnlySpan<Bar> bars)
    {
        double high = double.MinValue, low = double.MaxValue, volume = 0;
        foreach (var bar in bars)
        {
            high = Math.Max(high, bar.High);
            low = Math.Min(low, bar.Low);
            volume += bar.Volume;
        }
        return new Bar(bars[0].Timestamp, bars[0].Open, high, low, bars[^1].Close, volume);
    }

    private static void CheckInRange(DateTimeOffset asOf)
    {
        var date = NewYorkTime.DateOf(asOf);
        if (date < Epoch || date > Horizon)
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), asOf, $"the synthetic market covers {Epoch:yyyy-MM-dd} to {Horizon:yyyy-MM-dd}");
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
