using System.Collections.Concurrent;
using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline.InMemory;

/// <summary>
/// <see cref="IRunStateStore"/> in memory (tests, the CLI, the in-process runner): thread-safe, versions are
/// per-run counters, stage results insert-unique, a header update at a stale version is refused. Nothing expires:
/// a long-lived host forgets runs it no longer needs with <see cref="Forget"/>.
/// </summary>
public sealed class InMemoryRunStateStore : IRunStateStore
{
    private readonly ConcurrentDictionary<string, Entry> _runs = new(StringComparer.Ordinal);

    /// <summary>Number of runs held.</summary>
    public int Count => _runs.Count;

    public Task<VersionedRun> CreateRunAsync(RunHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        ContractValidation.RunId(header.RunId);
        var entry = _runs.GetOrAdd(header.RunId, _ => new Entry(header));
        lock (entry)
        {
            return Task.FromResult(entry.Versioned());
        }
    }

    public Task<VersionedRun?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(runId, out var entry))
        {
            return Task.FromResult<VersionedRun?>(null);
        }
        lock (entry)
        {
            return Task.FromResult<VersionedRun?>(entry.Versioned());
        }
    }

    public Task<string?> TryUpdateRunAsync(RunHeader header, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        var entry = Find(header.RunId);
        lock (entry)
        {
            if (entry.VersionText != expectedVersion)
            {
                return Task.FromResult<string?>(null);
            }
            entry.Header = header;
            entry.Version++;
            return Task.FromResult<string?>(entry.VersionText);
        }
    }

    public Task<bool> TryRecordStageAsync(string runId, StageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Task.FromResult(Find(runId).Stages.TryAdd(record.Key.Name, record));
    }

    public Task<RunTransactionResult> TryRecordStageAndUpdateRunAsync(RunHeader header, string expectedVersion, StageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(record);
        var entry = Find(header.RunId);
        lock (entry)
        {
            if (entry.VersionText != expectedVersion)
            {
                return Task.FromResult(new RunTransactionResult(RunTransactionOutcome.VersionConflict, null));
            }
            if (!entry.Stages.TryAdd(record.Key.Name, record))
            {
                return Task.FromResult(new RunTransactionResult(RunTransactionOutcome.StageAlreadyRecorded, null));
            }
            entry.Header = header;
            entry.Version++;
            return Task.FromResult(new RunTransactionResult(RunTransactionOutcome.Committed, entry.VersionText));
        }
    }

    public Task<StageRecord?> GetStageAsync(string runId, StageKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Task.FromResult(_runs.TryGetValue(runId, out var entry) && entry.Stages.TryGetValue(key.Name, out var record) ? record : null);
    }

    public Task<RunView?> GetRunViewAsync(string runId, IReadOnlyCollection<StageKey>? keys, CancellationToken cancellationToken)
    {
        if (!_runs.TryGetValue(runId, out var entry))
        {
            return Task.FromResult<RunView?>(null);
        }
        VersionedRun run;
        lock (entry)
        {
            run = entry.Versioned();
        }
        var stages = new Dictionary<string, StageRecord>(StringComparer.Ordinal);
        if (keys is null)
        {
            foreach (var (name, record) in entry.Stages)
            {
                stages[name] = record;
            }
        }
        else
        {
            foreach (var key in keys)
            {
                if (entry.Stages.TryGetValue(key.Name, out var record))
                {
                    stages[key.Name] = record;
                }
            }
        }
        return Task.FromResult<RunView?>(new RunView(run, stages));
    }

    public Task<IReadOnlyList<StageRecord>> GetStagesAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StageRecord>>(_runs.TryGetValue(runId, out var entry) ? [.. entry.Stages.Values] : []);

    public Task<IReadOnlyList<RunHeader>> ListStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken)
    {
        var stuck = new List<RunHeader>();
        foreach (var entry in _runs.Values)
        {
            RunHeader header;
            lock (entry)
            {
                header = entry.Header;
            }
            if (header.Status is RunStatus.Pending or RunStatus.Running && header.UpdatedAt < updatedBefore)
            {
                stuck.Add(header);
            }
        }
        return Task.FromResult<IReadOnlyList<RunHeader>>(stuck);
    }

    /// <summary>Drops a run and its stage results; true when it was held.</summary>
    public bool Forget(string runId) => _runs.TryRemove(runId, out _);

    private Entry Find(string runId) =>
        _runs.TryGetValue(runId, out var entry) ? entry : throw new KeyNotFoundException($"run '{runId}' does not exist");

    private sealed class Entry(RunHeader header)
    {
        public RunHeader Header { get; set; } = header;

        public long Version { get; set; } = 1;

        public string VersionText => Version.ToString(CultureInfo.InvariantCulture);

        public ConcurrentDictionary<string, StageRecord> Stages { get; } = new(StringComparer.Ordinal);

        public VersionedRun Versioned() => new(Header, VersionText);
    }
}
