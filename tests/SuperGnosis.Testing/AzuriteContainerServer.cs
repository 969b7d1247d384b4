using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace SuperGnosis.Testing;

/// <summary>Azurite in a Docker container through Testcontainers (used when a Docker engine answers).</summary>
public sealed class AzuriteContainerServer : IAzuriteServer
{
    /// <summary>The image, pinned to the same Azurite version as the local install.</summary>
    public const string Image = "mcr.microsoft.com/azure-storage/azurite:" + TestDependencies.AzuriteVersion;

    private const int BlobPort = 10000;
    private const int QueuePort = 10001;
    private const int TablePort = 10002;

    private readonly IContainer container;

    private AzuriteContainerServer(IContainer container)
    {
        this.container = container;
        var host = container.Hostname;
        var blob = container.GetMappedPublicPort(BlobPort);
        var queue = container.GetMappedPublicPort(QueuePort);
        var table = container.GetMappedPublicPort(TablePort);
        BlobEndpoint = AzuriteServer.Endpoint(host, blob);
        QueueEndpoint = AzuriteServer.Endpoint(host, queue);
        TableEndpoint = AzuriteServer.Endpoint(host, table);
        ConnectionString = AzuriteServer.ConnectionString(host, blob, queue, table);
    }

    public string Mode => "docker";

    public string ConnectionString { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    public static async Task<AzuriteContainerServer> StartAsync(CancellationToken cancellationToken = default)
    {
        string[] command =
        [
            "azurite", .. AzuriteServer.CommonArguments,
            "--blobHost", "0.0.0.0", "--queueHost", "0.0.0.0", "--tableHost", "0.0.0.0",
            "--blobPort", $"{BlobPort}", "--queuePort", $"{QueuePort}", "--tablePort", $"{TablePort}",
        ];
        var container = new ContainerBuilder(Image)
            .WithCommand(command)
            .WithPortBinding(BlobPort, assignRandomHostPort: true)
            .WithPortBinding(QueuePort, assignRandomHostPort: true)
            .WithPortBinding(TablePort, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer()
                .UntilMessageIsLogged("Blob service is successfully listening")
                .UntilMessageIsLogged("Queue service is successfully listening")
                .UntilMessageIsLogged("Table service is successfully listening"))
            .Build();
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            return new AzuriteContainerServer(container);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => container.DisposeAsync();

    public override string ToString() => $"Azurite container {container.Id} (blob {BlobEndpoint}, queue {QueueEndpoint}, table {TableEndpoint})";
}
