using MassTransit;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Messaging;

/// <summary>
/// The consumer of every stage endpoint: reads the envelope's <see cref="PipelineMessage"/>, hands it to the stage
/// handler of the endpoint's address and sends what the handler returns. On the run-events endpoint it records the
/// outcome in <see cref="RunCompletionSignal"/>. A failure throws, so the endpoint's retry policy delivers it again;
/// handlers are idempotent, so a redelivery re-sends the same next messages.
/// </summary>
public sealed class StageConsumer(StageEndpoints endpoints, PipelineStages stages, IPipelineMessageSender sender, RunCompletionSignal signal)
    : IConsumer<StageEnvelope>
{
    public async Task Consume(ConsumeContext<StageEnvelope> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = endpoints.AddressOf(context.Message.QueueName);
        var message = context.Message.ReadMessage();
        if (address.Route == StageRoute.RunEvents)
        {
            signal.Record(message);
            return;
        }
        var next = await stages.HandlerFor(address).HandleAsync(message, context.CancellationToken).ConfigureAwait(false);
        if (next.Count > 0)
        {
            await sender.SendAsync(next, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
