using System.Globalization;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Data.Files;

/// <summary>
/// A chain snapshot file: <paramref name="Path"/> is its full name for messages (a local path, or <c>az://...</c>),
/// <paramref name="Stamp"/> its UTC stamp from the name <c>yyyyMMddTHHmmssZ.csv|.json|.parquet</c>,
/// <paramref name="RelativePath"/> its path in the store and <paramref name="Version"/> the store's version of it.
/// </summary>
public sealed record ChainSnapshotFile(string Path, DateTimeOffset Stamp, string RelativePath, string Version)
{
    /// <summary>The file name (<c>20240306T193000Z.parquet</c>).</summary>
    public string Name => RelativePath[(RelativePath.LastIndexOf('/') + 1)..];
}

/// <summary>A file in <c>chains/</c> that cannot be used as a snapshot: its full name, its stamp when the name has one, and why.</summary>
public sealed record UnusableSnapshotFile(string Path, DateTimeOffset? Stamp, string Reason);

/// <summary>A symbol's chain snapshots (ascending by stamp) and the files in <c>chains/</c> that cannot be one.</summary>
public sealed record ChainSnapshotListing(IReadOnlyList<ChainSnapshotFile> Snapshots, IReadOnlyList<UnusableSnapshotFile> Unusable);

/// <summary>
/// The files of one symbol in a data store (docs/data-formats.md, "Files source"): file names are the contract. Hidden
/// files (a leading '.') are ignored; any other file in <c>chains/</c>, <c>bars/1m/</c>, <c>trades/</c> or <c>quotes/</c>
/// whose name does not follow the layout is an error naming it (a misnamed snapshot must not be silently ignored), as are
/// two files for one stamp or session (<c>.csv</c> and <c>.parquet</c>).
/// </summary>
internal sealed class SymbolFolder(IDataFileStore store, string symbol)
{
    private static readonly string[] ChainExtensions = [".csv", ".json", ".parquet"];
    private static readonly string[] TableExtensions = [".csv", ".parquet"];

    public IDataFileStore Store { get; } = store;

    public string Symbol { get; } = symbol;

    /// <summary>The symbol's folder, relative to the store's root.</summary>
    public string Path => Symbol;

    public string NewsPath => Symbol + "/news.jsonl";

    public string SplitsPath => Symbol + "/splits.csv";

    /// <summary>The file at <paramref name="relativePath"/> directly in the symbol folder, or null.</summary>
    public async Task<DataFileEntry?> TopLevelFileAsync(string relativePath, CancellationToken ct) =>
        (await Store.ListAsync(Symbol, ct).ConfigureAwait(false)).FirstOrDefault(e => e.Path == relativePath);

    /// <summary><c>bars/1d.csv</c> or <c>bars/1d.parquet</c>, null when neither exists.</summary>
    public async Task<DataFileEntry?> DailyBarsAsync(CancellationToken ct)
    {
        var folder = Symbol + "/bars";
        var found = (await Store.ListAsync(folder, ct).ConfigureAwait(false))
            .Where(e => TableExtensions.Any(ext => string.Equals(e.Path, folder + "/1d" + ext, StringComparison.Ordinal)))
            .ToList();
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new DataFileException(Store.Describe(found[1].Path), $"both {Name(found[0].Path)} and {Name(found[1].Path)} exist: keep one"),
        };
    }

    /// <summary>Every chain snapshot, ascending by stamp; a misnamed file or two files for one stamp is a <see cref="DataFileException"/>.</summary>
    public async Task<IReadOnlyList<ChainSnapshotFile>> ChainSnapshotsAsync(CancellationToken ct) =>
        (await ChainListingAsync(strict: true, ct).ConfigureAwait(false)).Snapshots;

    /// <summary>
    /// Every chain snapshot, ascending by stamp, with the files that cannot be one: strict, the first such file throws
    /// (<see cref="DataFileException"/>); otherwise they are listed with the reason (a misnamed file; every file of a stamp
    /// given twice, since which one holds the chain cannot be known) and left out.
    /// </summary>
    public async Task<ChainSnapshotListing> ChainListingAsync(bool strict, CancellationToken ct)
    {
        var snapshots = new SortedDictionary<DateTimeOffset, List<ChainSnapshotFile>>();
        var unusable = new List<UnusableSnapshotFile>();
        foreach (var file in await Files(Symbol + "/chains", ct).ConfigureAwait(false))
        {
            var name = Name(file.Path);
            if (!TryStamp(name, out var stamp))
            {
                var reason = $"'{name}' is not a chain snapshot name (expected yyyyMMddTHHmmssZ.csv, .json or .parquet, stamped in UTC)";
                if (strict)
                {
                    throw new DataFileException(Store.Describe(file.Path), reason);
                }
                unusable.Add(new UnusableSnapshotFile(Store.Describe(file.Path), null, reason));
                continue;
            }
            var snapshot = new ChainSnapshotFile(Store.Describe(file.Path), stamp, file.Path, file.Version);
            if (snapshots.TryGetValue(stamp, out var same))
            {
                if (strict)
                {
                    throw new DataFileException(snapshot.Path, $"a second chain snapshot stamped {Stem(name)} ({same[0].Name})");
                }
                same.Add(snapshot);
            }
            else
            {
                snapshots[stamp] = [snapshot];
            }
        }
        foreach (var twice in snapshots.Values.Where(v => v.Count > 1))
        {
            unusable.AddRange(twice.Select(s => new UnusableSnapshotFile(s.Path, s.Stamp,
                $"{twice.Count} files are stamped {Stem(s.Name)} ({string.Join(", ", twice.Select(t => t.Name))}): keep one")));
        }
        return new ChainSnapshotListing([.. snapshots.Values.Where(v => v.Count == 1).Select(v => v[0])], unusable);
    }

    /// <summary>The newest chain snapshot stamped at or before <paramref name="asOf"/>, or null.</summary>
    public async Task<ChainSnapshotFile?> NewestSnapshotAsync(DateTimeOffset asOf, CancellationToken ct) =>
        (await ChainSnapshotsAsync(ct).ConfigureAwait(false)).LastOrDefault(s => s.Stamp <= asOf);

    /// <summary>
    /// The per-session files of <paramref name="kind"/> (<c>trades</c>, <c>quotes</c>, <c>bars/1m</c>) for New York dates
    /// in [first, last].
    /// </summary>
    public async Task<IReadOnlyList<(DateOnly Session, DataFileEntry File)>> SessionFilesAsync(string kind, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var sessions = new SortedDictionary<DateOnly, DataFileEntry>();
        foreach (var file in await Files(Symbol + "/" + kind, ct).ConfigureAwait(false))
        {
            var name = Name(file.Path);
            if (!TrySession(name, out var session))
            {
                throw new DataFileException(Store.Describe(file.Path), $"'{name}' is not a session file name (expected yyyy-MM-dd.csv or .parquet)");
            }
            if (session < first || session > last)
            {
                continue;
            }
            if (!sessions.TryAdd(session, file))
            {
                throw new DataFileException(Store.Describe(file.Path), $"a second file for the session {Stem(name)} ({Name(sessions[session].Path)})");
            }
        }
        return [.. sessions.Select(kv => (kv.Key, kv.Value))];
    }

    /// <summary>A chain snapshot name's stamp: <c>yyyyMMddTHHmmssZ</c> + <c>.csv</c>, <c>.json</c> or <c>.parquet</c>.</summary>
    public static bool TryStamp(string name, out DateTimeOffset stamp)
    {
        stamp = default;
        if (!ChainExtensions.Contains(Extension(name), StringComparer.OrdinalIgnoreCase)
            || !DateTime.TryParseExact(Stem(name), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
        {
            return false;
        }
        stamp = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return true;
    }

    /// <summary>A session file name's date: <c>yyyy-MM-dd</c> + <c>.csv</c> or <c>.parquet</c>.</summary>
    public static bool TrySession(string name, out DateOnly session)
    {
        session = default;
        return TableExtensions.Contains(Extension(name), StringComparer.OrdinalIgnoreCase)
            && DateOnly.TryParseExact(Stem(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out session);
    }

    /// <summary>The last segment of a '/'-separated path.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Extension(string name) => name.LastIndexOf('.') is var dot and > 0 ? name[dot..] : string.Empty;

    private static string Stem(string name) => name.LastIndexOf('.') is var dot and > 0 ? name[..dot] : name;

    private async Task<IEnumerable<DataFileEntry>> Files(string folder, CancellationToken ct) =>
        (await Store.ListAsync(folder, ct).ConfigureAwait(false)).Where(f => !Name(f.Path).StartsWith('.'));
}
