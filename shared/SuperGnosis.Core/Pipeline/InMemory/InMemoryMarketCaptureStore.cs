using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline.InMemory;

/// <summary>
/// <see cref="IMarketCaptureStore"/> in memory: captured items are the fetched objects themselves (no serialization;
/// market data types are immutable). Concurrent requests for one item share one fetch; a fetch that fails or is
/// cancelled is not kept, so the next request fetches again. At most <see cref="MaxCaptures"/> captures are held (the
/// oldest is dropped first), so captures nobody releases (e.g. a VIX chain fetched under its own symbol) cannot pile up.
/// </summary>
public sealed class InMemoryMarketCaptureStore : IMarketCaptureStore, IMarketCaptureContents
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Lazy<Task<object?>>>> _captures = new(StringComparer.Ordinal);
    private readonly Queue<KeyValuePair<string, ConcurrentDictionary<string, Lazy<Task<object?>>>>> _order = new();
    private readonly Lock _gate = new();

    public InMemoryMarketCaptureStore(int maxCaptures = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCaptures, 1);
        MaxCaptures = maxCaptures;
    }

    public int MaxCaptures { get; }

    /// <summary>Number of captures held.</summary>
    public int Count => _captures.Count;

    public async Task<T> GetOrCaptureAsync<T>(string captureId, string itemKey, Func<CancellationToken, Task<T>> fetch, Func<JsonTypeInfo<T>> type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(captureId);
        ArgumentNullException.ThrowIfNull(itemKey);
        ArgumentNullException.ThrowIfNull(fetch);
        var items = CaptureOf(captureId);
        // The shared fetch is not tied to one caller's token: each caller stops waiting on its own.
        var lazy = items.GetOrAdd(itemKey, _ => new Lazy<Task<object?>>(async () => await fetch(CancellationToken.None).ConfigureAwait(false)));
        try
        {
            return (T)(await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            // A failed fetch is not captured; only this attempt is dropped (a concurrent successful re-fetch stays).
            items.TryRemove(new KeyValuePair<string, Lazy<Task<object?>>>(itemKey, lazy));
            throw;
        }
    }

    /// <summary>The items of the capture fetched successfully so far (fetches still running or failed are left out).</summary>
    public Task<IReadOnlyList<CapturedItem>> ReadCaptureAsync(string captureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(captureId);
        if (!_captures.TryGetValue(captureId, out var items))
        {
            return Task.FromResult<IReadOnlyList<CapturedItem>>([]);
        }
        IReadOnlyList<CapturedItem> done = [.. items
            .Where(kv => kv.Value.IsValueCreated && kv.Value.Value.IsCompletedSuccessfully && kv.Value.Value.Result is not null)
            .Select(kv => new CapturedItem(kv.Key, kv.Value.Value.Result!))
            .OrderBy(i => i.Key, StringComparer.Ordinal)];
        return Task.FromResult(done);
    }

    public Task ReleaseAsync(string captureId, CancellationToken cancellationToken)
    {
        _captures.TryRemove(captureId, out _);
        return Task.CompletedTask;
    }

    private ConcurrentDictionary<string, Lazy<Task<object?>>> CaptureOf(string captureId)
    {
        if (_captures.TryGetValue(captureId, out var items))
        {
            return items;
        }
        lock (_gate)
        {
            if (_captures.TryGetValue(captureId, out items))
            {
                return items;
            }
            items = new ConcurrentDictionary<string, Lazy<Task<object?>>>(StringComparer.Ordinal);
            _captures[captureId] = items;
            _order.Enqueue(new(captureId, items));
            while (_captures.Count > MaxCaptures && _order.TryDequeue(out var oldest))
            {
                // Removes the capture only if it is still the one queued (not released and captured again since).
                _captures.TryRemove(oldest);
            }
            // Captures released meanwhile still sit in the queue; drop them so it stays bounded too.
            if (_order.Count > 2 * MaxCaptures)
            {
                var held = _order.Where(e => _captures.TryGetValue(e.Key, out var current) && ReferenceEquals(current, e.Value)).ToList();
                _order.Clear();
                foreach (var entry in held)
                {
                    _order.Enqueue(entry);
                }
            }
            return items;
        }
    }
}
