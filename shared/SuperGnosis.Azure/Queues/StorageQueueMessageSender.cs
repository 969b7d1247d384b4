using System.Collections.Concurrent;
using System.Text;
using Azure.Storage.Queues;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Azure.Queues;

/// <summary>
/// <see cref="IPipelineMessageSender"/> on Azure Storage Queues: each message goes to the queue named by its
/// <see cref="StageAddress.QueueName"/> (created on first use, client cached), Base64-encoded as the Functions queue
/// trigger expects, body = <see cref="PipelineMessageJson"/>. A body over <see cref="QueueMessageBody.MaxInlineBytes"/>
/// is uploaded to the payload container (content-addressed, <c>queues/&lt;queue&gt;/&lt;sha256&gt;.json</c>) and a small
/// pointer is sent instead; <see cref="QueueMessageBody.ResolveAsync"/> reads either form. Claim-check blobs are not
/// deleted by the receiver (a redelivery needs them): a lifecycle rule on the container expires them.
/// </summary>
public sealed class StorageQueueMessageSender : IPipelineMessageSender
{
    /// <summary>
    /// Blob name prefix of claim-check payloads in the payload container (<c>queues/&lt;queue&gt;/&lt;sha256&gt;.json</c>);
    /// infra/ expires blobs under it with a lifecycle rule.
    /// </summary>
    public const string ClaimCheckPrefix = "queues/";

    private readonly QueueServiceClient queues;
    private readonly BlobPayloadStore payloads;
    private readonly TimeSpan? defaultVisibilityDelay;
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> clients = new(StringComparer.Ordinal);

    /// <param name="connection">The storage account; its queue client is created Base64-encoding.</param>
    /// <param name="payloads">Where bodies too big for a message go.</param>
    /// <param name="visibilityDelay">How long a sent message stays invisible (null: visible at once; at most 7 days).</param>
    public StorageQueueMessageSender(AzureStorageConnection connection, BlobPayloadStore payloads, TimeSpan? visibilityDelay = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        queues = connection.CreateQueueServiceClient();
        this.payloads = payloads ?? throw new ArgumentNullException(nameof(payloads));
        defaultVisibilityDelay = CheckDelay(visibilityDelay);
    }

    public Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken) =>
        SendAsync(messages, defaultVisibilityDelay, cancellationToken);

    /// <summary>
    /// Sends <paramref name="messages"/>, each invisible for <paramref name="visibilityDelay"/> (null: visible at once).
    /// The messages are validated first (nothing is sent when one is invalid), then sent concurrently: a stage's messages
    /// go to different stages, whose order of arrival the pipeline never relies on (delivery is at least once, in any order).
    /// Throws when any send failed; the ones that succeeded stay sent (receivers are idempotent, the caller's retry re-sends all).
    /// </summary>
    public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        CheckDelay(visibilityDelay);
        var queueNames = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(messages[i]);
            queueNames[i] = AzureStorageNames.EnsureQueueName(messages[i].To.QueueName, "stage queue name");
        }
        await Task.WhenAll(messages.Select((message, i) => SendOneAsync(queueNames[i], message, visibilityDelay, cancellationToken))).ConfigureAwait(false);
    }

    private async Task SendOneAsync(string queueName, OutboundMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        var body = PipelineMessageJson.Serialize(message.Message);
        var bytes = Encoding.UTF8.GetByteCount(body);
        if (bytes > QueueMessageBody.MaxInlineBytes)
        {
            var content = BinaryData.FromString(body);
            var blob = await payloads.PutContentAddressedAsync($"{ClaimCheckPrefix}{queueName}", content, "application/json; charset=utf-8", cancellationToken)
                .ConfigureAwait(false);
            body = QueueMessageBody.Pointer(payloads.ContainerName, blob, bytes, BlobPayloadStore.Sha256Hex(content));
        }
        var client = await GetQueueAsync(queueName, cancellationToken).ConfigureAwait(false);
        await client.SendMessageAsync(body, visibilityDelay, timeToLive: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueueClient> GetQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        AzureStorageNames.EnsureQueueName(queueName);
        var lazy = clients.GetOrAdd(queueName, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var client = queues.GetQueueClient(name);
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return client;
        }));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            clients.TryRemove(new KeyValuePair<string, Lazy<Task<QueueClient>>>(queueName, lazy));
            throw;
        }
    }

    private static TimeSpan? CheckDelay(TimeSpan? delay) =>
        delay is null || (delay >= TimeSpan.Zero && delay <= TimeSpan.FromDays(7))
            ? delay
            : throw new ArgumentOutOfRangeException(nameof(delay), delay, "a visibility delay must be between 0 and 7 days");
}
