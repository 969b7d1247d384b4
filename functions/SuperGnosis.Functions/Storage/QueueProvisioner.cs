using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SuperGnosis.Functions.Storage;

/// <summary>
/// Creates every queue the app triggers on (<see cref="StageQueues.All"/>, poison queues included) when the worker
/// starts, so the host's listeners find them instead of polling queues that do not exist yet. Idempotent; a failure is
/// logged and left to the senders, which create queues on first use.
/// </summary>
public sealed class QueueProvisioner(QueueServiceClient queues, ILogger<QueueProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(StageQueues.All.Select(q => queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken))).ConfigureAwait(false);
            logger.LogInformation("{Count} stage and poison queues are in place", StageQueues.All.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not create the stage queues at start-up; senders create them on first use");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
