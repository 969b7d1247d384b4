using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using SuperGnosis.Functions.Http;

namespace SuperGnosis.Functions.Storage;

/// <summary>
/// <c>GET /api/health</c> checks of the storage account the app uses: one cheap authenticated call per service
/// (list one table, one queue, one container), each bounded by <see cref="Timeout"/>.
/// </summary>
public sealed class StorageHealthProbe(string name, Func<CancellationToken, Task> check) : IHealthProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public string Name { get; } = name;

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        await check(timeout.Token).ConfigureAwait(false);
    }

    public static IEnumerable<IHealthProbe> For(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs) =>
    [
        new StorageHealthProbe("tables", async ct =>
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        }),
        new StorageHealthProbe("queues", async ct =>
        {
            await foreach (var _ in queues.GetQueuesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        }),
        new StorageHealthProbe("blobs", async ct =>
        {
            await foreach (var _ in blobs.GetBlobContainersAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        }),
    ];
}
