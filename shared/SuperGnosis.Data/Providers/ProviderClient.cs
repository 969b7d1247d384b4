using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SuperGnosis.Data.Providers;

/// <summary>
/// The typed <see cref="HttpClient"/> of one provider: a GET relative to the configured base URL (the client's
/// <see cref="HttpClient.BaseAddress"/>), the provider's credentials attached as headers (never in the URL), and every
/// failure turned into one <see cref="MarketDataProviderException"/> whose message names the provider, the endpoint and the
/// symbol, with every secret masked. Retries, timeouts and the circuit breaker are the resilience handler's
/// (<see cref="ProviderHttpRegistration"/>); this class only classifies what comes out of it.
/// </summary>
public abstract class ProviderClient
{
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    protected ProviderClient(HttpClient http, LiveProviderOptions options, ILogger logger)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The provider's name, as <c>--source</c> spells it.</summary>
    public abstract string Provider { get; }

    /// <summary>The configuration section's display name (<c>SuperGnosis:Data:Polygon</c>) for messages.</summary>
    public string Section => "SuperGnosis:Data:" + char.ToUpperInvariant(Provider[0]) + Provider[1..];

    protected LiveProviderOptions Options { get; }

    /// <summary>Where the retry strategy leaves the last retried attempt's failure on the request (<see cref="AttemptFailure"/>).</summary>
    public static readonly HttpRequestOptionsKey<AttemptFailure> LastFailure = new("SuperGnosis.Provider.LastFailure");

    /// <summary>The settings holding the credentials, for the message of a refused key.</summary>
    protected virtual string CredentialSettings => Section + ":ApiKey";

    /// <summary>Adds the credentials to a request (headers only).</summary>
    protected abstract void Authorize(HttpRequestMessage request);

    /// <summary>A provider-specific reading of an HTTP status (e.g. CBOE answers 403 for a symbol it does not list); null: the common one.</summary>
    protected virtual ProviderFailure? Classify(HttpStatusCode status) => null;

    /// <summary>The GET's body, as UTF-8 bytes, of a 2xx answer; anything else throws <see cref="MarketDataProviderException"/>.</summary>
    public async Task<byte[]> GetBytesAsync(string endpoint, string symbol, string relativeUri, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relativeUri, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Authorize(request);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException)
        {
            throw Fail(endpoint, symbol, Transport(ex, request.Options.TryGetValue(LastFailure, out var last) ? last : null), ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (response.IsSuccessStatusCode)
            {
                _logger.LogDebug("{Provider} {Endpoint} {Symbol}: HTTP {Status}, {Bytes} bytes in {Milliseconds:0} ms",
                    Provider, endpoint, symbol, (int)response.StatusCode, body.Length, elapsed.TotalMilliseconds);
                return body;
            }
            var (failure, reason) = Status(response, body);
            throw Fail(endpoint, symbol, (failure, reason), null);
        }
    }

    /// <summary>The GET's body parsed as JSON; a body that is not complete JSON is <see cref="ProviderFailure.BadResponse"/>.</summary>
    public async Task<JsonDocument> GetJsonAsync(string endpoint, string symbol, string relativeUri, CancellationToken cancellationToken)
    {
        var body = await GetBytesAsync(endpoint, symbol, relativeUri, cancellationToken).ConfigureAwait(false);
        return ParseJson(endpoint, symbol, body);
    }

    /// <summary>Parses a body; invalid or cut-off JSON is a <see cref="ProviderFailure.BadResponse"/> saying so.</summary>
    public JsonDocument ParseJson(string endpoint, string symbol, byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw Fail(endpoint, symbol, (ProviderFailure.BadResponse,
                $"the response is not complete JSON ({body.Length} bytes; cut off or corrupted: {ex.Message})"), ex);
        }
    }

    /// <summary>A <see cref="ProviderFailure.BadResponse"/> for a body whose shape is not the documented one.</summary>
    public MarketDataProviderException Shape(string endpoint, string symbol, string what) =>
        Fail(endpoint, symbol, (ProviderFailure.BadResponse, what), null);

    /// <summary>A failure of this provider, logged (warning) and returned for throwing; the message is redacted.</summary>
    public MarketDataProviderException Fail(string endpoint, string symbol, (ProviderFailure Failure, string Reason) what, Exception? inner)
    {
        var message = Options.Redact($"{Provider} {endpoint} for {symbol}: {what.Reason}");
        _logger.LogWarning("{Provider} {Endpoint} {Symbol} failed ({Failure}): {Message}", Provider, endpoint, symbol, what.Failure, message);
        // The inner exception is kept for debugging only when its text holds no secret (it never should: keys travel in headers).
        var keep = inner is not null && Options.Redact(inner.ToString()) == inner.ToString() ? inner : null;
        return new MarketDataProviderException(Provider, what.Failure, message, keep);
    }

    /// <summary>
    /// The relative form of a provider's absolute "next page" URL: its path and query resolved against the configured base
    /// URL (so a page is never fetched from another host with the credentials attached), without an <c>apiKey</c> parameter.
    /// </summary>
    public string RelativeNext(string nextUrl)
    {
        // "/v3/..." parses as an absolute file URI on Unix: only http(s) URLs are absolute here.
        if (!Uri.TryCreate(nextUrl, UriKind.Absolute, out var next) || (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps))
        {
            return WithoutApiKey(nextUrl.TrimStart('/'));
        }
        var basePath = Options.EffectiveBaseUrl.AbsolutePath;
        var path = next.AbsolutePath;
        if (string.Equals(next.Authority, Options.EffectiveBaseUrl.Authority, StringComparison.OrdinalIgnoreCase)
            && path.StartsWith(basePath, StringComparison.Ordinal))
        {
            path = path[basePath.Length..];
        }
        return WithoutApiKey(path.TrimStart('/') + next.Query);
    }

    private static string WithoutApiKey(string relative)
    {
        var q = relative.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return relative;
        }
        var kept = relative[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("apiKey=", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("apikey=", StringComparison.OrdinalIgnoreCase));
        var query = string.Join('&', kept);
        return query.Length == 0 ? relative[..q] : relative[..q] + "?" + query;
    }

    private (ProviderFailure, string) Transport(Exception ex, AttemptFailure? last) => ex switch
    {
        // The total timeout ended retries of connection failures: the provider cannot be reached.
        TimeoutRejectedException or TaskCanceledException when last is { Transport: true } => (ProviderFailure.Unreachable,
            $"cannot reach {Options.EffectiveBaseUrl} ({last.Description}); gave up after {Options.Timeout.TotalSeconds:0.#} s ({Section}:Timeout)"),
        BrokenCircuitException => (ProviderFailure.CircuitOpen,
            $"not called: the circuit breaker is open after repeated failures; calls resume after {Section}:BreakDuration ({Options.BreakDuration.TotalSeconds:0} s)"),
        TimeoutRejectedException or TaskCanceledException => (ProviderFailure.Timeout,
            $"no answer within {Options.Timeout.TotalSeconds:0.#} s ({Section}:Timeout; {Section}:AttemptTimeout = {Options.AttemptTimeout.TotalSeconds:0.#} s per attempt)"
            + (last is { } l ? $"; the last retried attempt: {l.Description}" : string.Empty)),
        HttpRequestException http => (ProviderFailure.Unreachable,
            $"cannot reach {Options.EffectiveBaseUrl} ({http.Message}) after {Options.MaxRetries} retries"),
        _ => (ProviderFailure.Unreachable, ex.Message),
    };

    private (ProviderFailure, string) Status(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var detail = ErrorDetail(body);
        var said = detail.Length == 0 ? string.Empty : ": " + detail;
        var failure = Classify(response.StatusCode) ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ProviderFailure.Unauthorized,
            HttpStatusCode.NotFound => ProviderFailure.UnknownSymbol,
            HttpStatusCode.TooManyRequests => ProviderFailure.RateLimited,
            _ when status >= 500 || status == 408 => ProviderFailure.ServerError,
            _ => ProviderFailure.Refused,
        };
        var reason = failure switch
        {
            ProviderFailure.Unauthorized => $"the credentials were refused (HTTP {status}{said}); check {CredentialSettings}",
            ProviderFailure.UnknownSymbol => $"unknown symbol (HTTP {status}{said})",
            ProviderFailure.RateLimited => RetryAfter(response) is { } wait && wait > Options.MaxRetryAfter
                ? $"rate limited (HTTP 429{said}): the provider asks to wait {wait.TotalSeconds:0} s, more than {Section}:MaxRetryAfter ({Options.MaxRetryAfter.TotalSeconds:0} s)"
                : $"rate limited (HTTP 429{said}) after {Options.MaxRetries} retries",
            ProviderFailure.ServerError => $"HTTP {status} after {Options.MaxRetries} retries{said}",
            _ => $"the request was refused (HTTP {status}{said})",
        };
        return (failure, reason);
    }

    /// <summary>The wait a 429 asks for: <c>Retry-After</c> in seconds or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - (response.Headers.Date ?? DateTimeOffset.UtcNow);
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>The provider's own words from an error body (a JSON <c>message</c>, <c>error</c> or Tradier's
    /// <c>fault.faultstring</c>, else the text), one line, at most 200 characters.</summary>
    private static string ErrorDetail(byte[] body)
    {
        if (body.Length == 0)
        {
            return string.Empty;
        }
        string text;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            text = root.ValueKind == JsonValueKind.Object
                ? (Text(root, "message") ?? Text(root, "error") ?? (root.TryGetProperty("fault", out var fault) && fault.ValueKind == JsonValueKind.Object ? Text(fault, "faultstring") : null)
                    ?? root.GetRawText())
                : root.GetRawText();
        }
        catch (JsonException)
        {
            text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400));
        }
        text = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return text.Length > 200 ? text[..200] + "..." : text;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Invariant text of a number for a query string.</summary>
    protected static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
