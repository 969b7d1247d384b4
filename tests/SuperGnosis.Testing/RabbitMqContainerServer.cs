using Testcontainers.RabbitMq;

namespace SuperGnosis.Testing;

/// <summary>RabbitMQ in a Docker container through Testcontainers.RabbitMq (used when a Docker engine answers).</summary>
public sealed class RabbitMqContainerServer : IRabbitMqServer
{
    private const int AmqpPort = 5672;
    private readonly RabbitMqContainer container;

    private RabbitMqContainerServer(RabbitMqContainer container, string username, string password)
    {
        this.container = container;
        Host = container.Hostname;
        Port = container.GetMappedPublicPort(AmqpPort);
        Username = username;
        Password = password;
    }

    public string Mode => "docker";

    public string Host { get; }

    public int Port { get; }

    public string Username { get; }

    public string Password { get; }

    public static async Task<RabbitMqContainerServer> StartAsync(CancellationToken cancellationToken = default)
    {
        const string username = "supergnosis";
        var password = Guid.NewGuid().ToString("N");
        var container = new RabbitMqBuilder(RabbitMqServer.Image).WithUsername(username).WithPassword(password).Build();
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            return new RabbitMqContainerServer(container, username, password);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task AddVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        await CtlAsync(["add_vhost", name], cancellationToken).ConfigureAwait(false);
        await CtlAsync(["set_permissions", "-p", name, Username, ".*", ".*", ".*"], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RabbitMqQueue>> ListQueuesAsync(string virtualHost, CancellationToken cancellationToken = default) =>
        RabbitMqQueue.ParseList(await CtlAsync(
            ["list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged"], cancellationToken).ConfigureAwait(false));

    private async Task<string> CtlAsync(IList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await container.ExecAsync(["rabbitmqctl", .. arguments], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Stderr}");
    }

    public ValueTask DisposeAsync() => container.DisposeAsync();

    public override string ToString() => $"RabbitMQ container {container.Id} (amqp {Host}:{Port})";
}
