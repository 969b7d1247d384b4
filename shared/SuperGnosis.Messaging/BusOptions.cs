namespace SuperGnosis.Messaging;

/// <summary>Settings of the message bus (<c>SuperGnosis:Bus</c>).</summary>
public sealed record BusOptions
{
    public const string Section = "SuperGnosis:Bus";

    public const string InMemoryTransport = "memory";

    /// <summary>The transport; only <see cref="InMemoryTransport"/> is built in (RabbitMQ is the next one to add).</summary>
    public string Transport { get; init; } = InMemoryTransport;

    /// <summary>Waits between redeliveries of a message whose handler threw a transient failure.</summary>
    public IReadOnlyList<TimeSpan> RetryIntervals { get; init; } =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];
}
