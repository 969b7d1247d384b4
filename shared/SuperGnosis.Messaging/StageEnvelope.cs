using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Messaging;

/// <summary>
/// The one MassTransit message type of the pipeline: the queue it was sent to (a <see cref="StageAddress.QueueName"/>),
/// the run it belongs to and the <see cref="PipelineMessage"/> in its wire format (<see cref="PipelineMessageJson"/>),
/// so that every transport carries the same body.
/// </summary>
public sealed record StageEnvelope(string QueueName, string RunId, string Body)
{
    public static StageEnvelope For(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new StageEnvelope(message.To.QueueName, message.Message.RunId, PipelineMessageJson.Serialize(message.Message));
    }

    public PipelineMessage ReadMessage() => PipelineMessageJson.Deserialize(Body);
}
