using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SuperGnosis.Server.Http;

/// <summary>
/// The ASP.NET Core side of the API that every host shares, so the Functions app's HTTP functions and the minimal-API
/// routes of <c>gnosis serve</c> read requests and turn failures into problems the same way: query values, the base URL
/// of status links, the size-limited run request body, and the 499/500 mapping of an exception.
/// </summary>
public static class HttpApi
{
    /// <summary>The query value, or null when the parameter is absent (present but empty gives "").</summary>
    public static string? Query(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
    }

    /// <summary>The request's scheme and authority (e.g. <c>http://127.0.0.1:5080</c>), the base of the status URL.</summary>
    public static string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Scheme + "://" + request.Host.Value;
    }

    /// <summary>
    /// <c>POST /api/runs</c>: a body declared or found longer than <see cref="PipelineApi.MaxRequestBodyBytes"/> is a 413
    /// problem without reading the rest; otherwise the body (read as UTF-8 JSON whatever the Content-Type says) goes to
    /// <see cref="PipelineApi.StartRunAsync"/>.
    /// </summary>
    public static async Task<ApiResult> StartRunAsync(PipelineApi api, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > PipelineApi.MaxRequestBodyBytes)
        {
            return TooLarge();
        }
        var body = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        return body is null ? TooLarge() : await api.StartRunAsync(body, BaseUrl(request), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="handle"/>; a cancelled request becomes a 499 problem, any other exception a 500 problem naming
    /// only <paramref name="invocationId"/> (the exception goes to <paramref name="logger"/>, never to the caller).
    /// </summary>
    public static async Task<ApiResult> InvokeAsync(
        Func<CancellationToken, Task<ApiResult>> handle, string route, string invocationId, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            return await handle(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Problem.ClientClosedRequest();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "HTTP route {Route} failed (invocation {InvocationId})", route, invocationId);
            return Problem.Internal(invocationId);
        }
    }

    /// <summary>Writes <paramref name="result"/>: status, <c>Content-Type</c> with UTF-8, <c>Location</c> when set, the body.</summary>
    public static async Task WriteAsync(HttpResponse response, ApiResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(result);
        response.StatusCode = result.StatusCode;
        response.ContentType = ContentTypeOf(result);
        if (result.Location is { } location)
        {
            response.Headers.Location = location;
        }
        var bytes = Encoding.UTF8.GetBytes(result.Body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The response media type of <paramref name="result"/> with its charset.</summary>
    public static string ContentTypeOf(ApiResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.ContentType + "; charset=utf-8";
    }

    private static ApiResult TooLarge() => Problem.PayloadTooLarge($"the body must be at most {PipelineApi.MaxRequestBodyBytes} bytes");

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
