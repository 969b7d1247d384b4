using System.Diagnostics;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Providers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace SuperGnosis.Data.Tests.Providers;

/// <summary>The resilience handler as the hosts register it, seen through a provider: retries, Retry-After, timeouts, breaker, secrets.</summary>
public sealed class ResilienceTests
{
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 22, 0, 0, TimeSpan.Zero);

    private const string EmptyAggregates = """{ "ticker": "SPY", "queryCount": 1, "resultsCount": 1, "adjusted": false, "results": [ { "v": 1, "vw": 1, "o": 1, "c": 1, "h": 1, "l": 1, "t": 1709614800000, "n": 1 } ], "status": "OK" }""";

    private static Task<IReadOnlyList<Bar>> DailyBars(ProviderHarness h) =>
        h.Polygon().GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-5), AsOf, CancellationToken.None);

    private const string DailyPath = "/v2/aggs/ticker/SPY/range/1/day/2023-08-19/2024-03-06";

    [Fact]
    public async Task A_429_is_retried_after_exactly_the_wait_its_Retry_After_asks()
    {
        using var h = new ProviderHarness();
        h.Server.Given(Request.Create().WithPath(DailyPath).UsingGet()).InScenario("limit").WillSetStateTo("free")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("""{ "status": "ERROR", "error": "You've exceeded the maximum requests per minute." }"""));
        h.Server.Given(Request.Create().WithPath(DailyPath).UsingGet()).InScenario("limit").WhenStateIs("free")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(EmptyAggregates));

        var bars = await DailyBars(h);

        Assert.Single(bars);
        var calls = h.Requests(DailyPath);
        Assert.Equal(2, calls.Count);
        // The back-off alone is 10 ms (RetryDelay): only the Retry-After of 1 s explains the gap.
        var gap = calls[1].RequestMessage.DateTime - calls[0].RequestMessage.DateTime;
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"the retry came {gap.TotalMilliseconds:0} ms after the 429");
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_limit_fails_at_once_saying_how_long_it_asked()
    {
        using var h = new ProviderHarness();
        h.Json(DailyPath, """{ "status": "ERROR", "error": "rate limit" }""", 429);
        h.Server.Given(Request.Create().WithPath(DailyPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120").WithBody("""{ "status": "ERROR", "error": "rate limit" }"""));

        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => DailyBars(h));

        // Waiting would have ended in the 5 s total timeout (a Timeout failure): RateLimited after one request means no wait.
        Assert.Equal(ProviderFailure.RateLimited, ex.Failure);
        Assert.Equal("polygon aggregates (day) for SPY: rate limited (HTTP 429: rate limit): the provider asks to wait 120 s, more than SuperGnosis:Data:Polygon:MaxRetryAfter (3 s)", ex.Message);
        Assert.Single(h.Requests(DailyPath));
    }

    [Fact]
    public async Task A_server_error_then_success_succeeds_and_a_lasting_one_fails_after_the_retries()
    {
        using var h = new ProviderHarness();
        h.Server.Given(Request.Create().WithPath(DailyPath).UsingGet()).InScenario("500").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("internal error"));
        h.Server.Given(Request.Create().WithPath(DailyPath).UsingGet()).InScenario("500").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(EmptyAggregates));
        Assert.Single(await DailyBars(h));
        Assert.Equal(2, h.Requests(DailyPath).Count);

        using var down = new ProviderHarness();
        down.Json(DailyPath, """{ "status": "ERROR", "error": "upstream unavailable" }""", 503);
        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => DailyBars(down));
        Assert.Equal(ProviderFailure.ServerError, ex.Failure);
        Assert.Equal("polygon aggregates (day) for SPY: HTTP 503 after 2 retries: upstream unavailable", ex.Message);
        Assert.Equal(3, down.Requests(DailyPath).Count); // the first attempt and MaxRetries = 2
        Assert.False(ex.IsUsageError);
    }

    [Fact]
    public async Task A_closed_port_fails_as_unreachable_within_the_timeout()
    {
        using var h = new ProviderHarness(o => o.Timeout = TimeSpan.FromSeconds(2), baseUrl: $"http://127.0.0.1:{ProviderHarness.FreePort()}/");
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => DailyBars(h));

        // Within the 2 s timeout; the margin is for a loaded shared machine (the client's first use included).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2 + 4), $"took {watch.Elapsed}");
        Assert.Equal(ProviderFailure.Unreachable, ex.Failure);
        Assert.StartsWith($"polygon aggregates (day) for SPY: cannot reach {h.BaseUrl}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_still_reads_as_unreachable_when_the_timeout_ends_the_back_off()
    {
        using var h = new ProviderHarness(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.RetryDelay = TimeSpan.FromSeconds(2);
        }, baseUrl: $"http://127.0.0.1:{ProviderHarness.FreePort()}/");

        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => DailyBars(h));

        Assert.Equal(ProviderFailure.Unreachable, ex.Failure);
        Assert.Contains("; gave up after 1 s (SuperGnosis:Data:Polygon:Timeout)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_fails_at_the_total_timeout()
    {
        using var h = new ProviderHarness(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(900);
            o.AttemptTimeout = TimeSpan.FromMilliseconds(300);
        });
        h.Server.Given(Request.Create().WithPath(DailyPath).UsingGet())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(10)).WithBody(EmptyAggregates));
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => DailyBars(h));

        // The server would answer after 10 s; the call ends at its 0.9 s timeout (margin for a loaded machine).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(0.9 + 4), $"took {watch.Elapsed}");
        Assert.Equal(ProviderFailure.Timeout, ex.Failure);
        Assert.Contains("no answer within 0.9 s (SuperGnosis:Data:Polygon:Timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_breaker_opens_after_repeated_failures_and_then_nothing_reaches_the_provider()
    {
        using var h = new ProviderHarness(o =>
        {
            o.MaxRetries = 0;
            o.BreakerMinimumThroughput = 2;
            o.BreakerFailureRatio = 0.5;
            o.BreakDuration = TimeSpan.FromSeconds(30);
        });
        h.Json(DailyPath, "oops", 500);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(ProviderFailure.ServerError, (await Assert.ThrowsAsync<MarketDataProviderException>(() => DailyBars(h))).Failure);
        }
        var open = await Assert.ThrowsAsync<MarketDataProviderException>(() => DailyBars(h));

        Assert.Equal(ProviderFailure.CircuitOpen, open.Failure);
        Assert.Contains("circuit breaker is open", open.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Requests(DailyPath).Count);
    }

    [Fact]
    public async Task A_refused_key_never_appears_in_the_exception_or_any_log_line_even_when_the_provider_echoes_it()
    {
        using var h = new ProviderHarness();
        h.Json(DailyPath, $$"""{ "status": "ERROR", "request_id": "r", "error": "Unknown API Key: {{ProviderHarness.PolygonKey}}" }""", 401);

        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() => DailyBars(h));

        Assert.Equal(ProviderFailure.Unauthorized, ex.Failure);
        Assert.Equal("polygon aggregates (day) for SPY: the credentials were refused (HTTP 401: Unknown API Key: ***); check SuperGnosis:Data:Polygon:ApiKey", ex.Message);
        Assert.DoesNotContain(ProviderHarness.PolygonKey, ex.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(h.Logs.Lines);
        Assert.Contains(h.Logs.Lines, l => l.Contains("HTTP", StringComparison.Ordinal)); // the client factory's own request logging ran
        Assert.All(h.Logs.Lines, l => Assert.DoesNotContain(ProviderHarness.PolygonKey, l, StringComparison.Ordinal));
        // The key did travel, in the header only.
        var request = Assert.Single(h.Requests(DailyPath)).RequestMessage;
        Assert.Equal("Bearer " + ProviderHarness.PolygonKey, request.Headers!["Authorization"].Single());
        Assert.DoesNotContain(ProviderHarness.PolygonKey, request.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alpaca_keys_travel_in_its_headers_and_never_in_messages()
    {
        using var h = new ProviderHarness();
        h.Json("/v2/stocks/SPY/bars", $$"""{ "code": 40110000, "message": "request is not authorized for {{ProviderHarness.AlpacaKeyId}}" }""", 401);

        var ex = await Assert.ThrowsAsync<MarketDataProviderException>(() =>
            h.Alpaca().GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-5), AsOf, CancellationToken.None));

        Assert.Equal("alpaca bars (day) for SPY: the credentials were refused (HTTP 401: request is not authorized for ***); check SuperGnosis:Data:Alpaca:KeyId and :SecretKey", ex.Message);
        var headers = Assert.Single(h.Requests("/v2/stocks/SPY/bars")).RequestMessage.Headers!;
        Assert.Equal(ProviderHarness.AlpacaKeyId, headers["APCA-API-KEY-ID"].Single());
        Assert.Equal(ProviderHarness.AlpacaSecret, headers["APCA-API-SECRET-KEY"].Single());
        Assert.All(h.Logs.Lines, l =>
        {
            Assert.DoesNotContain(ProviderHarness.AlpacaKeyId, l, StringComparison.Ordinal);
            Assert.DoesNotContain(ProviderHarness.AlpacaSecret, l, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("https://api.polygon.io/v3/trades/SPY?cursor=abc&apiKey=K", "v3/trades/SPY?cursor=abc")]
    [InlineData("https://api.polygon.io/v3/trades/SPY?apikey=K", "v3/trades/SPY")]
    [InlineData("/v3/quotes/SPY?cursor=x", "v3/quotes/SPY?cursor=x")]
    public void Next_urls_resolve_against_the_configured_host_without_a_key(string next, string relative)
    {
        using var h = new ProviderHarness();
        var client = new Data.Providers.Polygon.PolygonClient(new HttpClient(), Microsoft.Extensions.Options.Options.Create(h.Options<Data.Providers.Polygon.PolygonOptions>()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Data.Providers.Polygon.PolygonClient>.Instance);
        Assert.Equal(relative, client.RelativeNext(next));
    }
}
