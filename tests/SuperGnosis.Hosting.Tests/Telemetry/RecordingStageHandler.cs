using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Hosting.Tests.Telemetry;

/// <summary>
/// A stage for the decorator tests: the snapshot fan-in shape (receives an engine output, sends snapshot-ready to the
/// primary-hedge agent), or throws when told to. Records the activity and log scope it ran under.
/// </summary>
internal sealed class RecordingStageHandler(Exception? failure = null) : IStageHandler
{
    public StageAddress Address => StageAddress.SnapshotFanIn;

    public System.Diagnostics.Activity? SeenActivity { get; private set; }

    public Task<IReadOnlyList<OutboundMessage>> HandleAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        SeenActivity = System.Diagnostics.Activity.Current;
        if (failure is not null)
        {
            throw failure;
        }
        IReadOnlyList<OutboundMessage> next = [new(StageAddress.Agent("primary_hedge"), new SnapshotReady(message.RunId, message.Symbol, message.AsOf))];
        return Task.FromResult(next);
    }
}
