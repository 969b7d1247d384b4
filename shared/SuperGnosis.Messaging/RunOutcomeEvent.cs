using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Messaging;

/// <summary>
/// A run's outcome (<see cref="RunCompleted"/> or <see cref="RunFailed"/>, in its wire format) published to every
/// process that listens (<see cref="BusOptions.RunOutcomes"/>), each on a temporary queue of its own: the process that
/// started a run learns its end whichever worker finished it. Nobody listening is fine: the outcome is in the run state.
/// </summary>
public sealed record RunOutcomeEvent(string RunId, string Body)
{
    public static RunOutcomeEvent For(PipelineMessage outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new RunOutcomeEvent(outcome.RunId, PipelineMessageJson.Serialize(outcome));
    }

    public PipelineMessage ReadMessage() => PipelineMessageJson.Deserialize(Body);
}
