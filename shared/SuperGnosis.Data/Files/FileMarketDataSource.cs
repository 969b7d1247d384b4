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
/// there is one); bad rows inside a usable file are skipped and counted by reason (<see cref="QualityOf"/>). The files
/// live in an <see cref="IDataFileStore"/>: a local folder (<see cref="LocalDataFileStore"/>) or a blob container, read
/// the same way. Parsed files are cached by path and version (a local file's size and write time, a blob's ETag; the 64
/// most recent).
/// </summary>
public sealed class FileMarketDataSource : IOptionsChainSource, IMarketDataSource, INewsSource, IDataQualitySource
{
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    private readonly IMarketCalendar _calendar;
    private readonly QualityLedger _quality = new();
    private readonly object _gate = new();
    private readonly LruCache<(string, string), object> _files = new(maxEntries: 64);

    /// <param name="directory">The data directory (a local folder); it must exist.</param>
    /// <param name="calendar">Sessions of the daily bars; <see cref="MarketCalendar.Nyse"/> when null.</param>
    public FileMarketDataSource(string directory, IMarketCalendar? calendar = null)
        : this(new LocalDataFileStore(directory), calendar)
    {
    }

    /// <param name="store">The files: a local folder or a blob container.</param>
    /// <param name="calendar">Sessions of the daily bars; <see cref="MarketCalendar.Nyse"/> when null.</param>
    public FileMarketDataSource(IDataFileStore store, IMarketCalendar? calendar = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        _calendar = calendar ?? MarketCalendar.Nyse;
    }

    /// <summary>Where the files are.</summary>
    public IDataFileStore Store { get; }

    /// <summary>The data directory's full path, or the store's location (<c>az://...</c>).</summary>
    public string Directory => Store.Location;

    /// <summary>True when the store has a folder for <paramref name="symbol"/> (a blob container: any file under it).</summary>
    public Task<bool> HasSymbolAsync(string symbol, CancellationToken cancellationToken) => Store.FolderExistsAsync(Folder(symbol).Path, cancellationToken);

    /// <summary>Every chain snapshot of <paramref name="symbol"/>, ascending by stamp (misnamed files are an error naming them).</summary>
    public Task<IReadOnlyList<ChainSnapshotFile>> SnapshotsAsync(string symbol, CancellationToken cancellationToken) =>
        Folder(symbol).ChainSnapshotsAsync(cancellationToken);

    /// <summary>
    /// Every chain snapshot of <paramref name="symbol"/> with the files of its <c>chains/</c> folder that cannot be one
    /// (misnamed, a stamp given twice), listed instead of thrown: for tools that go over a whole history.
    /// </summary>
    public Task<ChainSnapshotListing> SnapshotListingAsync(string symbol, CancellationToken cancellationToken) =>
        Folder(symbol).ChainListingAsync(strict: false, cancellationToken);

    /// <summary>The newest chain snapshot of <paramref name="symbol"/> stamped at or before <paramref name="asOf"/>, or null.</summary>
    public Task<ChainSnapshotFile?> NewestSnapshotAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        Folder(symbol).NewestSnapshotAsync(asOf, cancellationToken);

    /// <summary>
    /// Reads one snapshot file (format by extension) as the chain of that stamp, with the rows the reader skipped;
    /// <paramref name="symbol"/> (the folder's) decides which rows belong to the chain (null: the symbol most rows give).
    /// A file that is gone or cannot be read is a <see cref="DataFileException"/> naming it.
    /// </summary>
    public async Task<ChainFileResult> ReadSnapshotAsync(ChainSnapshotFile snapshot, string? symbol, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var content = await Store.ReadAsync(snapshot.RelativePath, cancellationToken).ConfigureAwait(false)
            ?? throw new DataFileException(snapshot.Path, "the snapshot file is gone (removed while it was being read)");
        return ReadSnapshot(snapshot, content.Bytes, symbol);
    }

    /// <summary>Reads a snapshot's bytes (format by extension) as the chain of its stamp.</summary>
    public static ChainFileResult ReadSnapshot(ChainSnapshotFile snapshot, ReadOnlyMemory<byte> bytes, string? symbol = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            return ChainFile.Read(bytes, FormatOf(snapshot.Name), snapshot.Stamp, snapshot.Stamp, symbol);
        }
        catch (FormatException ex) when (ex is not DataFileException)
        {
            throw new DataFileException(snapshot.Path, ex.Message, inner: ex);
        }
    }

    /// <summary>The chain format of a snapshot file name: <c>.json</c> CBOE, <c>.parquet</c> Parquet, else CSV.</summary>
    public static ChainFileFormat FormatOf(string fileName) => System.IO.Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".json" => ChainFileFormat.Cboe,
        ".parquet" => ChainFileFormat.Parquet,
        _ => ChainFileFormat.Csv,
    };

    public async Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var folder = Folder(symbol);
        var snapshot = await folder.NewestSnapshotAsync(asOf, cancellationToken).ConfigureAwait(false);
        _quality.SetSnapshot(symbol, asOf, snapshot?.Stamp);
        if (snapshot is null)
        {
            return new OptionChain(symbol, asOf, double.NaN, []);
        }
        var result = await CachedAsync(new DataFileEntry(snapshot.RelativePath, snapshot.Version),
            bytes => Task.FromResult(ReadSnapshot(snapshot, bytes, symbol.ToUpperInvariant())), cancellationToken).ConfigureAwait(false);
        _quality.AddSkips(symbol, asOf, DataKind.Chain, snapshot.Path, ChainSkips(result));
        var chain = result.Chain;
        return string.Equals(chain.Symbol, symbol, StringComparison.Ordinal) ? chain : chain with { Symbol = symbol };
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
        foreach (var (session, file) in await Folder(symbol).SessionFilesAsync("trades", NewYorkTime.DateOf(from), NewYorkTime.DateOf(asOf), cancellationToken).ConfigureAwait(false))
        {
            var path = Store.Describe(file.Path);
            var rows = await CachedAsync(file, bytes => TickFiles.ReadTradesAsync(path, bytes, session, cancellationToken), cancellationToken).ConfigureAwait(false);
            _quality.AddSkips(symbol, asOf, DataKind.Trades, path, rows.Skips.ToImmutable());
            trades.AddRange(rows.Items.Where(t => t.Timestamp >= from && t.Timestamp <= asOf));
        }
        return trades;
    }

    public async Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var quotes = new List<Quote>();
        foreach (var (session, file) in await Folder(symbol).SessionFilesAsync("quotes", NewYorkTime.DateOf(from), NewYorkTime.DateOf(asOf), cancellationToken).ConfigureAwait(false))
        {
            var path = Store.Describe(file.Path);
            var rows = await CachedAsync(file, bytes => TickFiles.ReadQuotesAsync(path, bytes, session, cancellationToken), cancellationToken).ConfigureAwait(false);
            _quality.AddSkips(symbol, asOf, DataKind.Quotes, path, rows.Skips.ToImmutable());
            quotes.AddRange(rows.Items.Where(q => q.Timestamp >= from && q.Timestamp <= asOf));
        }
        return quotes;
    }

    public async Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var folder = Folder(symbol);
        if (await folder.TopLevelFileAsync(folder.NewsPath, cancellationToken).ConfigureAwait(false) is not { } file)
        {
            return [];
        }
        var path = Store.Describe(file.Path);
        var rows = await CachedAsync(file, bytes => Task.FromResult(NewsFile.Read(bytes, symbol, cancellationToken)), cancellationToken).ConfigureAwait(false);
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
        return new SymbolFolder(Store, symbol.ToUpperInvariant());
    }

    /// <summary>
    /// Completed sessions' bars (session close at or before as-of, split-adjusted) plus, while a session is open, its
    /// partial bar from the completed minutes of its minute file when there is one.
    /// </summary>
    private async Task<IReadOnlyList<Bar>> DailyBarsAsync(SymbolFolder folder, string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken ct)
    {
        var result = new List<Bar>();
        if (await folder.DailyBarsAsync(ct).ConfigureAwait(false) is { } file)
        {
            var path = Store.Describe(file.Path);
            var rows = await CachedAsync(file, bytes => BarFile.ReadDailyAsync(path, bytes, _calendar, ct), ct).ConfigureAwait(false);
            _quality.AddSkips(symbol, asOf, DataKind.DailyBars, path, rows.Skips.ToImmutable());
            var splits = await folder.TopLevelFileAsync(folder.SplitsPath, ct).ConfigureAwait(false) is { } splitsFile
                ? await CachedAsync(splitsFile, bytes => SplitsFile.ReadAsync(Store.Describe(splitsFile.Path), bytes, ct), ct).ConfigureAwait(false)
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
        foreach (var (_, file) in await folder.SessionFilesAsync("bars/1m", NewYorkTime.DateOf(from), NewYorkTime.DateOf(asOf), ct).ConfigureAwait(false))
        {
            var path = Store.Describe(file.Path);
            var rows = await CachedAsync(file, bytes => BarFile.ReadMinutesAsync(path, bytes, ct), ct).ConfigureAwait(false);
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

    /// <summary>The parsed file, from the cache when its (path, version) was parsed before; else read from the store and parsed.</summary>
    private async Task<T> CachedAsync<T>(DataFileEntry file, Func<ReadOnlyMemory<byte>, Task<T>> parse, CancellationToken ct)
        where T : class
    {
        var key = (file.Path, file.Version);
        lock (_gate)
        {
            if (_files.TryGet(key, out var hit))
            {
                return (T)hit;
            }
        }
        var content = await Store.ReadAsync(file.Path, ct).ConfigureAwait(false)
            ?? throw new DataFileException(Store.Describe(file.Path), "the file is gone (removed while it was being read)");
        var value = await parse(content.Bytes).ConfigureAwait(false);
        lock (_gate)
        {
            // Cached under the version actually read (a file replaced since the listing is cached as what was read).
            _files.Add((file.Path, content.Version), value);
        }
        return value;
    }
}
