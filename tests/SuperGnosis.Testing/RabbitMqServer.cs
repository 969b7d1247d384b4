using System.Net.Sockets;

namespace SuperGnosis.Testing;

/// <summary>
/// Starts RabbitMQ for tests, as <see cref="AzuriteServer"/> starts Azurite: <c>SUPERGNOSIS_TEST_SERVERS=process</c>
/// forces a local <c>rabbitmq-server</c> process (Debian's package, installed by <c>scripts/install-test-deps.sh</c>),
/// <c>=docker</c> a Testcontainers container; unset, Docker is used only when an engine answers, else the process.
/// </summary>
public static class RabbitMqServer
{
    /// <summary>The image of the container mode; the process mode runs whatever Debian ships (3.10 on bookworm).</summary>
    public const string Image = "rabbitmq:3.13";

    public static async Task<IRabbitMqServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var mode = Environment.GetEnvironmentVariable(AzuriteServer.ServersVariable)?.Trim().ToLowerInvariant();
        return mode switch
        {
            "process" => await RabbitMqProcessServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false),
            "docker" => await RabbitMqContainerServer.StartAsync(cancellationToken).ConfigureAwait(false),
            null or "" => await DockerProbe.IsAvailableAsync(cancellationToken).ConfigureAwait(false)
                ? await RabbitMqContainerServer.StartAsync(cancellationToken).ConfigureAwait(false)
                : await RabbitMqProcessServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"{AzuriteServer.ServersVariable} must be 'process', 'docker' or unset (got '{mode}')"),
        };
    }

    /// <summary>Waits until <paramref name="port"/> accepts a TCP connection; <paramref name="died"/> returns a message when the server exited.</summary>
    internal static async Task WaitForPortAsync(string host, int port, TimeSpan timeout, Func<string?> died, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (died() is { } failure)
            {
                throw new InvalidOperationException(failure);
            }
            try
            {
                using var client = new TcpClient();
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(host, port, attempt.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"RabbitMQ did not open port {port} on {host} within {timeout.TotalSeconds:0} s");
                }
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
