using Azure.Data.Tables;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Tables;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Tables;

[Collection(AzuriteCollection.Name)]
public sealed class TableRunStateStoreTests(AzuriteFixture azurite) : AzuriteTest(azurite)
{
    private (TableRunStateStore Store, BlobPayloadStore Blobs) NewStore()
    {
        var blobs = NewPayloadStore();
        return (new TableRunStateStore(Connection.CreateTableServiceClient(), blobs, UniqueTable("runs")), blobs);
    }

    [Fact]
    public async Task CreateRun_IsIdempotent_AndReturnsTheStoredHeader()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var first = await store.CreateRunAsync(Samples.Header(runId), Ct);
        var again = await store.CreateRunAsync(Samples.Header(runId, RunStatus.Running, reason: "should not overwrite"), Ct);

        Assert.Equal(RunStatus.Pending, again.Header.Status);
        Assert.Null(again.Header.Reason);
        Assert.Equal(first.Version, again.Version);
        AssertHeaderEqual(Samples.Header(runId), again.Header);
        Assert.Null(await store.GetRunAsync(UniqueRunId("absent"), Ct));
    }

    [Fact]
    public async Task Header_RoundTripsEveryField_IncludingOffsetsAndFanInState()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var created = await store.CreateRunAsync(Samples.Header(runId), Ct);
        var updated = Samples.Header(runId) with
        {
            Status = RunStatus.Failed,
            Reason = "engine.hedge failed: TimeoutException: chain source did not answer",
            UpdatedAt = new DateTimeOffset(2025, 3, 14, 20, 31, 5, 123, TimeSpan.Zero).AddTicks(4567),
            Arrived = ["engine.hedge", "engine.liquidity"],
            Fired = [new FanInTransition("elasticity", "engine.liquidity")],
            Redrives = 2,
        };
        Assert.NotNull(await store.TryUpdateRunAsync(updated, created.Version, Ct));

        var read = await store.GetRunAsync(runId, Ct);
        Assert.NotNull(read);
        AssertHeaderEqual(updated, read.Header);
        Assert.Equal(Samples.AsOf.Offset, read.Header.AsOf.Offset);
        Assert.Equal(updated.UpdatedAt.Ticks, read.Header.UpdatedAt.Ticks);
    }

    [Fact]
    public async Task TryUpdateRun_WithAStaleVersion_ReturnsNull_AndAnUnknownRunThrows()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var created = await store.CreateRunAsync(Samples.Header(runId), Ct);
        var v2 = await store.TryUpdateRunAsync(Samples.Header(runId, RunStatus.Running), created.Version, Ct);
        Assert.NotNull(v2);
        Assert.NotEqual(created.Version, v2);

        Assert.Null(await store.TryUpdateRunAsync(Samples.Header(runId, RunStatus.Completed), created.Version, Ct));
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync(runId, Ct))!.Header.Status);

        await Assert.ThrowsAsync<KeyNotFoundException>(
            () => store.TryUpdateRunAsync(Samples.Header(UniqueRunId("absent")), created.Version, Ct));
    }

    [Fact]
    public async Task TryRecordStage_IsInsertUnique_AndKeepsTheFirstResult()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        await store.CreateRunAsync(Samples.Header(runId), Ct);
        var first = Samples.EngineStage(runId);
        var second = new StageRecord(StageKey.ForEngine(EngineKind.Hedge), StageOutcome.Failed, "redelivered attempt failed");

        Assert.True(await store.TryRecordStageAsync(runId, first, Ct));
        Assert.False(await store.TryRecordStageAsync(runId, second, Ct));

        var stored = await store.GetStageAsync(runId, StageKey.ForEngine(EngineKind.Hedge), Ct);
        Assert.NotNull(stored);
        Assert.Equal(StageRecordJson.Serialize(first), StageRecordJson.Serialize(stored));
        Assert.Null(await store.GetStageAsync(runId, StageKey.Snapshot, Ct));
    }

    [Fact]
    public async Task GetStages_ReturnsEveryStageButNotTheHeader()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        await store.CreateRunAsync(Samples.Header(runId), Ct);
        foreach (var kind in Enum.GetValues<EngineKind>())
        {
            Assert.True(await store.TryRecordStageAsync(runId, Samples.EngineStage(runId, kind), Ct));
        }
        Assert.True(await store.TryRecordStageAsync(runId, Samples.SnapshotStage(runId), Ct));
        Assert.True(await store.TryRecordStageAsync(
            runId, new StageRecord(StageKey.ForAgent("primary_hedge"), StageOutcome.Ok, null, suggestion: Samples.Suggestion(runId)), Ct));

        var stages = await store.GetStagesAsync(runId, Ct);
        Assert.Equal(
            ["agent.primary_hedge", "engine.elasticity", "engine.hedge", "engine.liquidity", "engine.sentiment", "snapshot"],
            stages.Select(s => s.Key.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task GetRunView_ReadsTheHeaderAndTheAskedStagesInOneQuery_AndItsVersionGuardsUpdates()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var created = await store.CreateRunAsync(Samples.Header(runId), Ct);
        Assert.True(await store.TryRecordStageAsync(runId, Samples.EngineStage(runId, EngineKind.Hedge), Ct));
        Assert.True(await store.TryRecordStageAsync(runId, Samples.EngineStage(runId, EngineKind.Liquidity), Ct));
        Assert.True(await store.TryRecordStageAsync(runId, Samples.SnapshotStage(runId, bigMetadata: Samples.Text(150_000)), Ct));

        var view = await store.GetRunViewAsync(runId, [StageKey.ForEngine(EngineKind.Hedge), StageKey.Snapshot, StageKey.Trade], Ct);

        Assert.NotNull(view);
        AssertHeaderEqual(Samples.Header(runId), view.Header);
        Assert.Equal(["engine.hedge", "snapshot"], view.Stages.Keys.Order(StringComparer.Ordinal)); // trade is not recorded, liquidity not asked
        Assert.Equal(StageRecordJson.Serialize(Samples.SnapshotStage(runId, bigMetadata: Samples.Text(150_000))), StageRecordJson.Serialize(view.Stage(StageKey.Snapshot)!));
        Assert.Null(view.Stage(StageKey.ForEngine(EngineKind.Liquidity)));
        Assert.Equal(created.Version, view.Run.Version); // the query's ETag is the header's

        var all = await store.GetRunViewAsync(runId, null, Ct);
        Assert.Equal(["engine.hedge", "engine.liquidity", "snapshot"], all!.Stages.Keys.Order(StringComparer.Ordinal));
        var none = await store.GetRunViewAsync(runId, [], Ct);
        Assert.Empty(none!.Stages);
        Assert.Null(await store.GetRunViewAsync(UniqueRunId("absent"), null, Ct));

        // The view's version is a real ETag: an update at it succeeds once, the next at the same version is refused.
        var running = view.Header with { Status = RunStatus.Running };
        Assert.NotNull(await store.TryUpdateRunAsync(running, view.Run.Version, Ct));
        Assert.Null(await store.TryUpdateRunAsync(running, view.Run.Version, Ct));
    }

    [Fact]
    public async Task APayloadOver64KB_IsSplitAcrossProperties_AndRoundTrips()
    {
        var (store, blobs) = NewStore();
        var runId = UniqueRunId();
        var record = Samples.SnapshotStage(runId, bigMetadata: Samples.Text(150_000));
        var json = StageRecordJson.Serialize(record);
        Assert.True(json.Length > 65_536, "the payload must exceed 64 KiB");

        Assert.True(await store.TryRecordStageAsync(runId, record, Ct));

        var entity = (await store.Table.GetEntityAsync<TableEntity>(runId, "snapshot", cancellationToken: Ct)).Value;
        var chunks = entity.GetInt32("PayloadChunks");
        Assert.NotNull(chunks);
        Assert.True(chunks >= 5, $"expected at least 5 chunks, got {chunks}");
        Assert.False(entity.ContainsKey("PayloadBlob"));
        for (var i = 0; i < chunks; i++)
        {
            Assert.True(entity.GetString($"Payload{i}")!.Length <= EntityText.ChunkChars);
        }
        Assert.Empty(await blobs.ListAsync("", Ct));

        var read = await store.GetStageAsync(runId, StageKey.Snapshot, Ct);
        Assert.Equal(json, StageRecordJson.Serialize(read!));
    }

    [Fact]
    public async Task APayloadOver1MB_GoesToABlob_AndRoundTrips()
    {
        var (store, blobs) = NewStore();
        var runId = UniqueRunId();
        var record = Samples.EngineStage(runId, bigMetadata: Samples.Text(1_200_000));
        var json = StageRecordJson.Serialize(record);
        Assert.True(json.Length > 1_048_576);

        Assert.True(await store.TryRecordStageAsync(runId, record, Ct));
        Assert.False(await store.TryRecordStageAsync(runId, record, Ct));

        var entity = (await store.Table.GetEntityAsync<TableEntity>(runId, "engine.hedge", cancellationToken: Ct)).Value;
        var blobName = entity.GetString("PayloadBlob");
        Assert.NotNull(blobName);
        Assert.StartsWith($"runs/{runId}/engine.hedge/", blobName);
        Assert.False(entity.ContainsKey("Payload0"));
        Assert.Equal([blobName], await blobs.ListAsync($"runs/{runId}/", Ct));

        var read = await store.GetStageAsync(runId, StageKey.ForEngine(EngineKind.Hedge), Ct);
        Assert.Equal(json, StageRecordJson.Serialize(read!));
        Assert.Single(await store.GetStagesAsync(runId, Ct));
    }

    [Fact]
    public async Task AMissingChunk_IsReported_NeverReturnedTruncated()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        Assert.True(await store.TryRecordStageAsync(runId, Samples.SnapshotStage(runId, bigMetadata: Samples.Text(100_000)), Ct));
        var entity = (await store.Table.GetEntityAsync<TableEntity>(runId, "snapshot", cancellationToken: Ct)).Value;
        entity.Remove("Payload1");
        await store.Table.UpdateEntityAsync(entity, global::Azure.ETag.All, TableUpdateMode.Replace, Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetStageAsync(runId, StageKey.Snapshot, Ct));
        Assert.Contains("chunk 1", error.Message);
    }

    [Fact]
    public async Task ALongFailureReason_RoundTripsUntruncated()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var created = await store.CreateRunAsync(Samples.Header(runId), Ct);
        var reason = "stack: " + Samples.Text(90_000);
        Assert.NotNull(await store.TryUpdateRunAsync(Samples.Header(runId, RunStatus.Failed, reason: reason), created.Version, Ct));
        Assert.Equal(reason, (await store.GetRunAsync(runId, Ct))!.Header.Reason);
    }

    [Fact]
    public async Task ListStuck_ReturnsOpenRunsUpdatedBeforeTheCutoff_OldestFirst()
    {
        var (store, _) = NewStore();
        var cutoff = new DateTimeOffset(2025, 3, 14, 16, 0, 0, TimeSpan.Zero);
        var cases = new (string Name, RunStatus Status, DateTimeOffset UpdatedAt)[]
        {
            ("pending-old", RunStatus.Pending, cutoff.AddMinutes(-30)),
            ("running-old", RunStatus.Running, cutoff.AddMinutes(-45)),
            ("running-other-offset", RunStatus.Running, cutoff.AddMinutes(-5).ToOffset(TimeSpan.FromHours(-4))),
            ("running-new", RunStatus.Running, cutoff.AddMinutes(1)),
            ("running-at-cutoff", RunStatus.Running, cutoff),
            ("completed-old", RunStatus.Completed, cutoff.AddHours(-2)),
            ("failed-old", RunStatus.Failed, cutoff.AddHours(-2)),
        };
        var ids = new Dictionary<string, string>();
        foreach (var c in cases)
        {
            var runId = UniqueRunId(c.Name);
            ids[c.Name] = runId;
            await store.CreateRunAsync(Samples.Header(runId, c.Status, c.UpdatedAt), Ct);
            await store.TryRecordStageAsync(runId, Samples.EngineStage(runId), Ct); // stage rows must not be listed
        }

        var stuck = await store.ListStuckAsync(cutoff, Ct);
        Assert.Equal(
            [ids["running-old"], ids["pending-old"], ids["running-other-offset"]],
            stuck.Select(h => h.RunId));
    }

    [Fact]
    public async Task StageAndHeader_InOneTransaction_CommitTogether()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var created = await store.CreateRunAsync(Samples.Header(runId), Ct);
        var header = Samples.Header(runId, RunStatus.Running) with { Arrived = ["engine.hedge"] };

        var result = await store.TryRecordStageAndUpdateRunAsync(header, created.Version, Samples.EngineStage(runId), Ct);

        Assert.Equal(RunTransactionOutcome.Committed, result.Outcome);
        var read = await store.GetRunAsync(runId, Ct);
        Assert.Equal(result.Version, read!.Version);
        Assert.Equal(["engine.hedge"], read.Header.Arrived);
        Assert.NotNull(await store.GetStageAsync(runId, StageKey.ForEngine(EngineKind.Hedge), Ct));
    }

    [Fact]
    public async Task Transaction_WithAStaleETag_IsRolledBackWhole()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var created = await store.CreateRunAsync(Samples.Header(runId), Ct);
        var moved = await store.TryUpdateRunAsync(Samples.Header(runId, RunStatus.Running), created.Version, Ct);
        Assert.NotNull(moved);

        var result = await store.TryRecordStageAndUpdateRunAsync(
            Samples.Header(runId, RunStatus.Running) with { Arrived = ["engine.hedge"] }, created.Version, Samples.EngineStage(runId), Ct);

        Assert.Equal(RunTransactionOutcome.VersionConflict, result.Outcome);
        Assert.Null(result.Version);
        Assert.Null(await store.GetStageAsync(runId, StageKey.ForEngine(EngineKind.Hedge), Ct)); // the insert was rolled back
        var read = await store.GetRunAsync(runId, Ct);
        Assert.Equal(moved, read!.Version);
        Assert.Empty(read.Header.Arrived);
    }

    [Fact]
    public async Task Transaction_WithADuplicateStage_LeavesTheHeaderUnchanged()
    {
        var (store, _) = NewStore();
        var runId = UniqueRunId();
        var created = await store.CreateRunAsync(Samples.Header(runId), Ct);
        Assert.True(await store.TryRecordStageAsync(runId, Samples.EngineStage(runId), Ct));

        var result = await store.TryRecordStageAndUpdateRunAsync(
            Samples.Header(runId, RunStatus.Running) with { Arrived = ["engine.hedge"] }, created.Version, Samples.EngineStage(runId), Ct);

        Assert.Equal(RunTransactionOutcome.StageAlreadyRecorded, result.Outcome);
        var read = await store.GetRunAsync(runId, Ct);
        Assert.Equal(created.Version, read!.Version);
        Assert.Equal(RunStatus.Pending, read.Header.Status);
    }

    [Fact]
    public void AnInvalidTableName_IsRejectedWithTheName()
    {
        var error = Assert.Throws<ArgumentException>(() => new TableRunStateStore(Connection.CreateTableServiceClient(), NewPayloadStore(), "bad-name"));
        Assert.Contains("bad-name", error.Message);
    }

    [Fact]
    public async Task AnInvalidRunId_IsRejectedBeforeAnyRequest()
    {
        var (store, _) = NewStore();
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetRunAsync("bad/run#id", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryRecordStageAsync("", Samples.EngineStage("x"), Ct));
    }

    private static void AssertHeaderEqual(RunHeader expected, RunHeader actual)
    {
        Assert.Equal(expected.RunId, actual.RunId);
        Assert.Equal(expected.Symbol, actual.Symbol);
        Assert.Equal(expected.AsOf, actual.AsOf);
        Assert.Equal(expected.ConfigurationFingerprint, actual.ConfigurationFingerprint);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Reason, actual.Reason);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.Arrived, actual.Arrived);
        Assert.Equal(expected.Fired, actual.Fired);
        Assert.Equal(expected.Redrives, actual.Redrives);
    }
}
