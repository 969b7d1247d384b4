using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SuperGnosis.Data.Providers.Polygon;

/// <summary>The typed client of Polygon's REST API; the key goes in <c>Authorization: Bearer</c>.</summary>
public sealed class PolygonClient(HttpClient http, IOptions<PolygonOptions> options, ILogger<PolygonClient> logger)
    : ProviderClient(http, options.Value, logger)
{
    public const string Name = "polygon";

    private readonly string? _key = options.Value.ApiKey;

    public override string Provider => Name;

    protected override void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(_key))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        }
    }
}
