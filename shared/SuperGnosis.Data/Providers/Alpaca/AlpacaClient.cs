using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SuperGnosis.Data.Providers.Alpaca;

/// <summary>The typed client of Alpaca's market data; the keys go in <c>APCA-API-KEY-ID</c> and <c>APCA-API-SECRET-KEY</c>.</summary>
public sealed class AlpacaClient(HttpClient http, IOptions<AlpacaOptions> options, ILogger<AlpacaClient> logger)
    : ProviderClient(http, options.Value, logger)
{
    public const string Name = "alpaca";

    private readonly string? _keyId = options.Value.KeyId;
    private readonly string? _secret = options.Value.SecretKey;

    public override string Provider => Name;

    protected override string CredentialSettings => Section + ":KeyId and :SecretKey";

    protected override void Authorize(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(_keyId))
        {
            request.Headers.TryAddWithoutValidation("APCA-API-KEY-ID", _keyId);
        }
        if (!string.IsNullOrEmpty(_secret))
        {
            request.Headers.TryAddWithoutValidation("APCA-API-SECRET-KEY", _secret);
        }
    }

    /// <summary>Alpaca answers 403 for data the plan does not include (recent SIP data on a free plan): a refusal, not a bad key.</summary>
    protected override ProviderFailure? Classify(HttpStatusCode status) => status == HttpStatusCode.Forbidden ? ProviderFailure.Refused : null;
}
