using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Telemetry;

namespace SuperGnosis.Hosting.Tests.Telemetry;

/// <summary>AddSuperGnosisTelemetry exports the pipeline's spans and metrics (here to OpenTelemetry's in-memory exporter).</summary>
public sealed class OpenTelemetryExportTests
{
    [Fact]
    public async Task Spans_and_metrics_of_the_pipeline_reach_the_exporters()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var services = new ServiceCollection();
        var configuration = TestComposition.Configuration(TestComposition.NoLedger());
        services.AddSuperGnosis(configuration);
        services.AddSuperGnosisTelemetry(configuration, t => t.AddInMemoryExporter(spans), m => m.AddInMemoryExporter(metrics));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.ValidateSuperGnosisOptions();
        var tracer = provider.GetRequiredService<TracerProvider>();
        var meter = provider.GetRequiredService<MeterProvider>();

        var asOf = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
        var runId = RunIds.ForRun("SPY", asOf, "otel");
        var handler = new InstrumentedStageHandler(new RecordingStageHandler(), provider.GetRequiredService<PipelineTelemetry>(), NullLogger<InstrumentedStageHandler>.Instance);
        await handler.HandleAsync(new EngineOutputReady(runId, "SPY", asOf, EngineKind.Hedge), CancellationToken.None);
        provider.GetRequiredService<PipelineTelemetry>().RecordRun(RunOutcome.Completed);
        Assert.True(tracer.ForceFlush());
        Assert.True(meter.ForceFlush());

        var span = Assert.Single(spans, s => (string?)s.GetTagItem(PipelineTelemetry.RunIdTag) == runId);
        Assert.Equal(PipelineTelemetry.TraceIdOf(runId), span.TraceId);
        Assert.Contains(metrics, m => m.Name == PipelineTelemetry.StageDurationName && m.Unit == "ms");
        Assert.Contains(metrics, m => m.Name == PipelineTelemetry.RunsName);
    }

    [Fact]
    public void Console_export_is_off_and_otlp_follows_the_standard_variable()
    {
        var none = TelemetryServiceCollectionExtensions.ReadTelemetryOptions(TestComposition.Configuration());
        Assert.False(none.ConsoleExporter);
        Assert.Null(none.OtlpEndpoint);
        var otlp = TelemetryServiceCollectionExtensions.ReadTelemetryOptions(TestComposition.Configuration(new Dictionary<string, string?>
        {
            [TelemetryOptions.OtlpEndpointKey] = "http://collector:4317",
            ["SuperGnosis:Telemetry:ConsoleExporter"] = "true",
        }));
        Assert.Equal(new Uri("http://collector:4317"), otlp.OtlpEndpoint);
        Assert.True(otlp.ConsoleExporter);
    }
}
