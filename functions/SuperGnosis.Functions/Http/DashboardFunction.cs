using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SuperGnosis.Server.Http;

namespace SuperGnosis.Functions.Http;

/// <summary>
/// The dashboard (docs/dashboard.md) on Azure: <c>GET /api/dashboard/</c> serves its page, <c>/api/dashboard/assets/{path}</c>
/// its scripts, styles and the chart library, all embedded in SuperGnosis.Server (<see cref="DashboardAssets"/>).
/// Anonymous: the files hold no data; the page calls the API with the function key given in its own URL
/// (<c>/api/dashboard/?code=KEY</c>), so every data route stays behind the key.
/// </summary>
public sealed class DashboardFunction
{
    [Function("Dashboard")]
    public IActionResult Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "dashboard/{*path}")] HttpRequest request,
        string? path) => Serve(request, path);

    /// <summary>The response for <paramref name="path"/> (relative to the dashboard; empty = the page).</summary>
    public static IActionResult Serve(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        var relative = (path ?? string.Empty).Trim('/');
        if (relative.Length == 0 && !request.Path.Value!.EndsWith('/'))
        {
            // The page loads its files by relative paths: /api/dashboard must become /api/dashboard/ (query kept: the key).
            return new RedirectResult(request.PathBase + request.Path + "/" + request.QueryString, permanent: false);
        }
        if (relative.Length > 0 && !relative.StartsWith("assets/", StringComparison.Ordinal))
        {
            return new NotFoundResult();
        }
        var asset = DashboardAssets.Find(relative.Length == 0 ? "index.html" : relative["assets/".Length..]);
        if (asset is null)
        {
            return new NotFoundResult();
        }
        if (request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        request.HttpContext.Response.Headers.ETag = asset.ETag;
        return new FileContentResult(asset.Content, asset.ContentType);
    }
}
