using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Data.Providers;
using SuperGnosis.Server.Http;
using SuperGnosis.Server.Tests.Support;

namespace SuperGnosis.Server.Tests;

/// <summary>The dashboard's read routes on <c>gnosis serve</c> (docs/functions.md): values, invariants and problems.</summary>
public sealed class DashboardRouteTests
{
    private const string At = "2026-03-03T16:00:00Z";

    private static async Task<JsonDocument> OkJsonAsync(ServeTestHost serve, string path)
    {
        var answer = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, path);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{path}: {(int)answer.Status} {answer.Body}");
        Assert.Equal("application/json", answer.MediaType);
        return JsonDocument.Parse(answer.Body);
    }

    private static async Task AssertProblemAsync(ServeTestHost serve, string path, string slug)
    {
        var answer = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        using var problem = JsonDocument.Parse(answer.Body);
        Assert.Equal(["type", "title", "status", "detail"], problem.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("urn:supergnosis:problem:" + slug, problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Gex_is_the_hedge_stage_of_the_pipeline_with_its_profile_by_strike_expiry_and_spot()
    {
        await using var serve = await ServeTestHost.StartAsync();
        var analyze = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/analyze/SPY?as_of=" + At);
        using var report = JsonDocument.Parse(analyze.Body);
        var stage = report.RootElement.GetProperty("engine_outputs").EnumerateArray().Single(o => o.GetProperty("kind").GetString() == "hedge");

        using var gex = await OkJsonAsync(serve, "api/symbols/spy/gex?as_of=" + At);
        var output = gex.RootElement.GetProperty("engine_output");
        // The route's features are the pipeline's hedge stage's, value for value (same engine options, same data).
        static Dictionary<string, double> Features(JsonElement e) => e.GetProperty("features").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(Features(stage), Features(output));
        Assert.True(Features(output).Count > 20);
        Assert.Equal(stage.GetProperty("confidence").GetDouble(), output.GetProperty("confidence").GetDouble());

        var profile = gex.RootElement.GetProperty("hedge_profile");
        var features = output.GetProperty("features");
        var levels = profile.GetProperty("levels");
        Assert.Equal(features.GetProperty("spot").GetDouble(), levels.GetProperty("spot").GetDouble());
        Assert.Equal(features.GetProperty("zero_gamma_level").GetDouble(), levels.GetProperty("zero_gamma").GetDouble());
        Assert.Equal(features.GetProperty("call_wall").GetDouble(), levels.GetProperty("call_wall").GetDouble());
        Assert.Equal(features.GetProperty("put_wall").GetDouble(), levels.GetProperty("put_wall").GetDouble());

        // By strike: call + put = net at every strike; the strikes sum to the engine's net GEX, as do the expiries.
        var net = features.GetProperty("net_gex_usd_per_1pct").GetDouble();
        var strikes = profile.GetProperty("by_strike").EnumerateArray().ToList();
        Assert.True(strikes.Count > 20);
        foreach (var s in strikes)
        {
            Assert.Equal(s.GetProperty("call_gex_usd_per1_pct").GetDouble() + s.GetProperty("put_gex_usd_per1_pct").GetDouble(), s.GetProperty("net_gex_usd_per1_pct").GetDouble(), 1e-6 * Math.Abs(s.GetProperty("abs_gex_usd_per1_pct").GetDouble()) + 1e-9);
        }
        Assert.Equal(net, strikes.Sum(s => s.GetProperty("net_gex_usd_per1_pct").GetDouble()), 1e-9 * Math.Abs(features.GetProperty("gross_gex_usd_per_1pct").GetDouble()));
        Assert.Equal(net, profile.GetProperty("by_expiry").EnumerateArray().Sum(e => e.GetProperty("net_gex_usd_per1_pct").GetDouble()), 1e-9 * Math.Abs(features.GetProperty("gross_gex_usd_per_1pct").GetDouble()));
        // The net-GEX-versus-spot curve changes sign at the zero-gamma level it brackets.
        var curve = profile.GetProperty("gamma_curve").EnumerateArray().Select(p => (X: p.GetProperty("spot").GetDouble(), Y: p.GetProperty("net_gex_usd_per1_pct").GetDouble())).ToList();
        Assert.Equal(41, curve.Count);
        var zero = levels.GetProperty("zero_gamma").GetDouble();
        var bracket = curve.Zip(curve.Skip(1)).Single(pair => pair.First.X <= zero && zero <= pair.Second.X);
        Assert.True(Math.Sign(bracket.First.Y) != Math.Sign(bracket.Second.Y));
    }

    [Fact]
    public async Task Bars_are_the_daily_bars_in_the_window_oldest_first()
    {
        await using var serve = await ServeTestHost.StartAsync();
        using var bars = await OkJsonAsync(serve, "api/symbols/SPY/bars?days=30&as_of=" + At);
        var root = bars.RootElement;
        var list = root.GetProperty("bars").EnumerateArray().ToList();
        Assert.Equal(root.GetProperty("count").GetInt32(), list.Count);
        Assert.Equal(0, root.GetProperty("dropped_non_finite").GetInt32());
        // 30 calendar days before 2026-03-03 11:00 New York: sessions 2026-02-02 .. 2026-03-03 (Presidents' Day 02-16 closed), 21 bars.
        Assert.Equal(21, list.Count);
        var stamps = list.Select(b => DateTimeOffset.Parse(b.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(stamps.Order(), stamps);
        Assert.True(stamps[0] >= DateTimeOffset.Parse(At, CultureInfo.InvariantCulture).AddDays(-30));
        Assert.True(stamps[^1] <= DateTimeOffset.Parse(At, CultureInfo.InvariantCulture));
        Assert.All(list, b => Assert.True(b.GetProperty("low").GetDouble() <= Math.Min(b.GetProperty("open").GetDouble(), b.GetProperty("close").GetDouble())
            && b.GetProperty("high").GetDouble() >= Math.Max(b.GetProperty("open").GetDouble(), b.GetProperty("close").GetDouble())));
    }

    [Fact]
    public async Task Levels_follow_the_ledger_records_oldest_first_within_the_range()
    {
        await using var serve = await ServeTestHost.StartAsync();
        string[] instants = ["2026-03-02T15:30:00Z", "2026-03-03T15:30:00Z", "2026-03-04T15:30:00Z"];
        foreach (var instant in instants)
        {
            Assert.Equal(HttpStatusCode.OK, (await HttpAnswer.SendAsync(serve.Http, HttpMethod.Post, "api/analyze/SPY?as_of=" + instant)).Status);
        }
        using var ledger = await OkJsonAsync(serve, "api/ledger?symbol=SPY");
        var records = ledger.RootElement.GetProperty("records").EnumerateArray().Reverse().ToList();

        using var all = await OkJsonAsync(serve, "api/symbols/SPY/levels");
        var points = all.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(3, points.Count);
        for (var i = 0; i < 3; i++)
        {
            var hedge = records[i].GetProperty("snapshot").GetProperty("hedge");
            Assert.Equal(records[i].GetProperty("timestamp").GetString(), points[i].GetProperty("timestamp").GetString());
            Assert.Equal(records[i].GetProperty("snapshot").GetProperty("metadata").GetProperty("run_id").GetString(), points[i].GetProperty("run_id").GetString());
            Assert.Equal(hedge.GetProperty("zero_gamma_level").GetDouble(), points[i].GetProperty("zero_gamma").GetDouble());
            Assert.Equal(hedge.GetProperty("call_wall").GetDouble(), points[i].GetProperty("call_wall").GetDouble());
            Assert.Equal(hedge.GetProperty("put_wall").GetDouble(), points[i].GetProperty("put_wall").GetDouble());
            Assert.Equal(hedge.GetProperty("net_gex_usd_per_1pct").GetDouble(), points[i].GetProperty("net_gex_usd_per_1pct").GetDouble());
        }

        using var ranged = await OkJsonAsync(serve, "api/symbols/SPY/levels?from=2026-03-03&to=2026-03-05&limit=1");
        Assert.Equal(1, ranged.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(points[2].GetRawText(), ranged.RootElement.GetProperty("points")[0].GetRawText());
        using var none = await OkJsonAsync(serve, "api/symbols/QQQ/levels");
        Assert.Equal(0, none.RootElement.GetProperty("points").GetArrayLength());

        // Metrics: LedgerMetrics of the same records (three decisions, none closed: no P&L, ratios undefined).
        using var metrics = await OkJsonAsync(serve, "api/ledger/metrics?symbol=SPY");
        var expected = Core.Ledger.LedgerMetrics.Compute(records.Select(r => JsonSerializer.Deserialize(r.GetRawText(), Core.Contracts.ContractJson.Compact.LedgerRecord)!)).ToJson();
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(expected), System.Text.Json.Nodes.JsonNode.Parse(metrics.RootElement.GetRawText())),
            $"metrics differ:\n{expected}\n{metrics.RootElement.GetRawText()}");
        Assert.Equal(0, metrics.RootElement.GetProperty("closed_trades").GetInt32());
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("sharpe").ValueKind);
        using var watchlist = await OkJsonAsync(serve, "api/watchlist");
        Assert.Equal("""{"symbols":[],"ledger_symbols":["SPY"],"interval_minutes":15,"schedule":"0 */15 * * * 1-5"}""", watchlist.RootElement.GetRawText());
    }

    [Theory]
    [InlineData("api/symbols/not%20a%20ticker/gex", "invalid-symbol")]
    [InlineData("api/symbols/SPY/gex?as_of=yesterday", "invalid-as-of")]
    [InlineData("api/symbols/SPY/gex?as_of=1990-01-02", "as-of-out-of-range")]
    [InlineData("api/symbols/SPY/bars?days=0", "invalid-days")]
    [InlineData("api/symbols/SPY/bars?days=1501", "invalid-days")]
    [InlineData("api/symbols/SPY/bars?days=ten", "invalid-days")]
    [InlineData("api/symbols/SPY/bars?as_of=2099-01-01", "as-of-out-of-range")]
    [InlineData("api/symbols/SPY/levels?limit=0", "invalid-limit")]
    [InlineData("api/symbols/SPY/levels?from=2026-03-05&to=2026-03-05", "invalid-range")]
    [InlineData("api/symbols/SPY/levels?to=soon", "invalid-to")]
    [InlineData("api/ledger/metrics?from=2026-03-05&to=2026-03-01", "invalid-range")]
    [InlineData("api/ledger/metrics?symbol=%24%24", "invalid-symbol")]
    public async Task Bad_input_is_a_problem(string path, string slug)
    {
        await using var serve = await ServeTestHost.StartAsync();
        await AssertProblemAsync(serve, path, slug);
    }

    [Theory]
    [InlineData(ProviderFailure.Unreachable, 503, "unavailable")]
    [InlineData(ProviderFailure.RateLimited, 503, "unavailable")]
    [InlineData(ProviderFailure.UnknownSymbol, 400, "provider-refused")]
    public async Task A_failing_provider_is_a_problem_naming_it(ProviderFailure failure, int status, string slug)
    {
        var down = new DownProvider(new MarketDataProviderException("polygon", failure, $"polygon: chain of SPY failed ({failure})"));
        await using var serve = await ServeTestHost.StartAsync(services: s => s.AddSingleton<IMarketViews>(down));
        foreach (var path in new[] { "api/symbols/SPY/gex?as_of=" + At, "api/symbols/SPY/bars?as_of=" + At })
        {
            var answer = await HttpAnswer.SendAsync(serve.Http, HttpMethod.Get, path);
            Assert.Equal(status, (int)answer.Status);
            Assert.Equal("application/problem+json", answer.MediaType);
            using var problem = JsonDocument.Parse(answer.Body);
            Assert.Equal("urn:supergnosis:problem:" + slug, problem.RootElement.GetProperty("type").GetString());
            Assert.Equal($"polygon: chain of SPY failed ({failure})", problem.RootElement.GetProperty("detail").GetString());
        }
    }

    /// <summary>Market views whose provider always fails with <paramref name="failure"/>.</summary>
    private sealed class DownProvider(MarketDataProviderException failure) : IMarketViews
    {
        public Task<Core.Engines.Hedge.HedgeAnalysis> AnalyzeHedgeAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) => throw failure;

        public Task<IReadOnlyList<Core.MarketData.Bar>> DailyBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) => throw failure;

        public IReadOnlyList<string> Watchlist => [];

        public int IntervalMinutes => 15;

        public string Schedule => "0 */15 * * * 1-5";
    }
}
