namespace SuperGnosis.Messaging;

/// <summary>Settings of the message bus (<c>SuperGnosis:Bus</c>); docs/operations.md lists the keys.</summary>
public sealed class BusOptions
{
    public const string Section = "SuperGnosis:Bus";

    /// <summary>MassTransit's in-memory transport: every stage in this process (the embedded default).</summary>
    public const string InMemoryTransport = "inmemory";

    /// <summary>RabbitMQ (<c>RabbitMq:*</c> settings): stages spread over processes and machines.</summary>
    public const string RabbitMqTransport = "rabbitmq";

    public static IReadOnlyList<string> Transports { get; } = [InMemoryTransport, RabbitMqTransport];

    /// <summary><see cref="InMemoryTransport"/> or <see cref="RabbitMqTransport"/> (case-insensitive).</summary>
    public string Transport { get; set; } = InMemoryTransport;

    /// <summary>
    /// The stage consumers this process hosts, comma-separated (<see cref="StageSelection"/>): <c>all</c> (default),
    /// <c>none</c> (a process that only starts runs and waits for them), or stage names and groups such as
    /// <c>hedge,liquidity</c>, <c>engines</c>, <c>snapshot,agents,composer,trade,ledger</c>.
    /// </summary>
    public string Stages { get; set; } = StageSelection.All;

    /// <summary>
    /// Whether this process listens for run outcomes (<see cref="RunOutcomeEvent"/>, published to every listener on a
    /// temporary queue of its own), which <see cref="PipelineBusClient"/> waits for. Workers that only run stages turn it off.
    /// </summary>
    public bool RunOutcomes { get; set; } = true;

    /// <summary>Redelivery in the consumer for failures that may be transient (storage or broker unreachable).</summary>
    public BusRetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Messages each stage endpoint handles at once (RabbitMQ: also the prefetch count, unacknowledged messages held by
    /// this process). In [1, 256].
    /// </summary>
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>
    /// On shutdown (SIGTERM, Ctrl+C) the time in-flight messages get to finish before their handlers are cancelled;
    /// a cancelled message is not acknowledged, so the broker delivers it again (to another worker). In [1 s, 10 min].
    /// </summary>
    public TimeSpan ConsumerStopTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Exponential retry (<c>SuperGnosis:Bus:Retry</c>): after a failure the message is handled again after
/// <see cref="MinInterval"/>, then intervals growing by <see cref="IntervalDelta"/> times powers of two, capped at
/// <see cref="MaxInterval"/>, up to <see cref="Limit"/> retries; then it is a poison message.
/// </summary>
public sealed class BusRetryOptions
{
    /// <summary>Retries after the first delivery, in [0, 20].</summary>
    public int Limit { get; set; } = 5;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromMilliseconds(400);
}
