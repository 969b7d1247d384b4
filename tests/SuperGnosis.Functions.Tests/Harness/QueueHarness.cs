using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace SuperGnosis.Functions.Tests.Harness;

/// <summary>
/// Plays the Functions host's queue listener over Azurite: reads the raw (Base64) messages of every queue the app
/// triggers on, decodes them as the host does, invokes the function method bound to that queue (a new function class
/// instance per invocation from the app's services, as the worker does), deletes the message on success, makes it
/// visible again on an exception, and moves it to <c>&lt;queue&gt;-poison</c> once it has failed
/// <see cref="QueueSettings.MaxDequeueCount"/> deliveries. <see cref="Chaos"/> adds duplicate deliveries, crashes and
/// shuffling.
/// </summary>
public sealed class QueueHarness
{
    private readonly IServiceProvider _services;
    private readonly QueueServiceClient _queues;
    private readonly Dictionary<string, (Type Type, MethodInfo Method)> _triggers;
    private readonly ConcurrentDictionary<string, QueueClient> _clients = new(StringComparer.Ordinal);

    /// <param name="connectionString">The account, read without message encoding: the harness sees the raw Base64 text.</param>
    public QueueHarness(IServiceProvider services, string connectionString, ChaosPlan? chaos = null, int parallelism = 1)
    {
        _services = services;
        _queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        Chaos = chaos ?? ChaosPlan.None;
        Parallelism = parallelism;
        _triggers = (
            from type in typeof(StageQueues).Assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            where method.GetCustomAttribute<FunctionAttribute>() is not null
            from parameter in method.GetParameters()
            let trigger = parameter.GetCustomAttribute<QueueTriggerAttribute>()
            where trigger is not null
            select (trigger.QueueName, type, method)).ToDictionary(t => t.QueueName, t => (t.type, t.method), StringComparer.Ordinal);
    }

    public ChaosPlan Chaos { get; }

    public int Parallelism { get; }

    /// <summary>Invocations by queue, failed ones included.</summary>
    public ConcurrentDictionary<string, int> Invocations { get; } = new(StringComparer.Ordinal);

    /// <summary>Invocations that threw.</summary>
    public ConcurrentBag<(string Queue, Exception Error)> Failures { get; } = [];

    /// <summary>Messages moved to a poison queue, by source queue.</summary>
    public ConcurrentDictionary<string, int> Poisoned { get; } = new(StringComparer.Ordinal);

    /// <summary>Empties every queue the app reads (queues are shared by the tests of one Azurite).</summary>
    public async Task PurgeAsync()
    {
        foreach (var queue in StageQueues.All)
        {
            var client = await ClientAsync(queue).ConfigureAwait(false);
            await client.ClearMessagesAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Delivers messages until every queue is empty and <paramref name="done"/> holds, or fails after <paramref name="timeout"/>.</summary>
    public async Task DrainAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var batch = new List<(string Queue, QueueMessage Message)>();
            foreach (var queue in StageQueues.All)
            {
                var client = await ClientAsync(queue).ConfigureAwait(false);
                var received = await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                batch.AddRange(received.Value.Select(m => (queue, m)));
            }
            if (batch.Count == 0)
            {
                if (await done().ConfigureAwait(false))
                {
                    return;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"queues drained but the runs did not finish within {timeout}; failures: "
                        + string.Join(" | ", Failures.Take(5).Select(f => f.Queue + ": " + f.Error.Message)));
                }
                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still delivering after {timeout}");
            }
            Chaos.Shuffle(batch);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
                async (item, _) => await DeliverAsync(item.Queue, item.Message).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>Receives one message of <paramref name="queue"/> and delivers it; false when the queue is empty.</summary>
    public async Task<bool> DeliverOneAsync(string queue)
    {
        var client = await ClientAsync(queue).ConfigureAwait(false);
        var received = await client.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (received.Value.Length == 0)
        {
            return false;
        }
        await DeliverAsync(queue, received.Value[0]).ConfigureAwait(false);
        return true;
    }

    private async Task DeliverAsync(string queue, QueueMessage message)
    {
        var client = await ClientAsync(queue).ConfigureAwait(false);
        var body = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
        Invocations.AddOrUpdate(queue, 1, (_, n) => n + 1);
        try
        {
            using (ChaosPlan.Delivery(message.DequeueCount))
            {
                Chaos.BeforeInvoke(queue, message.DequeueCount);
                await InvokeAsync(queue, body, message.MessageId, message.DequeueCount).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Failures.Add((queue, ex));
            if (message.DequeueCount >= QueueSettings.MaxDequeueCount)
            {
                // What the host does past maxDequeueCount: the same body to <queue>-poison, then delete the original.
                var poison = await ClientAsync(queue + StageQueues.PoisonSuffix).ConfigureAwait(false);
                await poison.SendMessageAsync(message.MessageText).ConfigureAwait(false);
                await client.DeleteMessageAsync(message.MessageId, message.PopReceipt).ConfigureAwait(false);
                Poisoned.AddOrUpdate(queue, 1, (_, n) => n + 1);
            }
            else
            {
                await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero).ConfigureAwait(false);
            }
            return;
        }
        if (Chaos.CrashBeforeAcknowledge(queue, message.DequeueCount))
        {
            // The function completed but the host died before deleting the message: it is delivered again.
            await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero).ConfigureAwait(false);
            return;
        }
        await client.DeleteMessageAsync(message.MessageId, message.PopReceipt).ConfigureAwait(false);
    }

    /// <summary>Calls the function bound to <paramref name="queue"/> the way the worker binds it (trigger body, <c>id</c>, <c>dequeueCount</c>, cancellation).</summary>
    public async Task InvokeAsync(string queue, string body, string messageId, long dequeueCount)
    {
        var (type, method) = _triggers[queue];
        var instance = ActivatorUtilities.CreateInstance(_services, type);
        var args = method.GetParameters().Select(p => p switch
        {
            _ when p.GetCustomAttribute<QueueTriggerAttribute>() is not null => body,
            { Name: "id" } => messageId,
            { Name: "dequeueCount" } => (object)dequeueCount,
            _ when p.ParameterType == typeof(CancellationToken) => CancellationToken.None,
            _ => throw new InvalidOperationException($"the harness cannot bind parameter '{p.Name}' of {type.Name}.{method.Name}"),
        }).ToArray();
        try
        {
            await ((Task)method.Invoke(instance, args)!).ConfigureAwait(false);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    /// <summary>Messages waiting on <paramref name="queue"/> (approximate count, as Azure reports it).</summary>
    public async Task<int> CountAsync(string queue)
    {
        var client = await ClientAsync(queue).ConfigureAwait(false);
        return (await client.GetPropertiesAsync().ConfigureAwait(false)).Value.ApproximateMessagesCount;
    }

    private async Task<QueueClient> ClientAsync(string queue)
    {
        if (_clients.TryGetValue(queue, out var existing))
        {
            return existing;
        }
        // No message encoding on these clients: the harness reads the raw Base64 text the sender wrote and decodes it itself.
        var client = _queues.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync().ConfigureAwait(false);
        return _clients.GetOrAdd(queue, client);
    }
}
