using SuperGnosis.Azure.Tables;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Tables;

/// <summary>
/// 50 runs at once over one <c>runs</c> table: every engine stage of every run is delivered twice, all in parallel,
/// and each delivery counts its arrival into the run header under ETag concurrency. Every run must end with its four
/// arrivals and exactly one snapshot fan-in fired.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunStateConcurrencyTests(AzuriteFixture azurite) : AzuriteTest(azurite)
{
    private const int Runs = 50;
    private static readonly EngineKind[] Engines = Enum.GetValues<EngineKind>();

    [Fact]
    public async Task FiftyRuns_WithDuplicatedParallelStageWrites_EachFireTheirFanInOnce()
    {
        var store = new TableRunStateStore(Connection.CreateTableServiceClient(), NewPayloadStore(), UniqueTable("runs"));
        var runIds = Enumerable.Range(0, Runs).Select(i => UniqueRunId($"c{i}")).ToArray();
        var deliveries = runIds.SelectMany(r => Engines.SelectMany(e => new[] { (r, e), (r, e) })).OrderBy(_ => Random.Shared.Next()).ToArray();
        var fired = 0;
        var recorded = 0;
        var conflicts = 0;

        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = Ct }, async (delivery, ct) =>
        {
            var (runId, engine) = delivery;
            await store.CreateRunAsync(Samples.Header(runId), ct); // every delivery may be the first to see the run
            if (await store.TryRecordStageAsync(runId, Samples.EngineStage(runId, engine), ct))
            {
                Interlocked.Increment(ref recorded);
            }
            var key = StageKey.ForEngine(engine).Name;
            while (true)
            {
                var current = (await store.GetRunAsync(runId, ct))!;
                if (current.Header.Arrived.Contains(key))
                {
                    return; // a redelivery: already counted
                }
                var arrived = current.Header.Arrived.Append(key).ToArray();
                var fires = arrived.Length == Engines.Length && current.Header.Fired.All(f => f.Name != "snapshot");
                var next = current.Header with
                {
                    Status = RunStatus.Running,
                    Arrived = arrived,
                    Fired = fires ? [.. current.Header.Fired, new FanInTransition("snapshot", key)] : current.Header.Fired,
                    UpdatedAt = Samples.AsOf.AddSeconds(arrived.Length),
                };
                if (await store.TryUpdateRunAsync(next, current.Version, ct) is not null)
                {
                    if (fires)
                    {
                        Interlocked.Increment(ref fired);
                    }
                    return;
                }
                Interlocked.Increment(ref conflicts);
            }
        });

        Assert.Equal(Runs * Engines.Length, recorded);
        Assert.Equal(Runs, fired);
        foreach (var runId in runIds)
        {
            var header = (await store.GetRunAsync(runId, Ct))!.Header;
            Assert.Equal(Engines.Length, header.Arrived.Distinct().Count());
            Assert.Equal(Engines.Length, header.Arrived.Count);
            Assert.Single(header.Fired);
            Assert.Equal(Engines.Length, (await store.GetStagesAsync(runId, Ct)).Count);
        }
    }

    [Fact]
    public async Task FiftyRuns_UsingTheStagePlusHeaderTransaction_CountEachArrivalExactlyOnce()
    {
        var store = new TableRunStateStore(Connection.CreateTableServiceClient(), NewPayloadStore(), UniqueTable("runs"));
        var runIds = Enumerable.Range(0, Runs).Select(i => UniqueRunId($"t{i}")).ToArray();
        foreach (var runId in runIds)
        {
            await store.CreateRunAsync(Samples.Header(runId), Ct);
        }
        var deliveries = runIds.SelectMany(r => Engines.SelectMany(e => new[] { (r, e), (r, e) })).OrderBy(_ => Random.Shared.Next()).ToArray();
        var fired = 0;
        var duplicates = 0;

        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = Ct }, async (delivery, ct) =>
        {
            var (runId, engine) = delivery;
            var key = StageKey.ForEngine(engine).Name;
            while (true)
            {
                var current = (await store.GetRunAsync(runId, ct))!;
                var arrived = current.Header.Arrived.Append(key).ToArray();
                var fires = arrived.Length == Engines.Length;
                var next = current.Header with
                {
                    Status = RunStatus.Running,
                    Arrived = arrived,
                    Fired = fires ? [new FanInTransition("snapshot", key)] : current.Header.Fired,
                };
                var result = await store.TryRecordStageAndUpdateRunAsync(next, current.Version, Samples.EngineStage(runId, engine), ct);
                switch (result.Outcome)
                {
                    case RunTransactionOutcome.Committed:
                        if (fires)
                        {
                            Interlocked.Increment(ref fired);
                        }
                        return;
                    case RunTransactionOutcome.StageAlreadyRecorded:
                        Interlocked.Increment(ref duplicates); // its arrival was counted in the same transaction
                        return;
                    default:
                        continue; // the header moved: re-read and retry
                }
            }
        });

        Assert.Equal(Runs, fired);
        Assert.Equal(Runs * Engines.Length, duplicates);
        foreach (var runId in runIds)
        {
            var header = (await store.GetRunAsync(runId, Ct))!.Header;
            Assert.Equal(Engines.Length, header.Arrived.Distinct().Count());
            Assert.Equal(Engines.Length, header.Arrived.Count);
            Assert.Single(header.Fired);
        }
    }
}
