using System.Collections.Concurrent;
using MassTransit;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Messaging;

/// <summary>
/// Sends each stage message to the queue of its address (<c>queue:&lt;name&gt;</c>) on the bus, and publishes run
/// outcomes (<see cref="StageRoute.RunEvents"/>) as <see cref="RunOutcomeEvent"/> to whoever listens. The messages of
/// one call are sent concurrently (a fan-out to three agents costs one round trip to the broker, not three).
/// </summary>
public sealed class MassTransitMessageSender(IBus bus) : IPipelineMessageSender
{
    /// <summary>The header carrying the run id on every envelope (the bus's correlation ids are GUIDs; run ids are not).</summary>
    public const string RunIdHeader = "sg-run-id";

    private readonly ConcurrentDictionary<string, Task<ISendEndpoint>> _endpoints = new(StringComparer.Ordinal);

    public Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Count switch
        {
            0 => Task.CompletedTask,
            1 => SendOneAsync(messages[0], cancellationToken),
            _ => Task.WhenAll(messages.Select(m => SendOneAsync(m, cancellationToken))),
        };
    }

    private async Task SendOneAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.To.Route == StageRoute.RunEvents)
        {
            var outcome = RunOutcomeEvent.For(message.Message);
            await bus.Publish(outcome, context => context.Headers.Set(RunIdHeader, outcome.RunId), cancellationToken).ConfigureAwait(false);
            return;
        }
        var envelope = StageEnvelope.For(message);
        var pending = _endpoints.GetOrAdd(envelope.QueueName, queue => bus.GetSendEndpoint(new Uri("queue:" + queue)));
        ISendEndpoint endpoint;
        try
        {
            endpoint = await pending.ConfigureAwait(false);
        }
        catch
        {
            _endpoints.TryRemove(new KeyValuePair<string, Task<ISendEndpoint>>(envelope.QueueName, pending));
            throw;
        }
        await endpoint.Send(envelope, context => context.Headers.Set(RunIdHeader, envelope.RunId), cancellationToken).ConfigureAwait(false);
    }
}
