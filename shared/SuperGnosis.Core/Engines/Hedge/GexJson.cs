using System.Text.Json;
using System.Text.Json.Serialization;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// One JSON document for a hedge analysis (<c>gnosis gex --json</c>, the HTTP API): the engine output in the
/// contract format and the profile in snake_case, null when the analysis has none (degraded to no data).
/// </summary>
public sealed record GexDocument(
    [property: JsonPropertyName("engine_output")] EngineOutput EngineOutput,
    [property: JsonPropertyName("hedge_profile")] HedgeProfile? HedgeProfile)
{
    public static GexDocument From(HedgeAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return new GexDocument(analysis.Output, analysis.Profile);
    }
}

/// <summary>Indented source-generated JSON of <see cref="GexDocument"/>. The engine output's properties carry their
/// contract names (<see cref="EngineOutput"/>); the profile's are snake_case like <see cref="HedgeProfileJsonContext"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    Converters = [typeof(EscapedOffsetDateTimeConverter)])]
[JsonSerializable(typeof(GexDocument))]
public sealed partial class GexJsonContext : JsonSerializerContext
{
    public static string Serialize(HedgeAnalysis analysis) => JsonSerializer.Serialize(Hedge.GexDocument.From(analysis), Default.GexDocument);
}

/// <summary>
/// Writes a <see cref="DateTimeOffset"/> in System.Text.Json's own format (ISO 8601, fraction only when non-zero,
/// offset as <c>±hh:mm</c>) but as an escaped string, so a positive offset reads <c>\u002B00:00</c>. The first
/// <c>gnosis gex --json</c> assembled its document by re-parsing and re-writing, which escaped the '+'; this keeps
/// that output byte-identical. Both spellings are the same JSON string.
/// </summary>
public sealed class EscapedOffsetDateTimeConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString(Format, System.Globalization.CultureInfo.InvariantCulture));
    }
}
