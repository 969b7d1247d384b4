using System.Net.Sockets;

namespace SuperGnosis.Testing;

/// <summary>
/// Starts Azurite for tests. <c>SUPERGNOSIS_TEST_SERVERS=process</c> forces a local process (azurite from
/// <c>.test-deps/</c>, installed by <c>scripts/install-test-deps.sh</c>), <c>=docker</c> forces a Testcontainers
/// container; unset, Docker is used only when an engine answers (DOCKER_HOST, or /var/run/docker.sock), else the process.
/// </summary>
public static class AzuriteServer
{
    public const string ServersVariable = "SUPERGNOSIS_TEST_SERVERS";

    /// <summary>Azurite's well-known development account (public, documented by Microsoft; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The flags every Azurite is started with (ports and hosts are added per mode).</summary>
    public static IReadOnlyList<string> CommonArguments { get; } =
        ["--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry"];

    public static async Task<IAzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var mode = Environment.GetEnvironmentVariable(ServersVariable)?.Trim().ToLowerInvariant();
        switch (mode)
        {
            case "process":
                return await AzuriteProcessServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            case "docker":
                return await AzuriteContainerServer.StartAsync(cancellationToken).ConfigureAwait(false);
            case null or "":
                return await DockerProbe.IsAvailableAsync(cancellationToken).ConfigureAwait(false)
                    ? await AzuriteContainerServer.StartAsync(cancellationToken).ConfigureAwait(false)
                    : await AzuriteProcessServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"{ServersVariable} must be 'process', 'docker' or unset (got '{mode}')");
        }
    }

    /// <summary>The connection string for Azurite endpoints on <paramref name="host"/>.</summary>
    public static string ConnectionString(string host, int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint={Endpoint(host, blobPort)};QueueEndpoint={Endpoint(host, queuePort)};TableEndpoint={Endpoint(host, tablePort)};";

    public static Uri Endpoint(string host, int port) => new($"http://{host}:{port}/{AccountName}");

    /// <summary>Waits until a TCP connection to each port succeeds; <paramref name="stillRunning"/> aborts early when the server died.</summary>
    internal static async Task WaitForPortsAsync(string host, IReadOnlyList<int> ports, TimeSpan timeout, Func<string?> stillRunning, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in ports)
        {
            while (true)
            {
                if (stillRunning() is { } failure)
                {
                    throw new InvalidOperationException(failure);
                }
                try
                {
                    using var client = new TcpClient();
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    attempt.CancelAfter(TimeSpan.FromSeconds(1));
                    await client.ConnectAsync(host, port, attempt.Token).ConfigureAwait(false);
                    break;
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"Azurite did not open port {port} on {host} within {timeout.TotalSeconds:0} s");
                    }
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
