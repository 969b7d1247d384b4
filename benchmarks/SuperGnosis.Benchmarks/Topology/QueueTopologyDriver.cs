using System.Collections.Concurrent;
using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Queues;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Functions;
using SuperGnosis.Functions.Stages;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Benchmarks.Topology;

/// <summary>
/// The Functions app's queue topology on Azurite, driven the way the Functions host drives it but without its poll
/// interval: the app's own composition (<see cref="FunctionsServiceCollectionExtensions.AddSuperGnosisFunctions"/>: run
/// state and ledger in Tables, captures and claim checks in Blobs, Base64 Storage Queue messages), the stage
/// <see cref="StageDispatcher"/> every queue function calls, and a listener that receives from a queue as soon as the sender has
/// written to it (the host polls every queue; here its poll interval is not counted). Each delivery is received, decoded
/// from Base64, dispatched and deleted, as the host does. A run ends when its ledger stage has sent
/// <see cref="RunCompleted"/> to <c>sg-run-events</c>, which is received and deleted too.
/// </summary>
internal sealed class QueueTopologyDriver : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly QueueServiceClient _queues;
    private readonly ConcurrentDictionary<string, QueueClient> _clients = new(StringComparer.Ordinal);
    private readonly List<Task> _deliveries = [];
    private CancellationToken _running;
    private readonly StageDispatcher _dispatcher;

    public QueueTopologyDriver(string connectionString, Action<SuperGnosisBuilder>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["SuperGnosis:MarketData:Source"] = "synthetic",
            ["SuperGnosis:Ledger:Kind"] = FunctionsServiceCollectionExtensions.TableKind,
            ["SuperGnosis:RunState:Kind"] = FunctionsServiceCollectionExtensions.TableKind,
        }).Build();
        _services = new ServiceCollection()
            .AddSuperGnosisFunctions(configuration, builder =>
            {
                builder.UseMessageSender(sp => new RecordingSender(FunctionsSender(sp), OnWritten));
                configure?.Invoke(builder);
            })
            .BuildServiceProvider();
        _services.ValidateSuperGnosisOptions();
        _queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        _dispatcher = _services.GetRequiredService<StageDispatcher>();
        Stages = _services.GetRequiredService<PipelineStages>();
    }

    public PipelineStages Stages { get; }

    public IServiceProvider Services => _services;

    /// <summary>Creates every queue, table and container the app uses (what the worker does at start).</summary>
    public async Task ProvisionAsync()
    {
        foreach (var queue in StageQueues.All)
        {
            await ClientOf(queue).CreateIfNotExistsAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One distributed run, start (as <c>POST /api/runs</c>) to completion; returns its id.</summary>
    public async Task<string> RunAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        (await RunManyAsync(symbol, [asOf], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Runs of <paramref name="symbol"/> at each instant, all started at once and in flight together, to completion.</summary>
    public async Task<string[]> RunManyAsync(string symbol, IReadOnlyList<DateTimeOffset> asOfs, CancellationToken cancellationToken = default)
    {
        _running = cancellationToken;
        var sender = _services.GetRequiredService<IPipelineMessageSender>();
        var runIds = await Task.WhenAll(asOfs.Select(async asOf =>
        {
            var started = await Stages.StartRunAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
            await sender.SendAsync(started.Messages, cancellationToken).ConfigureAwait(false);
            return started.Run.RunId;
        })).ConfigureAwait(false);
        await DrainAsync().ConfigureAwait(false);
        foreach (var runId in runIds)
        {
            var header = await _services.GetRequiredService<IRunStateStore>().GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (header?.Header.Status != RunStatus.Completed)
            {
                throw new InvalidOperationException($"run {runId} ended {header?.Header.Status}: {header?.Header.Reason}");
            }
        }
        return runIds;
    }

    /// <summary>
    /// Delivers until every message the run sent has been handled: each message written to a queue starts one receive
    /// on that queue (as a host's listener that is already polling picks a new message up), so the stages of a run
    /// proceed as soon as their message is visible, concurrently where the topology fans out. A message is deleted after
    /// its handler returned, as the host does; the delete is not awaited before the next stage starts (the next message is
    /// already in its queue), only before the run counts as done.
    /// </summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            Task[] outstanding;
            lock (_deliveries)
            {
                outstanding = [.. _deliveries];
                _deliveries.Clear();
            }
            if (outstanding.Length == 0)
            {
                return;
            }
            await Task.WhenAll(outstanding).ConfigureAwait(false);
        }
    }

    /// <summary>A message was written to <paramref name="queue"/>: one receive on it starts now.</summary>
    private void OnWritten(string queue)
    {
        var delivery = Task.Run(() => DeliverAsync(queue, _running));
        lock (_deliveries)
        {
            _deliveries.Add(delivery);
        }
    }

    private async Task DeliverAsync(string queue, CancellationToken cancellationToken)
    {
        var client = ClientOf(queue);
        QueueMessage[] received = (await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false)).Value;
        await Task.WhenAll(received.Select(async message =>
        {
            var body = Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
            if (queue == StageQueues.RunEvents)
            {
                await _dispatcher.RecordRunEventAsync(body, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _dispatcher.DispatchAsync(StageQueues.Served[queue], body, cancellationToken).ConfigureAwait(false);
            }
            await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
        })).ConfigureAwait(false);
    }

    private QueueClient ClientOf(string queue) => _clients.GetOrAdd(queue, name => _queues.GetQueueClient(name));

    /// <summary>The sender the Functions composition registers before this driver wraps it.</summary>
    private static IPipelineMessageSender FunctionsSender(IServiceProvider services) =>
        new StorageQueueMessageSender(
            services.GetRequiredService<AzureStorageConnection>(),
            services.GetRequiredKeyedService<BlobPayloadStore>(FunctionsServiceCollectionExtensions.PayloadsKey));

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Sends through the real queue sender and notes which queues were written to.</summary>
    private sealed class RecordingSender(IPipelineMessageSender inner, Action<string> written) : IPipelineMessageSender
    {
        public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
        {
            await inner.SendAsync(messages, cancellationToken).ConfigureAwait(false);
            foreach (var message in messages)
            {
                written(message.To.QueueName);
            }
        }
    }
}
