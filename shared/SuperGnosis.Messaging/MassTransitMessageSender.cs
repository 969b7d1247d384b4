using MassTransit;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Messaging;

/// <summary>Sends each stage message to the receive endpoint named by its queue (<c>queue:&lt;name&gt;</c>) on the bus.</summary>
public sealed class MassTransitMessageSender(IBus bus) : IPipelineMessageSender
{
    /// <summary>The header carrying the run id on every envelope (the bus's correlation ids are GUIDs; run ids are not).</summary>
    public const string RunIdHeader = "sg-run-id";

    public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            var envelope = StageEnvelope.For(message);
            var endpoint = await bus.GetSendEndpoint(new Uri("queue:" + envelope.QueueName)).ConfigureAwait(false);
            await endpoint.Send(envelope, context => context.Headers.Set(RunIdHeader, envelope.RunId), cancellationToken).ConfigureAwait(false);
        }
    }
}
