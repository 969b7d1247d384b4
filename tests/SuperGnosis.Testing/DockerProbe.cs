using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SuperGnosis.Testing;

/// <summary>Whether a Docker engine answers: <c>GET /_ping</c> on DOCKER_HOST (unix:// or tcp://) or /var/run/docker.sock, within 2 s.</summary>
public static class DockerProbe
{
    public const string DefaultSocket = "/var/run/docker.sock";

    public static async Task<bool> IsAvailableAsync(CancellationToken cancellationToken = default)
    {
        var configured = Environment.GetEnvironmentVariable("DOCKER_HOST");
        EndPoint? endpoint = null;
        string host = "localhost";
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (configured.StartsWith("unix://", StringComparison.Ordinal))
            {
                endpoint = new UnixDomainSocketEndPoint(configured["unix://".Length..]);
            }
            else if (configured.StartsWith("tcp://", StringComparison.Ordinal) && Uri.TryCreate(configured, UriKind.Absolute, out var uri))
            {
                endpoint = new DnsEndPoint(uri.Host, uri.Port);
                host = uri.Host;
            }
            else
            {
                return false; // ssh:// and npipe:// are not probed here
            }
        }
        else if (File.Exists(DefaultSocket))
        {
            endpoint = new UnixDomainSocketEndPoint(DefaultSocket);
        }
        if (endpoint is null)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var socket = endpoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /_ping HTTP/1.0\r\nHost: {host}\r\n\r\n"), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[512];
            var received = 0;
            int n;
            while (received < buffer.Length && (n = await socket.ReceiveAsync(buffer.AsMemory(received), timeout.Token).ConfigureAwait(false)) > 0)
            {
                received += n;
            }
            var response = Encoding.ASCII.GetString(buffer, 0, received);
            return response.StartsWith("HTTP/1.", StringComparison.Ordinal) && response.Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
