using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SuperGnosis.Data.Providers.Cboe;

/// <summary>The typed client of CBOE's delayed quotes: <c>GET options/&lt;SYMBOL&gt;.json</c>, no credentials.</summary>
public sealed class CboeClient(HttpClient http, IOptions<CboeOptions> options, ILogger<CboeClient> logger)
    : ProviderClient(http, options.Value, logger)
{
    public const string Name = "cboe";

    public override string Provider => Name;

    protected override void Authorize(HttpRequestMessage request)
    {
        // Public data: no credentials.
    }

    /// <summary>CBOE's content network answers 403 (not 404) for a symbol it has no file for.</summary>
    protected override ProviderFailure? Classify(HttpStatusCode status) =>
        status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound ? ProviderFailure.UnknownSymbol : null;
}
