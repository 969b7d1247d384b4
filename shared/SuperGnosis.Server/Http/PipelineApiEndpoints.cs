using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace SuperGnosis.Server.Http;

/// <summary>
/// The HTTP API (docs/functions.md, "HTTP API") as ASP.NET Core minimal-API routes, for self-hosted processes such as
/// <c>gnosis serve</c>: the same routes, request rules, bodies and problem details as the Functions app, because both
/// call <see cref="PipelineApi"/> through <see cref="HttpApi"/>. There are no function keys: a self-hosted process
/// decides who can reach it by the address it listens on.
/// </summary>
public static class PipelineApiEndpoints
{
    /// <summary>
    /// The API's services: <see cref="PipelineApi"/>, the on-demand analyzer (the composition root's in-process runner)
    /// and the market-data window. The host registers the health probes (<see cref="IHealthProbe"/>) of what it depends on.
    /// </summary>
    public static IServiceCollection AddSuperGnosisApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IOnDemandAnalyzer, RunnerFactoryAnalyzer>();
        services.TryAddSingleton<IMarketDataWindow, ConfiguredMarketDataWindow>();
        services.TryAddSingleton<IMarketViews, ConfiguredMarketViews>();
        services.TryAddSingleton<PipelineApi>();
        return services;
    }

    /// <summary>
    /// Maps <c>POST /api/analyze/{symbol}</c>, <c>POST /api/runs</c>, <c>GET /api/runs/{runId}</c>,
    /// <c>GET /api/symbols/{symbol}/latest</c>, <c>GET /api/ledger</c>, the dashboard's read routes (<c>GET /api/symbols/{symbol}/gex</c>,
    /// <c>/bars</c>, <c>/levels</c>, <c>GET /api/watchlist</c>) and <c>GET /api/health</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapSuperGnosisApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        api.MapPost("/analyze/{symbol}", (HttpContext http, string symbol, PipelineApi pipeline) =>
            Respond(http, "analyze", ct => pipeline.AnalyzeAsync(symbol, HttpApi.Query(http.Request, "as_of"), ct)));
        api.MapPost("/runs", (HttpContext http, PipelineApi pipeline) =>
            Respond(http, "runs", ct => HttpApi.StartRunAsync(pipeline, http.Request, ct)));
        api.MapGet("/runs/{runId}", (HttpContext http, string runId, PipelineApi pipeline) =>
            Respond(http, "run", ct => pipeline.GetRunAsync(runId, ct)));
        api.MapGet("/symbols/{symbol}/latest", (HttpContext http, string symbol, PipelineApi pipeline) =>
            Respond(http, "latest", ct => pipeline.LatestAsync(symbol, ct)));
        api.MapGet("/ledger", (HttpContext http, PipelineApi pipeline) =>
            Respond(http, "ledger", ct => pipeline.LedgerAsync(
                HttpApi.Query(http.Request, "symbol"), HttpApi.Query(http.Request, "from"), HttpApi.Query(http.Request, "to"), HttpApi.Query(http.Request, "limit"), ct)));
        api.MapGet("/symbols/{symbol}/gex", (HttpContext http, string symbol, PipelineApi pipeline) =>
            Respond(http, "gex", ct => pipeline.GexAsync(symbol, HttpApi.Query(http.Request, "as_of"), ct)));
        api.MapGet("/symbols/{symbol}/bars", (HttpContext http, string symbol, PipelineApi pipeline) =>
            Respond(http, "bars", ct => pipeline.BarsAsync(symbol, HttpApi.Query(http.Request, "as_of"), HttpApi.Query(http.Request, "days"), ct)));
        api.MapGet("/symbols/{symbol}/levels", (HttpContext http, string symbol, PipelineApi pipeline) =>
            Respond(http, "levels", ct => pipeline.LevelsAsync(
                symbol, HttpApi.Query(http.Request, "from"), HttpApi.Query(http.Request, "to"), HttpApi.Query(http.Request, "limit"), ct)));
        api.MapGet("/ledger/metrics", (HttpContext http, PipelineApi pipeline) =>
            Respond(http, "ledger-metrics", ct => pipeline.LedgerMetricsAsync(
                HttpApi.Query(http.Request, "symbol"), HttpApi.Query(http.Request, "from"), HttpApi.Query(http.Request, "to"), ct)));
        api.MapGet("/watchlist", (HttpContext http, PipelineApi pipeline) =>
            Respond(http, "watchlist", pipeline.WatchlistAsync));
        api.MapGet("/health", (HttpContext http, PipelineApi pipeline) =>
            Respond(http, "health", pipeline.HealthAsync));
        return endpoints;
    }

    private static async Task Respond(HttpContext http, string route, Func<CancellationToken, Task<ApiResult>> handle)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PipelineApiEndpoints).FullName!);
        var result = await HttpApi.InvokeAsync(handle, route, http.TraceIdentifier, logger, http.RequestAborted).ConfigureAwait(false);
        if (!http.RequestAborted.IsCancellationRequested)
        {
            await HttpApi.WriteAsync(http.Response, result, http.RequestAborted).ConfigureAwait(false);
        }
    }
}
