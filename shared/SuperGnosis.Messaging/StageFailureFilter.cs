using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Messaging;

/// <summary>
/// Wraps a stage endpoint outside its retry policy: a stage message whose handling still fails once the retries are
/// spent (or at once, for a failure that is not retried) is a poison message. MassTransit moves it to
/// <c>&lt;queue&gt;_error</c> (with the exception in its headers); before that, this filter marks its run failed with a
/// reason naming the queue, the message and the error (<see cref="PipelineStages.FailRunAsync"/>: idempotent, a
/// completed run stays completed, an unknown run is ignored) and publishes <see cref="RunFailed"/>. A handler cancelled by
/// a shutdown is not a poison message: the exception passes through untouched and the broker delivers the message
/// again. If marking the run fails too, the message still goes to the error queue and the sweeper fails the stuck run later.
/// </summary>
public sealed partial class StageFailureFilter(PipelineStages stages, IServiceProvider services, BusRetryOptions retry, ILogger<StageFailureFilter> logger)
    : IFilter<ConsumeContext>
{
    /// <summary>MassTransit's suffix of the queue holding a receive endpoint's faulted messages.</summary>
    public const string ErrorQueueSuffix = "_error";

    /// <summary>Failures the retry policy does not retry: the message itself is wrong, another delivery cannot help.</summary>
    public static bool IsPermanent(Exception exception) =>
        exception is JsonException or ArgumentException or UnknownRunException;

    public void Probe(ProbeContext context) => context.CreateFilterScope("sg-stage-failure");

    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        try
        {
            await next.Send(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested && context.TryGetMessage<StageEnvelope>(out var stage))
        {
            await FailRunAsync(stage.Message, ex).ConfigureAwait(false);
            throw;
        }
    }

    private async Task FailRunAsync(StageEnvelope envelope, Exception exception)
    {
        var reason = Reason(envelope, exception);
        LogPoison(logger, envelope.QueueName, envelope.RunId, reason);
        try
        {
            // Not the consumer's token: the message is already given up, the run's failure must still be recorded.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var next = await stages.FailRunAsync(envelope.RunId, reason, timeout.Token).ConfigureAwait(false);
            // Resolved here, not injected: the sender needs the bus, which is being built when this filter is.
            await services.GetRequiredService<IPipelineMessageSender>().SendAsync(next, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogNotMarked(logger, envelope.RunId, ex.GetType().Name, ex.Message);
        }
    }

    private string Reason(StageEnvelope envelope, Exception exception)
    {
        string type;
        try
        {
            type = envelope.ReadMessage().GetType().Name;
        }
        catch (JsonException)
        {
            type = "unreadable";
        }
        var attempts = IsPermanent(exception) ? "not retried" : $"{retry.Limit} retries";
        var error = exception.GetType().Name + ": " + exception.Message;
        if (error.Length > 400)
        {
            error = error[..400] + "…";
        }
        return $"a {type} message could not be handled on {envelope.QueueName} ({attempts}) and was moved to {envelope.QueueName}{ErrorQueueSuffix}: {error}";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Poison message on {Queue} (run {RunId}): {Reason}")]
    private static partial void LogPoison(ILogger logger, string queue, string runId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} could not be marked failed ({ErrorType}: {Error}); the sweeper will fail it once it is stuck")]
    private static partial void LogNotMarked(ILogger logger, string runId, string errorType, string error);
}
