using System.Text.Json;
using Azure.Storage.Blobs;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Functions.Tests.Harness;
using SuperGnosis.Server.Jobs;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Testing;

namespace SuperGnosis.Functions.Tests;

/// <summary>The timers' work: the market-hours scheduler, the stuck-run sweeper and the ledger metrics.</summary>
[Collection("azurite")]
public sealed class TimerTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("2026-03-07T15:30:00Z")] // Saturday
    [InlineData("2026-03-02T14:29:00Z")] // Monday 09:29 New York (EST), before the open
    [InlineData("2026-03-02T21:00:00Z")] // Monday 16:00 New York, the close (exclusive)
    [InlineData("2026-12-25T15:30:00Z")] // Christmas Day
    [InlineData("2026-11-27T18:30:00Z")] // Day after Thanksgiving 13:30 New York, after the 13:00 early close
    [InlineData("2026-11-02T14:15:00Z")] // Monday after the fall-back: 09:15 EST (14:15Z was 10:15 EDT the week before)
    public async Task The_scheduler_starts_nothing_outside_the_session(string firedAt)
    {
        var at = DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture);
        await using var app = new TestApp(azurite, new ManualTime(at));
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        await harness.PurgeAsync();

        var started = await app.Get<MarketHoursRunStarter>().RunAsync(CancellationToken.None);

        Assert.Empty(started);
        Assert.Equal(0, await harness.CountAsync(StageQueues.EngineHedge));
        foreach (var symbol in new[] { "SPY", "QQQ" })
        {
            Assert.Null(await app.Runs.GetRunAsync(RunIds.ForRun(symbol, at, app.Get<RunFingerprint>().Value), CancellationToken.None));
        }
    }

    [Theory]
    [InlineData("2026-03-02T14:30:00Z")] // Monday 09:30 EST, the open (inclusive)
    [InlineData("2026-03-09T13:45:00Z")] // Monday after the spring-forward: 09:45 EDT (13:45Z would be before the open in EST)
    [InlineData("2026-11-27T17:59:30Z")] // Day after Thanksgiving 12:59:30 EST, before the 13:00 early close
    public async Task Inside_the_session_the_scheduler_starts_one_run_per_watchlist_symbol_at_the_firing_minute(string firedAt)
    {
        var at = DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture);
        await using var app = new TestApp(azurite, new ManualTime(at));
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        await harness.PurgeAsync();
        var minute = new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var fingerprint = app.Get<RunFingerprint>().Value;

        var started = await app.Get<MarketHoursRunStarter>().RunAsync(CancellationToken.None);

        Assert.Equal([RunIds.ForRun("SPY", minute, fingerprint), RunIds.ForRun("QQQ", minute, fingerprint)], started);
        foreach (var id in started)
        {
            var header = (await app.Runs.GetRunAsync(id, CancellationToken.None))!.Header;
            Assert.Equal(minute, header.AsOf);
        }
        Assert.Equal(2, await harness.CountAsync(StageQueues.EngineHedge));

        // A second firing in the same minute (a redelivered timer) starts the same runs, not new ones.
        Assert.Equal(started, await app.Get<MarketHoursRunStarter>().RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_sweeper_re_drives_a_run_whose_messages_were_lost_until_it_completes()
    {
        var time = new ManualTime(Runs.SessionInstant.AddHours(1));
        await using var app = new TestApp(azurite, time);
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        await harness.PurgeAsync();
        var asOf = Runs.SessionInstant.AddMinutes(40);
        var runId = await Runs.StartAsync(app, "GLD", asOf);
        await harness.PurgeAsync(); // the start messages are lost

        // Runs of other tests may be stuck too (the tests share one Azurite); only this run's messages are checked.
        Assert.DoesNotContain(await app.Get<RunSweeper>().RunAsync(CancellationToken.None), m => m.Message.RunId == runId); // not stuck yet
        time.Now += TimeSpan.FromMinutes(11);
        var redriven = await app.Get<RunSweeper>().RunAsync(CancellationToken.None);
        Assert.Equal(3, redriven.Count(m => m.Message.RunId == runId && m.To.Route == StageRoute.Engine));
        await harness.DrainAsync(Runs.Finished(app, [runId]), TimeSpan.FromMinutes(2));

        await Runs.AssertEqualsInProcessAsync(app, runId, "GLD", asOf);
    }

    [Fact]
    public async Task The_feedback_timer_stores_each_days_ledger_metrics()
    {
        var day = new DateOnly(2026, 5, 12);
        var open = NewYorkTime.At(day, new TimeOnly(10, 0));
        var time = new ManualTime(NewYorkTime.At(day, new TimeOnly(17, 30)));
        await using var app = new TestApp(azurite, time);
        foreach (var (symbol, minutes) in new[] { ("SPY", 0), ("QQQ", 0), ("SPY", 90) })
        {
            Assert.Equal(200, (await app.Get<Server.Http.PipelineApi>().AnalyzeAsync(symbol, open.AddMinutes(minutes).ToString("O"), CancellationToken.None)).StatusCode);
        }

        var metrics = await app.Get<LedgerMetricsJob>().RunAsync(CancellationToken.None);

        Assert.Equal(7, metrics.Count);
        var today = Assert.Single(metrics, m => m.Date == day);
        var records = await app.Ledger.QueryAsync(new LedgerQuery(From: NewYorkTime.At(day, TimeOnly.MinValue), To: NewYorkTime.At(day.AddDays(1), TimeOnly.MinValue)), CancellationToken.None);
        Assert.Equal(records.Count, today.Runs);
        Assert.True(today.Runs >= 3);
        Assert.Equal(records.Select(r => r.Symbol).Distinct().Count(), today.Metrics.Activity.Symbols);
        Assert.Equal(records.Sum(r => r.TradeIdeas.Count), today.Metrics.Activity.TradeIdeas);
        Assert.Equal(today.Runs, today.Metrics.Activity.Stances.Values.Sum());

        var stored = await app.Get<ILedgerMetricsStore>().GetJsonAsync(day, CancellationToken.None);
        Assert.Equal(today.ToJson(), stored);
        using var document = JsonDocument.Parse(stored!);
        Assert.Equal("2026-05-12", document.RootElement.GetProperty("date").GetString());
        Assert.Equal(0, JsonDocument.Parse((await app.Get<ILedgerMetricsStore>().GetJsonAsync(day.AddDays(-1), CancellationToken.None))!).RootElement.GetProperty("metrics").GetProperty("activity").GetProperty("runs").GetInt32());
    }

    [Fact]
    public async Task Ledger_metrics_count_stances_ideas_and_degraded_engines_of_one_new_york_date()
    {
        await using var app = new TestApp(azurite);
        var day = new DateOnly(2026, 5, 13);
        var results = new List<PipelineResult>();
        foreach (var (symbol, minutes) in new[] { ("SPY", 0), ("IWM", 30), ("TLT", 60), ("SPY", 23 * 60) }) // the last is the next New York date
        {
            results.Add(await app.InProcessAsync(symbol, NewYorkTime.At(day, new TimeOnly(10, 0)).AddMinutes(minutes)));
        }
        var sameDay = results.Take(3).ToList();

        var metrics = LedgerDayMetrics.Compute(day, results.Select(r => r.LedgerRecord)).Metrics.Activity;

        Assert.Equal(3, metrics.Runs);
        Assert.Equal(3, metrics.Symbols);
        Assert.Equal(sameDay.Sum(r => r.TradeIdeas.Count), metrics.TradeIdeas);
        Assert.Equal(sameDay.Sum(r => r.TradeIdeas.Count) / 3.0, metrics.TradeIdeasPerRun, 12);
        Assert.Equal(sameDay.Count(r => r.TradeIdeas.Count > 0) / 3.0, metrics.RunsWithIdeasRate, 12);
        foreach (var group in sameDay.GroupBy(r => r.CompositeSuggestion?.Action.ToString().ToLowerInvariant() ?? "none"))
        {
            Assert.Equal(group.Count(), metrics.Stances[group.Key]);
        }
        Assert.Equal(sameDay.Where(r => r.CompositeSuggestion is not null).Select(r => r.CompositeSuggestion!.Confidence).DefaultIfEmpty(0).Average(), metrics.MeanCompositeConfidence, 12);
        foreach (var engine in Core.Ledger.LedgerMetrics.EngineNames)
        {
            var expected = sameDay.Count(r => r.EngineStatuses.Any(s => SnapshotBuilder.KindName(s.Kind) == engine && s.State is EngineState.Degraded or EngineState.Failed)) / 3.0;
            Assert.Equal(expected, metrics.EngineDegradedRates[engine], 12);
        }
        Assert.Equal(0, LedgerDayMetrics.Compute(day.AddDays(-1), results.Select(r => r.LedgerRecord)).Runs);
    }
}

[Collection("azurite")]
public sealed class FeedbackTimerTests(AzuriteFixture azurite)
{
    private static Dictionary<string, string?> OwnContainer(string name) => new() { ["SuperGnosis:Functions:Feedback:ParametersContainer"] = name };

    [Fact]
    public async Task The_feedback_timer_stores_an_accepted_version_that_the_next_worker_runs_with()
    {
        var container = "sg-params-" + Guid.NewGuid().ToString("N")[..12];
        var now = NewYorkTime.At(new DateOnly(2027, 3, 1), new TimeOnly(17, 30));
        var time = new ManualTime(now);
        await using var app = new TestApp(azurite, time, settings: OwnContainer(container));
        Assert.Null(app.Get<Hosting.Storage.ActiveParameters>().Version);

        // 40 closed decisions in the evidence window (7 of 10 win), built from one real run with its own run ids.
        var template = (await app.InProcessAsync("DIA", NewYorkTime.At(new DateOnly(2027, 1, 4), new TimeOnly(10, 0)))).LedgerRecord;
        Assert.NotEmpty(template.TradeIdeas);
        for (var k = 0; k < 40; k++)
        {
            var at = NewYorkTime.At(new DateOnly(2027, 1, 5).AddDays(k), new TimeOnly(15, 0));
            var metadata = new Dictionary<string, string>(template.Snapshot.Metadata) { ["run_id"] = $"run-feedback-{container}-{k}" };
            var s = template.Snapshot;
            var snapshot = new StandardSnapshot(s.Symbol, at, s.Hedge, s.Liquidity, s.Sentiment, s.Elasticity, s.Regime, metadata);
            Assert.True(await app.Ledger.AppendAsync(
                new LedgerRecord(at, "DIA", snapshot, template.PrimarySuggestions, template.CompositeSuggestion, template.TradeIdeas, k % 10 < 7 ? 400 : -300),
                CancellationToken.None));
        }

        var (days, stored) = await app.Get<LedgerMetricsJob>().RunWithFeedbackAsync(CancellationToken.None);

        Assert.Equal(7, days.Count);
        Assert.NotNull(stored);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(ParameterVersionStatus.Accepted, stored.Status);
        Assert.Equal(40, stored.ClosedTrades);
        Assert.Equal(0.012, stored.Parameters.Values[ParameterNames.RiskFraction], 12); // strong Sharpe: one x1.2 step
        var blob = await app.Get<BlobServiceClient>().GetBlobContainerClient(container).GetBlobClient(BlobParameterStore.BlobName(1)).DownloadContentAsync();
        Assert.Equal(stored.ToJson(), blob.Value.Content.ToString());

        // A second firing proposes the next step from version 1, as version 2 with version 1 as parent.
        var (_, second) = await app.Get<LedgerMetricsJob>().RunWithFeedbackAsync(CancellationToken.None);
        Assert.Equal(2, second!.Version);
        Assert.Equal(1, second.ParentVersion);
        Assert.Equal(0.0144, second.Parameters.Values[ParameterNames.RiskFraction], 12);

        // The next worker loads the newest accepted version; its decisions carry the version tag and a new run id.
        await using var next = new TestApp(azurite, time, settings: OwnContainer(container));
        var active = next.Get<Hosting.Storage.ActiveParameters>();
        Assert.Equal(2, active.Version!.Version);
        Assert.Equal(0.0144, active.Trade.RiskFraction, 12);
        var asOf = NewYorkTime.At(new DateOnly(2027, 1, 4), new TimeOnly(10, 0));
        var run = await next.InProcessAsync("DIA", asOf);
        Assert.Contains("parameter_version:v000002", run.CompositeSuggestion!.Tags);
        Assert.NotEqual(template.RunId, run.LedgerRecord.RunId);
        Assert.DoesNotContain(template.CompositeSuggestion!.Tags, t => t.StartsWith("parameter_version:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_closed_trades_the_timer_stores_no_version()
    {
        var container = "sg-params-" + Guid.NewGuid().ToString("N")[..12];
        await using var app = new TestApp(azurite, new ManualTime(NewYorkTime.At(new DateOnly(2031, 6, 2), new TimeOnly(17, 30))), settings: OwnContainer(container));

        var (_, stored) = await app.Get<LedgerMetricsJob>().RunWithFeedbackAsync(CancellationToken.None);

        Assert.Null(stored);
        Assert.Null(await app.Get<Hosting.Storage.ParameterStoreSelection>().Store!.GetLatestAsync(CancellationToken.None));
    }
}
