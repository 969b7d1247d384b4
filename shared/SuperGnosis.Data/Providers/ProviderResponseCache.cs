namespace SuperGnosis.Data.Providers;

/// <summary>
/// What the live providers answered, kept for a time-to-live so that one run (and every run within the TTL) never asks
/// twice for the same thing. Keys are <c>provider|endpoint|symbol|as-of bucket</c> (each provider documents its buckets,
/// docs/providers.md "Cache"). Concurrent requests for one key share one fetch; a fetch that fails is not kept (the next
/// request asks again). Bounded: beyond <see cref="MaxEntries"/> the entries that expire first are dropped.
/// </summary>
public sealed class ProviderResponseCache(TimeProvider time)
{
    /// <summary>Most entries kept.</summary>
    public const int MaxEntries = 512;

    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ProviderResponseCache()
        : this(TimeProvider.System)
    {
    }

    /// <summary>The key of one request.</summary>
    public static string Key(string provider, string endpoint, string symbol, string bucket) => $"{provider}|{endpoint}|{symbol}|{bucket}";

    /// <summary>
    /// The cached value of <paramref name="key"/> when it is younger than <paramref name="timeToLive"/> and
    /// <paramref name="sufficient"/> (when given) accepts it; otherwise <paramref name="fetch"/>'s result, kept. The fetch runs
    /// once for concurrent callers and is not cancelled when one caller gives up (it is bounded by the provider's timeout).
    /// </summary>
    public async Task<T> GetOrFetchAsync<T>(string key, TimeSpan timeToLive, Func<CancellationToken, Task<T>> fetch, CancellationToken cancellationToken, Func<T, bool>? sufficient = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(fetch);
        Task<object> task;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_entries.TryGetValue(key, out var entry) && entry.Expires > now
                && (sufficient is null || !entry.Task.IsCompletedSuccessfully || sufficient((T)entry.Task.Result)))
            {
                task = entry.Task;
            }
            else
            {
                task = Start(fetch);
                _entries[key] = new Entry(task, now + timeToLive);
                Trim(now);
            }
        }
        try
        {
            var value = (T)await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (sufficient is not null && !sufficient(value))
            {
                // A concurrent, narrower fetch finished first: fetch what this caller needs.
                return await Replace(key, timeToLive, fetch, cancellationToken).ConfigureAwait(false);
            }
            return value;
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var entry) && ReferenceEquals(entry.Task, task))
                {
                    _entries.Remove(key);
                }
            }
            throw;
        }
    }

    /// <summary>Number of entries (expired ones included until they are trimmed).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    private async Task<T> Replace<T>(string key, TimeSpan timeToLive, Func<CancellationToken, Task<T>> fetch, CancellationToken cancellationToken)
        where T : class
    {
        Task<object> task;
        lock (_gate)
        {
            task = Start(fetch);
            _entries[key] = new Entry(task, time.GetUtcNow() + timeToLive);
        }
        return (T)await task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task<object> Start<T>(Func<CancellationToken, Task<T>> fetch)
        where T : class =>
        Task.Run(async () => (object)await fetch(CancellationToken.None).ConfigureAwait(false));

    private void Trim(DateTimeOffset now)
    {
        if (_entries.Count <= MaxEntries)
        {
            return;
        }
        foreach (var expired in _entries.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(expired);
        }
        foreach (var oldest in _entries.OrderBy(e => e.Value.Expires).Take(_entries.Count - MaxEntries).Select(e => e.Key).ToList())
        {
            _entries.Remove(oldest);
        }
    }

    private sealed record Entry(Task<object> Task, DateTimeOffset Expires);
}
