using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SuperGnosis.Data.Providers;
using SuperGnosis.Server.Http;
using SuperGnosis.Server.Tests.Support;

namespace SuperGnosis.Dashboard.Tests;

/// <summary><c>/</c> of a serve host with the defaults and an empty ledger: it analyzes once at start and the page opens on that symbol.</summary>
[Collection(DashboardCollection.Name)]
public sealed class FreshServeTests(DashboardBrowser browser)
{
    [Fact]
    public async Task The_root_of_a_fresh_serve_shows_the_symbol_view_of_the_symbol_it_analyzed_at_start()
    {
        await using var serve = await ServeTestHost.StartAsync(settings: new Dictionary<string, string?> { ["SuperGnosis:Dashboard:AnalyzeOnStart"] = "true" });
        await serve.Get<StartupAnalysisService>().Completed.WaitAsync(TimeSpan.FromSeconds(120));
        using var ledger = JsonDocument.Parse(await serve.Http.GetStringAsync("api/ledger"));
        var records = ledger.RootElement.GetProperty("records");
        Assert.Equal(1, records.GetArrayLength());
        Assert.Equal("SPY", records[0].GetProperty("symbol").GetString());

        var (page, errors) = await browser.OpenAsync();
        await page.GotoAsync(serve.BaseUrl + "/");
        await page.WaitForSelectorAsync("#view[data-state='ready']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal("SPY", await page.Locator("#symbol-picker").InputValueAsync());
        Assert.StartsWith("SPY as of", await page.Locator("section.card h2").First.InnerTextAsync());
        Assert.Equal(records[0].GetProperty("snapshot").GetProperty("hedge").GetProperty("spot").GetDouble(),
            DashboardHost.Number((await page.Locator("[data-field='spot']").GetAttributeAsync("data-value"))!));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardBrowser.ArtifactFolder(), "fresh-serve-root.png"), FullPage = true });
        Assert.Empty(errors);

    }

    [Fact]
    public async Task The_static_files_are_served_from_the_app_with_their_types_and_etags()
    {
        await using var serve = await ServeTestHost.StartAsync();
        using var index = await serve.Http.GetAsync("/");
        Assert.Equal("text/html; charset=utf-8", index.Content.Headers.ContentType!.ToString());
        var html = await index.Content.ReadAsStringAsync();
        Assert.Contains("assets/vendor/uPlot.iife.min.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        using var uplot = await serve.Http.GetAsync("/assets/vendor/uPlot.iife.min.js");
        Assert.Equal(System.Net.HttpStatusCode.OK, uplot.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", uplot.Content.Headers.ContentType!.ToString());
        Assert.Contains("uPlot", await uplot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("uPlot 1.6.32", await serve.Http.GetStringAsync("/assets/NOTICE.txt"), StringComparison.Ordinal);
        Assert.Contains("MIT License", await serve.Http.GetStringAsync("/assets/vendor/uPlot.LICENSE.txt"), StringComparison.Ordinal);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/assets/app.js");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", uplot.Headers.ETag!.Tag);
        using (var other = await serve.Http.SendAsync(conditional))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, other.StatusCode);
            using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/app.js");
            again.Headers.TryAddWithoutValidation("If-None-Match", other.Headers.ETag!.Tag);
            using var notModified = await serve.Http.SendAsync(again);
            Assert.Equal(System.Net.HttpStatusCode.NotModified, notModified.StatusCode);
        }
        using var missing = await serve.Http.GetAsync("/assets/nothing.js");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        // An empty ledger with AnalyzeOnStart off stays empty.
        using var ledger = JsonDocument.Parse(await serve.Http.GetStringAsync("api/ledger"));
        Assert.Equal(0, ledger.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_market_data_provider_that_is_down_is_shown_as_unavailable()
    {
        const string Message = "cboe: the option chain of SPY could not be fetched (unreachable after 3 attempts)";
        var down = new MarketDataProviderException("cboe", ProviderFailure.Unreachable, Message);
        await using var serve = await ServeTestHost.StartAsync(services: s => s.AddSingleton<IMarketViews>(new DownViews(down)));
        using (var analyzed = await serve.Http.PostAsync("api/analyze/SPY?as_of=2026-03-02T15:30:00Z", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, analyzed.StatusCode);
        }
        var (page, _) = await browser.OpenAsync();
        await page.GotoAsync(serve.BaseUrl + "/#symbol/SPY");
        await page.WaitForSelectorAsync("#view[data-state='error']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal("Unavailable (market data provider or storage down), error 503: " + Message, await page.Locator("#banner").InnerTextAsync());
        Assert.Contains("The API answered 503", await page.Locator("#view").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardBrowser.ArtifactFolder(), "provider-down.png"), FullPage = true });
    }

    private sealed class DownViews(MarketDataProviderException failure) : IMarketViews
    {
        public Task<Core.Engines.Hedge.HedgeAnalysis> AnalyzeHedgeAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) => throw failure;

        public Task<IReadOnlyList<Core.MarketData.Bar>> DailyBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) => throw failure;

        public IReadOnlyList<string> Watchlist => ["SPY"];

        public int IntervalMinutes => 15;

        public string Schedule => "0 */15 * * * 1-5";
    }
}
