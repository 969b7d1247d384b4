using MassTransit;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Telemetry;

namespace SuperGnosis.Messaging;

/// <summary>
/// The consumer of every stage endpoint: reads the envelope's pipeline message, hands it to the instrumented stage
/// handler of its queue (logging scope, run trace, stage duration) and sends what the handler returns. A failure throws,
/// so the endpoint's retry policy delivers it again and, once retries are spent, <see cref="StageFailureFilter"/> fails
/// the run and the message goes to the error queue. Handlers are idempotent: a redelivery re-sends the same next
/// messages, which is how a crash between "recorded" and "sent" heals.
/// </summary>
public sealed class StageConsumer(StageEndpoints endpoints, InstrumentedPipelineStages stages, IPipelineMessageSender sender)
    : IConsumer<StageEnvelope>
{
    public async Task Consume(ConsumeContext<StageEnvelope> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var envelope = context.Message;
        var address = endpoints.AddressOf(envelope.QueueName);
        if (!endpoints.Hosted.Contains(address))
        {
            throw new ArgumentException($"a message for {envelope.QueueName} arrived at a process that does not host that stage");
        }
        var message = envelope.ReadMessage();
        var next = await stages.HandlerFor(address).HandleAsync(message, context.CancellationToken).ConfigureAwait(false);
        if (next.Count > 0)
        {
            await sender.SendAsync(next, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
