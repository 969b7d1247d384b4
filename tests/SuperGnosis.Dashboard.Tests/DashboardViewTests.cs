using System.Text.Json;
using Microsoft.Playwright;

namespace SuperGnosis.Dashboard.Tests;

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardBrowser>, ICollectionFixture<DashboardHost>
{
    public const string Name = "dashboard";
}

/// <summary>
/// The three views in Chromium against a serve host with SPY in the ledger: they load without console errors, every chart
/// draws its series (coloured pixels on its canvas) with as many points as the API returned, and the numbers on the page
/// are the API's. A screenshot of each view is saved under TestResults/dashboard.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardViewTests(DashboardBrowser browser, DashboardHost host)
{
    /// <summary>Pixels of a chart's canvas that are clearly coloured (series, bars, candles), not grey axes or grid.</summary>
    private const string ColouredPixels = """
        (name) => {
          const canvas = document.querySelector(`[data-chart="${name}"] canvas`);
          if (!canvas) return -1;
          const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 128 && (Math.abs(d[i] - d[i + 1]) > 40 || Math.abs(d[i + 1] - d[i + 2]) > 40 || Math.abs(d[i] - d[i + 2]) > 40)) n++;
          }
          return n;
        }
        """;

    private async Task<IPage> LoadAsync(string hash, List<string> errors, IPage page)
    {
        await page.GotoAsync(host.Serve.BaseUrl + "/" + hash);
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.WaitForSelectorAsync("#view[data-state='ready']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        return page;
    }

    private static async Task<double> FieldAsync(IPage page, string field) =>
        DashboardHost.Number((await page.Locator($"[data-field='{field}']").First.GetAttributeAsync("data-value"))!);

    private static async Task AssertChartAsync(IPage page, string name, int expectedPoints)
    {
        Assert.Equal(expectedPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator($"[data-chart='{name}']").GetAttributeAsync("data-points"));
        var coloured = await page.EvaluateAsync<int>(ColouredPixels, name);
        Assert.True(coloured > 200, $"chart {name} drew {coloured} coloured pixels");
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardBrowser.ArtifactFolder(), name + ".png"), FullPage = true });

    [Fact]
    public async Task Symbol_view_draws_every_chart_with_the_api_numbers()
    {
        var (page, errors) = await browser.OpenAsync();
        await LoadAsync("#symbol/SPY", errors, page);

        var record = (await host.GetJsonAsync("api/ledger?symbol=SPY&limit=1")).GetProperty("records")[0];
        var asOf = record.GetProperty("timestamp").GetString()!;
        Assert.Equal(DashboardHost.AsOfs[^1], DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        var gex = await host.GetJsonAsync("api/symbols/SPY/gex?as_of=" + DashboardHost.Q(asOf));
        var bars = await host.GetJsonAsync("api/symbols/SPY/bars?days=120&as_of=" + DashboardHost.Q(asOf));
        var levels = await host.GetJsonAsync("api/symbols/SPY/levels?limit=500");
        var profile = gex.GetProperty("hedge_profile");
        var lv = profile.GetProperty("levels");

        // Levels on the page = the gex route's profile = the ledger record's hedge features.
        foreach (var (field, feature) in new[] { ("spot", "spot"), ("zero_gamma", "zero_gamma_level"), ("call_wall", "call_wall"), ("put_wall", "put_wall"), ("abs_gamma_strike", "abs_gamma_strike") })
        {
            var shown = await FieldAsync(page, field);
            Assert.Equal(lv.GetProperty(field).GetDouble(), shown);
            Assert.Equal(record.GetProperty("snapshot").GetProperty("hedge").GetProperty(feature).GetDouble(), shown);
        }
        Assert.Equal(gex.GetProperty("engine_output").GetProperty("features").GetProperty("net_gex_usd_per_1pct").GetDouble(), await FieldAsync(page, "net_gex_usd_per_1pct"));
        var sentiment = record.GetProperty("snapshot").GetProperty("sentiment");
        Assert.Equal(sentiment.GetProperty("sentiment_score").GetDouble(), await FieldAsync(page, "sentiment_score"));
        Assert.Equal(sentiment.GetProperty("news_sentiment_score").GetDouble(), await FieldAsync(page, "news_sentiment_score"));
        var elasticity = record.GetProperty("snapshot").GetProperty("elasticity");
        Assert.Equal(elasticity.GetProperty("elasticity_up").GetDouble(), await FieldAsync(page, "elasticity_up"));
        Assert.Equal(elasticity.GetProperty("elasticity_down").GetDouble(), await FieldAsync(page, "elasticity_down"));
        var liquidity = record.GetProperty("snapshot").GetProperty("liquidity");
        Assert.Equal(liquidity.GetProperty("magnet_below").GetDouble(), await FieldAsync(page, "magnet_below"));

        var spot = lv.GetProperty("spot").GetDouble();
        var inWindow = profile.GetProperty("by_strike").EnumerateArray().Count(s => Math.Abs(s.GetProperty("strike").GetDouble() - spot) <= 0.10 * spot);
        Assert.True(bars.GetProperty("count").GetInt32() > 50);
        await AssertChartAsync(page, "candles", bars.GetProperty("count").GetInt32());
        await AssertChartAsync(page, "gex-by-strike", inWindow);
        await AssertChartAsync(page, "gamma-curve", profile.GetProperty("gamma_curve").GetArrayLength());
        await AssertChartAsync(page, "vanna-charm-by-expiry", profile.GetProperty("by_expiry").GetArrayLength());
        Assert.Equal(3, levels.GetProperty("count").GetInt32());
        await AssertChartAsync(page, "level-history", 3);
        // The liquidity magnet of the snapshot is drawn as a zone on the price chart, with the value area.
        Assert.Contains("magnet_below", (await page.Locator("[data-chart='candles']").GetAttributeAsync("data-zones"))!.Split(','));

        await ScreenshotAsync(page, "symbol-view");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Decision_view_shows_the_suggestions_and_ideas_and_a_payoff_that_agrees_with_the_trade_agent()
    {
        var (page, errors) = await browser.OpenAsync();
        await LoadAsync("#decision/SPY", errors, page);
        var record = (await host.GetJsonAsync("api/ledger?symbol=SPY&limit=1")).GetProperty("records")[0];

        var primaries = record.GetProperty("primary_suggestions");
        Assert.Equal(3, primaries.GetArrayLength());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(primaries[i].GetProperty("action").GetString(), await page.Locator($"[data-field='primary{i}.action']").GetAttributeAsync("data-value"));
            Assert.Equal(primaries[i].GetProperty("confidence").GetDouble(), await FieldAsync(page, $"primary{i}.confidence"));
            Assert.Contains(primaries[i].GetProperty("reasoning").GetString()!, await page.Locator($"[data-suggestion='primary{i}']").InnerTextAsync());
        }
        var composite = record.GetProperty("composite_suggestion");
        Assert.Equal(composite.GetProperty("confidence").GetDouble(), await FieldAsync(page, "composite.confidence"));

        var ideas = record.GetProperty("trade_ideas");
        Assert.True(ideas.GetArrayLength() > 0, "the fixture's run has trade ideas");
        Assert.Equal(ideas.GetArrayLength(), await page.Locator("[data-idea]").CountAsync());
        for (var i = 0; i < ideas.GetArrayLength(); i++)
        {
            var idea = ideas[i];
            Assert.Equal(idea.GetProperty("cost_per_unit").GetDouble(), await FieldAsync(page, $"idea{i}.cost_per_unit"));
            Assert.Equal(idea.GetProperty("max_loss").GetDouble(), await FieldAsync(page, $"idea{i}.max_loss"));
            var breakevens = idea.GetProperty("breakeven_levels").EnumerateArray().Select(b => b.GetDouble()).ToArray();
            Assert.Equal(string.Join(",", breakevens.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                await page.Locator($"[data-field='idea{i}.breakeven_levels']").GetAttributeAsync("data-value"));
            if (idea.GetProperty("legs").EnumerateArray().Select(l => l.GetProperty("expiry").ToString()).Distinct().Count() > 1)
            {
                continue;
            }
            // The payoff drawn from the legs crosses zero at the trade agent's breakevens and spans its max loss / profit.
            await AssertChartAsync(page, "payoff-" + i, (int)DashboardHost.Number((await page.Locator($"[data-chart='payoff-{i}']").GetAttributeAsync("data-points"))!));
            var box = page.Locator($"[data-chart='payoff-{i}']");
            var computed = (await box.GetAttributeAsync("data-computed-breakevens"))!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(DashboardHost.Number).ToArray();
            Assert.Equal(breakevens.Length, computed.Length);
            for (var k = 0; k < breakevens.Length; k++)
            {
                Assert.Equal(breakevens[k], computed[k], 1e-6);
            }
            Assert.Equal(-idea.GetProperty("max_loss").GetDouble(), DashboardHost.Number((await box.GetAttributeAsync("data-computed-min"))!), 1e-6);
            if (idea.GetProperty("max_profit").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(idea.GetProperty("max_profit").GetDouble(), DashboardHost.Number((await box.GetAttributeAsync("data-computed-max"))!), 1e-6);
            }
        }
        await ScreenshotAsync(page, "decision-view");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Ledger_view_lists_the_runs_of_the_api()
    {
        var (page, errors) = await browser.OpenAsync();
        await LoadAsync("#ledger", errors, page);
        var ledger = await host.GetJsonAsync("api/ledger?limit=200");
        var records = ledger.GetProperty("records");
        Assert.Equal(records.GetArrayLength(), await FieldAsync(page, "runs"));
        Assert.Equal(records.GetArrayLength(), await page.Locator("#runs-table tr[data-run]").CountAsync());
        for (var i = 0; i < records.GetArrayLength(); i++)
        {
            var runId = records[i].GetProperty("snapshot").GetProperty("metadata").GetProperty("run_id").GetString();
            Assert.Equal(runId, await page.Locator("#runs-table tr[data-run]").Nth(i).GetAttributeAsync("data-run"));
        }
        // The metrics are the API's LedgerMetrics report (no closed trade yet: undefined ratios are null, shown as '–').
        var metrics = await host.GetJsonAsync("api/ledger/metrics");
        Assert.Equal(metrics.GetProperty("closed_trades").GetInt32(), await FieldAsync(page, "metrics.closed_trades"));
        Assert.Equal(metrics.GetProperty("total_pnl").GetDouble(), await FieldAsync(page, "metrics.total_pnl"));
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("sharpe").ValueKind);
        Assert.Equal("", await page.Locator("[data-field='metrics.sharpe']").GetAttributeAsync("data-value"));
        Assert.Equal("–", await page.Locator("[data-field='metrics.sharpe']").InnerTextAsync());
        // No record carries a realized P&L yet: the equity curve says so instead of drawing an empty chart.
        Assert.Equal(0, await FieldAsync(page, "realized_runs"));
        Assert.Contains("No record carries a realized P&L yet", await page.Locator("#view").InnerTextAsync());
        await ScreenshotAsync(page, "ledger-view");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_symbol_without_data_shows_the_empty_state_and_the_picker_offers_the_watchlist()
    {
        var (page, errors) = await browser.OpenAsync();
        await LoadAsync("#symbol/QQQ", errors, page);
        Assert.Contains("No data for QQQ yet", await page.Locator("#view").InnerTextAsync());
        Assert.True(await page.Locator("#analyze-now").IsVisibleAsync());
        Assert.Equal(["SPY", "QQQ"], await page.Locator("#symbol-picker option").AllTextContentsAsync());
        Assert.Equal("15", (await page.Locator("#refresh-info").InnerTextAsync()).Split("every ")[1].Split(' ')[0]);
        await ScreenshotAsync(page, "empty-state");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_api_error_is_shown_with_its_problem_detail()
    {
        var (page, _) = await browser.OpenAsync();
        await page.GotoAsync(host.Serve.BaseUrl + "/#symbol/" + Uri.EscapeDataString("BAD SYMBOL!"));
        await page.WaitForSelectorAsync("#view[data-state='error']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var text = await page.Locator("#banner").InnerTextAsync();
        Assert.Contains("Error 400", text);
        Assert.Contains("is not a ticker", text);
    }
}
