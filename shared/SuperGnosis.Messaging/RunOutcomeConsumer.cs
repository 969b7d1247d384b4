using MassTransit;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Messaging;

/// <summary>Receives published run outcomes on this process's temporary queue: logs them and wakes whoever waits (<see cref="RunCompletionSignal"/>).</summary>
public sealed partial class RunOutcomeConsumer(RunCompletionSignal signal, ILogger<RunOutcomeConsumer> logger) : IConsumer<RunOutcomeEvent>
{
    public Task Consume(ConsumeContext<RunOutcomeEvent> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = context.Message.ReadMessage();
        switch (outcome)
        {
            case RunCompleted completed:
                LogCompleted(logger, completed.RunId, completed.Symbol, completed.AsOf);
                break;
            case RunFailed failed:
                LogFailed(logger, failed.RunId, failed.Symbol, failed.AsOf, failed.Reason);
                break;
            default:
                throw new ArgumentException($"a {outcome.GetType().Name} message is not a run outcome");
        }
        signal.Record(outcome);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of {Symbol} as of {AsOf:O} completed")]
    private static partial void LogCompleted(ILogger logger, string runId, string symbol, DateTimeOffset asOf);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} of {Symbol} as of {AsOf:O} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string runId, string symbol, DateTimeOffset asOf, string reason);
}
