using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Telemetry;

namespace SuperGnosis.Hosting.Tests.Telemetry;

public sealed class InstrumentedStageHandlerTests : IDisposable
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    private readonly ScopeCapturingLoggerProvider _logs = new();
    private readonly ServiceProvider _services;
    private readonly List<Activity> _activities = [];
    private readonly ActivityListener _listener;

    public InstrumentedStageHandlerTests()
    {
        _services = TestComposition.Build(TestComposition.NoLedger(), more: s => s.AddLogging(b => b.AddProvider(_logs)));
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (_activities) { _activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private InstrumentedStageHandler Wrap(IStageHandler inner) =>
        new(inner, _services.GetRequiredService<PipelineTelemetry>(), _services.GetRequiredService<ILogger<InstrumentedStageHandler>>());

    private static EngineOutputReady Message(string runId, string symbol = "SPY") => new(runId, symbol, AsOf, EngineKind.Hedge);

    [Fact]
    public async Task The_handler_runs_in_a_logging_scope_with_run_id_stage_and_symbol()
    {
        var runId = RunIds.ForRun("SPY", AsOf, "test");
        var next = await Wrap(new RecordingStageHandler()).HandleAsync(Message(runId), CancellationToken.None);

        Assert.IsType<SnapshotReady>(Assert.Single(next).Message);
        var entry = Assert.Single(_logs.Entries, e => e.Category == typeof(InstrumentedStageHandler).FullName);
        Assert.Equal(runId, entry.Scope[StageLogScope.RunIdKey]);
        Assert.Equal("sg-snapshot", entry.Scope[StageLogScope.StageKey]);
        Assert.Equal("SPY", entry.Scope[StageLogScope.SymbolKey]);
        Assert.Equal(LogLevel.Information, entry.Level);
    }

    [Fact]
    public async Task Each_stage_has_an_activity_in_the_trace_of_its_run()
    {
        var runA = RunIds.ForRun("SPY", AsOf, "a");
        var runB = RunIds.ForRun("QQQ", AsOf, "b");
        var handler = new RecordingStageHandler();
        await Wrap(handler).HandleAsync(Message(runA), CancellationToken.None);
        Assert.NotNull(handler.SeenActivity);
        await Wrap(new RecordingStageHandler()).HandleAsync(Message(runA), CancellationToken.None);
        await Wrap(new RecordingStageHandler()).HandleAsync(Message(runB, "QQQ"), CancellationToken.None);

        var mine = _activities.Where(a => a.GetTagItem(PipelineTelemetry.RunIdTag) is string id && (id == runA || id == runB)).ToList();
        Assert.Equal(3, mine.Count);
        var a = mine.Where(x => (string?)x.GetTagItem(PipelineTelemetry.RunIdTag) == runA).ToList();
        Assert.Equal(2, a.Count);
        Assert.All(a, x => Assert.Equal(PipelineTelemetry.TraceIdOf(runA), x.TraceId));
        Assert.All(a, x => Assert.Equal(default, x.ParentSpanId));
        Assert.NotEqual(a[0].SpanId, a[1].SpanId);
        var b = Assert.Single(mine, x => (string?)x.GetTagItem(PipelineTelemetry.RunIdTag) == runB);
        Assert.NotEqual(PipelineTelemetry.TraceIdOf(runA), b.TraceId);
        Assert.Equal("QQQ", b.GetTagItem(PipelineTelemetry.SymbolTag));
        Assert.Equal("sg-snapshot", b.GetTagItem(PipelineTelemetry.StageTag));
        Assert.Equal(ActivityKind.Consumer, b.Kind);
        Assert.Equal(ActivityStatusCode.Ok, b.Status);
    }

    [Fact]
    public async Task The_transports_current_activity_becomes_a_link()
    {
        using var transportSource = new ActivitySource("test.transport");
        using var transportListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "test.transport",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(transportListener);
        var runId = RunIds.ForRun("SPY", AsOf, "linked");
        using (var transport = transportSource.StartActivity("queue message"))
        {
            Assert.NotNull(transport);
            await Wrap(new RecordingStageHandler()).HandleAsync(Message(runId), CancellationToken.None);
            var stage = Assert.Single(_activities, x => (string?)x.GetTagItem(PipelineTelemetry.RunIdTag) == runId);
            Assert.Equal(PipelineTelemetry.TraceIdOf(runId), stage.TraceId);
            Assert.Equal(transport.Context, Assert.Single(stage.Links).Context);
        }
    }

    [Fact]
    public async Task Stage_durations_and_run_outcomes_are_measured()
    {
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PipelineTelemetry.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        meterListener.Start();

        var runId = RunIds.ForRun("SPY", AsOf, "metrics");
        await Wrap(new RecordingStageHandler()).HandleAsync(Message(runId), CancellationToken.None);
        await Assert.ThrowsAsync<TimeoutException>(() => Wrap(new RecordingStageHandler(new TimeoutException("storage"))).HandleAsync(Message(runId), CancellationToken.None));
        var telemetry = _services.GetRequiredService<PipelineTelemetry>();
        telemetry.RecordRun(RunOutcome.Completed);
        telemetry.RecordRun(RunOutcome.Failed);

        lock (measurements)
        {
            var durations = measurements.Where(m => m.Instrument == PipelineTelemetry.StageDurationName).ToList();
            Assert.Equal(2, durations.Count);
            Assert.All(durations, d => Assert.True(d.Value >= 0));
            Assert.All(durations, d => Assert.Equal("sg-snapshot", d.Tags["stage"]));
            Assert.Equal(["ok", "error"], durations.Select(d => d.Tags["outcome"]));
            var runs = measurements.Where(m => m.Instrument == PipelineTelemetry.RunsName).ToList();
            Assert.Equal(["completed", "failed"], runs.Select(r => r.Tags["outcome"]));
            Assert.All(runs, r => Assert.Equal(1, r.Value));
        }

        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var bag = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (k, v) in tags)
            {
                bag[k] = v;
            }
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, bag));
            }
        }
    }

    [Fact]
    public async Task A_failing_stage_is_logged_and_marked_as_an_error_and_the_exception_passes_through()
    {
        var runId = RunIds.ForRun("SPY", AsOf, "fails");
        var failure = new InvalidOperationException("table unreachable");
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => Wrap(new RecordingStageHandler(failure)).HandleAsync(Message(runId), CancellationToken.None));
        Assert.Same(failure, thrown);
        var stage = Assert.Single(_activities, x => (string?)x.GetTagItem(PipelineTelemetry.RunIdTag) == runId);
        Assert.Equal(ActivityStatusCode.Error, stage.Status);
        var entry = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Same(failure, entry.Exception);
        Assert.Equal(runId, entry.Scope[StageLogScope.RunIdKey]);
    }
}
