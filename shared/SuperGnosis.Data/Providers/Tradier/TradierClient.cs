using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SuperGnosis.Data.Providers.Tradier;

/// <summary>The typed client of Tradier's market-data API; the token goes in <c>Authorization: Bearer</c>.</summary>
public sealed class TradierClient(HttpClient http, IOptions<TradierOptions> options, ILogger<TradierClient> logger)
    : ProviderClient(http, options.Value, logger)
{
    public const string Name = "tradier";

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
