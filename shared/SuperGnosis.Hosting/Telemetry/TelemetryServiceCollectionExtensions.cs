using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Hosting.Telemetry;

/// <summary>OpenTelemetry for the pipeline's activity source and meter (docs/operations.md, "Telemetry").</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Traces of <see cref="PipelineTelemetry.SourceName"/> and metrics of <see cref="PipelineTelemetry.MeterName"/>:
    /// console exporter when <c>SuperGnosis:Telemetry:ConsoleExporter</c> is true (off by default), OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured (with <c>OTEL_EXPORTER_OTLP_HEADERS</c>). Options are validated
    /// here, before anything is registered (an exporter handed a malformed value would fail later with a message of its
    /// own): <see cref="OptionsValidationException"/> naming the key, never its secret value; <paramref name="configureTracing"/> and <paramref name="configureMetrics"/> let a host add its own
    /// instrumentation or exporters (tests add the in-memory exporter).
    /// </summary>
    public static IServiceCollection AddSuperGnosisTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<TracerProviderBuilder>? configureTracing = null,
        Action<MeterProviderBuilder>? configureMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ReadTelemetryOptions(configuration);
        if (new TelemetryOptionsValidator().Validate(Options.DefaultName, options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TelemetryOptions), [.. invalid.Failures ?? []]);
        }
        services.AddOptions<TelemetryOptions>()
            .Configure(o =>
            {
                o.ServiceName = options.ServiceName;
                o.ConsoleExporter = options.ConsoleExporter;
                o.OtlpEndpoint = options.OtlpEndpoint;
                o.OtlpHeaders = options.OtlpHeaders;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<PipelineTelemetry>();

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(PipelineTelemetry.SourceName);
                if (options.ConsoleExporter)
                {
                    tracing.AddConsoleExporter();
                }
                if (options.OtlpEndpoint is not null)
                {
                    tracing.AddOtlpExporter(otlp => Otlp(otlp, options, "v1/traces"));
                }
                configureTracing?.Invoke(tracing);
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PipelineTelemetry.MeterName);
                if (options.ConsoleExporter)
                {
                    metrics.AddConsoleExporter();
                }
                if (options.OtlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter(otlp => Otlp(otlp, options, "v1/metrics"));
                }
                configureMetrics?.Invoke(metrics);
            });
        return services;
    }

    /// <summary><c>SuperGnosis:Telemetry</c> plus the OTLP endpoint and headers from their standard keys.</summary>
    public static TelemetryOptions ReadTelemetryOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new TelemetryOptions();
        configuration.GetSection(SuperGnosisSections.Telemetry).Bind(options);
        if (configuration[TelemetryOptions.OtlpEndpointKey] is { Length: > 0 } endpoint)
        {
            // An unparsable endpoint is kept as a relative URI so that start-up validation reports it (without its text).
            options.OtlpEndpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var absolute) ? absolute : new Uri("invalid", UriKind.Relative);
        }
        if (configuration[TelemetryOptions.OtlpHeadersKey] is { Length: > 0 } headers)
        {
            options.OtlpHeaders = headers;
        }
        return options;
    }

    private static void Otlp(OtlpExporterOptions otlp, TelemetryOptions options, string signalPath)
    {
        // With http/protobuf the exporter appends the signal path only to an endpoint it read from the environment itself.
        otlp.Endpoint = otlp.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(options.OtlpEndpoint!.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + signalPath)
            : options.OtlpEndpoint!;
        if (options.OtlpHeaders is { } headers)
        {
            otlp.Headers = headers;
        }
    }
}
