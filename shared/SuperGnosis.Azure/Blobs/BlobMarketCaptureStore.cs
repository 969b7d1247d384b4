using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Azure.Blobs;

/// <summary>
/// <see cref="IMarketCaptureStore"/> on Blob Storage, container <c>sg-captures</c>: one blob per item,
/// <c>&lt;capture id&gt;/&lt;item key&gt;.json</c> (item keys escaped so any key is a valid blob name), written insert-unique.
/// When two stages race, both fetch, one upload wins (the other gets 409) and both return the stored (winner's) copy,
/// deserialized from the blob.
/// </summary>
public sealed class BlobMarketCaptureStore : IMarketCaptureStore
{
    private readonly BlobPayloadStore blobs;

    /// <param name="blobs">The store of the captures container (<see cref="AzureStorageNames.CapturesContainer"/>).</param>
    public BlobMarketCaptureStore(BlobPayloadStore blobs) => this.blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));

    /// <summary>The blob an item is stored in.</summary>
    public static string BlobName(string captureId, string itemKey) => $"{Prefix(captureId)}{Escape(itemKey)}.json";

    public async Task<T> GetOrCaptureAsync<T>(
        string captureId,
        string itemKey,
        Func<CancellationToken, Task<T>> fetch,
        Func<JsonTypeInfo<T>> typeInfo,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var type = typeInfo();
        var name = BlobName(captureId, itemKey);
        if (await blobs.TryDownloadAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Deserialize(existing, type, name);
        }
        var fetched = await fetch(cancellationToken).ConfigureAwait(false);
        var content = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(fetched, type));
        if (await blobs.TryUploadAsync(name, content, "application/json", cancellationToken).ConfigureAwait(false))
        {
            return Deserialize(content, type, name);
        }
        // Another stage stored the item first: use its copy so that every stage of the run sees the same data.
        return Deserialize(await blobs.DownloadAsync(name, cancellationToken).ConfigureAwait(false), type, name);
    }

    /// <summary>Deletes every item of the capture.</summary>
    public async Task ReleaseAsync(string captureId, CancellationToken cancellationToken) =>
        await blobs.DeletePrefixAsync(Prefix(captureId), cancellationToken).ConfigureAwait(false);

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

    private static T Deserialize<T>(BinaryData content, JsonTypeInfo<T> type, string name)
    {
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
