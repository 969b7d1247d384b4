namespace SuperGnosis.Data.Providers.Polygon;

/// <summary><c>SuperGnosis:Data:Polygon</c>: Polygon.io (now Massive) REST API; the key also from <c>POLYGON_API_KEY</c>.</summary>
public sealed class PolygonOptions : HistoryProviderOptions
{
    /// <summary>The API key (sent as <c>Authorization: Bearer</c>, never in a URL).</summary>
    public string? ApiKey { get; set; }

    public override string DefaultBaseUrl => "https://api.polygon.io/";

    public override IReadOnlyList<string> Secrets => ApiKey is { Length: > 0 } key ? [key] : [];
}
