using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Azure.Blobs;

/// <summary>
/// <see cref="IMarketCaptureStore"/> on Blob Storage, container <c>sg-captures</c>: one blob per item,
/// <c>&lt;capture id&gt;/&lt;item key&gt;.sgcb</c> for the large items <see cref="MarketCaptureBinary"/> encodes (chains,
/// bars, trades, quotes) and <c>&lt;capture id&gt;/&lt;item key&gt;.json</c> for the others (item keys escaped so any key
/// is a valid blob name), written insert-unique.
/// When two stages race, both fetch, one upload wins (the other gets 409) and both use the stored (winner's) copy: the
/// winner its own fetched object (the JSON of captured market data round-trips bit-exactly), the loser the blob.
/// Items are also kept in this process's memory until <see cref="ReleaseAsync"/> (bounded to
/// <see cref="MaxCapturesInMemory"/> captures, oldest dropped first), so the stages of a run that one instance serves
/// (the hedge engine, the sentiment engine and the trade stage all read the chain) download and parse an item once;
/// concurrent requests for one item in one process share one download or fetch. Release drops the memory copy only:
/// the blobs stay as the run's archived inputs (a lifecycle rule on the container expires them).
/// </summary>
public sealed class BlobMarketCaptureStore : IMarketCaptureStore, IMarketCaptureContents
{
    private readonly BlobPayloadStore blobs;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Lazy<Task<object?>>>> memory = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();

    /// <param name="blobs">The store of the captures container (<see cref="AzureStorageNames.CapturesContainer"/>).</param>
    /// <param name="maxCapturesInMemory">Captures kept in memory at most (each a run's items).</param>
    public BlobMarketCaptureStore(BlobPayloadStore blobs, int maxCapturesInMemory = 64)
    {
        this.blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCapturesInMemory, 1);
        MaxCapturesInMemory = maxCapturesInMemory;
    }

    public int MaxCapturesInMemory { get; }

    /// <summary>The blob a JSON-encoded item is stored in.</summary>
    public static string BlobName(string captureId, string itemKey) => BlobName(captureId, itemKey, binary: false);

    /// <summary>The blob an item is stored in: <c>.sgcb</c> when <paramref name="binary"/> (<see cref="MarketCaptureBinary"/>), else <c>.json</c>.</summary>
    public static string BlobName(string captureId, string itemKey, bool binary) =>
        $"{Prefix(captureId)}{Escape(itemKey)}{(binary ? ".sgcb" : ".json")}";

    public async Task<T> GetOrCaptureAsync<T>(
        string captureId,
        string itemKey,
        Func<CancellationToken, Task<T>> fetch,
        Func<JsonTypeInfo<T>> typeInfo,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var name = BlobName(captureId, itemKey, MarketCaptureBinary.Supports<T>());
        var items = ItemsOf(captureId);
        var entry = items.GetOrAdd(itemKey, _ => new Lazy<Task<object?>>(
            async () => await CaptureAsync(name, fetch, typeInfo(), cancellationToken).ConfigureAwait(false)));
        try
        {
            return (T)(await entry.Value.ConfigureAwait(false))!;
        }
        catch
        {
            // A failed download, fetch or upload is not remembered: the next request tries again.
            items.TryRemove(new KeyValuePair<string, Lazy<Task<object?>>>(itemKey, entry));
            throw;
        }
    }

    /// <summary>Drops the capture from this process's memory; its blobs stay as the run's archived inputs.</summary>
    public Task ReleaseAsync(string captureId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(captureId);
        memory.TryRemove(captureId, out _);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every item stored under the capture, whichever process captured it (the blobs, not this process's memory), read back
    /// by its key's type (<see cref="CapturedMarketData.JsonTypeOf"/>; <c>.sgcb</c> blobs by <see cref="MarketCaptureBinary"/>).
    /// A blob whose key is not one the capture makes is left out; a blob that cannot be read as its type is an
    /// <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public async Task<IReadOnlyList<CapturedItem>> ReadCaptureAsync(string captureId, CancellationToken cancellationToken)
    {
        var prefix = Prefix(captureId);
        var items = new List<CapturedItem>();
        foreach (var name in await blobs.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var binary = name.EndsWith(".sgcb", StringComparison.Ordinal);
            if ((!binary && !name.EndsWith(".json", StringComparison.Ordinal))
                || Unescape(name[prefix.Length..^(binary ? ".sgcb" : ".json").Length]) is not { } key
                || CapturedMarketData.JsonTypeOf(key) is not { } type)
            {
                continue;
            }
            var content = await blobs.TryDownloadAsync(name, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                continue;
            }
            var value = binary ? DecodeBinary(content.ToMemory().Span, type.Type, name) : DeserializeJson(content, type, name);
            if (value is not null)
            {
                items.Add(new CapturedItem(key, value));
            }
        }
        items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return items;
    }

    private static object? DeserializeJson(BinaryData content, JsonTypeInfo type, string name)
    {
        try
        {
            return JsonSerializer.Deserialize(content.ToMemory().Span, type);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"captured item '{name}' is not valid JSON for {type.Type.Name}: {e.Message}", e);
        }
    }

    private static object DecodeBinary(ReadOnlySpan<byte> bytes, Type type, string name) =>
        type == typeof(Core.MarketData.OptionChain) ? MarketCaptureBinary.Decode<Core.MarketData.OptionChain>(bytes, name)
        : type == typeof(IReadOnlyList<Core.MarketData.Bar>) ? MarketCaptureBinary.Decode<IReadOnlyList<Core.MarketData.Bar>>(bytes, name)
        : type == typeof(IReadOnlyList<Core.MarketData.Trade>) ? MarketCaptureBinary.Decode<IReadOnlyList<Core.MarketData.Trade>>(bytes, name)
        : type == typeof(IReadOnlyList<Core.MarketData.Quote>) ? MarketCaptureBinary.Decode<IReadOnlyList<Core.MarketData.Quote>>(bytes, name)
        : throw new InvalidDataException($"captured item '{name}' is binary, but {type.Name} is kept as JSON");

    private async Task<T> CaptureAsync<T>(string name, Func<CancellationToken, Task<T>> fetch, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (await blobs.TryDownloadAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Deserialize(existing, type, name);
        }
        var fetched = await fetch(cancellationToken).ConfigureAwait(false);
        var binary = MarketCaptureBinary.Supports<T>();
        var content = BinaryData.FromBytes(binary ? MarketCaptureBinary.Encode(fetched) : JsonSerializer.SerializeToUtf8Bytes(fetched, type));
        if (await blobs.TryUploadAsync(name, content, binary ? "application/octet-stream" : "application/json", cancellationToken).ConfigureAwait(false))
        {
            return fetched;
        }
        // Another stage stored the item first: use its copy so that every stage of the run sees the same data.
        return Deserialize(await blobs.DownloadAsync(name, cancellationToken).ConfigureAwait(false), type, name);
    }

    private ConcurrentDictionary<string, Lazy<Task<object?>>> ItemsOf(string captureId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(captureId);
        if (memory.TryGetValue(captureId, out var items))
        {
            return items;
        }
        items = memory.GetOrAdd(captureId, _ => new(StringComparer.Ordinal));
        order.Enqueue(captureId);
        while (memory.Count > MaxCapturesInMemory && order.TryDequeue(out var oldest))
        {
            if (oldest != captureId)
            {
                memory.TryRemove(oldest, out _);
            }
        }
        return items;
    }

    private static string Prefix(string captureId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(captureId);
        return Escape(captureId) + "/";
    }

    /// <summary>Keeps letters, digits, '-', '_' and '.'; every other UTF-8 byte becomes %XX, so distinct keys stay distinct and never form a path.</summary>
    private static string Escape(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var builder = new StringBuilder(key.Length);
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && builder.Length > 0))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        if (builder.Length > 200)
        {
            throw new ArgumentException($"capture key is too long once escaped ({builder.Length} characters, at most 200)", nameof(key));
        }
        return builder.ToString();
    }

    /// <summary>The key <see cref="Escape"/> made <paramref name="escaped"/> from, or null when it is not such a text.</summary>
    private static string? Unescape(string escaped)
    {
        var bytes = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '%')
            {
                bytes.Add((byte)escaped[i]);
                continue;
            }
            if (i + 2 >= escaped.Length || !byte.TryParse(escaped.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                return null;
            }
            bytes.Add(b);
            i += 2;
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static T Deserialize<T>(BinaryData content, JsonTypeInfo<T> type, string name)
    {
        if (MarketCaptureBinary.Supports<T>())
        {
            return MarketCaptureBinary.Decode<T>(content.ToMemory().Span, name);
        }
        try
        {
            return JsonSerializer.Deserialize(content.ToMemory().Span, type)
                ?? throw new InvalidDataException($"captured item '{name}' is the JSON literal null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"captured item '{name}' is not valid JSON for {typeof(T).Name}: {e.Message}", e);
        }
    }
}
