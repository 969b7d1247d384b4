using Azure.Storage.Blobs.Models;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Azure.Blobs;

/// <summary>
/// Parameter versions as blobs <c>parameters/v000001.json</c> in the artifacts container
/// (<see cref="AzureStorageNames.ArtifactsContainer"/>), written insert-unique through <see cref="BlobPayloadStore"/>:
/// a version is never overwritten. Blobs that do not parse are skipped by the readers.
/// </summary>
public sealed class BlobParameterStore(BlobPayloadStore blobs) : IParameterStore
{
    public const string Prefix = "parameters/";

    public static string BlobName(int version) => Prefix + ParameterVersion.Label(version) + ".json";

    public Task<bool> SaveAsync(ParameterVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return blobs.TryUploadAsync(BlobName(version.Version), BinaryData.FromString(version.ToJson()), "application/json", cancellationToken);
    }

    public Task<ParameterVersion?> GetLatestAsync(CancellationToken cancellationToken) => NewestAsync(_ => true, cancellationToken);

    public Task<ParameterVersion?> GetLatestAcceptedAsync(CancellationToken cancellationToken) =>
        NewestAsync(v => v.Status == ParameterVersionStatus.Accepted, cancellationToken);

    private async Task<ParameterVersion?> NewestAsync(Func<ParameterVersion, bool> predicate, CancellationToken cancellationToken)
    {
        await blobs.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var names = new List<string>();
        await foreach (var item in blobs.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix }, cancellationToken).ConfigureAwait(false))
        {
            names.Add(item.Name);
        }
        foreach (var name in names.OrderByDescending(n => n, StringComparer.Ordinal))
        {
            if (await blobs.TryDownloadAsync(name, cancellationToken).ConfigureAwait(false) is not { } content)
            {
                continue;
            }
            try
            {
                var version = ParameterVersion.Parse(content.ToString());
                if (predicate(version))
                {
                    return version;
                }
            }
            catch (FormatException)
            {
                // A blob that is not a version document is not a version; the next older one is used.
            }
        }
        return null;
    }
}
