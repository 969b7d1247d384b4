using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Azure;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Azure.Tables;
using SuperGnosis.Hosting;

namespace SuperGnosis.Server.Storage;

/// <summary>
/// The Azure storage a host composes (the Functions app and <c>gnosis serve --storage azurite|azure</c> alike): one
/// account (<see cref="AzureStorageConnection"/>: a connection string or identity-based settings), its Table, Queue and
/// Blob service clients, the payload (claim check) and capture containers, and the <c>table</c> kinds of the ledger and
/// the run state (docs/azure-storage.md has the layout).
/// </summary>
public static class AzureStorageServices
{
    /// <summary>The name of the Azure Tables kind for <c>SuperGnosis:Ledger:Kind</c> and <c>SuperGnosis:RunState:Kind</c>.</summary>
    public const string TableKind = "table";

    /// <summary>Service key of the <see cref="BlobPayloadStore"/> over <see cref="AzureStorageNames.PayloadsContainer"/> (claim checks, large records).</summary>
    public const string PayloadsKey = "payloads";

    /// <summary>Service key of the <see cref="BlobPayloadStore"/> over <see cref="AzureStorageNames.CapturesContainer"/> (run captures).</summary>
    public const string CapturesKey = "captures";

    /// <summary>
    /// Registers <paramref name="connection"/>'s <see cref="AzureStorageConnection"/> (created once, on first use), the
    /// Table, Queue and Blob service clients over it and the keyed payload and capture stores.
    /// </summary>
    public static IServiceCollection AddAzureStorageClients(this IServiceCollection services, Func<IServiceProvider, AzureStorageConnection> connection)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connection);
        services.AddSingleton(connection);
        services.AddSingleton(sp => sp.GetRequiredService<AzureStorageConnection>().CreateTableServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<AzureStorageConnection>().CreateQueueServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<AzureStorageConnection>().CreateBlobServiceClient());
        services.AddKeyedSingleton(PayloadsKey, (sp, _) => new BlobPayloadStore(sp.GetRequiredService<BlobServiceClient>(), AzureStorageNames.PayloadsContainer));
        services.AddKeyedSingleton(CapturesKey, (sp, _) => new BlobPayloadStore(sp.GetRequiredService<BlobServiceClient>(), AzureStorageNames.CapturesContainer));
        return services;
    }

    /// <summary>
    /// Adds the <see cref="TableKind"/> ledger (<see cref="TableLedgerStore"/>, table <c>ledger</c>) and run-state kind
    /// (<see cref="TableRunStateStore"/>, table <c>runs</c>, captures in <see cref="BlobMarketCaptureStore"/>), over the
    /// clients of <see cref="AddAzureStorageClients"/>. Configuration then selects them by name.
    /// </summary>
    public static SuperGnosisBuilder AddAzureTableKinds(this SuperGnosisBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddLedgerKind(TableKind, sp => new TableLedgerStore(sp.GetRequiredService<TableServiceClient>(), Payloads(sp), sp.GetRequiredService<TimeProvider>()));
        builder.AddRunStateKind(TableKind,
            sp => new TableRunStateStore(sp.GetRequiredService<TableServiceClient>(), Payloads(sp)),
            sp => new BlobMarketCaptureStore(sp.GetRequiredKeyedService<BlobPayloadStore>(CapturesKey)));
        return builder;
    }

    /// <summary>The payload (claim check) store of <see cref="AddAzureStorageClients"/>.</summary>
    public static BlobPayloadStore Payloads(IServiceProvider services) => services.GetRequiredKeyedService<BlobPayloadStore>(PayloadsKey);
}
