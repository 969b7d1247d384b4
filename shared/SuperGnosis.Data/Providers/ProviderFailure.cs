namespace SuperGnosis.Data.Providers;

/// <summary>Why a live provider could not answer (docs/providers.md, "Errors").</summary>
public enum ProviderFailure
{
    /// <summary>No connection (refused, DNS, TLS, reset) after the retries.</summary>
    Unreachable,

    /// <summary>No answer within the configured total timeout (retries included).</summary>
    Timeout,

    /// <summary>The credentials were refused (HTTP 401/403).</summary>
    Unauthorized,

    /// <summary>The provider does not know the symbol (or has no data of this kind for it).</summary>
    UnknownSymbol,

    /// <summary>HTTP 429 after the retries, or a <c>Retry-After</c> longer than the configured limit.</summary>
    RateLimited,

    /// <summary>HTTP 5xx after the retries.</summary>
    ServerError,

    /// <summary>The circuit breaker is open after repeated failures: no call was made.</summary>
    CircuitOpen,

    /// <summary>Another 4xx answer: the provider refused the request (plan, parameters).</summary>
    Refused,

    /// <summary>The answer is not what the provider documents: truncated or invalid JSON, a changed shape.</summary>
    BadResponse,

    /// <summary>The provider serves only "now" and its data is stamped after the as-of (docs/providers.md, "Point in time").</summary>
    NotPointInTime,
}

/// <summary>
/// A live provider failed. The message is one plain sentence naming the provider, what was asked and why it failed; it
/// never holds a credential (every configured secret is masked as <c>***</c> before the message is built, including in
/// error bodies the provider echoes back).
/// </summary>
public sealed class MarketDataProviderException : Exception
{
    public MarketDataProviderException(string provider, ProviderFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Provider = provider;
        Failure = failure;
    }

    public MarketDataProviderException()
    {
        Provider = string.Empty;
    }

    public MarketDataProviderException(string message)
        : base(message)
    {
        Provider = string.Empty;
    }

    public MarketDataProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Provider = string.Empty;
    }

    /// <summary>The provider's name (<c>cboe</c>, <c>polygon</c>, <c>tradier</c>, <c>alpaca</c>).</summary>
    public string Provider { get; }

    public ProviderFailure Failure { get; }

    /// <summary>
    /// A failure of the request itself (the symbol, the credentials or the as-of), which the user fixes by changing the
    /// command or the configuration: the CLI's exit code 2. The others (the provider unreachable, slow, failing or
    /// answering garbage) are exit code 1.
    /// </summary>
    public bool IsUsageError => Failure is ProviderFailure.Unauthorized or ProviderFailure.UnknownSymbol or ProviderFailure.NotPointInTime or ProviderFailure.Refused;
}
