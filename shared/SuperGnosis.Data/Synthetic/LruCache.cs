namespace SuperGnosis.Data.Synthetic;

/// <summary>A small least-recently-used map bounded by its number of entries; not thread-safe (callers lock).</summary>
internal sealed class LruCache<TKey, TValue>(int maxEntries)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _map = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();

    public int Count => _map.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_map.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            value = node.Value.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>Adds (or replaces) the entry, then evicts the least recently used entries beyond the bound.</summary>
    public void Add(TKey key, TValue value)
    {
        if (_map.Remove(key, out var old))
        {
            _order.Remove(old);
        }
        _map[key] = _order.AddFirst((key, value));
        while (_order.Count > maxEntries)
        {
            var last = _order.Last!;
            _order.RemoveLast();
            _map.Remove(last.Value.Key);
        }
    }
}
