using System.Collections.Immutable;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Data.Files;

/// <summary>
/// Market data from the files users already have, in the folder layout of docs/data-formats.md ("Files source"):
/// chains, daily and minute bars, trades, quotes and news per upper-case symbol. Point in time: a chain snapshot is
/// used only when its stamp (file name, UTC) is at or before the as-of; a daily bar is returned only once its session
/// has closed (it is stamped at its session's open, the <see cref="Bar"/> convention), a minute bar once its minute has
/// ended, a trade, quote or headline when its timestamp is at or before the as-of; files of later sessions are never
/// opened. A file that cannot be used throws <see cref="DataFileException"/> naming it (and line and column where
/// there is one); bad rows inside a usable file are skipped and counted by reason (<see cref="QualityOf"/>). Parsed
/// files are cached by path, size and write time (the 64 most recent).
/// </summary>
public sealed class FileMarketDataSource : IOptionsChainSource, IMarketDataSource, INewsSource, IDataQualitySource
{
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    private readonly IMarketCalendar _calendar;
    private readonly QualityLedger _quality = new();
    private readonly object _gate = new();
    private readonly LruCache<(string, long, DateTime), object> _files = new(maxEntries: 64);

    /// <param name="directory">The data directory; it must exist.</param>
    /// <param name="calendar">Sessions of the daily bars; <see cref="MarketCalendar.Nyse"/> when null.</param>
    public FileMarketDataSource(string directory, IMarketCalendar? calendar = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = System.IO.Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DirectoryNotFoundException($"the data directory {Directory} does not exist");
        }
        _calendar = calendar ?? MarketCalendar.Nyse;
    }

    /// <summary>Full path of the data directory.</summary>
    public string Directory { get; }

    /// <summary>The newest chain snapshot of <paramref name="symbol"/> stamped at or before <paramref name="asOf"/>, or null.</summary>
    public ChainSnapshotFile? NewestSnapshot(string symbol, DateTimeOffset asOf) => Folder(symbol).NewestSnapshot(asOf);

    /// <summary>
    /// Reads one snapshot file (format by extension) as the chain of that stamp, with the rows the reader skipped;
    /// <paramref name="symbol"/> (the folder's) decides which rows belong to the chain (null: the symbol most rows give).
    /// </summary>
    public static ChainFileResult ReadSnapshot(ChainSnapshotFile snapshot, string? symbol = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var format = System.IO.Path.GetExtension(snapshot.Path).ToLowerInvariant() switch
        {
            ".json" => ChainFileFormat.Cboe,
            ".parquet" => ChainFileFormat.Parquet,
            _ => ChainFileFormat.Csv,
        };
        try
        {
            return ChainFile.Read(File.ReadAllBytes(snapshot.Path), format, snapshot.Stamp, snapshot.Stamp, symbol);
        }
        catch (FormatException ex) when (ex is not DataFileException)
        {
            throw new DataFileException(snapshot.Path, ex.Message, inner: ex);
        }
    }

    public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var folder = Folder(symbol);
        var snapshot = folder.NewestSnapshot(asOf);
        _quality.SetSnapshot(symbol, asOf, snapshot?.Stamp);
        if (snapshot is null)
        {
            return Task.FromResult(new OptionChain(symbol, asOf, double.NaN, []));
        }
        var result = Cached(snapshot.Path, () => ReadSnapshot(snapshot, symbol.ToUpperInvariant()));
        _quality.AddSkips(symbol, asOf, DataKind.Chain, snapshot.Path, ChainSkips(result));
        var chain = result.Chain;
        return Task.FromResult(string.Equals(chain.Symbol, symbol, StringComparison.Ordinal) ? chain : chain with { Symbol = symbol });
    }

    public async Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var folder = Folder(symbol);
        switch (interval)
        {
            case BarInterval.Daily:
                return await DailyBarsAsync(folder, symbol, from, asOf, cancellationToken).ConfigureAwait(false);
            case BarInterval.OneMinute:
                return await MinuteBarsAsync(folder, symbol, from, asOf, cancellationToken).ConfigureAwait(false);
            case BarInterval.FiveMinutes:
                var minutes = await MinuteBarsAsync(folder, symbol, from, asOf, cancellationToken).ConfigureAwait(false);
                return FiveMinuteBars(minutes, asOf);
            default:
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "unknown bar interval");
        }
    }

    public async Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var trades = new List<Trade>();
        foreach (var (session, path) in Folder(symbol).SessionFiles("trades", NewYorkTime.DateOf(from), NewYorkTime.DateOf(asOf)))
        {
            var rows = await CachedAsync(path, () => TickFiles.ReadTradesAsync(path, session, cancellationToken)).ConfigureAwait(false);
            _quality.AddSkips(symbol, asOf, DataKind.Trades, path, rows.Skips.ToImmutable());
            trades.AddRange(rows.Items.Where(t => t.Timestamp >= from && t.Timestamp <= asOf));
        }
        return trades;
    }

    public async Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var quotes = new List<Quote>();
        foreach (var (session, path) in Folder(symbol).SessionFiles("quotes", NewYorkTime.DateOf(from), NewYorkTime.DateOf(asOf)))
        {
            var rows = await CachedAsync(path, () => TickFiles.ReadQuotesAsync(path, session, cancellationToken)).ConfigureAwait(false);
            _quality.AddSkips(symbol, asOf, DataKind.Quotes, path, rows.Skips.ToImmutable());
            quotes.AddRange(rows.Items.Where(q => q.Timestamp >= from && q.Timestamp <= asOf));
        }
        return quotes;
    }

    public async Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var path = Folder(symbol).NewsPath;
        if (!File.Exists(path))
        {
            return [];
        }
        var rows = await CachedAsync(path, () => NewsFile.ReadAsync(path, symbol, cancellationToken)).ConfigureAwait(false);
        _quality.AddSkips(symbol, asOf, DataKind.News, path, rows.Skips.ToImmutable());
        return [.. rows.Items.Where(h => h.Timestamp >= from && h.Timestamp <= asOf)];
    }

    public DataQualityReport QualityOf(string symbol, DateTimeOffset asOf) => _quality.ReportOf(symbol, asOf);

    private SymbolFolder Folder(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        if (symbol.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || symbol.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{symbol}' cannot name a folder", nameof(symbol));
        }
        return new SymbolFolder(Directory, symbol.ToUpperInvariant());
    }

    /// <summary>
    /// Completed sessions' bars (session close at or before as-of, split-adjusted) plus, while a session is open, its
    /// partial bar from the completed minutes of its minute file when there is one.
    /// </summary>
    private async Task<IReadOnlyList<Bar>> DailyBarsAsync(SymbolFolder folder, string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken ct)
    {
        var result = new List<Bar>();
        if (folder.DailyBarsPath() is { } path)
        {
            var rows = await CachedAsync(path, () => BarFile.ReadDailyAsync(path, _calendar, ct)).ConfigureAwait(false);
            _quality.AddSkips(symbol, asOf, DataKind.DailyBars, path, rows.Skips.ToImmutable());
            var splits = File.Exists(folder.SplitsPath)
                ? await CachedAsync(folder.SplitsPath, () => SplitsFile.ReadAsync(folder.SplitsPath, ct)).ConfigureAwait(false)
                : [];
            var complete = rows.Items.Where(b => _calendar.CloseOf(b.Date) <= asOf).ToList();
            var adjusted = SplitAdjustment.Apply(complete, splits, _calendar, asOf);
            _quality.SetSuspectedSplits(symbol, asOf, SplitSuspicion.Detect(adjusted.Where(b => b.Timestamp >= from).ToArray()));
            result.AddRange(adjusted.Where(b => b.Timestamp >= from));
        }
        var today = NewYorkTime.DateOf(asOf);
        if (_calendar.SessionOf(today) is { } session && session.Open < asOf && asOf < session.Close && session.Open >= from
            && !result.Any(b => b.Timestamp == session.Open))
        {
            var minutes = await MinuteBarsAsync(folder, symbol, session.Open, asOf, ct).ConfigureAwait(false);
            if (minutes.Count > 0)
            {
                result.Add(new Bar(session.Open, minutes[0].Open, minutes.Max(m => m.High), minutes.Min(m => m.Low), minutes[^1].Close, minutes.Sum(m => m.Volume)));
            }
        }
        return result;
    }

    private async Task<IReadOnlyList<Bar>> MinuteBarsAsync(SymbolFolder folder, string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken ct)
    {
        var bars = new List<Bar>();
        foreach (var (_, path) in folder.SessionFiles(System.IO.Path.Combine("bars", "1m"), NewYorkTime.DateOf(from), NewYorkTime.DateOf(asOf)))
        {
            var rows = await CachedAsync(path, () => BarFile.ReadMinutesAsync(path, ct)).ConfigureAwait(false);
            _quality.AddSkips(symbol, asOf, DataKind.MinuteBars, path, rows.Skips.ToImmutable());
            bars.AddRange(rows.Items.Where(b => b.Timestamp >= from && b.Timestamp + OneMinute <= asOf));
        }
        return bars;
    }

    /// <summary>Five-minute bars of complete five-minute buckets (aligned on the hour in UTC, so on the 09:30 open).</summary>
    internal static List<Bar> FiveMinuteBars(IReadOnlyList<Bar> minutes, DateTimeOffset asOf)
    {
        var five = TimeSpan.FromMinutes(5);
        var result = new List<Bar>();
        foreach (var bucket in minutes.GroupBy(m => new DateTimeOffset(m.Timestamp.UtcTicks - (m.Timestamp.UtcTicks % five.Ticks), TimeSpan.Zero)))
        {
            if (bucket.Key + five > asOf)
            {
                continue;
            }
            var bars = bucket.ToList();
            result.Add(new Bar(bucket.Key, bars[0].Open, bars.Max(b => b.High), bars.Min(b => b.Low), bars[^1].Close, bars.Sum(b => b.Volume)));
        }
        return result;
    }

    /// <summary>Chain rows the reader skipped, by reason: <c>bad_</c> + the field the reader named (type, expiry, symbol, root, option...).</summary>
    private static ImmutableSortedDictionary<string, int> ChainSkips(ChainFileResult result) =>
        result.Skipped
            .GroupBy(s => "bad_" + new string([.. s.Reason.TakeWhile(c => char.IsLetterOrDigit(c) || c == '_')]).ToLowerInvariant())
            .ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private T Cached<T>(string path, Func<T> read)
        where T : class
    {
        var key = Key(path);
        lock (_gate)
        {
            if (_files.TryGet(key, out var hit))
            {
                return (T)hit;
            }
        }
        var value = read();
        lock (_gate)
        {
            _files.Add(key, value);
        }
        return value;
    }

    private async Task<T> CachedAsync<T>(string path, Func<Task<T>> read)
        where T : class
    {
        var key = Key(path);
        lock (_gate)
        {
            if (_files.TryGet(key, out var hit))
            {
                return (T)hit;
            }
        }
        var value = await read().ConfigureAwait(false);
        lock (_gate)
        {
            _files.Add(key, value);
        }
        return value;
    }

    private static (string, long, DateTime) Key(string path)
    {
        var info = new FileInfo(path);
        return (info.FullName, info.Length, info.LastWriteTimeUtc);
    }
}
