using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Azure.Blobs;

/// <summary>
/// <see cref="IDataFileStore"/> over a blob container: the files layout of docs/data-formats.md with '/' as the folder
/// separator, under an optional prefix (<c>az://sg-archive/team-a</c> keeps everything under <c>team-a/</c>). A file's
/// version is its blob's ETag. Writes upload the whole blob with a condition: <c>If-None-Match: *</c> to create,
/// <c>If-Match: &lt;etag&gt;</c> to replace what was read (a single-shot upload replaces a blob atomically). The container is
/// not created by readers; the first write creates it.
/// </summary>
public sealed class BlobDataFileStore : IDataFileStore
{
    /// <summary>The scheme of blob locations: <c>az://container[/prefix]</c>.</summary>
    public const string Scheme = "az";

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly AsyncOnce _created;

    /// <param name="container">The container (its name must be valid, <see cref="AzureStorageNames.IsValidContainerName"/>).</param>
    /// <param name="prefix">Folder inside the container ('' = its root).</param>
    public BlobDataFileStore(BlobContainerClient container, string prefix = "")
    {
        _container = container ?? throw new ArgumentNullException(nameof(container));
        AzureStorageNames.EnsureContainerName(container.Name);
        _prefix = (prefix ?? string.Empty).Trim('/');
        if (_prefix.Split('/').Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"'{prefix}' is not a blob folder ('/'-separated names, no '..')", nameof(prefix));
        }
        _created = new AsyncOnce(() => _container.CreateIfNotExistsAsync());
    }

    /// <summary>A store for <c>az://container[/prefix]</c> on <paramref name="blobs"/>.</summary>
    public static BlobDataFileStore Open(BlobServiceClient blobs, string location)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var (container, prefix) = Parse(location);
        return new BlobDataFileStore(blobs.GetBlobContainerClient(container), prefix);
    }

    /// <summary>True when <paramref name="location"/> starts with <c>az://</c>.</summary>
    public static bool IsBlobLocation(string? location) =>
        location is not null && location.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="location"/> is not a usable <c>az://container[/prefix]</c>, or null when it is.</summary>
    public static string? Problem(string? location)
    {
        try
        {
            Parse(location);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The container and prefix of <c>az://container[/prefix]</c>; <see cref="ArgumentException"/> naming the problem otherwise.</summary>
    public static (string Container, string Prefix) Parse(string? location)
    {
        if (!IsBlobLocation(location))
        {
            throw new ArgumentException($"'{location}' is not a blob location (expected az://<container>[/<folder>])", nameof(location));
        }
        var rest = location![(Scheme.Length + 3)..].Trim('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (!AzureStorageNames.IsValidContainerName(container))
        {
            throw new ArgumentException(
                $"'{location}': '{container}' is not a valid blob container name (3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit)", nameof(location));
        }
        if (prefix.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(s => s is "." or "..") || prefix.Contains("//", StringComparison.Ordinal) || prefix.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{location}': the folder '{prefix}' must be '/'-separated names without '..'", nameof(location));
        }
        return (container, prefix);
    }

    public string Location => $"{Scheme}://{_container.Name}" + (_prefix.Length == 0 ? string.Empty : "/" + _prefix);

    public string Describe(string path) => Location + "/" + Relative(path);

    public async Task<IReadOnlyList<DataFileEntry>> ListAsync(string folder, CancellationToken cancellationToken)
    {
        var relative = Relative(folder);
        var prefix = BlobName(relative) is { Length: > 0 } name ? name + "/" : string.Empty;
        var entries = new List<DataFileEntry>();
        try
        {
            await foreach (var item in _container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", prefix, cancellationToken).ConfigureAwait(false))
            {
                if (item.IsBlob)
                {
                    var file = item.Blob.Name[prefix.Length..];
                    entries.Add(new DataFileEntry(relative.Length == 0 ? file : relative + "/" + file, item.Blob.Properties.ETag?.ToString() ?? string.Empty));
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return [];
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    public async Task<bool> FolderExistsAsync(string folder, CancellationToken cancellationToken)
    {
        var prefix = BlobName(Relative(folder)) is { Length: > 0 } name ? name + "/" : string.Empty;
        try
        {
            await foreach (var page in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                return page.Values.Count > 0;
            }
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
        return false;
    }

    public async Task<DataFileContent?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _container.GetBlobClient(BlobName(Relative(path))).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new DataFileContent(result.Value.Content.ToMemory(), result.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> TryWriteAsync(string path, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken)
    {
        await _created.RunAsync(cancellationToken).ConfigureAwait(false);
        var options = new BlobUploadOptions
        {
            Conditions = expectedVersion is null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = new ETag(expectedVersion) },
            HttpHeaders = new BlobHttpHeaders { ContentType = ContentType(path) },
            // One request up to 256 MiB: a single-shot Put Blob replaces the blob atomically (no committed partial state).
            TransferOptions = new global::Azure.Storage.StorageTransferOptions { InitialTransferSize = 256L * 1024 * 1024, MaximumTransferSize = 256L * 1024 * 1024 },
        };
        try
        {
            await _container.GetBlobClient(BlobName(Relative(path))).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            // 409 the blob exists (create only), 412 its ETag changed, 404 it was deleted meanwhile (replace).
            return false;
        }
    }

    private string BlobName(string relative) => _prefix.Length == 0 ? relative : relative.Length == 0 ? _prefix : _prefix + "/" + relative;

    /// <summary>A relative '/'-separated path; rooted paths, '..' and backslashes are refused.</summary>
    private static string Relative(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path.Contains('\\', StringComparison.Ordinal) || segments.Any(s => s is "." or ".." || s.Any(char.IsControl)))
        {
            throw new ArgumentException($"'{path}' is not a relative data path ('/'-separated names, no '..')", nameof(path));
        }
        return string.Join('/', segments);
    }

    private static string ContentType(string path) => path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? "application/x-ndjson"
        : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json"
        : path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv"
        : "application/octet-stream";
}
