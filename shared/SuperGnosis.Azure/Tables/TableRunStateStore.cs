using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Azure.Tables;

/// <summary>
/// <see cref="IRunStateStore"/> on Azure Table Storage, table <c>runs</c> (docs/azure-storage.md):
/// <list type="bullet">
/// <item>PartitionKey = run id, so every read and write of a run stays in one partition and can be one entity-group transaction;</item>
/// <item>RowKey <c>run</c>: the header (status, reason, times, arrived and fired fan-in state as JSON, re-drives), replaced under ETag optimistic concurrency;</item>
/// <item>RowKey = <see cref="StageKey.Name"/> (<c>engine.hedge</c>, <c>snapshot</c>, ...): one stage result each, inserted unique
/// (<c>AddEntity</c>; 409 = already recorded), its <see cref="StageRecordJson"/> in <c>Payload*</c> properties (see <see cref="EntityText"/>;
/// over 450,000 characters it goes to a blob).</item>
/// </list>
/// <see cref="ListStuckAsync"/> is a cross-partition query (see its remarks for the cost).
/// </summary>
public sealed class TableRunStateStore : IRunStateStore
{
    /// <summary>RowKey of a run's header entity.</summary>
    public const string HeaderRowKey = "run";

    private const string PayloadProperty = "Payload";
    private const string ReasonProperty = "Reason";

    private readonly TableClient table;
    private readonly BlobPayloadStore blobs;
    private readonly AsyncOnce created;

    /// <param name="tables">The account's table service.</param>
    /// <param name="blobs">Where payloads over the entity limit go (claim check).</param>
    /// <param name="tableName">The table; <c>runs</c> unless tests isolate themselves.</param>
    public TableRunStateStore(TableServiceClient tables, BlobPayloadStore blobs, string tableName = AzureStorageNames.RunsTable)
    {
        ArgumentNullException.ThrowIfNull(tables);
        this.blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        table = tables.GetTableClient(AzureStorageNames.EnsureTableName(tableName));
        created = new AsyncOnce(() => table.CreateIfNotExistsAsync());
    }

    /// <summary>The table client (for tools and tests).</summary>
    public TableClient Table => table;

    public async Task<VersionedRun> CreateRunAsync(RunHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        var entity = await ToEntityAsync(header, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return new VersionedRun(header, response.Headers.ETag?.ToString() ?? throw MissingETag());
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return await GetRunAsync(header.RunId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"run '{header.RunId}' was reported as existing but cannot be read", e);
        }
    }

    public async Task<VersionedRun?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        ContractValidation.RunId(runId, nameof(runId));
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(runId, HeaderRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }
        var entity = response.Value!;
        return new VersionedRun(await FromEntityAsync(entity, cancellationToken).ConfigureAwait(false), entity.ETag.ToString());
    }

    public async Task<string?> TryUpdateRunAsync(RunHeader header, string expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedVersion);
        var entity = await ToEntityAsync(header, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(expectedVersion), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString() ?? throw MissingETag();
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw new KeyNotFoundException($"run '{header.RunId}' does not exist");
        }
    }

    public async Task<bool> TryRecordStageAsync(string runId, StageRecord record, CancellationToken cancellationToken)
    {
        var entity = await ToStageEntityAsync(runId, record, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>
    /// Records a stage result and replaces the run's header in one entity-group transaction (both rows live in the
    /// run's partition): either both are written or neither. <see cref="RunTransactionOutcome.VersionConflict"/> when the
    /// header is no longer at <paramref name="expectedVersion"/>, <see cref="RunTransactionOutcome.StageAlreadyRecorded"/>
    /// when the stage key is taken. Throws <see cref="KeyNotFoundException"/> for an unknown run.
    /// </summary>
    public async Task<RunTransactionResult> TryRecordStageAndUpdateRunAsync(
        RunHeader header, string expectedVersion, StageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedVersion);
        var stage = await ToStageEntityAsync(header.RunId, record, cancellationToken).ConfigureAwait(false);
        var headerEntity = await ToEntityAsync(header, cancellationToken).ConfigureAwait(false);
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, stage),
            new(TableTransactionActionType.UpdateReplace, headerEntity, new ETag(expectedVersion)),
        ];
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return new RunTransactionResult(RunTransactionOutcome.Committed, response.Value[1].Headers.ETag?.ToString() ?? throw MissingETag());
        }
        catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return new RunTransactionResult(RunTransactionOutcome.VersionConflict, null);
        }
        catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return new RunTransactionResult(RunTransactionOutcome.StageAlreadyRecorded, null);
        }
        catch (TableTransactionFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw new KeyNotFoundException($"run '{header.RunId}' does not exist");
        }
    }

    public async Task<StageRecord?> GetStageAsync(string runId, StageKey key, CancellationToken cancellationToken)
    {
        ContractValidation.RunId(runId, nameof(runId));
        ArgumentNullException.ThrowIfNull(key);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(runId, key.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? await FromStageEntityAsync(response.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>One query of the run's partition: the header row and the asked-for stage rows (every row when <paramref name="keys"/> is null).</summary>
    public async Task<RunView?> GetRunViewAsync(string runId, IReadOnlyCollection<StageKey>? keys, CancellationToken cancellationToken)
    {
        ContractValidation.RunId(runId, nameof(runId));
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {runId}");
        if (keys is not null)
        {
            var rows = keys.Select(k => TableClient.CreateQueryFilter($"RowKey eq {k.Name}")).Prepend(TableClient.CreateQueryFilter($"RowKey eq {HeaderRowKey}"));
            filter += " and (" + string.Join(" or ", rows) + ")";
        }
        VersionedRun? run = null;
        var stages = new Dictionary<string, StageRecord>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == HeaderRowKey)
            {
                run = new VersionedRun(await FromEntityAsync(entity, cancellationToken).ConfigureAwait(false), entity.ETag.ToString());
            }
            else
            {
                var record = await FromStageEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                stages[record.Key.Name] = record;
            }
        }
        return run is null ? null : new RunView(run, stages);
    }

    public async Task<IReadOnlyList<StageRecord>> GetStagesAsync(string runId, CancellationToken cancellationToken)
    {
        ContractValidation.RunId(runId, nameof(runId));
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {runId} and RowKey ne {HeaderRowKey}");
        var records = new List<StageRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(await FromStageEntityAsync(entity, cancellationToken).ConfigureAwait(false));
        }
        return records;
    }

    /// <summary>
    /// Runs still pending or running whose header was last updated before <paramref name="updatedBefore"/>, oldest first.
    /// </summary>
    /// <remarks>
    /// Cost: one cross-partition query, <c>RowKey eq 'run' and (Status eq 'pending' or Status eq 'running') and
    /// UpdatedAtUtc lt ...</c>. The service filters server-side but scans every partition (every run ever kept),
    /// returning pages of up to 1,000 headers, each page one billed transaction. Fine for a sweeper every few minutes
    /// over a table whose finished runs are deleted after a retention period; at millions of retained runs, keep an
    /// index partition of open runs instead.
    /// </remarks>
    public async Task<IReadOnlyList<RunHeader>> ListStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var pending = StatusText(RunStatus.Pending);
        var running = StatusText(RunStatus.Running);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {HeaderRowKey} and (Status eq {pending} or Status eq {running}) and UpdatedAtUtc lt {updatedBefore.ToUniversalTime()}");
        var headers = new List<RunHeader>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            headers.Add(await FromEntityAsync(entity, cancellationToken).ConfigureAwait(false));
        }
        return [.. headers.OrderBy(h => h.UpdatedAt).ThenBy(h => h.RunId, StringComparer.Ordinal)];
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken) => created.RunAsync(cancellationToken);

    private async Task<TableEntity> ToEntityAsync(RunHeader header, CancellationToken cancellationToken)
    {
        ContractValidation.RunId(header.RunId, "run_id");
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(header.RunId, HeaderRowKey)
        {
            ["Symbol"] = header.Symbol,
            ["AsOf"] = Time(header.AsOf),
            ["ConfigurationFingerprint"] = header.ConfigurationFingerprint,
            ["Status"] = StatusText(header.Status),
            ["CreatedAt"] = Time(header.CreatedAt),
            ["UpdatedAt"] = Time(header.UpdatedAt),
            ["UpdatedAtUtc"] = header.UpdatedAt.ToUniversalTime(),
            ["Arrived"] = JsonSerializer.Serialize(header.Arrived, RunStateJsonContext.Default.IReadOnlyListString),
            ["Fired"] = JsonSerializer.Serialize(
                [.. header.Fired.Select(f => new FiredJson(f.Name, f.CompletedBy))], RunStateJsonContext.Default.ListFiredJson),
            ["Redrives"] = header.Redrives,
        };
        if (header.Reason is not null)
        {
            await EntityText.WriteAsync(entity, ReasonProperty, header.Reason, blobs, $"runs/{header.RunId}/reason", cancellationToken).ConfigureAwait(false);
        }
        return entity;
    }

    private async Task<RunHeader> FromEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var where = $"run '{entity.PartitionKey}'";
        var fired = JsonSerializer.Deserialize(Required(entity, "Fired", where), RunStateJsonContext.Default.ListFiredJson)
            ?? throw new InvalidDataException($"{where}: Fired is null");
        return new RunHeader(
            entity.PartitionKey,
            Required(entity, "Symbol", where),
            ParseTime(Required(entity, "AsOf", where), where),
            Required(entity, "ConfigurationFingerprint", where),
            ParseStatus(Required(entity, "Status", where), where),
            EntityText.Has(entity, ReasonProperty) ? await EntityText.ReadAsync(entity, ReasonProperty, blobs, cancellationToken).ConfigureAwait(false) : null,
            ParseTime(Required(entity, "CreatedAt", where), where),
            ParseTime(Required(entity, "UpdatedAt", where), where),
            JsonSerializer.Deserialize(Required(entity, "Arrived", where), RunStateJsonContext.Default.IReadOnlyListString)
                ?? throw new InvalidDataException($"{where}: Arrived is null"),
            [.. fired.Select(f => new FanInTransition(f.Name, f.CompletedBy))],
            entity.GetInt32("Redrives") ?? 0);
    }

    private async Task<TableEntity> ToStageEntityAsync(string runId, StageRecord record, CancellationToken cancellationToken)
    {
        ContractValidation.RunId(runId, nameof(runId));
        ArgumentNullException.ThrowIfNull(record);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(runId, record.Key.Name)
        {
            ["Outcome"] = record.Outcome.ToString().ToLowerInvariant(),
        };
        await EntityText.WriteAsync(
            entity, PayloadProperty, StageRecordJson.Serialize(record), blobs, $"runs/{runId}/{record.Key.Name}", cancellationToken).ConfigureAwait(false);
        return entity;
    }

    private async Task<StageRecord> FromStageEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var json = await EntityText.ReadAsync(entity, PayloadProperty, blobs, cancellationToken).ConfigureAwait(false);
        var record = StageRecordJson.Deserialize(json);
        return record.Key.Name == entity.RowKey
            ? record
            : throw new InvalidDataException($"run '{entity.PartitionKey}': row '{entity.RowKey}' holds the record of stage '{record.Key.Name}'");
    }

    private static string StatusText(RunStatus status) => status switch
    {
        RunStatus.Pending => "pending",
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown run status"),
    };

    private static RunStatus ParseStatus(string text, string where) => text switch
    {
        "pending" => RunStatus.Pending,
        "running" => RunStatus.Running,
        "completed" => RunStatus.Completed,
        "failed" => RunStatus.Failed,
        _ => throw new InvalidDataException($"{where}: unknown status '{text}'"),
    };

    /// <summary>Times are kept as round-trip ISO-8601 text, which keeps the offset and every tick (Edm.DateTime keeps neither offset nor sub-microsecond precision reliably).</summary>
    private static string Time(DateTimeOffset value) => value.ToString("o", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text, string where) =>
        DateTimeOffset.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new InvalidDataException($"{where}: '{text}' is not a round-trip timestamp");

    private static string Required(TableEntity entity, string property, string where) =>
        entity.GetString(property) ?? throw new InvalidDataException($"{where}: property {property} is missing");

    private static InvalidOperationException MissingETag() => new("the table service returned no ETag");
}

internal sealed record FiredJson(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("completed_by")] string CompletedBy);

[JsonSourceGenerationOptions(RespectNullableAnnotations = true)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<FiredJson>))]
internal sealed partial class RunStateJsonContext : JsonSerializerContext;
