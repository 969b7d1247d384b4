using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SuperGnosis.Data.Providers.Alpaca;
using SuperGnosis.Data.Providers.Cboe;
using SuperGnosis.Data.Providers.Polygon;
using SuperGnosis.Data.Providers.Tradier;

namespace SuperGnosis.Data.Providers;

/// <summary>How an attempt that was retried failed: a transport failure (no connection) or an answer (HTTP 503).</summary>
public sealed record AttemptFailure(bool Transport, string Description);

/// <summary>
/// Registers the providers' typed <see cref="HttpClient"/>s (<see cref="CboeClient"/>, <see cref="PolygonClient"/>,
/// <see cref="TradierClient"/>, <see cref="AlpacaClient"/>), each with a resilience handler built from its options
/// (<see cref="LiveProviderOptions"/>), outermost first: the total timeout, retries with exponential back-off and jitter
/// on transient failures (network errors, HTTP 408, 429, 5xx, an attempt's timeout) honouring <c>Retry-After</c>, the
/// circuit breaker, the per-attempt timeout. Header values are redacted in the HTTP client's logs. Options are bound and
/// validated by the composition root (SuperGnosis.Hosting); the response cache is one singleton.
/// </summary>
public static class ProviderHttpRegistration
{
    public static IServiceCollection AddMarketDataProviderClients(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ProviderResponseCache(sp.GetRequiredService<TimeProvider>()));
        Add<CboeClient, CboeOptions>(services, CboeClient.Name);
        Add<PolygonClient, PolygonOptions>(services, PolygonClient.Name);
        Add<TradierClient, TradierOptions>(services, TradierClient.Name);
        Add<AlpacaClient, AlpacaOptions>(services, AlpacaClient.Name);
        return services;
    }

    private static void Add<TClient, TOptions>(IServiceCollection services, string name)
        where TClient : ProviderClient
        where TOptions : LiveProviderOptions
    {
        services.AddHttpClient<TClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<TOptions>>().Value;
                http.BaseAddress = options.EffectiveBaseUrl;
                // The resilience handler's total timeout governs; this only backs it up.
                http.Timeout = options.Timeout + TimeSpan.FromSeconds(5);
            })
            .RedactLoggedHeaders(_ => true)
            .AddResilienceHandler(name, (builder, context) => Configure(builder, context.ServiceProvider.GetRequiredService<IOptions<TOptions>>().Value));
    }

    /// <summary>The pipeline of one provider (also used by tests that build a handler directly).</summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, LiveProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = options.Timeout });
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryAfter > options.RetryDelay ? options.MaxRetryAfter : options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options)),
                OnRetry = args =>
                {
                    // What the last failed attempt was, for the message when the total timeout ends the retries.
                    args.Context.GetRequestMessage()?.Options.Set(ProviderClient.LastFailure, args.Outcome.Exception is { } ex
                        ? new AttemptFailure(ex is HttpRequestException, ex.Message)
                        : new AttemptFailure(false, $"HTTP {(int)args.Outcome.Result!.StatusCode}"));
                    return default;
                },
            });
        }
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = "breaker",
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakDuration,
        });
        // An attempt never outlives the call: an AttemptTimeout above Timeout means "as long as the call".
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = options.AttemptTimeout < options.Timeout ? options.AttemptTimeout : options.Timeout });
    }

    /// <summary>
    /// Transient failures are retried, except a 429 whose <c>Retry-After</c> is longer than
    /// <see cref="LiveProviderOptions.MaxRetryAfter"/>: waiting would only end in the total timeout, so the call fails at once
    /// saying how long the provider asked to wait.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, LiveProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }
        return outcome.Result is not { StatusCode: HttpStatusCode.TooManyRequests } response
            || ProviderClient.RetryAfter(response) is not { } wait
            || wait <= options.MaxRetryAfter;
    }
}
