using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Azure.ServiceBus;

/// <summary>
/// Where trade ideas are published. The publisher is on when <see cref="IsConfigured"/> (a namespace or a connection
/// string is set) and off otherwise; the host decides from <see cref="IsConfigured"/>. <see cref="ToString"/> never
/// shows the connection string.
/// </summary>
public sealed class ServiceBusTradeIdeaOptions
{
    public const string DefaultTopic = "trade-ideas";

    /// <summary>The namespace host, e.g. <c>contoso.servicebus.windows.net</c>, for an identity-based connection.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>A connection string with a shared access key (takes precedence over <see cref="FullyQualifiedNamespace"/>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>A user-assigned managed identity's client id for the identity-based connection (else DefaultAzureCredential).</summary>
    public string? ClientId { get; set; }

    public string TopicName { get; set; } = DefaultTopic;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);

    public override string ToString() =>
        !string.IsNullOrWhiteSpace(ConnectionString) ? $"Service Bus topic '{TopicName}' (connection string)"
        : !string.IsNullOrWhiteSpace(FullyQualifiedNamespace) ? $"Service Bus topic '{TopicName}' on {FullyQualifiedNamespace} (identity)"
        : "Service Bus publishing off (no namespace configured)";
}

/// <summary>
/// Publishes a run's trade ideas to a Service Bus topic (<c>trade-ideas</c>) for external subscribers. Each idea is
/// one message (<see cref="ToMessage"/>) with <c>MessageId</c> = idea id, so the topic's duplicate detection drops a
/// re-publish of the same run.
/// </summary>
public sealed class ServiceBusTradeIdeaPublisher : IAsyncDisposable
{
    /// <summary>Service Bus limits MessageId to 128 characters; longer idea ids are replaced by this prefix and the id's SHA-256 (deterministic, so duplicate detection still works).</summary>
    public const int MaxMessageIdLength = 128;

    public const string SymbolProperty = "symbol";
    public const string StrategyProperty = "strategy";
    public const string ContentType = "application/json";
    public const string Subject = "trade_idea";

    private readonly ServiceBusSender sender;
    private readonly ServiceBusClient? ownedClient;

    /// <summary>A publisher over an existing client (the caller owns and disposes the client).</summary>
    public ServiceBusTradeIdeaPublisher(ServiceBusClient client, string topicName = ServiceBusTradeIdeaOptions.DefaultTopic)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(topicName);
        sender = client.CreateSender(topicName);
    }

    private ServiceBusTradeIdeaPublisher(ServiceBusClient client, string topicName, bool owned)
        : this(client, topicName) => ownedClient = owned ? client : null;

    /// <summary>
    /// A publisher for configured options (connection string, or namespace with a managed identity / DefaultAzureCredential).
    /// Throws <see cref="InvalidOperationException"/> when the options are not configured.
    /// </summary>
    public static ServiceBusTradeIdeaPublisher Create(ServiceBusTradeIdeaOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("Service Bus publishing is not configured: set FullyQualifiedNamespace or ConnectionString");
        }
        ServiceBusClient client;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                client = new ServiceBusClient(options.ConnectionString);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new InvalidOperationException($"the Service Bus connection string is not valid ({e.GetType().Name})");
            }
        }
        else
        {
            credential ??= options.ClientId is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new DefaultAzureCredential();
            client = new ServiceBusClient(options.FullyQualifiedNamespace, credential);
        }
        return new ServiceBusTradeIdeaPublisher(client, options.TopicName, owned: true);
    }

    /// <summary>
    /// The message for one idea: <c>MessageId</c> = idea id (or <c>sha256-</c> + hex when over 128 characters),
    /// <c>CorrelationId</c> = run id, <c>Subject</c> = <c>trade_idea</c>, <c>ContentType</c> = application/json, application
    /// properties <c>symbol</c> and <c>strategy</c> (the idea's strategy type), body = the idea's contract JSON.
    /// </summary>
    public static ServiceBusMessage ToMessage(TradeIdea idea, string runId)
    {
        ArgumentNullException.ThrowIfNull(idea);
        ContractValidation.RunId(runId, nameof(runId));
        var message = new ServiceBusMessage(BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(idea, ContractJson.Compact.TradeIdea)))
        {
            MessageId = MessageIdFor(idea.Id),
            CorrelationId = runId,
            ContentType = ContentType,
            Subject = Subject,
        };
        message.ApplicationProperties[SymbolProperty] = idea.Symbol;
        message.ApplicationProperties[StrategyProperty] = idea.StrategyType;
        return message;
    }

    /// <summary>The idea and run id of a received message (what a subscriber does); throws <see cref="InvalidDataException"/> for a message that is not a trade idea.</summary>
    public static (TradeIdea Idea, string RunId) FromReceived(ServiceBusReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ContentType != ContentType || message.Subject != Subject)
        {
            throw new InvalidDataException($"message {message.MessageId} is not a trade idea (content type '{message.ContentType}', subject '{message.Subject}')");
        }
        try
        {
            var idea = JsonSerializer.Deserialize(message.Body.ToMemory().Span, ContractJson.Compact.TradeIdea)
                ?? throw new InvalidDataException($"message {message.MessageId} has the JSON literal null as its body");
            return (idea, message.CorrelationId);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"message {message.MessageId}: the body is not a valid trade idea: {e.Message}", e);
        }
    }

    /// <summary>The MessageId for an idea id (see <see cref="MaxMessageIdLength"/>).</summary>
    public static string MessageIdFor(string ideaId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ideaId);
        return ideaId.Length <= MaxMessageIdLength
            ? ideaId
            : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ideaId)));
    }

    /// <summary>Publishes every idea of the run, in as few batches as fit; returns how many messages were sent.</summary>
    public async Task<int> PublishAsync(string runId, IReadOnlyList<TradeIdea> ideas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ideas);
        var pending = ideas.Select(i => ToMessage(i, runId)).ToList();
        var sent = 0;
        while (sent < pending.Count)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
            var start = sent;
            while (sent < pending.Count && batch.TryAddMessage(pending[sent]))
            {
                sent++;
            }
            if (sent == start)
            {
                throw new InvalidOperationException($"trade idea message {pending[sent].MessageId} is larger than a Service Bus batch allows");
            }
            await sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        return sent;
    }

    public async ValueTask DisposeAsync()
    {
        await sender.DisposeAsync().ConfigureAwait(false);
        if (ownedClient is not null)
        {
            await ownedClient.DisposeAsync().ConfigureAwait(false);
        }
    }
}
