using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests;

/// <summary>One Azurite (process or container) for every storage test of this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

/// <summary>Storage clients on the shared Azurite, with names unique to the test so tests stay independent.</summary>
public abstract class AzuriteTest(AzuriteFixture azurite)
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected AzureStorageConnection Connection { get; } = AzureStorageConnection.FromConnectionString(azurite.ConnectionString, "Tests");

    protected static CancellationToken Ct => TestContext.Token;

    protected BlobPayloadStore NewPayloadStore() =>
        new(Connection.CreateBlobServiceClient(), AzuriteFixture.UniqueName("payloads-"));

    protected static string UniqueTable(string prefix) => AzuriteFixture.UniqueName(prefix);

    protected static string UniqueRunId(string prefix = "run") => AzuriteFixture.UniqueName(prefix + "-");
}

/// <summary>A cancellation token that ends a test that hangs on storage.</summary>
internal static class TestContext
{
    private static readonly CancellationTokenSource Source = new(TimeSpan.FromMinutes(5));

    public static CancellationToken Token => Source.Token;
}
