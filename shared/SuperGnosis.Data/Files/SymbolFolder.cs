using System.Globalization;

namespace SuperGnosis.Data.Files;

/// <summary>A chain snapshot file: its UTC stamp from the name <c>yyyyMMddTHHmmssZ.csv|.json|.parquet</c>.</summary>
public sealed record ChainSnapshotFile(string Path, DateTimeOffset Stamp);

/// <summary>
/// The files of one symbol under the data directory (docs/data-formats.md, "Files source"): file names are the
/// contract. Hidden files (a leading '.') are ignored; any other file in <c>chains/</c>, <c>bars/1m/</c>,
/// <c>trades/</c> or <c>quotes/</c> whose name does not follow the layout is an error naming it (a misnamed snapshot
/// must not be silently ignored), as are two files for one stamp or session (<c>.csv</c> and <c>.parquet</c>).
/// </summary>
internal sealed class SymbolFolder(string root, string symbol)
{
    private static readonly string[] ChainExtensions = [".csv", ".json", ".parquet"];
    private static readonly string[] TableExtensions = [".csv", ".parquet"];

    public string Path { get; } = System.IO.Path.Combine(root, symbol);

    public string NewsPath => System.IO.Path.Combine(Path, "news.jsonl");

    public string SplitsPath => System.IO.Path.Combine(Path, "splits.csv");

    /// <summary><c>bars/1d.csv</c> or <c>bars/1d.parquet</c>, null when neither exists.</summary>
    public string? DailyBarsPath() => OneOf(System.IO.Path.Combine(Path, "bars"), "1d");

    /// <summary>Every chain snapshot, ascending by stamp.</summary>
    public IReadOnlyList<ChainSnapshotFile> ChainSnapshots()
    {
        var snapshots = new SortedDictionary<DateTimeOffset, ChainSnapshotFile>();
        foreach (var file in Files(System.IO.Path.Combine(Path, "chains")))
        {
            var name = System.IO.Path.GetFileName(file);
            var ext = System.IO.Path.GetExtension(file);
            var stem = System.IO.Path.GetFileNameWithoutExtension(file);
            if (!ChainExtensions.Contains(ext, StringComparer.OrdinalIgnoreCase)
                || !DateTime.TryParseExact(stem, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc))
            {
                throw new DataFileException(file, $"'{name}' is not a chain snapshot name (expected yyyyMMddTHHmmssZ.csv, .json or .parquet, stamped in UTC)");
            }
            var stamp = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
            if (!snapshots.TryAdd(stamp, new ChainSnapshotFile(file, stamp)))
            {
                throw new DataFileException(file, $"a second chain snapshot stamped {stem} ({System.IO.Path.GetFileName(snapshots[stamp].Path)})");
            }
        }
        return [.. snapshots.Values];
    }

    /// <summary>The newest chain snapshot stamped at or before <paramref name="asOf"/>, or null.</summary>
    public ChainSnapshotFile? NewestSnapshot(DateTimeOffset asOf) => ChainSnapshots().LastOrDefault(s => s.Stamp <= asOf);

    /// <summary>The per-session files of <paramref name="kind"/> (<c>trades</c>, <c>quotes</c>, <c>bars/1m</c>) for New York dates in [first, last].</summary>
    public IReadOnlyList<(DateOnly Session, string Path)> SessionFiles(string kind, DateOnly first, DateOnly last)
    {
        var sessions = new SortedDictionary<DateOnly, string>();
        foreach (var file in Files(System.IO.Path.Combine(Path, kind)))
        {
            var ext = System.IO.Path.GetExtension(file);
            var stem = System.IO.Path.GetFileNameWithoutExtension(file);
            if (!TableExtensions.Contains(ext, StringComparer.OrdinalIgnoreCase)
                || !DateOnly.TryParseExact(stem, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var session))
            {
                throw new DataFileException(file, $"'{System.IO.Path.GetFileName(file)}' is not a session file name (expected yyyy-MM-dd.csv or .parquet)");
            }
            if (session < first || session > last)
            {
                continue;
            }
            if (!sessions.TryAdd(session, file))
            {
                throw new DataFileException(file, $"a second file for the session {stem} ({System.IO.Path.GetFileName(sessions[session])})");
            }
        }
        return [.. sessions.Select(kv => (kv.Key, kv.Value))];
    }

    private static IEnumerable<string> Files(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Where(f => !System.IO.Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)
            : [];

    private static string? OneOf(string directory, string stem)
    {
        var found = TableExtensions.Select(ext => System.IO.Path.Combine(directory, stem + ext)).Where(File.Exists).ToList();
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new DataFileException(found[1], $"both {System.IO.Path.GetFileName(found[0])} and {System.IO.Path.GetFileName(found[1])} exist: keep one"),
        };
    }
}
