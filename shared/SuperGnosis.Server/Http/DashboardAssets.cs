using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SuperGnosis.Server.Http;

/// <summary>One embedded dashboard file: its bytes, media type and a strong ETag (SHA-256 of the bytes).</summary>
public sealed record DashboardAsset(string Path, byte[] Content, string ContentType, string ETag);

/// <summary>
/// The dashboard's static files (docs/dashboard.md), embedded in this assembly as resources <c>dashboard/&lt;path&gt;</c>:
/// <c>index.html</c>, <c>app.js</c>, <c>app.css</c>, the chart library (<c>vendor/uPlot.iife.min.js</c>,
/// <c>vendor/uPlot.min.css</c>, its licence) and <c>NOTICE.txt</c>. Nothing is read from disk or from another site.
/// </summary>
public static class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly Lazy<FrozenDictionary<string, DashboardAsset>> All = new(Load);

    /// <summary>The paths served, e.g. <c>index.html</c>, <c>vendor/uPlot.iife.min.js</c>.</summary>
    public static IReadOnlyCollection<string> Paths => All.Value.Keys;

    /// <summary>The asset at <paramref name="path"/> (relative, no leading slash; empty = <c>index.html</c>), or null.</summary>
    public static DashboardAsset? Find(string? path)
    {
        var key = string.IsNullOrEmpty(path) ? "index.html" : path.TrimStart('/');
        return All.Value.GetValueOrDefault(key);
    }

    /// <summary>
    /// Writes the asset at <paramref name="path"/>: 200 with <c>Cache-Control: no-cache</c> and the ETag, 304 when the
    /// request's <c>If-None-Match</c> names it, 404 (plain text) for an unknown path. HEAD and GET.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, string? path)
    {
        ArgumentNullException.ThrowIfNull(http);
        var asset = Find(path);
        var response = http.Response;
        if (asset is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("not found", http.RequestAborted).ConfigureAwait(false);
            return;
        }
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await response.Body.WriteAsync(asset.Content, http.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Maps the dashboard at <c>/</c> (index) and <c>/assets/{path}</c> (every other file) for self-hosted processes.</summary>
    public static IEndpointRouteBuilder MapSuperGnosisDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) => WriteAsync(http, "index.html"));
        endpoints.MapMethods("/assets/{**path}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http, string path) => WriteAsync(http, path));
        return endpoints;
    }

    /// <summary>The media type of a file name by its extension.</summary>
    public static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };

    private static FrozenDictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var path = name[Prefix.Length..].Replace('\\', '/');
            assets[path] = new DashboardAsset(path, bytes, ContentTypeOf(path), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
