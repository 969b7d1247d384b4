using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Providers;
using SuperGnosis.Data.Providers.Alpaca;
using SuperGnosis.Data.Providers.Cboe;
using SuperGnosis.Data.Providers.Polygon;
using SuperGnosis.Data.Providers.Tradier;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace SuperGnosis.Data.Tests.Providers;

/// <summary>
/// A WireMock server on loopback and the providers composed through DI exactly as the hosts compose them
/// (<see cref="ProviderHttpRegistration.AddMarketDataProviderClients"/>: typed clients, resilience handlers), with short
/// retry delays and timeouts so error paths take milliseconds. Every log line of every category is captured.
/// </summary>
public sealed class ProviderHarness : IDisposable
{
    public const string PolygonKey = "pk_live_SECRET_7f3a9c";
    public const string TradierKey = "tradier_SECRET_51b2";
    public const string AlpacaKeyId = "AKID_SECRET_0042";
    public const string AlpacaSecret = "alpaca_SECRET_9d8e7f";

    private readonly ServiceProvider _services;

    public ProviderHarness(Action<LiveProviderOptions>? configure = null, TimeProvider? time = null, string? baseUrl = null)
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        BaseUrl = baseUrl ?? Server.Url!;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddMarketDataProviderClients();
        void Common(LiveProviderOptions o)
        {
            o.BaseUrl = BaseUrl;
            o.Timeout = TimeSpan.FromSeconds(5);
            o.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.MaxRetries = 2;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryAfter = TimeSpan.FromSeconds(3);
            o.BreakerMinimumThroughput = 100;
            configure?.Invoke(o);
        }
        services.Configure<CboeOptions>(Common);
        services.Configure<PolygonOptions>(o =>
        {
            o.ApiKey = PolygonKey;
            Common(o);
        });
        services.Configure<TradierOptions>(o =>
        {
            o.ApiKey = TradierKey;
            Common(o);
        });
        services.Configure<AlpacaOptions>(o =>
        {
            o.KeyId = AlpacaKeyId;
            o.SecretKey = AlpacaSecret;
            Common(o);
        });
        _services = services.BuildServiceProvider();
        Cache = time is null ? _services.GetRequiredService<ProviderResponseCache>() : new ProviderResponseCache(time);
    }

    public WireMockServer Server { get; }

    public string BaseUrl { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>The response cache, on the test's clock when one was given (the resilience pipeline keeps the system clock).</summary>
    public ProviderResponseCache Cache { get; }

    public CboeMarketData Cboe() => new(_services.GetRequiredService<CboeClient>, Options<CboeOptions>(), Cache, MarketCalendar.Nyse);

    public PolygonMarketData Polygon() => new(_services.GetRequiredService<PolygonClient>, Options<PolygonOptions>(), Cache, MarketCalendar.Nyse);

    public TradierMarketData Tradier() => new(_services.GetRequiredService<TradierClient>, Options<TradierOptions>(), Cache, MarketCalendar.Nyse);

    public AlpacaMarketData Alpaca() => new(_services.GetRequiredService<AlpacaClient>, Options<AlpacaOptions>(), Cache, MarketCalendar.Nyse);

    public T Options<T>()
        where T : class => _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<T>>().Value;

    /// <summary>Serves <paramref name="body"/> (JSON) for GET <paramref name="path"/> (any query unless given).</summary>
    public void Json(string path, string body, int status = 200, IDictionary<string, string>? query = null)
    {
        var request = Request.Create().WithPath(path).UsingGet();
        foreach (var (k, v) in query ?? new Dictionary<string, string>())
        {
            request = request.WithParam(k, v);
        }
        Server.Given(request).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    /// <summary>Requests that reached the server for <paramref name="path"/>, in arrival order.</summary>
    public IReadOnlyList<ILogEntry> Requests(string path) =>
        [.. Server.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime)];

    /// <summary>A loopback port nothing listens on (taken and released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _services.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}

/// <summary>Every log message (formatted, with its exception) of every category and level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
