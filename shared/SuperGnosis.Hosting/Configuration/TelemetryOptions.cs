namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:Telemetry</c> plus the standard OpenTelemetry variables: traces and metrics of
/// <see cref="Telemetry.PipelineTelemetry.SourceName"/> go to the console when <see cref="ConsoleExporter"/> is true
/// and to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (headers from
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>, often an API key: never logged, see <see cref="ToString"/>).
/// </summary>
public sealed class TelemetryOptions
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpHeadersKey = "OTEL_EXPORTER_OTLP_HEADERS";

    /// <summary>Service name on every span and metric.</summary>
    public string ServiceName { get; set; } = "supergnosis";

    /// <summary>Print spans and metrics to standard output (off by default: the CLI's output is a contract).</summary>
    public bool ConsoleExporter { get; set; }

    /// <summary>OTLP collector endpoint (from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); null: no OTLP export.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>OTLP headers, <c>key=value</c> pairs separated by commas (a secret: redacted in every message).</summary>
    public string? OtlpHeaders { get; set; }

    public override string ToString() =>
        $"TelemetryOptions {{ ServiceName = {ServiceName}, ConsoleExporter = {ConsoleExporter}, " +
        $"OtlpEndpoint = {(OtlpEndpoint is null ? "none" : Secrets.RedactUri(OtlpEndpoint))}, OtlpHeaders = {Secrets.Redact(OtlpHeaders)} }}";
}
