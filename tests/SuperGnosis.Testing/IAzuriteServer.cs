namespace SuperGnosis.Testing;

/// <summary>
/// A running Azurite (Azure Storage emulator: Blob, Queue, Table) for integration tests, started as a local process
/// or in a Docker container (<see cref="AzuriteServer.StartAsync"/> chooses). Disposing stops it.
/// </summary>
public interface IAzuriteServer : IAsyncDisposable
{
    /// <summary><c>process</c> or <c>docker</c>.</summary>
    string Mode { get; }

    /// <summary>A full connection string with the development account and the three endpoints.</summary>
    string ConnectionString { get; }

    Uri BlobEndpoint { get; }

    Uri QueueEndpoint { get; }

    Uri TableEndpoint { get; }
}
