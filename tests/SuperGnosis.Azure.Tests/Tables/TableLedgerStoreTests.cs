using Azure.Data.Tables;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Tables;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableLedgerStoreTests(AzuriteFixture azurite) : AzuriteTest(azurite)
{
    private static readonly DateTimeOffset Day = new(2025, 3, 14, 0, 0, 0, TimeSpan.Zero);

    private (TableLedgerStore Store, BlobPayloadStore Blobs) NewStore()
    {
        var blobs = NewPayloadStore();
        return (new TableLedgerStore(Connection.CreateTableServiceClient(), blobs, tableName: UniqueTable("ledger")), blobs);
    }

    [Fact]
    public async Task Append_IsIdempotentPerRunId()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var record = Samples.Ledger(runId, Day.AddHours(15));

        Assert.True(await store.AppendAsync(record, Ct));
        Assert.False(await store.AppendAsync(record, Ct));
        // Same run, different content (another timestamp even): still one record, the first one.
        Assert.False(await store.AppendAsync(Samples.Ledger(runId, Day.AddHours(16), ideas: 5), Ct));

        var all = await store.ReadAllAsync(Ct);
        Assert.Empty(all.Warnings);
        Assert.Equal(ContractJson.Serialize(record), ContractJson.Serialize(Assert.Single(all.Records)));
        Assert.Single(await store.QueryAsync(new LedgerQuery("SPY"), Ct));
        Assert.Single(await store.QueryAsync(new LedgerQuery(From: Day, To: Day.AddDays(1)), Ct));
    }

    [Fact]
    public async Task ASymbolsHistory_IsOnePartition_NewestFirst_WithTiesOrderedByRunIdDescending()
    {
        var (store, _) = NewStore();
        var records = new List<LedgerRecord>();
        var times = new[] { Day.AddHours(14), Day.AddHours(15), Day.AddDays(-3).AddHours(15), Day.AddDays(2), Day.AddHours(15) /* tie */ };
        for (var i = 0; i < times.Length; i++)
        {
            records.Add(Samples.Ledger($"run-spy-{i}-{Guid.NewGuid():N}", times[i]));
        }
        records.Add(Samples.Ledger(UniqueRunId("qqq"), Day.AddHours(15), "QQQ"));
        foreach (var r in records.AsEnumerable().Reverse())
        {
            Assert.True(await store.AppendAsync(r, Ct));
        }

        var expected = new LedgerQuery("SPY").Apply(records).Select(r => r.RunId).ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected, (await store.QueryAsync(new LedgerQuery("SPY"), Ct)).Select(r => r.RunId));

        // The symbol partition holds exactly the symbol's records, newest first by key.
        var partition = new List<string>();
        await foreach (var e in store.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"sym-SPY"}"), cancellationToken: Ct))
        {
            partition.Add(e.GetString("RunId")!);
        }
        Assert.Equal(5, partition.Count);
        Assert.Equal(expected.Take(1), partition.Take(1));

        // Limits, including one that cuts through the tie at 15:00.
        foreach (var limit in new[] { 1, 2, 3, 4, 10 })
        {
            var q = new LedgerQuery("SPY", Limit: limit);
            Assert.Equal(q.Apply(records).Select(r => r.RunId), (await store.QueryAsync(q, Ct)).Select(r => r.RunId));
        }

        // Time bounds are [from, to).
        var bounded = new LedgerQuery("SPY", From: Day.AddHours(14), To: Day.AddHours(15));
        Assert.Equal([records[0].RunId], (await store.QueryAsync(bounded, Ct)).Select(r => r.RunId));
        var fromOnly = new LedgerQuery("SPY", From: Day.AddHours(15));
        Assert.Equal(fromOnly.Apply(records).Select(r => r.RunId), (await store.QueryAsync(fromOnly, Ct)).Select(r => r.RunId));
        Assert.Equal(3, (await store.QueryAsync(fromOnly, Ct)).Count);
    }

    [Fact]
    public async Task OneDaysRecords_AreOneDayPartition_AcrossSymbols()
    {
        var (store, _) = NewStore();
        var today = new[]
        {
            Samples.Ledger(UniqueRunId("a"), Day.AddHours(13.5), "SPY"),
            Samples.Ledger(UniqueRunId("b"), Day.AddHours(20), "QQQ"),
            Samples.Ledger(UniqueRunId("c"), Day, "IWM"),
            Samples.Ledger(UniqueRunId("d"), Day.AddDays(1).AddTicks(-1), "SPY"),
        };
        var otherDays = new[]
        {
            Samples.Ledger(UniqueRunId("e"), Day.AddTicks(-1), "SPY"),
            Samples.Ledger(UniqueRunId("f"), Day.AddDays(1), "QQQ"),
        };
        foreach (var r in today.Concat(otherDays))
        {
            Assert.True(await store.AppendAsync(r, Ct));
        }

        var query = new LedgerQuery(From: Day, To: Day.AddDays(1));
        var found = await store.QueryAsync(query, Ct);
        Assert.Equal(query.Apply(today).Select(r => r.RunId), found.Select(r => r.RunId));

        var dayPartition = new List<string>();
        await foreach (var e in store.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"day-20250314"}"), cancellationToken: Ct))
        {
            dayPartition.Add(e.GetString("RunId")!);
        }
        Assert.Equal(today.Select(r => r.RunId).Order(), dayPartition.Order());

        var limited = new LedgerQuery(From: Day.AddDays(-1), To: Day.AddDays(2), Limit: 2);
        Assert.Equal(limited.Apply(today.Concat(otherDays)).Select(r => r.RunId), (await store.QueryAsync(limited, Ct)).Select(r => r.RunId));
    }

    [Fact]
    public async Task LongAndOpenRanges_WithoutASymbol_MatchTheReferenceQuery()
    {
        var (store, _) = NewStore();
        var records = Enumerable.Range(0, 8)
            .Select(i => Samples.Ledger(UniqueRunId($"r{i}"), Day.AddDays(-20 * i).AddHours(i), i % 2 == 0 ? "SPY" : "QQQ"))
            .ToList();
        foreach (var r in records)
        {
            Assert.True(await store.AppendAsync(r, Ct));
        }
        LedgerQuery[] queries =
        [
            new(),
            new(Limit: 3),
            new(From: Day.AddDays(-100)),
            new(To: Day.AddDays(-30)),
            new(From: Day.AddDays(-125), To: Day.AddDays(-19), Limit: 4), // over 31 days: one range query
            new(From: Day.AddDays(-45), To: Day.AddDays(-30)),           // 15 days, none in range but day -40
            new(From: Day, To: Day),                                      // empty range
            new("QQQ", From: Day.AddDays(-200), To: Day),
        ];
        foreach (var q in queries)
        {
            Assert.Equal(q.Apply(records).Select(r => r.RunId), (await store.QueryAsync(q, Ct)).Select(r => r.RunId));
        }
        var all = await store.ReadAllAsync(Ct);
        Assert.Equal(records.OrderBy(r => r.Timestamp).Select(r => r.RunId), all.Records.Select(r => r.RunId));
    }

    [Fact]
    public async Task ARecordOver64KB_IsSplit_AndOneOver1MB_GoesToABlob_BothRoundTrip()
    {
        var (store, blobs) = NewStore();
        var medium = Samples.Ledger(UniqueRunId("medium"), Day.AddHours(15), ideas: 60, rationaleChars: 1_500);
        var large = Samples.Ledger(UniqueRunId("large"), Day.AddHours(16), ideas: 400, rationaleChars: 3_000);
        var mediumJson = ContractJson.Serialize(medium);
        var largeJson = ContractJson.Serialize(large);
        Assert.InRange(mediumJson.Length, 65_537, EntityText.MaxInlineChars);
        Assert.True(largeJson.Length > 1_048_576);

        Assert.True(await store.AppendAsync(medium, Ct));
        Assert.True(await store.AppendAsync(large, Ct));
        Assert.False(await store.AppendAsync(large, Ct));

        var claim = (await store.Table.GetEntityAsync<TableEntity>("run-" + medium.RunId, "record", cancellationToken: Ct)).Value;
        Assert.True(claim.GetInt32("RecordChunks") > 2);
        var largeClaim = (await store.Table.GetEntityAsync<TableEntity>("run-" + large.RunId, "record", cancellationToken: Ct)).Value;
        Assert.NotNull(largeClaim.GetString("RecordBlob"));
        Assert.Single(await blobs.ListAsync("ledger/", Ct)); // the claim and both indexes share one content-addressed blob

        var all = await store.ReadAllAsync(Ct);
        Assert.Equal([mediumJson, largeJson], all.Records.Select(ContractJson.Serialize));
        Assert.Equal([largeJson, mediumJson], (await store.QueryAsync(new LedgerQuery("SPY"), Ct)).Select(ContractJson.Serialize));
        Assert.Equal([largeJson, mediumJson], (await store.QueryAsync(new LedgerQuery(From: Day, To: Day.AddDays(1)), Ct)).Select(ContractJson.Serialize));
        Assert.Equal(400, (await store.QueryAsync(new LedgerQuery("SPY", Limit: 1), Ct))[0].TradeIdeas.Count);
    }

    [Fact]
    public async Task ACrashBetweenClaimAndIndexes_IsRepairedByTheRedeliveredAppend()
    {
        var (store, _) = NewStore();
        var record = Samples.Ledger(UniqueRunId(), Day.AddHours(15));
        Assert.True(await store.AppendAsync(record, Ct));
        await SimulateCrashAfterClaimAsync(store, record);

        Assert.Single((await store.ReadAllAsync(Ct)).Records); // the claim is authoritative
        Assert.Empty(await store.QueryAsync(new LedgerQuery("SPY"), Ct));

        Assert.False(await store.AppendAsync(record, Ct)); // redelivery: already appended, indexes repaired
        Assert.Single(await store.QueryAsync(new LedgerQuery("SPY"), Ct));
        Assert.Single(await store.QueryAsync(new LedgerQuery(From: Day, To: Day.AddDays(1)), Ct));
        var claim = (await store.Table.GetEntityAsync<TableEntity>("run-" + record.RunId, "record", cancellationToken: Ct)).Value;
        Assert.Equal("done", claim.GetString("IndexState"));
    }

    [Fact]
    public async Task RepairIndexes_RestoresEveryPendingClaim()
    {
        var (store, _) = NewStore();
        var crashed = Samples.Ledger(UniqueRunId("crashed"), Day.AddHours(15), "QQQ");
        var fine = Samples.Ledger(UniqueRunId("fine"), Day.AddHours(16), "QQQ");
        Assert.True(await store.AppendAsync(crashed, Ct));
        Assert.True(await store.AppendAsync(fine, Ct));
        await SimulateCrashAfterClaimAsync(store, crashed);

        Assert.Equal(1, await store.RepairIndexesAsync(Ct));
        Assert.Equal(0, await store.RepairIndexesAsync(Ct));
        Assert.Equal([fine.RunId, crashed.RunId], (await store.QueryAsync(new LedgerQuery("QQQ"), Ct)).Select(r => r.RunId));
    }

    [Fact]
    public async Task SymbolsWithSlashesAndCarets_AndRecordsWithoutRunIds_AreStored()
    {
        var (store, _) = NewStore();
        var future = Samples.Ledger(UniqueRunId("es"), Day.AddHours(15), "ES/M");
        var index = Samples.Ledger(UniqueRunId("spx"), Day.AddHours(15), "^SPX");
        var snapshotWithoutRunId = new StandardSnapshot(
            "SPY", Day.AddHours(17), new Dictionary<string, double> { ["gex_usd_per_1pct"] = 2e9 }, null!, null!, null!, null,
            new Dictionary<string, string> { ["source"] = "backfill" });
        var anonymous = new LedgerRecord(Day.AddHours(17), "SPY", snapshotWithoutRunId, [], null, [], 12.5);
        Assert.Null(anonymous.RunId);

        Assert.True(await store.AppendAsync(future, Ct));
        Assert.True(await store.AppendAsync(index, Ct));
        Assert.True(await store.AppendAsync(anonymous, Ct));
        Assert.False(await store.AppendAsync(anonymous, Ct)); // keyed by its content hash

        Assert.Equal([future.RunId], (await store.QueryAsync(new LedgerQuery("ES/M"), Ct)).Select(r => r.RunId));
        Assert.Equal([index.RunId], (await store.QueryAsync(new LedgerQuery("^SPX"), Ct)).Select(r => r.RunId));
        var spy = Assert.Single(await store.QueryAsync(new LedgerQuery("SPY"), Ct));
        Assert.Equal(12.5, spy.RealizedPnl);
        Assert.StartsWith("sha256-", TableLedgerStore.RecordKey(anonymous));
    }

    [Fact]
    public async Task AnUnreadableEntity_IsAWarning_NotAnException()
    {
        var (store, _) = NewStore();
        var record = Samples.Ledger(UniqueRunId(), Day.AddHours(15));
        Assert.True(await store.AppendAsync(record, Ct));
        var broken = new TableEntity("run-broken", "record") { ["RecordLength"] = 10, ["RecordChunks"] = 1, ["Record0"] = "{not json}" };
        await store.Table.AddEntityAsync(broken, Ct);

        var all = await store.ReadAllAsync(Ct);
        Assert.Single(all.Records);
        Assert.Contains(all.Warnings, w => w.Contains("run-broken", StringComparison.Ordinal));
    }

    /// <summary>Leaves the state an append that crashed right after its claim would: index entities gone, claim pending.</summary>
    private static async Task SimulateCrashAfterClaimAsync(TableLedgerStore store, LedgerRecord record)
    {
        await foreach (var e in store.Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RunId eq {record.RunId} and PartitionKey ne {"run-" + record.RunId}"), cancellationToken: Ct))
        {
            await store.Table.DeleteEntityAsync(e.PartitionKey, e.RowKey, cancellationToken: Ct);
        }
        await store.Table.UpdateEntityAsync(
            new TableEntity("run-" + record.RunId, "record") { ["IndexState"] = "pending" }, global::Azure.ETag.All, TableUpdateMode.Merge, Ct);
    }
}
