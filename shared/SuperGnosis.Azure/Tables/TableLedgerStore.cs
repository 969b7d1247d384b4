using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Azure.Tables;

/// <summary>
/// <see cref="ILedgerStore"/> on Azure Table Storage, table <c>ledger</c> (docs/azure-storage.md). Each record is kept
/// as three entities, each holding the whole record JSON (<see cref="ContractJson"/>) in <c>Record*</c> properties
/// (<see cref="EntityText"/>: split across properties, or one shared content-addressed blob over 450,000 characters;
/// never truncated):
/// <list type="number">
/// <item>the <b>claim</b>, PartitionKey <c>run-&lt;run id&gt;</c>, RowKey <c>record</c>: inserted unique, it decides that the
/// run has its one record (409 = already appended) and is the authoritative copy <see cref="ReadAllAsync"/> reads;</item>
/// <item>the <b>symbol index</b>, PartitionKey <c>sym-&lt;symbol&gt;</c>, RowKey <c>&lt;inverted ticks&gt;_&lt;run id&gt;</c>:
/// a symbol's history newest first is one partition query;</item>
/// <item>the <b>day index</b>, PartitionKey <c>day-yyyyMMdd</c> (UTC day of the record's timestamp), same RowKey:
/// one day's records are one partition query.</item>
/// </list>
/// An entity-group transaction cannot span partitions, so <see cref="AppendAsync"/> writes in this order: claim
/// (with <c>IndexState=pending</c>), symbol index, day index (both insert-unique, 409 ignored), then
/// <c>IndexState=done</c> on the claim. A crash after the claim leaves a record that <see cref="ReadAllAsync"/> already
/// returns but the index queries do not yet: the redelivered append (409 on the claim) sees <c>pending</c> and writes
/// the missing index entities from the stored claim, and <see cref="RepairIndexesAsync"/> (for the sweeper) does the
/// same for every pending claim.
/// </summary>
public sealed class TableLedgerStore : ILedgerStore
{
    /// <summary>Ranges of at most this many UTC days are answered day partition by day partition, newest first (stopping at the limit); longer or open ranges with one partition-range query.</summary>
    public const int MaxDaysQueriedOneByOne = 31;

    private const string ClaimPrefix = "run-";
    private const string ClaimRowKey = "record";
    private const string SymbolPrefix = "sym-";
    private const string DayPrefix = "day-";
    private const string RecordProperty = "Record";
    private const string IndexStateProperty = "IndexState";
    private const string Pending = "pending";
    private const string Done = "done";
    private static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks;

    private readonly TableClient table;
    private readonly BlobPayloadStore blobs;
    private readonly TimeProvider time;
    private readonly AsyncOnce created;

    /// <param name="tables">The account's table service.</param>
    /// <param name="blobs">Where records over the entity limit go (claim check).</param>
    /// <param name="time">The clock for <c>AppendedAt</c> (diagnostics only).</param>
    /// <param name="tableName">The table; <c>ledger</c> unless tests isolate themselves.</param>
    public TableLedgerStore(TableServiceClient tables, BlobPayloadStore blobs, TimeProvider? time = null, string tableName = AzureStorageNames.LedgerTable)
    {
        ArgumentNullException.ThrowIfNull(tables);
        this.blobs = blobs ?? throw new ArgumentNullException(nameof(blobs));
        this.time = time ?? TimeProvider.System;
        table = tables.GetTableClient(AzureStorageNames.EnsureTableName(tableName));
        created = new AsyncOnce(() => table.CreateIfNotExistsAsync());
    }

    /// <summary>The table client (for tools and tests).</summary>
    public TableClient Table => table;

    /// <summary>
    /// The key a record is stored under: its run id (<see cref="LedgerRecord.RunId"/>), or, for a record without
    /// one, <c>sha256-</c> and the first 32 hex digits of its JSON's SHA-256 (so the same record is still appended once).
    /// </summary>
    public static string RecordKey(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.RunId is { } runId
            ? ContractValidation.RunId(runId, "snapshot.metadata.run_id")
            : "sha256-" + BlobPayloadStore.Sha256Hex(BinaryData.FromString(ContractJson.Serialize(record)))[..32];
    }

    public async Task<bool> AppendAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var key = RecordKey(record);
        var claim = new TableEntity(ClaimPrefix + key, ClaimRowKey)
        {
            ["RunId"] = key,
            ["Symbol"] = record.Symbol,
            ["RecordTimestamp"] = record.Timestamp.ToString("o", CultureInfo.InvariantCulture),
            ["TimestampUtc"] = record.Timestamp.ToUniversalTime(),
            ["AppendedAt"] = time.GetUtcNow(),
            [IndexStateProperty] = Pending,
        };
        await EntityText.WriteAsync(
            claim, RecordProperty, ContractJson.Serialize(record), blobs, $"ledger/{key}", cancellationToken).ConfigureAwait(false);

        bool wrote;
        try
        {
            await table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            wrote = true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            wrote = false;
            var stored = await table.GetEntityAsync<TableEntity>(claim.PartitionKey, ClaimRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            claim = stored.Value;
            if (claim.GetString(IndexStateProperty) == Done)
            {
                return false;
            }
        }
        await WriteIndexesAsync(claim, cancellationToken).ConfigureAwait(false);
        return wrote;
    }

    /// <summary>
    /// Writes the index entities of every claim still marked pending (an append that crashed between its claim and
    /// its indexes) and marks them done; returns how many claims were repaired. Cost: one cross-partition query over
    /// the claim partitions (<c>run-*</c>), filtered server-side on <c>IndexState</c>.
    /// </summary>
    public async Task<int> RepairIndexesAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {ClaimPrefix} and PartitionKey lt {NextPrefix(ClaimPrefix)} and IndexState eq {Pending}");
        var repaired = 0;
        await foreach (var claim in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await WriteIndexesAsync(claim, cancellationToken).ConfigureAwait(false);
            repaired++;
        }
        return repaired;
    }

    /// <summary>
    /// Every record, read from the claims (authoritative, including records whose indexes a crash left pending), in
    /// timestamp order (then run id): the table keeps no arrival sequence, and runs are appended in timestamp order
    /// in practice. A claim that cannot be read is reported in <see cref="LedgerReadResult.Warnings"/>. Cost: one
    /// partition-range query over the claim partitions.
    /// </summary>
    public async Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {ClaimPrefix} and PartitionKey lt {NextPrefix(ClaimPrefix)}");
        var records = new List<LedgerRecord>();
        var warnings = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            try
            {
                records.Add(await ReadRecordAsync(entity, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidDataException)
            {
                warnings.Add($"ledger entity {entity.PartitionKey}/{entity.RowKey}: {e.GetType().Name}: {e.Message}");
            }
        }
        records.Sort((a, b) =>
        {
            var byTime = a.Timestamp.CompareTo(b.Timestamp);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.RunId, b.RunId);
        });
        return new LedgerReadResult(records, warnings);
    }

    /// <summary>
    /// Records matching <paramref name="query"/>, newest first, from the cheapest index: with a symbol, one query on
    /// the symbol's partition (RowKey range from the time bounds; stops reading once the limit is met); with a closed
    /// range of at most <see cref="MaxDaysQueriedOneByOne"/> UTC days, one query per day partition, newest day first,
    /// stopping at the limit; otherwise one partition-range query over the day partitions.
    /// </summary>
    public async Task<IReadOnlyList<LedgerRecord>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        if (query.From is { } f && query.To is { } t && f >= t)
        {
            return [];
        }
        var rowRange = RowKeyRange(query.From, query.To);
        List<LedgerRecord> found;
        if (query.Symbol is { } symbol)
        {
            found = await ReadNewestFirstAsync(
                TableClient.CreateQueryFilter($"PartitionKey eq {SymbolPartition(symbol)}") + rowRange, query.Limit, cancellationToken).ConfigureAwait(false);
        }
        else if (query.From is { } from && query.To is { } to
            && (LastDay(to) - from.UtcDateTime.Date).TotalDays < MaxDaysQueriedOneByOne)
        {
            found = [];
            for (var day = LastDay(to); day >= from.UtcDateTime.Date; day = day.AddDays(-1))
            {
                found.AddRange(await ReadNewestFirstAsync(
                    TableClient.CreateQueryFilter($"PartitionKey eq {DayPartition(day)}") + rowRange, null, cancellationToken).ConfigureAwait(false));
                if (query.Limit is { } limit && found.Count >= limit)
                {
                    break; // every later-queried day is older than the ones read
                }
            }
        }
        else
        {
            var low = query.From is { } lo ? DayPartition(lo.UtcDateTime.Date) : DayPrefix;
            var high = query.To is { } hi ? DayPartition(LastDay(hi)) + "~" : NextPrefix(DayPrefix);
            found = await ReadNewestFirstAsync(
                TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high}") + rowRange, null, cancellationToken).ConfigureAwait(false);
        }
        return [.. query.Apply(found)];
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken) => created.RunAsync(cancellationToken);

    /// <summary>Reads index entities in key order (newest first within a partition); with a limit, stops once the limit is met and the next entity is strictly older (ties on the timestamp are all read, so the final ordering by run id is exact).</summary>
    private async Task<List<LedgerRecord>> ReadNewestFirstAsync(string filter, int? limit, CancellationToken cancellationToken)
    {
        var records = new List<LedgerRecord>();
        var maxPerPage = limit is { } l ? Math.Clamp(l + 1, 1, 1000) : (int?)null;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var record = await ReadRecordAsync(entity, cancellationToken).ConfigureAwait(false);
            if (limit is { } n && records.Count >= n && record.Timestamp != records[n - 1].Timestamp)
            {
                break;
            }
            records.Add(record);
        }
        return records;
    }

    private async Task WriteIndexesAsync(TableEntity claim, CancellationToken cancellationToken)
    {
        var timestamp = claim.GetDateTimeOffset("TimestampUtc")
            ?? throw new InvalidDataException($"ledger claim {claim.PartitionKey}: TimestampUtc is missing");
        var symbol = claim.GetString("Symbol") ?? throw new InvalidDataException($"ledger claim {claim.PartitionKey}: Symbol is missing");
        var key = claim.GetString("RunId") ?? throw new InvalidDataException($"ledger claim {claim.PartitionKey}: RunId is missing");
        var rowKey = IndexRowKey(timestamp, key);
        // The two index entities live in different partitions (no transaction spans them) and are independent: written concurrently.
        await Task.WhenAll(new[] { SymbolPartition(symbol), DayPartition(timestamp.UtcDateTime.Date) }.Select(async partition =>
        {
            var index = new TableEntity(partition, rowKey);
            foreach (var (name, value) in claim)
            {
                if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" or "AppendedAt") && name != IndexStateProperty)
                {
                    index[name] = value;
                }
            }
            try
            {
                await table.AddEntityAsync(index, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
            {
                // Written by an earlier attempt: index entities are derived from the claim, so it is identical.
            }
        })).ConfigureAwait(false);
        var done = new TableEntity(claim.PartitionKey, ClaimRowKey) { [IndexStateProperty] = Done };
        await table.UpdateEntityAsync(done, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LedgerRecord> ReadRecordAsync(TableEntity entity, CancellationToken cancellationToken) =>
        ContractJson.DeserializeLedgerRecord(await EntityText.ReadAsync(entity, RecordProperty, blobs, cancellationToken).ConfigureAwait(false));

    /// <summary>Symbols may contain '/', which keys cannot: it becomes '_' (not a symbol character, so no two symbols collide).</summary>
    private static string SymbolPartition(string symbol) => SymbolPrefix + ContractValidation.Symbol(symbol).Replace('/', '_');

    private static string DayPartition(DateTime utcDay) => DayPrefix + utcDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The UTC day of the last instant before <paramref name="to"/> (the range is half-open).</summary>
    private static DateTime LastDay(DateTimeOffset to) => to.UtcDateTime.AddTicks(-1).Date;

    private static string IndexRowKey(DateTimeOffset timestamp, string key) => Inverted(timestamp) + "_" + key;

    private static string Inverted(DateTimeOffset timestamp) => (MaxTicks - timestamp.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// The RowKey filter for timestamps in [from, to): RowKey = D19(max - ticks) + '_' + key, so t &lt; to ⇔ RowKey ≥
    /// D19(inv(to) + 1) and t ≥ from ⇔ RowKey &lt; D19(inv(from) + 1).
    /// </summary>
    private static string RowKeyRange(DateTimeOffset? from, DateTimeOffset? to)
    {
        var filter = string.Empty;
        if (to is { } t)
        {
            var bound = (MaxTicks - t.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {bound}");
        }
        if (from is { } f)
        {
            var bound = (MaxTicks - f.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {bound}");
        }
        return filter;
    }

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/> that ends in '-' ("run-" → "run.").</summary>
    private static string NextPrefix(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
