using System.Net.Sockets;

namespace SuperGnosis.Messaging;

/// <summary>
/// The check a host makes before starting its bus on RabbitMQ: does anything accept a TCP connection at
/// <c>RabbitMq:Host</c>:<c>Port</c> within <c>RabbitMq:ConnectTimeout</c>? A broker that is down or a wrong address is then
/// one line for the user (<see cref="Unreachable"/>), before the transport starts retrying and logging. Credentials and the
/// virtual host are checked by the bus start itself.
/// </summary>
public static class RabbitMqReachability
{
    /// <summary>Null when the broker's port accepts a connection in time; else why not, in a few words.</summary>
    public static async Task<string?> ProblemAsync(RabbitMqOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(options.Host.Trim(), options.Port, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "no answer";
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"host '{options.Host}' not found",
                _ => ex.Message,
            };
        }
    }

    /// <summary>The one line a host prints when the broker cannot be reached or the bus does not start in time.</summary>
    public static string Unreachable(RabbitMqOptions options, string reason)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"cannot connect to RabbitMQ at {options.Describe()} as '{options.Username}' within {options.ConnectTimeout.TotalSeconds:0} s "
            + $"(check RabbitMq:Host, Port, VirtualHost, Username, Password): {reason}";
    }
}
