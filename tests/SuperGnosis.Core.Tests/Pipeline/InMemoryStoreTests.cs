using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>The in-memory run state store honours every rule of the port.</summary>
public sealed class InMemoryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 15, 0, 0, TimeSpan.Zero);

    private static RunHeader Header(string runId, DateTimeOffset updated, RunStatus status = RunStatus.Pending) =>
        new(runId, "SPY", T0, "", status, null, T0, updated, [], [], 0);

    [Fact]
    public async Task Create_is_idempotent_and_keeps_the_stored_header()
    {
        var store = new InMemoryRunStateStore();
        var created = await store.CreateRunAsync(Header("run-a", T0), CancellationToken.None);
        Assert.True((await store.TryUpdateRunAsync(created.Header with { Status = RunStatus.Running }, created.Version, CancellationToken.None)) is not null);
        var again = await store.CreateRunAsync(Header("run-a", T0.AddHours(1)), CancellationToken.None);
        Assert.Equal(RunStatus.Running, again.Header.Status);
        Assert.Equal(T0, again.Header.UpdatedAt);
        Assert.Equal(1, store.Count);
        Assert.Null(await store.GetRunAsync("run-b", CancellationToken.None));
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_an_unknown_run_throws()
    {
        var store = new InMemoryRunStateStore();
        var v1 = await store.CreateRunAsync(Header("run-a", T0), CancellationToken.None);
        var v2 = await store.TryUpdateRunAsync(v1.Header with { Arrived = ["engine.hedge"] }, v1.Version, CancellationToken.None);
        Assert.NotNull(v2);
        Assert.NotEqual(v1.Version, v2);
        Assert.Null(await store.TryUpdateRunAsync(v1.Header with { Arrived = ["engine.liquidity"] }, v1.Version, CancellationToken.None));
        Assert.Equal(["engine.hedge"], (await store.GetRunAsync("run-a", CancellationToken.None))!.Header.Arrived);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.TryUpdateRunAsync(Header("run-x", T0), "1", CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.TryRecordStageAsync("run-x", new StageRecord(StageKey.Trade, StageOutcome.Ok, null), CancellationToken.None));
    }

    [Fact]
    public async Task Stage_records_are_insert_unique()
    {
        var store = new InMemoryRunStateStore();
        await store.CreateRunAsync(Header("run-a", T0), CancellationToken.None);
        Assert.True(await store.TryRecordStageAsync("run-a", new StageRecord(StageKey.Trade, StageOutcome.Failed, "first"), CancellationToken.None));
        Assert.False(await store.TryRecordStageAsync("run-a", new StageRecord(StageKey.Trade, StageOutcome.Ok, null), CancellationToken.None));
        Assert.Equal("first", (await store.GetStageAsync("run-a", StageKey.Trade, CancellationToken.None))!.Reason);
        Assert.Null(await store.GetStageAsync("run-a", StageKey.Ledger, CancellationToken.None));
        Assert.Single(await store.GetStagesAsync("run-a", CancellationToken.None));
        Assert.Empty(await store.GetStagesAsync("run-x", CancellationToken.None));
    }

    [Fact]
    public async Task A_view_holds_the_header_at_its_version_and_only_the_recorded_stages_asked_for()
    {
        var store = new InMemoryRunStateStore();
        var created = await store.CreateRunAsync(Header("run-a", T0), CancellationToken.None);
        await store.TryRecordStageAsync("run-a", new StageRecord(StageKey.Trade, StageOutcome.Failed, "first"), CancellationToken.None);
        await store.TryRecordStageAsync("run-a", new StageRecord(StageKey.Composer, StageOutcome.Skipped, "no primary suggestions"), CancellationToken.None);

        var view = await store.GetRunViewAsync("run-a", [StageKey.Trade, StageKey.Ledger], CancellationToken.None);

        Assert.NotNull(view);
        Assert.Equal(created.Version, view.Run.Version);
        Assert.Equal(["trade"], view.Stages.Keys);
        Assert.Equal("first", view.Stage(StageKey.Trade)!.Reason);
        Assert.Null(view.Stage(StageKey.Ledger));
        Assert.Null(view.Stage(StageKey.Composer)); // recorded, not asked for
        Assert.Equal(["composer", "trade"], (await store.GetRunViewAsync("run-a", null, CancellationToken.None))!.Stages.Keys.Order(StringComparer.Ordinal));
        Assert.Null(await store.GetRunViewAsync("run-x", null, CancellationToken.None));
        Assert.NotNull(await store.TryUpdateRunAsync(view.Header with { Status = RunStatus.Running }, view.Run.Version, CancellationToken.None));
        Assert.Null(await store.TryUpdateRunAsync(view.Header with { Status = RunStatus.Failed }, view.Run.Version, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_conditional_updates_lose_nothing()
    {
        var store = new InMemoryRunStateStore();
        await store.CreateRunAsync(Header("run-a", T0), CancellationToken.None);
        var keys = Enumerable.Range(0, 200).Select(i => "k" + i).ToList();
        await Task.WhenAll(keys.Select(k => Task.Run(() => store.UpdateRunAsync("run-a", h => h with { Arrived = [.. h.Arrived, k] }, CancellationToken.None))));
        Assert.Equal(keys.Order(StringComparer.Ordinal), (await store.GetRunAsync("run-a", CancellationToken.None))!.Header.Arrived.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<UnknownRunException>(() => store.UpdateRunAsync("run-x", h => h, CancellationToken.None));
    }

    [Fact]
    public async Task ListStuck_returns_unfinished_runs_not_updated_since_the_deadline()
    {
        var store = new InMemoryRunStateStore();
        await store.CreateRunAsync(Header("run-old-pending", T0), CancellationToken.None);
        await store.CreateRunAsync(Header("run-old-running", T0, RunStatus.Running), CancellationToken.None);
        await store.CreateRunAsync(Header("run-old-done", T0, RunStatus.Completed), CancellationToken.None);
        await store.CreateRunAsync(Header("run-old-failed", T0, RunStatus.Failed), CancellationToken.None);
        await store.CreateRunAsync(Header("run-fresh", T0.AddMinutes(10)), CancellationToken.None);
        var stuck = await store.ListStuckAsync(T0.AddMinutes(5), CancellationToken.None);
        Assert.Equal(["run-old-pending", "run-old-running"], stuck.Select(h => h.RunId).Order(StringComparer.Ordinal));
        Assert.Empty(await store.ListStuckAsync(T0, CancellationToken.None));
    }

    [Fact]
    public async Task Mark_completed_and_failed_follow_the_status_rules()
    {
        var store = new InMemoryRunStateStore();
        await store.CreateRunAsync(Header("run-a", T0), CancellationToken.None);
        var failed = await store.MarkFailedAsync("run-a", "stuck", T0.AddMinutes(1), CancellationToken.None);
        Assert.Equal((RunStatus.Failed, "stuck"), (failed.Status, failed.Reason));
        Assert.Equal("stuck", (await store.MarkFailedAsync("run-a", "other", T0, CancellationToken.None)).Reason);
        // Its ledger record got written after all: the result exists, so it is completed.
        var completed = await store.MarkCompletedAsync("run-a", T0.AddMinutes(2), CancellationToken.None);
        Assert.Equal((RunStatus.Completed, null), (completed.Status, completed.Reason));
        Assert.Equal(RunStatus.Completed, (await store.MarkFailedAsync("run-a", "late", T0, CancellationToken.None)).Status);
        Assert.True(store.Forget("run-a"));
        Assert.Equal(0, store.Count);
    }
}
