using SuperGnosis.Azure.Blobs;
using SuperGnosis.Functions.Stages;

namespace SuperGnosis.Functions.Storage;

/// <summary>Poison messages as blobs of one container (<see cref="FunctionsOptions.PoisonContainer"/>), insert-unique.</summary>
public sealed class BlobPoisonArchive(BlobPayloadStore blobs) : IPoisonArchive
{
    public Task<bool> StoreAsync(string name, BinaryData content, CancellationToken cancellationToken) =>
        blobs.TryUploadAsync(name, content, "application/json; charset=utf-8", cancellationToken);

    public string Describe(string name) => blobs.ContainerName + "/" + name;
}
