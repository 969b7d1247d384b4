namespace SuperGnosis.Data.Providers;

/// <summary>
/// Settings every live provider shares, bound from <c>SuperGnosis:Data:&lt;Provider&gt;</c> and validated at start
/// (docs/operations.md). A call is bounded by <see cref="Timeout"/> (all attempts and waits included); each attempt by
/// <see cref="AttemptTimeout"/>. Transient failures (network errors, HTTP 408, 429 and 5xx, an attempt timing out) are
/// retried up to <see cref="MaxRetries"/> times with exponential back-off from <see cref="RetryDelay"/> and jitter;
/// a 429's <c>Retry-After</c> is waited for exactly when it is at most <see cref="MaxRetryAfter"/>, and ends the call
/// at once when it is longer. A circuit breaker stops calling for <see cref="BreakDuration"/> once at least
/// <see cref="BreakerFailureRatio"/> of at least <see cref="BreakerMinimumThroughput"/> calls within
/// <see cref="BreakerSamplingDuration"/> failed. Answers are cached for <see cref="CacheTimeToLive"/>.
/// </summary>
public abstract class LiveProviderOptions
{
    /// <summary>The provider's API root; tests point it at a local fake. Null: <see cref="DefaultBaseUrl"/>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Total time for one call, retries and waits included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time for one attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt (0 = none).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off delay; doubled per retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>Retry-After</c> (HTTP 429) waited for; a longer one fails the call at once.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Share of failed calls in the sampling window that opens the circuit, in (0, 1].</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the circuit can open (>= 2).</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which the breaker counts failures.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit refuses calls.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an answer is reused for the same request (provider, endpoint, symbol, as-of bucket).</summary>
    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A "now"-only answer (a chain snapshot, Tradier's quote) stamped after the as-of is served, flagged, when the market
    /// was closed throughout from the as-of to the stamp (docs/providers.md, "Point in time"); false: refused.
    /// </summary>
    public bool AllowSnapshotAfterAsOfWhileClosed { get; set; } = true;

    /// <summary>The documented API root of the provider.</summary>
    public abstract string DefaultBaseUrl { get; }

    /// <summary>The API root used, with a trailing slash so relative paths append to it.</summary>
    public Uri EffectiveBaseUrl
    {
        get
        {
            var text = string.IsNullOrWhiteSpace(BaseUrl) ? DefaultBaseUrl : BaseUrl.Trim();
            return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
        }
    }

    /// <summary>The configured secrets (API keys): masked in every message and log line.</summary>
    public abstract IReadOnlyList<string> Secrets { get; }

    /// <summary>Masks every configured secret in <paramref name="text"/> as <c>***</c>.</summary>
    public string Redact(string? text)
    {
        var result = text ?? string.Empty;
        foreach (var secret in Secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                result = result.Replace(secret, "***", StringComparison.Ordinal);
            }
        }
        return result;
    }
}

/// <summary>Settings of the providers that serve bars, trades and quotes (Polygon, Tradier, Alpaca).</summary>
public abstract class HistoryProviderOptions : LiveProviderOptions
{
    /// <summary>
    /// Calendar days of daily bars fetched at least, ending at the as-of's last closed session, so that every engine's
    /// lookback (the longest default is the sentiment engine's 180 days) is served by one request.
    /// </summary>
    public int DailyHistoryDays { get; set; } = 200;

    /// <summary>
    /// The most trades or quotes kept per request: the newest are kept (the window's start moves later, and the
    /// output's metadata says from when: <c>data_trades_capped_from</c>). A day of SPY quotes is millions of rows.
    /// </summary>
    public int MaxTicksPerRequest { get; set; } = 50_000;

    /// <summary>Shares per unit of the provider's quote sizes (100: sizes in round lots, as documented; 1: shares).</summary>
    public double QuoteSizeMultiplier { get; set; } = 100;
}
