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
/// <see cref="StageDispatcher"/> every queue function calls, and a listener that receives from the queues the sender has
/// just written to (the host polls every queue; here no empty receive is counted). Each delivery is received, decoded
/// from Base64, dispatched and deleted, as the host does. A run ends when its ledger stage has sent
/// <see cref="RunCompleted"/> to <c>sg-run-events</c>, which is received and deleted too.
/// </summary>
internal sealed class QueueTopologyDriver : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly QueueServiceClient _queues;
    private readonly ConcurrentDictionary<string, QueueClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _written = new();
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
                builder.UseMessageSender(sp => new RecordingSender(FunctionsSender(sp), _written));
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
    public async Task<string> RunAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var started = await Stages.StartRunAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
        await _services.GetRequiredService<IPipelineMessageSender>().SendAsync(started.Messages, cancellationToken).ConfigureAwait(false);
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        var header = await _services.GetRequiredService<IRunStateStore>().GetRunAsync(started.Run.RunId, cancellationToken).ConfigureAwait(false);
        return header?.Header.Status == RunStatus.Completed
            ? started.Run.RunId
            : throw new InvalidOperationException($"run {started.Run.RunId} ended {header?.Header.Status}: {header?.Header.Reason}");
    }

    /// <summary>Delivers until no queue that was written to holds a message; the queues of one wave are served concurrently.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (!_written.IsEmpty)
        {
            var wave = new HashSet<string>(StringComparer.Ordinal);
            while (_written.TryDequeue(out var queue))
            {
                wave.Add(queue);
            }
            await Task.WhenAll(wave.Select(queue => DeliverAllAsync(queue, cancellationToken))).ConfigureAwait(false);
        }
    }

    private async Task DeliverAllAsync(string queue, CancellationToken cancellationToken)
    {
        var client = ClientOf(queue);
        while (true)
        {
            QueueMessage[] received = (await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false)).Value;
            if (received.Length == 0)
            {
                return;
            }
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
    }

    private QueueClient ClientOf(string queue) => _clients.GetOrAdd(queue, name => _queues.GetQueueClient(name));

    /// <summary>The sender the Functions composition registers before this driver wraps it.</summary>
    private static IPipelineMessageSender FunctionsSender(IServiceProvider services) =>
        new StorageQueueMessageSender(
            services.GetRequiredService<AzureStorageConnection>(),
            services.GetRequiredKeyedService<BlobPayloadStore>(FunctionsServiceCollectionExtensions.PayloadsKey));

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Sends through the real queue sender and notes which queues were written to.</summary>
    private sealed class RecordingSender(IPipelineMessageSender inner, ConcurrentQueue<string> written) : IPipelineMessageSender
    {
        public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
        {
            await inner.SendAsync(messages, cancellationToken).ConfigureAwait(false);
            foreach (var message in messages)
            {
                written.Enqueue(message.To.QueueName);
            }
        }
    }
}
