using System.Globalization;

namespace SuperGnosis.Testing;

/// <summary>
/// A running RabbitMQ broker for integration tests, started as a local process (Debian's <c>rabbitmq-server</c>) or in
/// a Docker container (<see cref="RabbitMqServer.StartAsync"/> chooses). Tests isolate themselves in virtual hosts of
/// their own (<see cref="AddVirtualHostAsync"/>): the stage queues have fixed names. Disposing stops the broker.
/// </summary>
public interface IRabbitMqServer : IAsyncDisposable
{
    /// <summary><c>process</c> or <c>docker</c>.</summary>
    string Mode { get; }

    string Host { get; }

    /// <summary>The AMQP port.</summary>
    int Port { get; }

    string Username { get; }

    string Password { get; }

    /// <summary>Creates <paramref name="name"/> and gives <see cref="Username"/> every permission on it.</summary>
    Task AddVirtualHostAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The queues of <paramref name="virtualHost"/> with their ready and unacknowledged message counts.</summary>
    Task<IReadOnlyList<RabbitMqQueue>> ListQueuesAsync(string virtualHost, CancellationToken cancellationToken = default);

    /// <summary>The <c>RabbitMq:*</c> configuration keys the product reads, for <paramref name="virtualHost"/>.</summary>
    IReadOnlyDictionary<string, string?> SettingsFor(string virtualHost = "/") => new Dictionary<string, string?>
    {
        ["RabbitMq:Host"] = Host,
        ["RabbitMq:Port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = virtualHost,
        ["RabbitMq:Username"] = Username,
        ["RabbitMq:Password"] = Password,
    };

    /// <summary>The same keys as environment variables of a child process (<c>RabbitMq__Host</c>, ...).</summary>
    IReadOnlyDictionary<string, string> EnvironmentFor(string virtualHost = "/") =>
        SettingsFor(virtualHost).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? string.Empty);
}

/// <summary>A queue as <c>rabbitmqctl list_queues name messages_ready messages_unacknowledged</c> reports it.</summary>
public sealed record RabbitMqQueue(string Name, int Ready, int Unacknowledged)
{
    /// <summary>Parses the tab-separated lines of <c>rabbitmqctl list_queues --quiet --no-table-headers</c>.</summary>
    internal static IReadOnlyList<RabbitMqQueue> ParseList(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 3 && int.TryParse(f[1], CultureInfo.InvariantCulture, out _))
            .Select(f => new RabbitMqQueue(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture)))];
}
