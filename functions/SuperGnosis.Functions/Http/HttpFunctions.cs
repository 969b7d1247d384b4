using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace SuperGnosis.Functions.Http;

/// <summary>
/// The HTTP routes (docs/functions.md, "HTTP API"). Each function reads the request parts, calls <see cref="PipelineApi"/>
/// and writes its <see cref="ApiResult"/>; an unexpected exception becomes a 500 problem naming the invocation id
/// (the exception goes to the log, never to the caller). Function-level keys guard every route but health.
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
        Respond(context, async ct =>
        {
            if (request.ContentLength > PipelineApi.MaxRequestBodyBytes)
            {
                return Problem.PayloadTooLarge($"the body must be at most {PipelineApi.MaxRequestBodyBytes} bytes");
            }
            var body = await ReadBodyAsync(request, ct).ConfigureAwait(false);
            return body is null
                ? Problem.PayloadTooLarge($"the body must be at most {PipelineApi.MaxRequestBodyBytes} bytes")
                : await api.StartRunAsync(body, BaseUrl(request), ct).ConfigureAwait(false);
        });

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
        return new ContentResult { StatusCode = result.StatusCode, ContentType = result.ContentType + "; charset=utf-8", Content = result.Body };
    }

    private async Task<IActionResult> Respond(FunctionContext context, Func<CancellationToken, Task<ApiResult>> handle)
    {
        var http = context.GetHttpContext();
        var ct = http?.RequestAborted ?? context.CancellationToken;
        ApiResult result;
        try
        {
            result = await handle(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            result = Problem.Create(499, "client-closed-request", "Client Closed Request", "the request was cancelled");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "HTTP function {Function} failed (invocation {InvocationId})", context.FunctionDefinition.Name, context.InvocationId);
            result = Problem.Internal(context.InvocationId);
        }
        return ToActionResult(result, http?.Response);
    }

    /// <summary>The query value, or null when the parameter is absent (present but empty gives "").</summary>
    internal static string? Query(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    internal static string BaseUrl(HttpRequest request) => request.Scheme + "://" + request.Host.Value;

    /// <summary>The body as UTF-8 text, or null when it is longer than <see cref="PipelineApi.MaxRequestBodyBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new byte[PipelineApi.MaxRequestBodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
        return total > PipelineApi.MaxRequestBodyBytes ? null : new UTF8Encoding(false, false).GetString(buffer, 0, total);
    }
}
