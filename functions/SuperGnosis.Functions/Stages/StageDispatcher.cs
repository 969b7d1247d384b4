using Microsoft.Extensions.Logging;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Queues;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Telemetry;

namespace SuperGnosis.Functions.Stages;

/// <summary>
/// What every queue-triggered stage function does with a delivered body: resolve a claim check (a body that only
/// points at a blob), parse the <see cref="PipelineMessage"/>, hand it to the stage handler of the queue's address and
/// send the messages the handler returns. Everything that can fail throws, so the host leaves the message on its queue
/// for another delivery and, after <c>maxDequeueCount</c> (host.json), moves it to the poison queue, where
/// <see cref="PoisonHandler"/> keeps it and fails its run. Redelivery is safe: handlers are idempotent and a duplicate
/// re-sends the same next messages, which is how a crash between "recorded" and "sent" heals.
/// </summary>
public sealed class StageDispatcher(
    InstrumentedPipelineStages stages,
    IPipelineMessageSender sender,
    QueueMessageReader reader,
    ILogger<StageDispatcher> logger,
    ITradeIdeaPublisher? publisher = null)
{
    private readonly ILogger _logger = logger;

    public async Task DispatchAsync(StageAddress address, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var message = await reader.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        // The shared instrumentation: a {run_id, stage, symbol} logging scope, an activity in the run's trace, stage latency.
        var next = await stages.HandlerFor(address).HandleAsync(message, cancellationToken).ConfigureAwait(false);
        if (next.Count > 0)
        {
            using var scope = _logger.BeginScope(new StageLogScope(message.RunId, address.QueueName, message.Symbol));
            await sender.SendAsync(next, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Run outcomes (<see cref="RunCompleted"/>, <see cref="RunFailed"/>): logged (structured, with the reason of a
    /// failure); for a completed run with trade ideas the ideas are published when a publisher is configured (Service Bus
    /// topic; MessageId = idea id, so a redelivered event publishes nothing new). A failed publish throws: the event is
    /// delivered again and, past the max dequeue count, kept in the poison container.
    /// </summary>
    public async Task RecordRunEventAsync(string body, CancellationToken cancellationToken)
    {
        var message = await reader.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        switch (message)
        {
            case RunCompleted completed:
                _logger.LogInformation("Run {RunId} of {Symbol} as of {AsOf:O} completed", completed.RunId, completed.Symbol, completed.AsOf);
                if (publisher is not null
                    && await stages.Stages.ReadResultAsync(completed.RunId, cancellationToken).ConfigureAwait(false) is { TradeIdeas.Count: > 0 } result)
                {
                    var sent = await publisher.PublishAsync(completed.RunId, result.TradeIdeas, cancellationToken).ConfigureAwait(false);
                    _logger.LogInformation("Published {Count} trade idea(s) of run {RunId}", sent, completed.RunId);
                }
                break;
            case RunFailed failed:
                _logger.LogWarning("Run {RunId} of {Symbol} as of {AsOf:O} failed: {Reason}", failed.RunId, failed.Symbol, failed.AsOf, failed.Reason);
                break;
            default:
                _logger.LogWarning("Unexpected {MessageType} of run {RunId} on the run events queue; acknowledged", message.GetType().Name, message.RunId);
                break;
        }
    }
}

/// <summary>Publishes a completed run's trade ideas to external subscribers (<see cref="Azure.ServiceBus.ServiceBusTradeIdeaPublisher"/>).</summary>
public interface ITradeIdeaPublisher
{
    Task<int> PublishAsync(string runId, IReadOnlyList<TradeIdea> ideas, CancellationToken cancellationToken);
}

/// <summary>
/// Reads a delivered queue body (already Base64-decoded by the host) as a <see cref="PipelineMessage"/>: the body itself,
/// or, for a claim check, the payload blob it points at (<see cref="QueueMessageBody.ResolveAsync"/>; bodies over the
/// queue message limit travel that way). Throws for a malformed body or a missing or altered payload.
/// </summary>
public sealed class QueueMessageReader(BlobPayloadStore payloads)
{
    public Task<PipelineMessage> ReadAsync(string body, CancellationToken cancellationToken) =>
        QueueMessageBody.ResolveAsync(body ?? throw new ArgumentNullException(nameof(body)), payloads, cancellationToken);
}
