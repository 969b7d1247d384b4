using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Tables;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting;
using SuperGnosis.Testing;

namespace SuperGnosis.Messaging.Tests.RabbitMq;

/// <summary>
/// Run state, captures and ledger on Azurite under names of one test's own (what separate processes share), so several
/// bus compositions of a test share them and tests do not see each other's runs.
/// </summary>
internal sealed class SharedState(string connectionString)
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..12];
    private readonly TableServiceClient _tables = new(connectionString);
    private readonly BlobServiceClient _blobs = new(connectionString);

    public string RunsTable => "runs" + _suffix;

    public IRunStateStore NewRunState() => new TableRunStateStore(_tables, Payloads(), RunsTable);

    public TableLedgerStore NewLedger() => new(_tables, Payloads(), TimeProvider.System, "ledger" + _suffix);

    /// <summary>Points <paramref name="builder"/> at the shared stores; <paramref name="wrap"/> may observe or disturb the run state.</summary>
    public SuperGnosisBuilder Use(SuperGnosisBuilder builder, Func<IRunStateStore, IRunStateStore>? wrap = null)
    {
        builder.UseRunStateStore(_ => wrap is null ? NewRunState() : wrap(NewRunState()));
        builder.UseMarketCaptureStore(_ => new BlobMarketCaptureStore(new BlobPayloadStore(_blobs, "sg-captures-" + _suffix)));
        builder.UseLedgerStore(_ => NewLedger());
        return builder;
    }

    private BlobPayloadStore Payloads() => new(_blobs, "sg-payloads-" + _suffix);
}

/// <summary>
/// An <see cref="IRunStateStore"/> wrapper for tests: notes which stage keys this process recorded, can fail once right
/// after a stage write succeeded (a crash between the write and the acknowledgement: the transport redelivers), and can
/// hold one stage's write until released (a message in flight during a shutdown).
/// </summary>
internal sealed class ObservedRunState(IRunStateStore inner) : IRunStateStore
{
    private readonly ConcurrentDictionary<string, int> _failedOnce = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Recorded { get; } = new();

    public bool FailOnceAfterEachRecord { get; init; }

    public int InjectedFailures;

    /// <summary>The stage key whose write waits for <see cref="Release"/> (honouring cancellation).</summary>
    public string? HoldKey { get; init; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<bool> TryRecordStageAsync(string runId, StageRecord record, CancellationToken cancellationToken)
    {
        await HoldAsync(record, cancellationToken);
        var stored = await inner.TryRecordStageAsync(runId, record, cancellationToken);
        AfterWrite(runId, record, stored);
        return stored;
    }

    public async Task<RunTransactionResult> TryRecordStageAndUpdateRunAsync(RunHeader header, string expectedVersion, StageRecord record, CancellationToken cancellationToken)
    {
        await HoldAsync(record, cancellationToken);
        var result = await inner.TryRecordStageAndUpdateRunAsync(header, expectedVersion, record, cancellationToken);
        AfterWrite(header.RunId, record, result.Outcome == RunTransactionOutcome.Committed);
        return result;
    }

    private async Task HoldAsync(StageRecord record, CancellationToken cancellationToken)
    {
        if (record.Key.Name == HoldKey)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
    }

    private void AfterWrite(string runId, StageRecord record, bool stored)
    {
        if (stored)
        {
            Recorded.Enqueue(record.Key.Name);
        }
        if (FailOnceAfterEachRecord && _failedOnce.TryAdd(runId + "/" + record.Key.Name, 1))
        {
            Interlocked.Increment(ref InjectedFailures);
            throw new TimeoutException($"injected: connection lost after recording {record.Key.Name}");
        }
    }

    public Task<VersionedRun> CreateRunAsync(RunHeader header, CancellationToken cancellationToken) => inner.CreateRunAsync(header, cancellationToken);

    public Task<VersionedRun?> GetRunAsync(string runId, CancellationToken cancellationToken) => inner.GetRunAsync(runId, cancellationToken);

    public Task<string?> TryUpdateRunAsync(RunHeader header, string expectedVersion, CancellationToken cancellationToken) =>
        inner.TryUpdateRunAsync(header, expectedVersion, cancellationToken);

    public Task<StageRecord?> GetStageAsync(string runId, StageKey key, CancellationToken cancellationToken) => inner.GetStageAsync(runId, key, cancellationToken);

    public Task<RunView?> GetRunViewAsync(string runId, IReadOnlyCollection<StageKey>? keys, CancellationToken cancellationToken) =>
        inner.GetRunViewAsync(runId, keys, cancellationToken);

    public Task<IReadOnlyList<StageRecord>> GetStagesAsync(string runId, CancellationToken cancellationToken) => inner.GetStagesAsync(runId, cancellationToken);

    public Task<IReadOnlyList<RunHeader>> ListStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken) =>
        inner.ListStuckAsync(updatedBefore, cancellationToken);
}

/// <summary>The settings of a bus on the test broker: transport, virtual host, hosted stages, fast retries.</summary>
internal static class RabbitSettings
{
    public static Dictionary<string, string?> For(IRabbitMqServer server, string virtualHost, string stages, int retryLimit = 2, bool runOutcomes = true) =>
        new(server.SettingsFor(virtualHost))
        {
            ["SuperGnosis:Bus:Transport"] = "rabbitmq",
            ["SuperGnosis:Bus:Stages"] = stages,
            ["SuperGnosis:Bus:Retry:Limit"] = retryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SuperGnosis:Bus:Retry:MinInterval"] = "00:00:00.05",
            ["SuperGnosis:Bus:Retry:MaxInterval"] = "00:00:00.2",
            ["SuperGnosis:Bus:Retry:IntervalDelta"] = "00:00:00.05",
            ["SuperGnosis:Bus:RunOutcomes"] = runOutcomes ? "true" : "false",
        };
}
