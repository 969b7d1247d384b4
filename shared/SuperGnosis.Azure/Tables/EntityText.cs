using System.Text;
using Azure.Data.Tables;
using SuperGnosis.Azure.Blobs;

namespace SuperGnosis.Azure.Tables;

/// <summary>
/// Stores a text (JSON) of any length in a table entity without truncating it.
/// <para>
/// Azure Tables limit a string property to 64 KiB (32,768 UTF-16 characters) and a whole entity to 1 MiB, counted in
/// UTF-16 bytes. A text of up to <see cref="MaxInlineChars"/> characters is split across properties
/// <c>&lt;name&gt;0</c>, <c>&lt;name&gt;1</c>, ... of at most <see cref="ChunkChars"/> characters each (never inside a
/// surrogate pair), with <c>&lt;name&gt;Chunks</c> and <c>&lt;name&gt;Length</c> recording the count and total length
/// so that a missing chunk is detected on read. A longer text goes to a blob (claim check, content-addressed by
/// SHA-256): the entity then holds only <c>&lt;name&gt;Blob</c> (the blob name) and <c>&lt;name&gt;Length</c>.
/// </para>
/// </summary>
public static class EntityText
{
    /// <summary>Characters per string property: under the 32,768-character (64 KiB) property limit.</summary>
    public const int ChunkChars = 32_000;

    /// <summary>
    /// Longest text kept inside the entity: 450,000 characters = 900,000 bytes in UTF-16, leaving room under the
    /// 1 MiB entity limit for keys and the other properties. Longer texts go to a blob.
    /// </summary>
    public const int MaxInlineChars = 450_000;

    /// <summary>Writes <paramref name="text"/> under <paramref name="name"/>; a long text is uploaded to <paramref name="blobs"/> under <paramref name="blobPrefix"/>.</summary>
    public static async Task WriteAsync(
        TableEntity entity, string name, string text, BlobPayloadStore blobs, string blobPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(blobs);
        entity[name + "Length"] = text.Length;
        if (text.Length > MaxInlineChars)
        {
            entity[name + "Blob"] = await blobs.PutContentAddressedAsync(
                blobPrefix, BinaryData.FromString(text), "application/json; charset=utf-8", cancellationToken).ConfigureAwait(false);
            return;
        }
        var chunks = 0;
        for (var start = 0; start < text.Length || chunks == 0; chunks++)
        {
            var length = Math.Min(ChunkChars, text.Length - start);
            if (length > 0 && start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--; // keep a surrogate pair in one property
            }
            entity[name + chunks.ToString(System.Globalization.CultureInfo.InvariantCulture)] = text.Substring(start, length);
            start += length;
        }
        entity[name + "Chunks"] = chunks;
    }

    /// <summary>True when the entity holds a text under <paramref name="name"/>.</summary>
    public static bool Has(TableEntity entity, string name) => entity.ContainsKey(name + "Length");

    /// <summary>
    /// Reads the text written by <see cref="WriteAsync"/>. Throws <see cref="InvalidDataException"/> when a chunk or the
    /// blob is missing or the reassembled text has the wrong length or hash (never returns a partial text).
    /// </summary>
    public static async Task<string> ReadAsync(TableEntity entity, string name, BlobPayloadStore blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var where = $"{entity.PartitionKey}/{entity.RowKey}.{name}";
        var length = entity.GetInt32(name + "Length") ?? throw new InvalidDataException($"{where}: no {name}Length property");
        if (entity.GetString(name + "Blob") is { } blobName)
        {
            var content = await blobs.DownloadAsync(blobName, cancellationToken).ConfigureAwait(false);
            var expectedHash = Path.GetFileNameWithoutExtension(blobName);
            if (!string.Equals(BlobPayloadStore.Sha256Hex(content), expectedHash, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{where}: blob '{blobName}' does not match its SHA-256 name");
            }
            var fromBlob = content.ToString();
            return fromBlob.Length == length
                ? fromBlob
                : throw new InvalidDataException($"{where}: blob '{blobName}' holds {fromBlob.Length} characters, expected {length}");
        }
        var chunks = entity.GetInt32(name + "Chunks") ?? throw new InvalidDataException($"{where}: neither {name}Blob nor {name}Chunks");
        var builder = new StringBuilder(length);
        for (var i = 0; i < chunks; i++)
        {
            var chunk = entity.GetString(name + i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                ?? throw new InvalidDataException($"{where}: chunk {i} of {chunks} is missing");
            builder.Append(chunk);
        }
        return builder.Length == length
            ? builder.ToString()
            : throw new InvalidDataException($"{where}: reassembled {builder.Length} characters, expected {length}");
    }
}
