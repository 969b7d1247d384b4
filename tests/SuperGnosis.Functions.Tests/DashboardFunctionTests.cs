using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SuperGnosis.Functions.Http;
using SuperGnosis.Server.Http;

namespace SuperGnosis.Functions.Tests;

/// <summary>The dashboard on the Functions app: <c>/api/dashboard/</c> serves the embedded page and assets; the data routes exist with keys.</summary>
public sealed class DashboardFunctionTests
{
    private static HttpRequest Request(string path, string query = "", string? ifNoneMatch = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query);
        if (ifNoneMatch is not null)
        {
            http.Request.Headers.IfNoneMatch = ifNoneMatch;
        }
        return http.Request;
    }

    [Fact]
    public void The_page_without_a_trailing_slash_redirects_keeping_the_key()
    {
        var result = Assert.IsType<RedirectResult>(DashboardFunction.Serve(Request("/api/dashboard", "?code=KEY"), null));
        Assert.Equal("/api/dashboard/?code=KEY", result.Url);
        Assert.False(result.Permanent);
    }

    [Fact]
    public void The_page_and_its_assets_are_the_embedded_files()
    {
        var page = Assert.IsType<FileContentResult>(DashboardFunction.Serve(Request("/api/dashboard/"), ""));
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.Equal(DashboardAssets.Find("index.html")!.Content, page.FileContents);

        var request = Request("/api/dashboard/assets/vendor/uPlot.iife.min.js");
        var script = Assert.IsType<FileContentResult>(DashboardFunction.Serve(request, "assets/vendor/uPlot.iife.min.js"));
        Assert.Equal("text/javascript; charset=utf-8", script.ContentType);
        var etag = request.HttpContext.Response.Headers.ETag.ToString();
        Assert.Equal(DashboardAssets.Find("vendor/uPlot.iife.min.js")!.ETag, etag);

        var again = DashboardFunction.Serve(Request("/api/dashboard/assets/vendor/uPlot.iife.min.js", ifNoneMatch: etag), "assets/vendor/uPlot.iife.min.js");
        Assert.Equal(304, Assert.IsType<StatusCodeResult>(again).StatusCode);
        Assert.IsType<NotFoundResult>(DashboardFunction.Serve(Request("/api/dashboard/assets/none.js"), "assets/none.js"));
        Assert.IsType<NotFoundResult>(DashboardFunction.Serve(Request("/api/dashboard/index.html"), "index.html"));
        Assert.Contains("vendor/uPlot.LICENSE.txt", DashboardAssets.Paths);
        Assert.Contains("NOTICE.txt", DashboardAssets.Paths);
    }

    [Theory]
    [InlineData("SymbolGex", "symbols/{symbol}/gex", AuthorizationLevel.Function)]
    [InlineData("SymbolBars", "symbols/{symbol}/bars", AuthorizationLevel.Function)]
    [InlineData("SymbolLevels", "symbols/{symbol}/levels", AuthorizationLevel.Function)]
    [InlineData("Watchlist", "watchlist", AuthorizationLevel.Function)]
    [InlineData("QueryLedgerMetrics", "ledger/metrics", AuthorizationLevel.Function)]
    [InlineData("Dashboard", "dashboard/{*path}", AuthorizationLevel.Anonymous)]
    public void The_dashboard_functions_have_their_routes_and_keys(string name, string route, AuthorizationLevel level)
    {
        var method = typeof(HttpFunctions).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == name);
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;
        Assert.Equal(route, trigger.Route);
        Assert.Equal(level, trigger.AuthLevel);
    }
}
