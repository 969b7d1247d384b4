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
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(GexDocument))]
public sealed partial class GexJsonContext : JsonSerializerContext
{
    public static string Serialize(HedgeAnalysis analysis) => JsonSerializer.Serialize(Hedge.GexDocument.From(analysis), Default.GexDocument);
}
