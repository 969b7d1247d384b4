using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace SuperGnosis.Azure.Blobs;

/// <summary>
/// Blobs in one container: claim-check payloads (queue bodies and table payloads too big for a message or an
/// entity) and artifacts (snapshots, model files). Writes are insert-unique (<c>If-None-Match: *</c>): a blob is
/// never overwritten, so a blob name can be handed out the moment its upload returns. The container is created on
/// first use.
/// </summary>
public sealed class BlobPayloadStore
{
    private readonly BlobContainerClient container;
    private readonly AsyncOnce created;

    /// <param name="blobs">The account's blob service.</param>
    /// <param name="containerName">A valid container name (see <see cref="AzureStorageNames.IsValidContainerName"/>).</param>
    public BlobPayloadStore(BlobServiceClient blobs, string containerName = AzureStorageNames.PayloadsContainer)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        AzureStorageNames.EnsureContainerName(containerName);
        container = blobs.GetBlobContainerClient(containerName);
        created = new AsyncOnce(() => container.CreateIfNotExistsAsync());
    }

    public string ContainerName => container.Name;

    /// <summary>The container client (for tools and tests).</summary>
    public BlobContainerClient Container => container;

    /// <summary>
    /// Uploads <paramref name="content"/> as <paramref name="blobName"/> unless a blob of that name exists: true when
    /// this call created it, false when it was already there (the stored blob is left unchanged).
    /// </summary>
    public async Task<bool> TryUploadAsync(string blobName, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        ValidateBlobName(blobName);
        ArgumentNullException.ThrowIfNull(content);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
        };
        try
        {
            await container.GetBlobClient(blobName).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // 409 BlobAlreadyExists (what Azure and Azurite answer to If-None-Match: * on an existing blob); 412 from some proxies.
            return false;
        }
    }

    /// <summary>
    /// Stores <paramref name="content"/> under a name derived from its SHA-256 (<c>&lt;prefix&gt;/&lt;sha256&gt;.json</c>) and
    /// returns the name. Identical content always gets the same name, so a retried upload is a no-op and a name
    /// never points at different bytes.
    /// </summary>
    public async Task<string> PutContentAddressedAsync(string prefix, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        ArgumentNullException.ThrowIfNull(content);
        var name = $"{prefix.TrimEnd('/')}/{Sha256Hex(content)}.json";
        await TryUploadAsync(name, content, contentType, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>The blob's content, or null when it does not exist.</summary>
    public async Task<BinaryData?> TryDownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        ValidateBlobName(blobName);
        try
        {
            var result = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The blob's content; throws <see cref="InvalidDataException"/> naming the blob when it is missing.</summary>
    public async Task<BinaryData> DownloadAsync(string blobName, CancellationToken cancellationToken) =>
        await TryDownloadAsync(blobName, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException($"blob '{container.Name}/{blobName}' is missing");

    /// <summary>Deletes one blob; true when it existed.</summary>
    public async Task<bool> DeleteAsync(string blobName, CancellationToken cancellationToken)
    {
        ValidateBlobName(blobName);
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var response = await container.DeleteBlobIfExistsAsync(blobName, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return response.Value;
    }

    /// <summary>Deletes every blob whose name starts with <paramref name="prefix"/>; returns how many were deleted.</summary>
    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var names = await ListAsync(prefix, cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var name in names)
        {
            if (await DeleteAsync(name, cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }
        }
        return deleted;
    }

    /// <summary>Names of the blobs starting with <paramref name="prefix"/>, in name order.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            names.Add(item.Name);
        }
        return names;
    }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public static string Sha256Hex(BinaryData content) => Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span));

    private Task EnsureContainerAsync(CancellationToken cancellationToken) => created.RunAsync(cancellationToken);

    /// <summary>Blob names: 1-1024 characters, no control characters, no backslash (paths use '/').</summary>
    private static void ValidateBlobName(string blobName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(blobName);
        if (blobName.Length > 1024 || blobName.Any(c => char.IsControl(c) || c == '\\') || blobName.StartsWith('/') || blobName.EndsWith('/'))
        {
            throw new ArgumentException($"'{blobName}' is not a valid blob name (1-1024 characters, no control characters or backslashes, no leading or trailing '/')", nameof(blobName));
        }
    }
}
