using System.Collections.Immutable;
using System.Globalization;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Files;

namespace SuperGnosis.Data.Providers;

/// <summary>One daily bar as a provider gives it: its session date and OHLCV (volume in shares).</summary>
public readonly record struct DailyRow(DateOnly Date, double Open, double High, double Low, double Close, double Volume);

/// <summary>Ticks of one request: the rows (any order) and whether the row cap cut older ones off.</summary>
public sealed record TickRows<T>(IReadOnlyList<T> Rows, bool Capped);

/// <summary>
/// Bars, trades and quotes from a provider's history endpoints, point in time like the files source (docs/providers.md):
/// a daily bar once its session has closed (stamped at the session open, the <see cref="Bar"/> convention) plus, while a
/// session is open, its partial bar from the completed minutes; a minute bar once its minute has ended; five-minute bars
/// as whole buckets of minutes; trades and quotes stamped in [from, as-of]. Daily history is fetched once per last closed
/// session (at least <see cref="HistoryProviderOptions.DailyHistoryDays"/> days, so every engine's lookback is one
/// request); bad rows are skipped and counted by reason as in the files (<c>bad_price</c>, <c>bad_volume</c>,
/// <c>inconsistent_ohlc</c>, <c>not_a_trading_day</c>, <c>duplicate_timestamp</c>).
/// </summary>
public abstract class LiveHistoryMarketData : LiveMarketData, IMarketDataSource
{
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    /// <summary>Fewer sessions than this in a daily window with no bar at all means the provider does not know the symbol.</summary>
    private const int SessionsThatMustHaveBars = 20;

    private protected LiveHistoryMarketData(HistoryProviderOptions options, ProviderResponseCache cache, IMarketCalendar? calendar)
        : base(options, cache, calendar)
    {
        History = options;
    }

    private protected HistoryProviderOptions History { get; }

    /// <summary>Daily bars of the sessions <paramref name="from"/> to <paramref name="to"/> (inclusive), as the provider gives them.</summary>
    private protected abstract Task<IReadOnlyList<DailyRow>> FetchDailyAsync(string symbol, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>One-minute bars (stamped at their start) in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private protected abstract Task<IReadOnlyList<Bar>> FetchMinuteBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Trades in [from, to], newest first up to the row cap.</summary>
    private protected virtual Task<TickRows<Trade>> FetchTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        throw NotProvided("trades");

    /// <summary>Quotes in [from, to], newest first up to the row cap (sizes in shares).</summary>
    private protected virtual Task<TickRows<Quote>> FetchQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        throw NotProvided("quotes");

    public async Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        switch (interval)
        {
            case BarInterval.Daily:
                return await DailyBarsAsync(symbol, from, asOf, cancellationToken).ConfigureAwait(false);
            case BarInterval.OneMinute:
                return await MinuteBarsAsync(symbol, from, asOf, cancellationToken).ConfigureAwait(false);
            case BarInterval.FiveMinutes:
                var minutes = await MinuteBarsAsync(symbol, from, asOf, cancellationToken).ConfigureAwait(false);
                return FileMarketDataSource.FiveMinuteBars(minutes, asOf);
            default:
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "unknown bar interval");
        }
    }

    public async Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var ticks = await CachedAsync("trades", symbol, Window(from, asOf), ct => FetchTradesAsync(symbol, from, asOf, ct), cancellationToken).ConfigureAwait(false);
        var kept = Usable(ticks.Rows.Where(t => t.Timestamp >= from && t.Timestamp <= asOf).OrderBy(t => t.Timestamp),
            t => !(t.Price > 0) || !double.IsFinite(t.Price) ? "bad_price" : !(t.Size > 0) || !double.IsFinite(t.Size) ? "bad_size" : null,
            symbol, asOf, DataKind.Trades, "trades:" + Window(from, asOf));
        NoteTicks(symbol, asOf, DataKind.Trades, ticks.Capped, kept.Count > 0 ? kept[0].Timestamp : null);
        return kept;
    }

    public async Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var ticks = await CachedAsync("quotes", symbol, Window(from, asOf), ct => FetchQuotesAsync(symbol, from, asOf, ct), cancellationToken).ConfigureAwait(false);
        // Crossed quotes are kept (the liquidity engine drops and counts them), as in the files source.
        var kept = Usable(ticks.Rows.Where(q => q.Timestamp >= from && q.Timestamp <= asOf).OrderBy(q => q.Timestamp),
            q => !(q.Bid > 0 && q.Ask > 0) || !double.IsFinite(q.Bid + q.Ask) ? "bad_price"
                : !(q.BidSize >= 0 && q.AskSize >= 0) || !double.IsFinite(q.BidSize + q.AskSize) ? "bad_size" : null,
            symbol, asOf, DataKind.Quotes, "quotes:" + Window(from, asOf));
        NoteTicks(symbol, asOf, DataKind.Quotes, ticks.Capped, kept.Count > 0 ? kept[0].Timestamp : null);
        if (LatestQuotesOnly)
        {
            Quality.SetNote(symbol, asOf, DataKind.Quotes, "latest_only", ticks.Rows.Count == 0 ? "none" : PointInTime.Utc(ticks.Rows.Max(q => q.Timestamp)));
        }
        return kept;
    }

    /// <summary>The last session whose close is at or before <paramref name="asOf"/>.</summary>
    private protected DateOnly LastClosedSession(DateTimeOffset asOf)
    {
        var date = NewYorkTime.DateOf(asOf);
        if (Calendar.SessionOf(date) is { } today && today.Close <= asOf)
        {
            return date;
        }
        return Calendar.PreviousTradingDay(date);
    }

    /// <summary>The provider's quotes are its current quote only (Tradier): a past as-of gets none, and the metadata says so.</summary>
    private protected virtual bool LatestQuotesOnly => false;

    private protected MarketDataProviderException NotProvided(string kind) =>
        new(Provider, ProviderFailure.Refused, $"{Provider} serves no {kind} (docs/providers.md: combine it with another source, e.g. --source {Provider}+polygon)");

    /// <summary>Cache bucket of a tick window: its exact bounds.</summary>
    private protected static string Window(DateTimeOffset from, DateTimeOffset to) =>
        PointInTime.Utc(from) + ".." + to.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The rows <paramref name="problem"/> finds nothing wrong with; the others are counted by reason.</summary>
    private protected List<T> Usable<T>(IEnumerable<T> rows, Func<T, string?> problem, string symbol, DateTimeOffset asOf, DataKind kind, string request)
    {
        var skips = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<T>();
        foreach (var row in rows)
        {
            if (problem(row) is { } reason)
            {
                skips[reason] = skips.GetValueOrDefault(reason) + 1;
            }
            else
            {
                kept.Add(row);
            }
        }
        Quality.AddSkips(symbol, asOf, kind, $"{Provider}:{request}", skips);
        return kept;
    }

    private void NoteTicks(string symbol, DateTimeOffset asOf, DataKind kind, bool capped, DateTimeOffset? earliest)
    {
        Quality.SetNote(symbol, asOf, kind, "source", Provider);
        if (capped)
        {
            Quality.SetNote(symbol, asOf, kind, "row_cap", History.MaxTicksPerRequest.ToString(CultureInfo.InvariantCulture));
            Quality.SetNote(symbol, asOf, kind, "capped_from", earliest is { } e ? PointInTime.Utc(e) : "none");
        }
    }

    private async Task<IReadOnlyList<Bar>> DailyBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken ct)
    {
        var last = LastClosedSession(asOf);
        var fromDate = NewYorkTime.DateOf(from);
        var start = Min(fromDate, last.AddDays(-Math.Max(1, History.DailyHistoryDays)));
        var history = await CachedAsync("daily_bars", symbol, last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            async c => new DailyHistory(start, await FetchDailyOrUnknownAsync(symbol, start, last, c).ConfigureAwait(false)),
            ct, sufficient: h => h.From <= start).ConfigureAwait(false);

        var skips = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<DateOnly>();
        var bars = new List<Bar>();
        foreach (var row in history.Rows.OrderBy(r => r.Date))
        {
            if (row.Date > last)
            {
                continue; // a session not closed at the as-of (the provider's bar of today): not yet data
            }
            var reason = Problem(row) ?? (!Calendar.IsTradingDayInRange(row.Date) ? "not_a_trading_day" : !seen.Add(row.Date) ? "duplicate_timestamp" : null);
            if (reason is not null)
            {
                skips[reason] = skips.GetValueOrDefault(reason) + 1;
                continue;
            }
            bars.Add(new Bar(Calendar.OpenOf(row.Date), row.Open, row.High, row.Low, row.Close, row.Volume));
        }
        Quality.AddSkips(symbol, asOf, DataKind.DailyBars, $"{Provider}:daily:{last:yyyy-MM-dd}", skips);
        Quality.SetNote(symbol, asOf, DataKind.DailyBars, "source", Provider);
        var result = bars.Where(b => b.Timestamp >= from).ToList();
        Quality.SetSuspectedSplits(symbol, asOf, SplitSuspicion.Detect(result.ToArray()));

        var today = NewYorkTime.DateOf(asOf);
        if (Calendar.IsTradingDayInRange(today) && Calendar.SessionOf(today) is { } session && session.Open < asOf && asOf < session.Close && session.Open >= from)
        {
            var minutes = await MinuteBarsAsync(symbol, session.Open, asOf, ct).ConfigureAwait(false);
            if (minutes.Count > 0)
            {
                result.Add(new Bar(session.Open, minutes[0].Open, minutes.Max(m => m.High), minutes.Min(m => m.Low), minutes[^1].Close, minutes.Sum(m => m.Volume)));
            }
        }
        return result;
    }

    private async Task<IReadOnlyList<DailyRow>> FetchDailyOrUnknownAsync(string symbol, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await FetchDailyAsync(symbol, from, to, ct).ConfigureAwait(false);
        if (rows.Count == 0 && SessionsBetween(from, to) >= SessionsThatMustHaveBars)
        {
            throw new MarketDataProviderException(Provider, ProviderFailure.UnknownSymbol,
                $"{Provider} daily bars for {symbol}: no bar at all between {from:yyyy-MM-dd} and {to:yyyy-MM-dd} (an unknown symbol, or one this provider does not cover)");
        }
        return rows;
    }

    private int SessionsBetween(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from; d <= to && n < SessionsThatMustHaveBars; d = d.AddDays(1))
        {
            n += Calendar.IsTradingDayInRange(d) ? 1 : 0;
        }
        return n;
    }

    private async Task<IReadOnlyList<Bar>> MinuteBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken ct)
    {
        var bars = await CachedAsync("minute_bars", symbol, Window(from, asOf), c => FetchMinuteBarsAsync(symbol, from, asOf, c), ct).ConfigureAwait(false);
        var skips = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<Bar>();
        var seen = new HashSet<DateTimeOffset>();
        foreach (var bar in bars.OrderBy(b => b.Timestamp))
        {
            if (bar.Timestamp < from || bar.Timestamp + OneMinute > asOf)
            {
                continue;
            }
            var reason = Problem(new DailyRow(default, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume)) ?? (!seen.Add(bar.Timestamp) ? "duplicate_timestamp" : null);
            if (reason is not null)
            {
                skips[reason] = skips.GetValueOrDefault(reason) + 1;
                continue;
            }
            kept.Add(bar);
        }
        Quality.AddSkips(symbol, asOf, DataKind.MinuteBars, $"{Provider}:minutes:{Window(from, asOf)}", skips);
        Quality.SetNote(symbol, asOf, DataKind.MinuteBars, "source", Provider);
        return kept;
    }

    /// <summary>Why a bar cannot be used (the files source's reasons), or null.</summary>
    private static string? Problem(DailyRow r)
    {
        if (!(r.Open > 0 && r.High > 0 && r.Low > 0 && r.Close > 0) || !double.IsFinite(r.Open + r.High + r.Low + r.Close))
        {
            return "bad_price";
        }
        if (!(r.Volume >= 0) || !double.IsFinite(r.Volume))
        {
            return "bad_volume";
        }
        return r.Low > Math.Min(r.Open, r.Close) || r.High < Math.Max(r.Open, r.Close) ? "inconsistent_ohlc" : null;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private sealed record DailyHistory(DateOnly From, IReadOnlyList<DailyRow> Rows);
}

/// <summary>Calendar helpers that never throw for dates outside the table (a provider may send any date).</summary>
internal static class CalendarRange
{
    public static bool IsTradingDayInRange(this IMarketCalendar calendar, DateOnly date) =>
        date >= calendar.FirstDate && date <= calendar.LastDate && calendar.IsTradingDay(date);
}
