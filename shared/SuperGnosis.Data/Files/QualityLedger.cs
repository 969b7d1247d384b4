using System.Collections.Immutable;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Data.Files;

/// <summary>
/// What the files source (and a live provider) left out, per (symbol, as-of) and data kind: skipped rows of every file read for that as-of
/// (each file counted once, all its rows: a file is read whole), the chain snapshot's stamp and suspected splits.
/// Bounded: the most recent 256 (symbol, as-of) pairs.
/// </summary>
internal sealed class QualityLedger
{
    private readonly object _gate = new();
    private readonly LruCache<(string, DateTimeOffset), Entry> _entries = new(maxEntries: 256);

    public void AddSkips(string symbol, DateTimeOffset asOf, DataKind kind, string file, IReadOnlyDictionary<string, int> skips)
    {
        lock (_gate)
        {
            var entry = EntryOf(symbol, asOf);
            if (!entry.Files.Add((kind, file)))
            {
                return;
            }
            var counts = entry.Counts.TryGetValue(kind, out var c) ? c : entry.Counts[kind] = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var (reason, n) in skips)
            {
                counts[reason] = counts.GetValueOrDefault(reason) + n;
            }
        }
    }

    public void SetSnapshot(string symbol, DateTimeOffset asOf, DateTimeOffset? stamp)
    {
        lock (_gate)
        {
            var entry = EntryOf(symbol, asOf);
            entry.Snapshot = stamp;
            entry.Counts.TryAdd(DataKind.Chain, new SortedDictionary<string, int>(StringComparer.Ordinal));
        }
    }

    /// <summary>A fact about how one kind of data was served (<see cref="DataKindQuality.Notes"/>); the last value set wins.</summary>
    public void SetNote(string symbol, DateTimeOffset asOf, DataKind kind, string note, string value)
    {
        lock (_gate)
        {
            var entry = EntryOf(symbol, asOf);
            entry.Counts.TryAdd(kind, new SortedDictionary<string, int>(StringComparer.Ordinal));
            if (!entry.Notes.TryGetValue(kind, out var notes))
            {
                entry.Notes[kind] = notes = new SortedDictionary<string, string>(StringComparer.Ordinal);
            }
            notes[note] = value;
        }
    }

    public void SetSuspectedSplits(string symbol, DateTimeOffset asOf, ImmutableArray<SuspectedSplit> splits)
    {
        lock (_gate)
        {
            var entry = EntryOf(symbol, asOf);
            entry.Splits = splits;
            entry.Counts.TryAdd(DataKind.DailyBars, new SortedDictionary<string, int>(StringComparer.Ordinal));
        }
    }

    public DataQualityReport ReportOf(string symbol, DateTimeOffset asOf)
    {
        lock (_gate)
        {
            if (!_entries.TryGet((symbol, asOf), out var entry))
            {
                return DataQualityReport.Empty;
            }
            var kinds = entry.Counts.ToImmutableSortedDictionary(
                kv => kv.Key,
                kv => new DataKindQuality(
                    kv.Value.ToImmutableSortedDictionary(StringComparer.Ordinal),
                    kv.Key == DataKind.Chain ? entry.Snapshot : null,
                    kv.Key == DataKind.DailyBars ? entry.Splits : [],
                    entry.Notes.TryGetValue(kv.Key, out var notes) ? notes.ToImmutableSortedDictionary(StringComparer.Ordinal) : null));
            return new DataQualityReport(kinds);
        }
    }

    private Entry EntryOf(string symbol, DateTimeOffset asOf)
    {
        if (!_entries.TryGet((symbol, asOf), out var entry))
        {
            entry = new Entry();
            _entries.Add((symbol, asOf), entry);
        }
        return entry;
    }

    private sealed class Entry
    {
        public HashSet<(DataKind, string)> Files { get; } = [];

        public Dictionary<DataKind, SortedDictionary<string, int>> Counts { get; } = [];

        public DateTimeOffset? Snapshot { get; set; }

        public Dictionary<DataKind, SortedDictionary<string, string>> Notes { get; } = [];

        public ImmutableArray<SuspectedSplit> Splits { get; set; } = [];
    }
}
