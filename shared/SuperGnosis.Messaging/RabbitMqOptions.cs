using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Messaging;

/// <summary>
/// The RabbitMQ connection (<c>RabbitMq</c> section: <c>RabbitMq:Host</c>, <c>RabbitMq__Password</c> in the
/// environment). The password never appears in <see cref="ToString"/>, a log or an exception message.
/// </summary>
public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>Host name or IP address of the broker (no scheme, no credentials).</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>AMQP port, in [1, 65535].</summary>
    public int Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    /// <summary>RabbitMQ's built-in <c>guest</c> user by default, which the broker accepts on loopback only.</summary>
    public string Username { get; set; } = "guest";

    /// <summary>A secret: set it through the environment (<c>RabbitMq__Password</c>) or a secret store, not a committed file.</summary>
    public string Password { get; set; } = "guest";

    /// <summary>How long a start waits for the broker before giving up (the worker exits 1), in [1 s, 5 min].</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>AMQP heartbeat: a dead connection is noticed after about twice this, in [1 s, 10 min].</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><c>rabbitmq://host:port/vhost</c>, without credentials (for logs and messages).</summary>
    public string Describe() => $"rabbitmq://{Host}:{Port}/{(VirtualHost == "/" ? string.Empty : Uri.EscapeDataString(VirtualHost))}";

    public override string ToString() =>
        $"RabbitMqOptions {{ Host = {Host}, Port = {Port}, VirtualHost = {VirtualHost}, Username = {Username}, Password = {Secrets.Redact(Password)}, "
        + $"ConnectTimeout = {ConnectTimeout}, Heartbeat = {Heartbeat} }}";
}
