using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Hosting.Telemetry;

/// <summary>
/// Wraps a stage handler: a logging scope <see cref="StageLogScope"/> {run_id, stage, symbol} around the call, an
/// activity in the run's trace (<see cref="PipelineTelemetry.StartStage"/>), and the duration recorded in
/// <see cref="PipelineTelemetry.StageDurationName"/> with its outcome. Exceptions pass through unchanged (the transport
/// decides about retries); they are logged with their type and message, and the activity's status set to error.
/// </summary>
public sealed partial class InstrumentedStageHandler : IStageHandler
{
    private readonly IStageHandler _inner;
    private readonly PipelineTelemetry _telemetry;
    private readonly ILogger _logger;

    public InstrumentedStageHandler(IStageHandler inner, PipelineTelemetry telemetry, ILogger<InstrumentedStageHandler> logger)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _telemetry = telemetry ?? throw new ArgumentNullException(nameof(telemetry));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public StageAddress Address => _inner.Address;

    /// <summary>The handler this one instruments.</summary>
    public IStageHandler Inner => _inner;

    public async Task<IReadOnlyList<OutboundMessage>> HandleAsync(PipelineMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stage = _inner.Address.QueueName;
        using var scope = _logger.BeginScope(new StageLogScope(message.RunId, stage, message.Symbol));
        using var activity = PipelineTelemetry.StartStage(message.RunId, stage, message.Symbol);
        activity?.SetTag("supergnosis.message_type", message.GetType().Name);
        var started = Stopwatch.GetTimestamp();
        var outcome = StageOutcome.Error;
        try
        {
            var next = await _inner.HandleAsync(message, cancellationToken).ConfigureAwait(false);
            outcome = StageOutcome.Ok;
            activity?.SetStatus(ActivityStatusCode.Ok);
            LogHandled(_logger, message.GetType().Name, next.Count);
            return next;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = StageOutcome.Canceled;
            activity?.SetStatus(ActivityStatusCode.Error, "canceled");
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity?.AddException(ex);
            LogFailed(_logger, ex, message.GetType().Name, ex.GetType().Name);
            throw;
        }
        finally
        {
            _telemetry.RecordStage(stage, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Stage handled {MessageType}: {Sent} messages to send")]
    private static partial void LogHandled(ILogger logger, string messageType, int sent);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Stage failed on {MessageType} with {ExceptionType}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageType, string exceptionType);
}
