using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SuperGnosis.Server.Http;

namespace SuperGnosis.Functions.Http;

/// <summary>
/// The HTTP routes (docs/functions.md, "HTTP API"). Each function reads the request parts, calls <see cref="PipelineApi"/>
/// (shared with <c>gnosis serve</c>, in SuperGnosis.Server) through <see cref="HttpApi"/> and writes its
/// <see cref="ApiResult"/>; an unexpected exception becomes a 500 problem naming the invocation id (the exception goes
/// to the log, never to the caller). Function-level keys guard every route but health.
/// </summary>
public sealed class HttpFunctions(PipelineApi api, ILogger<HttpFunctions> logger)
{
    [Function("Analyze")]
    public Task<IActionResult> Analyze(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "analyze/{symbol}")] HttpRequest request,
        string symbol,
        FunctionContext context) =>
        Respond(context, ct => api.AnalyzeAsync(symbol, Query(request, "as_of"), ct));

    [Function("StartRun")]
    public Task<IActionResult> StartRun(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs")] HttpRequest request,
        FunctionContext context) =>
        Respond(context, ct => HttpApi.StartRunAsync(api, request, ct));

    [Function("GetRun")]
    public Task<IActionResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{runId}")] HttpRequest request,
        string runId,
        FunctionContext context) =>
        Respond(context, ct => api.GetRunAsync(runId, ct));

    [Function("LatestForSymbol")]
    public Task<IActionResult> LatestForSymbol(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "symbols/{symbol}/latest")] HttpRequest request,
        string symbol,
        FunctionContext context) =>
        Respond(context, ct => api.LatestAsync(symbol, ct));

    [Function("QueryLedger")]
    public Task<IActionResult> QueryLedger(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ledger")] HttpRequest request,
        FunctionContext context) =>
        Respond(context, ct => api.LedgerAsync(Query(request, "symbol"), Query(request, "from"), Query(request, "to"), Query(request, "limit"), ct));

    [Function("SymbolGex")]
    public Task<IActionResult> SymbolGex(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "symbols/{symbol}/gex")] HttpRequest request,
        string symbol,
        FunctionContext context) =>
        Respond(context, ct => api.GexAsync(symbol, Query(request, "as_of"), ct));

    [Function("SymbolBars")]
    public Task<IActionResult> SymbolBars(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "symbols/{symbol}/bars")] HttpRequest request,
        string symbol,
        FunctionContext context) =>
        Respond(context, ct => api.BarsAsync(symbol, Query(request, "as_of"), Query(request, "days"), ct));

    [Function("SymbolLevels")]
    public Task<IActionResult> SymbolLevels(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "symbols/{symbol}/levels")] HttpRequest request,
        string symbol,
        FunctionContext context) =>
        Respond(context, ct => api.LevelsAsync(symbol, Query(request, "from"), Query(request, "to"), Query(request, "limit"), ct));

    [Function("QueryLedgerMetrics")]
    public Task<IActionResult> QueryLedgerMetrics(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ledger/metrics")] HttpRequest request,
        FunctionContext context) =>
        Respond(context, ct => api.LedgerMetricsAsync(Query(request, "symbol"), Query(request, "from"), Query(request, "to"), ct));

    [Function("Watchlist")]
    public Task<IActionResult> Watchlist(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "watchlist")] HttpRequest request,
        FunctionContext context) =>
        Respond(context, api.WatchlistAsync);

    [Function("Health")]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        FunctionContext context) =>
        Respond(context, api.HealthAsync);

    /// <summary>Writes an <see cref="ApiResult"/> as the response.</summary>
    public static IActionResult ToActionResult(ApiResult result, HttpResponse? response = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Location is { } location && response is not null)
        {
            response.Headers.Location = location;
        }
        return new ContentResult { StatusCode = result.StatusCode, ContentType = HttpApi.ContentTypeOf(result), Content = result.Body };
    }

    private async Task<IActionResult> Respond(FunctionContext context, Func<CancellationToken, Task<ApiResult>> handle)
    {
        var http = context.GetHttpContext();
        var ct = http?.RequestAborted ?? context.CancellationToken;
        var result = await HttpApi.InvokeAsync(handle, context.FunctionDefinition.Name, context.InvocationId, logger, ct).ConfigureAwait(false);
        return ToActionResult(result, http?.Response);
    }

    private static string? Query(HttpRequest request, string name) => HttpApi.Query(request, name);
}
