using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Messaging;
using SuperGnosis.Server.Scheduling;
using SuperGnosis.Server.Tests.Support;

namespace SuperGnosis.Server.Tests;

/// <summary>
/// The market-hours scheduler and the stuck-run sweeper as hosted services of <c>gnosis serve</c>, on a fake clock: they
/// fire at their NCRONTAB occurrences (UTC) and do what the Functions app's timers do.
/// </summary>
public sealed class TimerServiceTests
{
    private static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_scheduler_starts_one_run_per_watchlist_symbol_at_each_firing_inside_the_session()
    {
        // Monday 2026-03-02, 09:29:30 New York (EST): the first firing at 09:30:00 is the open (inclusive).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 14, 29, 30, TimeSpan.Zero));
        await using var serve = await ServeTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SuperGnosis:Scheduler:Watchlist:0"] = "SPY",
            ["SuperGnosis:Scheduler:Watchlist:1"] = "QQQ",
            ["SuperGnosis:Scheduler:Schedule"] = "0 */15 * * * 1-5",
        }, services: s => s.AddSingleton<TimeProvider>(clock));
        var scheduler = Service<MarketHoursSchedulerService>(serve);
        var fingerprint = serve.Get<RunFingerprint>().Value;
        var open = new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.Zero);

        await WaitUntilAsync(() => scheduler.NextFiring == open);
        Assert.Equal(0, scheduler.Firings);
        await AdvanceUntilAsync(clock, () => scheduler.Firings == 1);

        string[] ids = [RunIds.ForRun("SPY", open, fingerprint), RunIds.ForRun("QQQ", open, fingerprint)];
        foreach (var id in ids)
        {
            using var run = await serve.WaitForRunAsync(id);
            Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
            Assert.Equal(open, run.RootElement.GetProperty("result").GetProperty("snapshot").GetProperty("timestamp").GetDateTimeOffset());
        }
        Assert.Equal(0, scheduler.Failures);
        Assert.Equal(open.AddMinutes(15), scheduler.NextFiring);
    }

    [Fact]
    public async Task Firings_outside_the_session_start_nothing()
    {
        // Saturday 2026-03-07: the schedule fires every minute, the session filter keeps everything closed.
        var start = new DateTimeOffset(2026, 3, 7, 15, 29, 30, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var sent = new ConcurrentBag<OutboundMessage>();
        await using var serve = await ServeTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SuperGnosis:Scheduler:Watchlist:0"] = "SPY",
            ["SuperGnosis:Scheduler:Schedule"] = "0 * * * * *",
        }, services: s => s.AddSingleton<TimeProvider>(clock),
           configure: sg => sg.UseMessageSender(sp => new RecordingSender(sp.GetRequiredService<MassTransitMessageSender>(), sent)));
        var scheduler = Service<MarketHoursSchedulerService>(serve);

        await WaitUntilAsync(() => scheduler.NextFiring is not null);
        await AdvanceUntilAsync(clock, () => scheduler.Firings >= 3);

        Assert.Equal(0, scheduler.Failures);
        Assert.Empty(sent);
        for (var minute = 0; minute <= 3; minute++)
        {
            var at = start.AddSeconds(30).AddMinutes(minute);
            Assert.Null(await serve.Runs.GetRunAsync(RunIds.ForRun("SPY", at, serve.Get<RunFingerprint>().Value), CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_sweeper_re_drives_a_run_whose_start_messages_were_lost_and_it_completes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 16, 0, 20, TimeSpan.Zero));
        var lose = new LosingSender.Plan { LoseFirst = 1 };
        await using var serve = await ServeTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SuperGnosis:Sweeper:Schedule"] = "0 * * * * *",
            ["SuperGnosis:Sweeper:StuckAfter"] = "00:01:00",
            ["SuperGnosis:Sweeper:MaxRedrives"] = "2",
        }, services: s => s.AddSingleton<TimeProvider>(clock),
           configure: sg => sg.UseMessageSender(sp => new LosingSender(sp.GetRequiredService<MassTransitMessageSender>(), lose)));
        var sweeper = Service<StuckRunSweeperService>(serve);
        var asOf = new DateTimeOffset(2026, 3, 2, 15, 50, 0, TimeSpan.Zero);

        var started = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", $$"""{"symbol":"GLD","as_of":"{{asOf:O}}"}""");
        using var body = JsonDocument.Parse(started.Body);
        var runId = body.RootElement.GetProperty("run_id").GetString()!;
        Assert.Equal(1, lose.Lost); // the start messages never reached the bus
        Assert.Equal(RunStatus.Pending, (await serve.Runs.GetRunAsync(runId, CancellationToken.None))!.Header.Status);

        // 16:01:00 is too early (not stuck for a minute yet); 16:02:00 re-drives it.
        await WaitUntilAsync(() => sweeper.NextFiring is not null);
        await AdvanceUntilAsync(clock, () => sweeper.Firings >= 2);

        using var run = await serve.WaitForRunAsync(runId);
        Assert.Equal("completed", run.RootElement.GetProperty("status").GetString());
        var reference = await serve.InProcessAsync("GLD", asOf);
        Assert.Equal(JsonSerializer.Serialize(reference.ToReport(), ContractJson.Compact.AnalysisReport), run.RootElement.GetProperty("result").GetRawText());
        Assert.Equal(0, sweeper.Failures);
    }

    [Fact]
    public async Task The_sweeper_fails_a_run_it_cannot_move_after_the_configured_re_drives()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 16, 0, 20, TimeSpan.Zero));
        var lose = new LosingSender.Plan { LoseFirst = int.MaxValue };
        await using var serve = await ServeTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SuperGnosis:Sweeper:Schedule"] = "0 * * * * *",
            ["SuperGnosis:Sweeper:StuckAfter"] = "00:01:00",
            ["SuperGnosis:Sweeper:MaxRedrives"] = "1",
        }, services: s => s.AddSingleton<TimeProvider>(clock),
           configure: sg => sg.UseMessageSender(sp => new LosingSender(sp.GetRequiredService<MassTransitMessageSender>(), lose)));
        var sweeper = Service<StuckRunSweeperService>(serve);
        var asOf = new DateTimeOffset(2026, 3, 2, 15, 55, 0, TimeSpan.Zero);

        var started = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", $$"""{"symbol":"SLV","as_of":"{{asOf:O}}"}""");
        using var body = JsonDocument.Parse(started.Body);
        var runId = body.RootElement.GetProperty("run_id").GetString()!;

        await WaitUntilAsync(() => sweeper.NextFiring is not null);
        await AdvanceUntilAsync(clock, async () => (await serve.Runs.GetRunAsync(runId, CancellationToken.None))!.Header.Status == RunStatus.Failed, maxSteps: 400);

        using var run = await serve.WaitForRunAsync(runId);
        Assert.Equal("failed", run.RootElement.GetProperty("status").GetString());
        Assert.Contains("re-drive", run.RootElement.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(run.RootElement.TryGetProperty("result", out _));
        Assert.True(lose.Lost >= 2, $"start and one re-drive lost, got {lose.Lost}");
    }

    [Fact]
    public async Task A_stage_that_keeps_failing_is_retried_then_its_run_is_failed_with_the_reason()
    {
        var store = new HedgeNeverRecorded(new Core.Pipeline.InMemory.InMemoryRunStateStore());
        await using var serve = await ServeTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SuperGnosis:Bus:Retry:Limit"] = "3",
            ["SuperGnosis:Bus:Retry:MinInterval"] = "00:00:00.02",
            ["SuperGnosis:Bus:Retry:MaxInterval"] = "00:00:00.1",
            ["SuperGnosis:Bus:Retry:IntervalDelta"] = "00:00:00.02",
        }, configure: sg => sg.UseRunStateStore(_ => store));
        var asOf = new DateTimeOffset(2026, 3, 2, 15, 35, 0, TimeSpan.Zero);

        var started = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/runs", $$"""{"symbol":"TLT","as_of":"{{asOf:O}}"}""");
        using var body = JsonDocument.Parse(started.Body);
        var runId = body.RootElement.GetProperty("run_id").GetString()!;

        // The bus delivers the hedge engine's message 4 times (the first delivery and 3 retries), then the message is
        // poison: the run is failed at once with the reason, without waiting for the sweeper.
        using var run = await serve.WaitForRunAsync(runId);
        Assert.Equal("failed", run.RootElement.GetProperty("status").GetString());
        Assert.Equal("a RunRequested message could not be handled on sg-engine-hedge (3 retries) and was moved to sg-engine-hedge_error: "
            + "IOException: the hedge result could not be written", run.RootElement.GetProperty("reason").GetString());
        Assert.Equal(4, Volatile.Read(ref store.HedgeAttempts));
        Assert.False(run.RootElement.TryGetProperty("result", out _));
    }

    private static T Service<T>(ServeTestHost serve) => serve.Services.GetServices<IHostedService>().OfType<T>().Single();

    /// <summary>Moves the fake clock in one-second steps (letting the services react in real time) until <paramref name="done"/>.</summary>
    private static Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> done, int maxSteps = 200) =>
        AdvanceUntilAsync(clock, () => Task.FromResult(done()), maxSteps);

    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<Task<bool>> done, int maxSteps = 200)
    {
        var deadline = DateTime.UtcNow + RealTimeout;
        for (var step = 0; !await done(); step++)
        {
            Assert.True(step < maxSteps && DateTime.UtcNow < deadline, $"not done after {step} fake seconds (clock {clock.GetUtcNow():O})");
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + RealTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(10);
        }
    }

    /// <summary>A run store whose hedge-engine result can never be recorded (a storage failure that does not heal).</summary>
    private sealed class HedgeNeverRecorded(IRunStateStore inner) : IRunStateStore
    {
        public int HedgeAttempts;

        public Task<bool> TryRecordStageAsync(string runId, StageRecord record, CancellationToken cancellationToken)
        {
            if (record.Key.Name == "engine.hedge")
            {
                Interlocked.Increment(ref HedgeAttempts);
                throw new IOException("the hedge result could not be written");
            }
            return inner.TryRecordStageAsync(runId, record, cancellationToken);
        }

        public Task<RunTransactionResult> TryRecordStageAndUpdateRunAsync(RunHeader header, string expectedVersion, StageRecord record, CancellationToken cancellationToken)
        {
            if (record.Key.Name == "engine.hedge")
            {
                Interlocked.Increment(ref HedgeAttempts);
                throw new IOException("the hedge result could not be written");
            }
            return inner.TryRecordStageAndUpdateRunAsync(header, expectedVersion, record, cancellationToken);
        }

        public Task<VersionedRun> CreateRunAsync(RunHeader header, CancellationToken cancellationToken) => inner.CreateRunAsync(header, cancellationToken);

        public Task<VersionedRun?> GetRunAsync(string runId, CancellationToken cancellationToken) => inner.GetRunAsync(runId, cancellationToken);

        public Task<string?> TryUpdateRunAsync(RunHeader header, string expectedVersion, CancellationToken cancellationToken) =>
            inner.TryUpdateRunAsync(header, expectedVersion, cancellationToken);

        public Task<StageRecord?> GetStageAsync(string runId, StageKey key, CancellationToken cancellationToken) => inner.GetStageAsync(runId, key, cancellationToken);

        public Task<IReadOnlyList<StageRecord>> GetStagesAsync(string runId, CancellationToken cancellationToken) => inner.GetStagesAsync(runId, cancellationToken);

        public Task<RunView?> GetRunViewAsync(string runId, IReadOnlyCollection<StageKey>? keys, CancellationToken cancellationToken) =>
            inner.GetRunViewAsync(runId, keys, cancellationToken);

        public Task<IReadOnlyList<RunHeader>> ListStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken) =>
            inner.ListStuckAsync(updatedBefore, cancellationToken);
    }

    /// <summary>Records every message, then sends it.</summary>
    private sealed class RecordingSender(IPipelineMessageSender inner, ConcurrentBag<OutboundMessage> sent) : IPipelineMessageSender
    {
        public Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
            {
                sent.Add(message);
            }
            return inner.SendAsync(messages, cancellationToken);
        }
    }

    /// <summary>Drops the first <see cref="Plan.LoseFirst"/> batches bound for the engine stages (a crash between "recorded" and "sent").</summary>
    private sealed class LosingSender(IPipelineMessageSender inner, LosingSender.Plan plan) : IPipelineMessageSender
    {
        public sealed class Plan
        {
            public int LoseFirst { get; init; }

            public int Attempts;

            public int Lost;
        }

        public Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
        {
            if (messages.Count > 0 && messages.All(m => m.To.Route == StageRoute.Engine) && Interlocked.Increment(ref plan.Attempts) <= plan.LoseFirst)
            {
                Interlocked.Increment(ref plan.Lost);
                return Task.CompletedTask;
            }
            return inner.SendAsync(messages, cancellationToken);
        }
    }
}
