using System.Globalization;
using System.Text;
using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Files;

/// <summary>What writing a snapshot did to one file.</summary>
public enum SnapshotFileOutcome
{
    /// <summary>The file did not exist and was written.</summary>
    Created,

    /// <summary>The file existed and agreed with the snapshot where both have data; it now also holds the snapshot's other rows.</summary>
    Extended,

    /// <summary>The file already held everything the snapshot has for it: not written.</summary>
    Unchanged,
}

/// <summary>One file of a written snapshot: its full name, its path in the store, what happened and the rows it now holds.</summary>
public sealed record SnapshotFileResult(string Path, string RelativePath, SnapshotFileOutcome Outcome, int Rows);

/// <summary>The files a snapshot touched, and notes on what it did not write (e.g. an empty chain).</summary>
public sealed record SnapshotWriteResult(IReadOnlyList<SnapshotFileResult> Files, IReadOnlyList<string> Notes);

/// <summary>
/// A snapshot disagrees with a file already in the store (different rows for the same instants, a different chain under
/// the same stamp) or the file cannot be extended (CSV, rows its reader skips). Nothing was written to that file.
/// </summary>
public sealed class SnapshotConflictException(string path, string problem) : Exception($"{path}: {problem}")
{
    /// <summary>Full name of the file.</summary>
    public string FilePath { get; } = path;
}

/// <summary>
/// Writes a <see cref="MarketSnapshot"/> into the files layout of an <see cref="IDataFileStore"/> (docs/data-formats.md,
/// "Snapshots"), so that the files source later answers the snapshot's requests as the source did:
/// <list type="bullet">
/// <item>the chain as <c>&lt;SYMBOL&gt;/chains/&lt;yyyyMMddTHHmmssZ&gt;.parquet</c> (a file under that stamp, in any format, must hold the same chain);</item>
/// <item>daily bars of sessions closed at the as-of into <c>bars/1d.parquet</c>; minute bars, trades and quotes into one
/// Parquet file per New York date (<c>bars/1m/</c>, <c>trades/</c>, <c>quotes/</c>);</item>
/// <item>headlines appended to <c>news.jsonl</c>, a headline already there (same instant, text and source) not again.</item>
/// </list>
/// An existing bars, trades or quotes file is merged: where its rows and the snapshot's window overlap they must be the
/// same rows (else <see cref="SnapshotConflictException"/> naming the file, and the file is left alone); the file then
/// holds its rows outside the window plus the snapshot's. A file that already holds everything is not written
/// (<see cref="SnapshotFileOutcome.Unchanged"/>). Every write is whole-file and conditional on the version read
/// (<see cref="IDataFileStore.TryWriteAsync"/>); a concurrent writer makes this one read again and merge again.
/// </summary>
public sealed class MarketSnapshotWriter(IDataFileStore store, IMarketCalendar? calendar = null)
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    private readonly IMarketCalendar _calendar = calendar ?? MarketCalendar.Nyse;

    public IDataFileStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    public async Task<SnapshotWriteResult> WriteAsync(MarketSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var symbol = ContractValidation.IsValidSymbol(snapshot.Symbol) && snapshot.Symbol.IndexOfAny(['/', '\\']) < 0 && !snapshot.Symbol.Contains("..", StringComparison.Ordinal)
            ? snapshot.Symbol
            : throw new ArgumentException($"'{snapshot.Symbol}' is not a symbol that can name a folder", nameof(snapshot));
        var folder = new SymbolFolder(Store, symbol);
        var files = new List<SnapshotFileResult>();
        var notes = new List<string>();

        if (snapshot.Chain is { IsEmpty: false } chain)
        {
            files.Add(await WriteChainAsync(folder, chain, snapshot.Stamp, cancellationToken).ConfigureAwait(false));
        }
        else if (snapshot.Chain is not null)
        {
            notes.Add("chain: the source returned no contracts; no chain file written");
        }

        if (snapshot.DailyBars is { } daily)
        {
            files.AddRange(await WriteDailyBarsAsync(folder, daily, snapshot.AsOf, cancellationToken).ConfigureAwait(false));
        }
        if (snapshot.MinuteBars is { } minutes)
        {
            var complete = minutes.Items.Where(b => b.Timestamp + OneMinute <= snapshot.AsOf).ToList();
            files.AddRange(await WriteSessionsAsync(folder, "bars/1m", complete, minutes.From, snapshot.AsOf - OneMinute, b => b.Timestamp,
                async (path, bytes, _) => Rows(await BarFile.ReadMinutesAsync(path, bytes, cancellationToken).ConfigureAwait(false)),
                rows => SnapshotParquet.MinuteBarsAsync(rows, cancellationToken), cancellationToken).ConfigureAwait(false));
        }
        if (snapshot.Trades is { } trades)
        {
            files.AddRange(await WriteSessionsAsync(folder, "trades", trades.Items, trades.From, snapshot.AsOf, t => t.Timestamp,
                async (path, bytes, session) => Rows(await TickFiles.ReadTradesAsync(path, bytes, session, cancellationToken).ConfigureAwait(false)),
                rows => SnapshotParquet.TradesAsync(rows, cancellationToken), cancellationToken).ConfigureAwait(false));
        }
        if (snapshot.Quotes is { } quotes)
        {
            files.AddRange(await WriteSessionsAsync(folder, "quotes", quotes.Items, quotes.From, snapshot.AsOf, q => q.Timestamp,
                async (path, bytes, session) => Rows(await TickFiles.ReadQuotesAsync(path, bytes, session, cancellationToken).ConfigureAwait(false)),
                rows => SnapshotParquet.QuotesAsync(rows, cancellationToken), cancellationToken).ConfigureAwait(false));
        }
        if (snapshot.News is { } news && await WriteNewsAsync(folder, news.Items, cancellationToken).ConfigureAwait(false) is { } newsFile)
        {
            files.Add(newsFile);
        }
        return new SnapshotWriteResult(files, notes);
    }

    /// <summary>The chain under its stamp: created, or unchanged when a file under that stamp reads as the same chain.</summary>
    private async Task<SnapshotFileResult> WriteChainAsync(SymbolFolder folder, OptionChain chain, DateTimeOffset stamp, CancellationToken ct)
    {
        using var stream = new MemoryStream();
        await OptionChainParquet.WriteAsync(chain with { AsOf = stamp }, stream, ct).ConfigureAwait(false);
        var bytes = stream.ToArray();
        var name = stamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".parquet";
        var path = folder.Path + "/chains/" + name;
        var written = new ChainSnapshotFile(Store.Describe(path), stamp, path, string.Empty);
        var wanted = FileMarketDataSource.ReadSnapshot(written, bytes, folder.Symbol);
        for (var attempt = 1; ; attempt++)
        {
            var existing = (await folder.ChainSnapshotsAsync(ct).ConfigureAwait(false)).FirstOrDefault(s => s.Stamp == stamp);
            if (existing is null)
            {
                if (await Store.TryWriteAsync(path, bytes, null, ct).ConfigureAwait(false))
                {
                    return new SnapshotFileResult(written.Path, path, SnapshotFileOutcome.Created, chain.Quotes.Length);
                }
            }
            else
            {
                var content = await Store.ReadAsync(existing.RelativePath, ct).ConfigureAwait(false);
                if (content is not null)
                {
                    var held = FileMarketDataSource.ReadSnapshot(existing, content.Bytes, folder.Symbol);
                    if (SameChain(held, wanted))
                    {
                        return new SnapshotFileResult(existing.Path, existing.RelativePath, SnapshotFileOutcome.Unchanged, held.Chain.Quotes.Length);
                    }
                    throw new SnapshotConflictException(existing.Path,
                        $"a chain snapshot stamped {stamp:yyyy-MM-dd'T'HH:mm:ss'Z'} exists with different content ({Describe(held)}; the source returned {Describe(wanted)}); it was left as it is");
                }
            }
            if (attempt == MaxAttempts)
            {
                throw new IOException($"{written.Path}: another writer kept changing the file; the snapshot was not written");
            }
        }
    }

    /// <summary>Daily bars of the sessions closed at <paramref name="asOf"/>, into <c>bars/1d</c>.</summary>
    private async Task<IReadOnlyList<SnapshotFileResult>> WriteDailyBarsAsync(SymbolFolder folder, SnapshotWindow<Bar> daily, DateTimeOffset asOf, CancellationToken ct)
    {
        // Daily bars carry the session's open (Bar's convention); the file keeps the session date and reads it back at the
        // open, so bars are compared and written by that instant.
        var closed = daily.Items
            .Select(b => (Date: NewYorkTime.DateOf(b.Timestamp), Bar: b))
            .Where(d => _calendar.IsTradingDay(d.Date) && _calendar.CloseOf(d.Date) <= asOf)
            .Select(d => d.Bar with { Timestamp = _calendar.OpenOf(d.Date) })
            .ToList();
        // The window in opens: [from, the open of the last session closed at the as-of].
        var today = NewYorkTime.DateOf(asOf);
        var upper = _calendar.SessionOf(today) is { } session && session.Close > asOf ? session.Open.AddTicks(-1) : asOf;
        var result = await MergeAsync(folder, folder.Path + "/bars", "1d", closed, daily.From, upper, b => b.Timestamp,
            async (path, bytes) =>
            {
                var read = await BarFile.ReadDailyAsync(path, bytes, _calendar, ct).ConfigureAwait(false);
                return Rows(new FileRows<Bar>([.. read.Items.Select(d => d.Bar)], read.Skips));
            },
            rows => SnapshotParquet.DailyBarsAsync(rows, ct), ct).ConfigureAwait(false);
        return result is null ? [] : [result];
    }

    /// <summary>Rows of per-session files (<c>bars/1m</c>, <c>trades</c>, <c>quotes</c>): one file per New York date.</summary>
    private async Task<IReadOnlyList<SnapshotFileResult>> WriteSessionsAsync<T>(
        SymbolFolder folder, string kind, IReadOnlyList<T> rows, DateTimeOffset from, DateTimeOffset to, Func<T, DateTimeOffset> key,
        Func<string, ReadOnlyMemory<byte>, DateOnly, Task<(IReadOnlyList<T> Rows, int Skipped)>> read,
        Func<IReadOnlyList<T>, Task<byte[]>> write, CancellationToken ct)
        where T : struct
    {
        var results = new List<SnapshotFileResult>();
        foreach (var day in rows.GroupBy(r => NewYorkTime.DateOf(key(r))).OrderBy(g => g.Key))
        {
            // This date's part of the window: [max(from, 00:00 New York), min(to, the next 00:00 - 1 tick)].
            var dayStart = NewYorkTime.At(day.Key, TimeOnly.MinValue);
            var dayEnd = NewYorkTime.At(day.Key.AddDays(1), TimeOnly.MinValue).AddTicks(-1);
            var session = day.Key;
            var result = await MergeAsync(folder, folder.Path + "/" + kind, day.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), [.. day],
                from > dayStart ? from : dayStart, to < dayEnd ? to : dayEnd, key,
                (path, bytes) => read(path, bytes, session),
                write, ct).ConfigureAwait(false);
            if (result is not null)
            {
                results.Add(result);
            }
        }
        return results;
    }

    /// <summary>
    /// Merges time-keyed rows into <c>folder/stem.parquet</c> (or an existing <c>stem.csv</c>, which can only be left
    /// unchanged): the existing rows inside [from, to] (widened to the rows' own keys) must equal the snapshot's rows
    /// there; the result is the existing rows outside that window plus the snapshot's rows, in time order.
    /// </summary>
    private async Task<SnapshotFileResult?> MergeAsync<T>(
        SymbolFolder folder, string directory, string stem, IReadOnlyList<T> rows, DateTimeOffset from, DateTimeOffset to, Func<T, DateTimeOffset> key,
        Func<string, ReadOnlyMemory<byte>, Task<(IReadOnlyList<T> Rows, int Skipped)>> read, Func<IReadOnlyList<T>, Task<byte[]>> write, CancellationToken ct)
        where T : struct
    {
        if (rows.Count == 0)
        {
            return null;
        }
        var lower = rows.Min(key) is var first && first < from ? first : from;
        var upper = rows.Max(key) is var last && last > to ? last : to;
        var incoming = rows.OrderBy(key).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var existing = await ExistingAsync(directory, stem, ct).ConfigureAwait(false);
            if (existing is null)
            {
                var path = directory + "/" + stem + ".parquet";
                if (await Store.TryWriteAsync(path, await write(incoming).ConfigureAwait(false), null, ct).ConfigureAwait(false))
                {
                    return new SnapshotFileResult(Store.Describe(path), path, SnapshotFileOutcome.Created, incoming.Count);
                }
            }
            else
            {
                var full = Store.Describe(existing.Path);
                var content = await Store.ReadAsync(existing.Path, ct).ConfigureAwait(false);
                if (content is not null)
                {
                    var (held, skipped) = await read(full, content.Bytes).ConfigureAwait(false);
                    // Only the instants both the file and the snapshot cover must agree (each holds a window of its own). The
                    // window's last instant itself is left out: whether an event stamped exactly at the as-of is known at the
                    // as-of differs between sources (the synthetic market gives only completed minutes' ticks), so there the
                    // file's rows are kept, or the snapshot's when the file has none.
                    var heldInside = held.Where(r => key(r) >= lower && key(r) < upper).ToList();
                    if (heldInside.Count > 0)
                    {
                        var overlapFrom = heldInside.Min(key);
                        var overlapTo = heldInside.Max(key);
                        var mine = incoming.Where(r => key(r) >= overlapFrom && key(r) <= overlapTo).ToList();
                        if (FirstDifference(heldInside, mine, key) is { } difference)
                        {
                            throw new SnapshotConflictException(full,
                                $"the file's rows differ from the source's for the same instants ({difference}); it was left as it is");
                        }
                    }
                    var heldAtEnd = held.Where(r => key(r) == upper).ToList();
                    List<T> merged =
                    [
                        .. held.Where(r => key(r) < lower),
                        .. incoming.Where(r => key(r) < upper),
                        .. heldAtEnd.Count > 0 ? heldAtEnd : incoming.Where(r => key(r) == upper),
                        .. held.Where(r => key(r) > upper),
                    ];
                    if (merged.Count == held.Count && merged.SequenceEqual(held))
                    {
                        return new SnapshotFileResult(full, existing.Path, SnapshotFileOutcome.Unchanged, held.Count);
                    }
                    if (!existing.Path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new SnapshotConflictException(full,
                            $"the snapshot has {merged.Count - held.Count} more row(s) for this file, but it is a CSV file and snapshots write Parquet: convert it to Parquet (same columns) or write the snapshot elsewhere");
                    }
                    if (skipped > 0)
                    {
                        throw new SnapshotConflictException(full,
                            $"the file has {skipped} row(s) its reader skips; rewriting it with the snapshot's rows would drop them: fix or move the file first");
                    }
                    if (await Store.TryWriteAsync(existing.Path, await write(merged).ConfigureAwait(false), content.Version, ct).ConfigureAwait(false))
                    {
                        return new SnapshotFileResult(full, existing.Path, SnapshotFileOutcome.Extended, merged.Count);
                    }
                }
            }
            if (attempt == MaxAttempts)
            {
                throw new IOException($"{Store.Describe(directory + "/" + stem + ".parquet")}: another writer kept changing the file; the snapshot's rows were not written");
            }
        }
    }

    /// <summary><c>stem.csv</c> or <c>stem.parquet</c> in <paramref name="directory"/>, null when neither; both is an error.</summary>
    private async Task<DataFileEntry?> ExistingAsync(string directory, string stem, CancellationToken ct)
    {
        var found = (await Store.ListAsync(directory, ct).ConfigureAwait(false))
            .Where(e => SymbolFolder.Name(e.Path) is var name && (name == stem + ".parquet" || name == stem + ".csv"))
            .ToList();
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new DataFileException(Store.Describe(found[1].Path), $"both {SymbolFolder.Name(found[0].Path)} and {SymbolFolder.Name(found[1].Path)} exist: keep one"),
        };
    }

    /// <summary>
    /// Headlines appended to <c>news.jsonl</c> (created when absent), one JSON object per line: <c>timestamp</c> (UTC,
    /// 7 fractional digits), <c>headline</c>, <c>source</c>, <c>symbols</c> = [the folder's symbol]. A headline the file
    /// already holds (same instant, text and source, as its reader reads them) is not appended again.
    /// </summary>
    private async Task<SnapshotFileResult?> WriteNewsAsync(SymbolFolder folder, IReadOnlyList<NewsHeadline> headlines, CancellationToken ct)
    {
        if (headlines.Count == 0)
        {
            return null;
        }
        var path = folder.NewsPath;
        for (var attempt = 1; ; attempt++)
        {
            var content = await Store.ReadAsync(path, ct).ConfigureAwait(false);
            var held = content is null ? [] : NewsFile.Read(content.Bytes, folder.Symbol, ct).Items;
            var keys = held.Select(Key).ToHashSet();
            var added = new StringBuilder();
            var count = 0;
            foreach (var headline in headlines.OrderBy(h => h.Timestamp))
            {
                var text = headline.Text.Trim();
                var source = headline.Source.Trim() is { Length: > 0 } s ? s : "unknown";
                if (text.Length == 0 || !keys.Add((headline.Timestamp.UtcTicks, text, source)))
                {
                    continue;
                }
                added.Append(NewsLine(headline.Timestamp, text, source, folder.Symbol)).Append('\n');
                count++;
            }
            if (count == 0)
            {
                return new SnapshotFileResult(Store.Describe(path), path, SnapshotFileOutcome.Unchanged, held.Count);
            }
            var before = content?.Bytes ?? ReadOnlyMemory<byte>.Empty;
            var separator = before.Length > 0 && before.Span[^1] != (byte)'\n' ? "\n" : string.Empty;
            var bytes = new byte[before.Length + Encoding.UTF8.GetByteCount(separator + added)];
            before.Span.CopyTo(bytes);
            Encoding.UTF8.GetBytes(separator + added, bytes.AsSpan(before.Length));
            if (await Store.TryWriteAsync(path, bytes, content?.Version, ct).ConfigureAwait(false))
            {
                return new SnapshotFileResult(Store.Describe(path), path, content is null ? SnapshotFileOutcome.Created : SnapshotFileOutcome.Extended, held.Count + count);
            }
            if (attempt == MaxAttempts)
            {
                throw new IOException($"{Store.Describe(path)}: another writer kept changing the file; the headlines were not appended");
            }
        }
    }

    private static (long, string, string) Key(NewsHeadline h) => (h.Timestamp.UtcTicks, h.Text, h.Source);

    /// <summary>One news.jsonl line (UTF-8 JSON, no trailing newline).</summary>
    internal static string NewsLine(DateTimeOffset timestamp, string text, string source, string symbol)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("headline", text);
            json.WriteString("source", source);
            json.WriteStartArray("symbols");
            json.WriteStringValue(symbol);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static (IReadOnlyList<T> Rows, int Skipped) Rows<T>(FileRows<T> read) => (read.Items, read.Skips.ToImmutable().Values.Sum());

    /// <summary>Where two lists of rows (each in time order) first differ, as text; null when they hold the same rows.</summary>
    private static string? FirstDifference<T>(IReadOnlyList<T> held, IReadOnlyList<T> incoming, Func<T, DateTimeOffset> key)
        where T : struct
    {
        // Rows of one instant may come in any order: compare each instant's rows as a multiset.
        var a = held.GroupBy(key).ToDictionary(g => g.Key.UtcTicks, g => g.ToList());
        var b = incoming.GroupBy(key).ToDictionary(g => g.Key.UtcTicks, g => g.ToList());
        foreach (var ticks in a.Keys.Union(b.Keys).Order())
        {
            var x = a.GetValueOrDefault(ticks) ?? [];
            var y = b.GetValueOrDefault(ticks) ?? [];
            if (x.Count != y.Count || x.Any(r => x.Count(s => s.Equals(r)) != y.Count(s => s.Equals(r))))
            {
                var at = new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                return $"at {at} the file has {x.Count} row(s){(x.Count > 0 ? " " + x[0] : string.Empty)}, the source {y.Count}{(y.Count > 0 ? " " + y[0] : string.Empty)}";
            }
        }
        return null;
    }

    /// <summary>Two chains as read from their files: same symbol, same spot (bit for bit) and the same rows in the same order.</summary>
    private static bool SameChain(ChainFileResult a, ChainFileResult b) =>
        a.Chain.Symbol == b.Chain.Symbol
        && BitConverter.DoubleToInt64Bits(a.Chain.UnderlyingPrice) == BitConverter.DoubleToInt64Bits(b.Chain.UnderlyingPrice)
        && a.Chain.Quotes.AsSpan().SequenceEqual(b.Chain.Quotes.AsSpan())
        && a.Skipped.Count == b.Skipped.Count;

    private static string Describe(ChainFileResult read) =>
        string.Create(CultureInfo.InvariantCulture, $"{read.Chain.Quotes.Length} contracts, spot {read.Chain.UnderlyingPrice:R}");
}
