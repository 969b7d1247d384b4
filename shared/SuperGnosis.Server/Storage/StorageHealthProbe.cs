using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using SuperGnosis.Server.Http;

namespace SuperGnosis.Server.Storage;

/// <summary>
/// <c>GET /api/health</c> checks of the storage account a host uses: one cheap authenticated call per service
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

    /// <summary>The Functions app's probes: tables, queues, blobs.</summary>
    public static IEnumerable<IHealthProbe> For(TableServiceClient tables, QueueServiceClient queues, BlobServiceClient blobs) =>
        [Tables(tables), Queues(queues), Blobs(blobs)];

    /// <summary>Lists one table.</summary>
    public static IHealthProbe Tables(TableServiceClient tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return new StorageHealthProbe("tables", async ct =>
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        });
    }

    /// <summary>Lists one queue.</summary>
    public static IHealthProbe Queues(QueueServiceClient queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        return new StorageHealthProbe("queues", async ct =>
        {
            await foreach (var _ in queues.GetQueuesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        });
    }

    /// <summary>Lists one blob container.</summary>
    public static IHealthProbe Blobs(BlobServiceClient blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        return new StorageHealthProbe("blobs", async ct =>
        {
            await foreach (var _ in blobs.GetBlobContainersAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        });
    }
}
