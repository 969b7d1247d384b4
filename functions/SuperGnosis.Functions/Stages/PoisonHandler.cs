using System.Text.Json;
using Microsoft.Extensions.Logging;
using SuperGnosis.Azure.Queues;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Functions.Stages;

/// <summary>
/// Handles a message the host moved to <c>&lt;queue&gt;-poison</c> after <see cref="QueueSettings.MaxDequeueCount"/>
/// failed deliveries: stores it durably as <c>poison/&lt;queue&gt;/&lt;run id&gt;/&lt;message id&gt;.json</c>
/// (insert-unique, so a redelivered poison message is stored once) and marks its run failed with a reason naming the
/// queue and the stored copy (<see cref="PipelineStages.FailRunAsync"/>: idempotent, a completed run stays completed),
/// then sends the <see cref="RunFailed"/> event. A body that cannot be read as a pipeline message is stored under
/// <c>poison/&lt;queue&gt;/unreadable/…</c> with the parse error; there is no run to fail. Run-event messages are stored
/// but fail no run (the run's outcome is already decided). If storing fails the exception propagates and the host
/// delivers the poison message again; nothing is acknowledged before it is kept.
/// </summary>
public sealed class PoisonHandler(
    PipelineStages stages,
    IPipelineMessageSender sender,
    IPoisonArchive archive,
    QueueMessageReader reader,
    TimeProvider time,
    ILogger<PoisonHandler> logger)
{
    /// <summary>Run segment of the blob name when the body names no run.</summary>
    public const string UnreadableSegment = "unreadable";

    public async Task HandleAsync(string queue, string messageId, string body, long dequeueCount, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        body ??= string.Empty;
        PipelineMessage? message = null;
        string? readError = null;
        try
        {
            message = await reader.ReadAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            readError = ex.GetType().Name + ": " + ex.Message;
        }

        var name = BlobName(queue, message?.RunId, messageId);
        var stored = await archive.StoreAsync(name, Document(queue, messageId, dequeueCount, body, message, readError), cancellationToken)
            .ConfigureAwait(false);
        logger.LogWarning("Poison message {MessageId} from {Queue} (run {RunId}) {Outcome} {Location}",
            messageId, queue, message?.RunId ?? "unknown", stored ? "stored as" : "was already stored as", archive.Describe(name));

        if (message is null || queue == StageQueues.RunEvents)
        {
            return;
        }
        var reason = $"a {MessageType(message)} message could not be handled on {queue} after {QueueSettings.MaxDequeueCount} deliveries "
            + $"and was moved to {queue}{StageQueues.PoisonSuffix}; kept as {archive.Describe(name)}";
        var next = await stages.FailRunAsync(message.RunId, reason, cancellationToken).ConfigureAwait(false);
        if (next.Count > 0)
        {
            await sender.SendAsync(next, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>poison/&lt;queue&gt;/&lt;run id or "unreadable"&gt;/&lt;message id&gt;.json</c>, with unsafe characters of the message id replaced.</summary>
    public static string BlobName(string queue, string? runId, string messageId)
    {
        var id = string.IsNullOrWhiteSpace(messageId)
            ? "no-id"
            : new string([.. messageId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        return $"poison/{queue}/{runId ?? UnreadableSegment}/{id}.json";
    }

    private BinaryData Document(string queue, string messageId, long dequeueCount, string body, PipelineMessage? message, string? readError)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("queue", queue);
            w.WriteString("poison_queue", queue + StageQueues.PoisonSuffix);
            w.WriteString("message_id", messageId);
            w.WriteNumber("max_dequeue_count", QueueSettings.MaxDequeueCount);
            w.WriteNumber("poison_dequeue_count", dequeueCount);
            w.WriteString("stored_at", time.GetUtcNow());
            if (message is not null)
            {
                w.WriteString("type", MessageType(message));
                w.WriteString("run_id", message.RunId);
                w.WriteString("symbol", message.Symbol);
                w.WriteString("as_of", message.AsOf);
            }
            if (readError is not null)
            {
                w.WriteString("read_error", readError);
            }
            w.WriteString("body", body);
            if (message is not null && QueueMessageBody.IsClaimCheck(body))
            {
                // The claim-check blob expires with the payload container's lifecycle rule: keep the message itself.
                w.WriteString("resolved_body", PipelineMessageJson.Serialize(message));
            }
            w.WriteEndObject();
        }
        return BinaryData.FromBytes(buffer.ToArray());
    }

    private static string MessageType(PipelineMessage message) => message switch
    {
        RunRequested => "run_requested",
        EngineOutputReady => "engine_output_ready",
        SnapshotReady => "snapshot_ready",
        SuggestionReady => "suggestion_ready",
        CompositeReady => "composite_ready",
        TradeIdeasReady => "trade_ideas_ready",
        RunCompleted => "run_completed",
        RunFailed => "run_failed",
        _ => message.GetType().Name,
    };
}

/// <summary>Durable, insert-unique storage of poison messages.</summary>
public interface IPoisonArchive
{
    /// <summary>Stores <paramref name="content"/> as <paramref name="name"/> unless it exists; true when this call stored it.</summary>
    Task<bool> StoreAsync(string name, BinaryData content, CancellationToken cancellationToken);

    /// <summary>Where <paramref name="name"/> lives, for reasons and logs (e.g. <c>sg-artifacts/poison/…</c>).</summary>
    string Describe(string name);
}
