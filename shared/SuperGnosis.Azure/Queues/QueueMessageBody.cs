using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Azure.Queues;

/// <summary>
/// The text of a stage queue message: either a <see cref="PipelineMessageJson"/> body, or, for a body too big for a
/// queue message, a claim-check pointer <c>{"claim_check":{"container":...,"blob":...,"length":...,"sha256":...}}</c>
/// whose blob holds the body. The Functions app's queue triggers bind the decoded text and call <see cref="ResolveAsync"/>.
/// </summary>
public static class QueueMessageBody
{
    /// <summary>
    /// The largest body sent inline, in UTF-8 bytes: a queue message is at most 64 KiB (65,536 characters) and
    /// Base64 turns 3 bytes into 4 characters, so 48 KiB (49,152 bytes) is the ceiling; 48,000 leaves a margin.
    /// </summary>
    public const int MaxInlineBytes = 48_000;

    private const string ClaimCheckProperty = "claim_check";

    /// <summary>Builds the claim-check pointer text for a body stored in <paramref name="container"/>/<paramref name="blob"/>.</summary>
    public static string Pointer(string container, string blob, int length, string sha256) =>
        JsonSerializer.Serialize(new ClaimCheckEnvelope(new ClaimCheck(container, blob, length, sha256)), QueueJsonContext.Default.ClaimCheckEnvelope);

    /// <summary>True when <paramref name="body"/> is a claim-check pointer rather than a message.</summary>
    public static bool IsClaimCheck(string body) => TryReadPointer(body) is not null;

    /// <summary>
    /// The message in <paramref name="body"/> (decoded queue text), following a claim-check pointer into
    /// <paramref name="payloads"/> when it is one. Throws <see cref="JsonException"/> or <see cref="ArgumentException"/>
    /// for a malformed message (see <see cref="PipelineMessageJson.Deserialize"/>), <see cref="InvalidDataException"/>
    /// when the claim-check blob is missing, in another container, or does not match its length and hash.
    /// </summary>
    public static async Task<PipelineMessage> ResolveAsync(string body, BlobPayloadStore payloads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(payloads);
        if (TryReadPointer(body) is not { } pointer)
        {
            return PipelineMessageJson.Deserialize(body);
        }
        if (!string.Equals(pointer.Container, payloads.ContainerName, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"claim check points into container '{pointer.Container}' but the payload store reads '{payloads.ContainerName}'");
        }
        var content = await payloads.DownloadAsync(pointer.Blob, cancellationToken).ConfigureAwait(false);
        if (content.ToMemory().Length != pointer.Length || BlobPayloadStore.Sha256Hex(content) != pointer.Sha256)
        {
            throw new InvalidDataException($"claim-check blob '{pointer.Container}/{pointer.Blob}' does not match the pointer's length and SHA-256");
        }
        return PipelineMessageJson.Deserialize(Encoding.UTF8.GetString(content.ToMemory().Span));
    }

    private static ClaimCheck? TryReadPointer(string body)
    {
        // A pipeline message always has "type" first-level; a pointer has only "claim_check". Cheap check first.
        if (!body.Contains(ClaimCheckProperty, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(ClaimCheckProperty, out _))
            {
                return null;
            }
            var envelope = document.RootElement.Deserialize(QueueJsonContext.Default.ClaimCheckEnvelope);
            return envelope?.ClaimCheck is { Container.Length: > 0, Blob.Length: > 0, Sha256.Length: > 0 } check
                ? check
                : throw new InvalidDataException("claim-check pointer lacks container, blob or sha256");
        }
        catch (JsonException)
        {
            return null; // not JSON at all: PipelineMessageJson reports it
        }
    }
}

internal sealed record ClaimCheck(
    [property: JsonPropertyName("container")] string Container,
    [property: JsonPropertyName("blob")] string Blob,
    [property: JsonPropertyName("length")] int Length,
    [property: JsonPropertyName("sha256")] string Sha256);

internal sealed record ClaimCheckEnvelope([property: JsonPropertyName("claim_check")] ClaimCheck ClaimCheck);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ClaimCheckEnvelope))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
