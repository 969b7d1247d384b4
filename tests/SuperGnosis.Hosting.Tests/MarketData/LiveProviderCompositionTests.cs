using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Data.Providers;
using SuperGnosis.Data.Providers.Cboe;
using SuperGnosis.Data.Providers.Polygon;
using SuperGnosis.Data.Tests.Providers;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Hosting.Tests.MarketData;

/// <summary>The live providers selected by configuration through the hosting root, as <c>files</c> is.</summary>
public sealed class LiveProviderCompositionTests : IDisposable
{
    private readonly FakeProviders _fake = new FakeProviders().ServeCboeSpy().ServePolygonSpy();

    public void Dispose() => _fake.Dispose();

    /// <summary>2024-01-05 16:30 New York: after the close, 15 minutes after the CBOE snapshot.</summary>
    private static readonly DateTimeOffset AsOf = new(2024, 1, 5, 21, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Source_polygon_is_one_source_serving_every_kind_with_its_base_url_as_identity()
    {
        using var provider = TestComposition.BuildValidated(_fake.Settings("polygon"));
        var sources = provider.GetRequiredService<MarketDataSources>();
        Assert.IsType<PolygonMarketData>(sources.Chains);
        Assert.Same(sources.Chains, sources.Market);
        Assert.Equal("polygon", sources.Name);
        Assert.Equal("polygon:" + _fake.Url, sources.Identity);
        Assert.True(sources.Provides.SetEquals(MarketDataSources.AllKinds));
        Assert.NotNull(sources.ChainSnapshots);
        Assert.All(provider.GetServices<Core.Ports.IEngine>(), e => Assert.IsType<DataQualityEngine>(e));
    }

    [Fact]
    public async Task Source_cboe_alone_serves_chains_and_notes_every_other_kind_as_unavailable()
    {
        using var provider = TestComposition.BuildValidated(_fake.Settings("cboe"));
        var sources = provider.GetRequiredService<MarketDataSources>();

        var chain = await sources.Chains.GetChainAsync("SPY", AsOf, CancellationToken.None);
        Assert.Equal(4, chain.Quotes.Length);
        Assert.Empty(await sources.Market.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-30), AsOf, CancellationToken.None));
        Assert.Empty(await sources.News!.GetHeadlinesAsync("SPY", AsOf.AddDays(-1), AsOf, CancellationToken.None));

        var report = sources.Quality!.QualityOf("SPY", AsOf);
        Assert.Equal("cboe", report.Kinds[DataKind.Chain].NotesOrEmpty["source"]);
        Assert.Equal("cboe", report.Kinds[DataKind.DailyBars].NotesOrEmpty["unavailable"]);
        Assert.Equal("cboe", report.Kinds[DataKind.News].NotesOrEmpty["unavailable"]);
        Assert.Equal([DataKind.Chain], sources.Provides);
    }

    [Fact]
    public async Task Cboe_plus_polygon_takes_chains_from_cboe_and_the_rest_from_polygon_in_a_whole_run()
    {
        using var provider = TestComposition.BuildValidated(_fake.Settings("cboe+polygon"));
        var sources = provider.GetRequiredService<MarketDataSources>();
        Assert.Equal("cboe+polygon", sources.Name);
        Assert.Equal("cboe:" + _fake.Url + "+polygon:" + _fake.Url, sources.Identity);
        Assert.Equal("cboe", sources.ChainSnapshots!.SnapshotProvider);

        var result = await provider.GetRequiredService<PipelineRunnerFactory>().Create("SPY").RunOnceAsync(AsOf, CancellationToken.None);

        var hedge = result.EngineOutputs.Single(o => o.Kind == EngineKind.Hedge);
        Assert.Equal("cboe", hedge.Metadata["data_chain_source"]);
        Assert.Equal("polygon", hedge.Metadata["data_daily_bars_source"]);
        Assert.Equal("2024-01-05T21:15:04Z", hedge.Metadata["chain_snapshot"]);
        Assert.Equal("896", hedge.Metadata["chain_age_seconds"]);
        Assert.Equal(467.92, hedge.Features["spot"]);
        var liquidity = result.EngineOutputs.Single(o => o.Kind == EngineKind.Liquidity);
        Assert.Equal("polygon", liquidity.Metadata["data_trades_source"]);
        Assert.Equal("polygon", liquidity.Metadata["data_quotes_source"]);
        Assert.Equal("polygon", result.EngineOutputs.Single(o => o.Kind == EngineKind.Sentiment).Metadata["data_news_source"]);

        // One run asks each endpoint once: every stage read the same captured, cached answers.
        Assert.Single(_fake.Server.LogEntries, e => e.RequestMessage.Path == "/options/SPY.json");
        Assert.Single(_fake.Server.LogEntries, e => e.RequestMessage.Path.StartsWith("/v2/aggs/ticker/SPY/range/1/day/", StringComparison.Ordinal));
        Assert.Single(_fake.Server.LogEntries, e => e.RequestMessage.Path == "/v3/trades/SPY");
    }

    [Fact]
    public async Task A_snapshot_after_the_as_of_is_served_on_a_closed_market_and_the_engines_say_so()
    {
        using var provider = TestComposition.BuildValidated(_fake.Settings("cboe+polygon"));
        var close = new DateTimeOffset(2024, 1, 5, 21, 0, 0, TimeSpan.Zero); // 16:00 New York, the snapshot is 16:15
        var result = await provider.GetRequiredService<PipelineRunnerFactory>().Create("SPY").RunOnceAsync(close, CancellationToken.None);
        var hedge = result.EngineOutputs.Single(o => o.Kind == EngineKind.Hedge);
        Assert.Equal("-904", hedge.Metadata["chain_age_seconds"]);
        Assert.Contains("chain_after_as_of", hedge.Metadata[EngineOutput.DegradedKey], StringComparison.Ordinal);
    }

    [Fact]
    public void A_selected_provider_without_its_key_fails_at_start_naming_the_key_and_no_other_provider_needs_one()
    {
        var settings = _fake.Settings("polygon");
        settings["SuperGnosis:Data:Polygon:ApiKey"] = null;
        using var provider = TestComposition.Build(settings);
        var ex = Assert.Throws<OptionsValidationException>(() => provider.ValidateSuperGnosisOptions());
        Assert.Contains("SuperGnosis:Data:Polygon:ApiKey must be set when SuperGnosis:MarketData:Source uses polygon (or set POLYGON_API_KEY)", ex.Message, StringComparison.Ordinal);

        using var cboe = TestComposition.BuildValidated(_fake.Settings("cboe")); // Tradier and Alpaca keys are not asked for
        Assert.Equal("cboe", cboe.GetRequiredService<MarketDataSources>().Name);
    }

    [Fact]
    public void The_key_can_come_from_the_vendors_variable_and_never_shows_in_a_message()
    {
        var settings = _fake.Settings("polygon");
        settings["SuperGnosis:Data:Polygon:ApiKey"] = null;
        settings["POLYGON_API_KEY"] = "from_env_SECRET";
        using (var valid = TestComposition.BuildValidated(settings))
        {
            Assert.Equal("from_env_SECRET", valid.GetRequiredService<IOptions<PolygonOptions>>().Value.ApiKey);
        }

        settings["SuperGnosis:Data:Polygon:Timeout"] = "00:00:00.001";
        using var provider = TestComposition.Build(settings);
        var ex = Assert.Throws<OptionsValidationException>(() => provider.ValidateSuperGnosisOptions());
        Assert.Equal("SuperGnosis:Data:Polygon:Timeout = 00:00:00.0010000 must be between 00:00:00.1000000 and 00:10:00", ex.Message);
        Assert.DoesNotContain("from_env_SECRET", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("synthetic+cboe", "synthetic cannot be combined")]
    [InlineData("cboe+cboe", "names a source twice")]
    [InlineData("bloomberg", "'bloomberg' is not a known market data source; allowed values: alpaca, cboe, files, polygon, synthetic, tradier, or several joined by '+'")]
    public void Bad_combinations_fail_at_start(string source, string expected)
    {
        using var provider = TestComposition.Build(_fake.Settings(source));
        var ex = Assert.Throws<OptionsValidationException>(() => provider.ValidateSuperGnosisOptions());
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_settings_bind_from_configuration()
    {
        var settings = _fake.Settings("cboe");
        settings["SuperGnosis:Data:Cboe:MaxRetries"] = "5";
        settings["SuperGnosis:Data:Cboe:CacheTimeToLive"] = "00:01:00";
        using var provider = TestComposition.BuildValidated(settings);
        var o = provider.GetRequiredService<IOptions<CboeOptions>>().Value;
        Assert.Equal((5, TimeSpan.FromMinutes(1), new Uri(_fake.Url)), (o.MaxRetries, o.CacheTimeToLive, o.EffectiveBaseUrl));
    }

    [Fact]
    public void Run_ids_differ_by_provider()
    {
        using var cboe = TestComposition.BuildValidated(_fake.Settings("cboe"));
        using var both = TestComposition.BuildValidated(_fake.Settings("cboe+polygon"));
        Assert.NotEqual(cboe.GetRequiredService<RunFingerprint>().Value, both.GetRequiredService<RunFingerprint>().Value);
    }
}
