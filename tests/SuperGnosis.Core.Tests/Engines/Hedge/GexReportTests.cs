using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using F = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;
using K = SuperGnosis.Core.Engines.Hedge.HedgeMetadataKeys;

namespace SuperGnosis.Core.Tests.Engines.Hedge;

public sealed class GexReportTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Weekly = new(2026, 11, 27);
    private static readonly DateOnly Monthly = new(2026, 12, 18);

    private static OptionChain Chain(DateTimeOffset? asOf = null)
    {
        var chain = new ChainBuilder(100, asOf ?? AsOf);
        for (var k = 90; k <= 110; k += 5)
        {
            chain.Add(OptionRight.Call, k, Monthly, 1000 + (k * 40)).Add(OptionRight.Put, k, Monthly, 9000 - (k * 40));
            chain.Add(OptionRight.Call, k, Weekly, 500).Add(OptionRight.Put, k, Weekly, 700);
        }
        return chain.Build();
    }

    private sealed class NoChains : Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no chain for " + symbol);
    }

    private static HedgeProfile Profile(double spot, double? zeroGamma, double? callWall, double? putWall, double? absGamma, params (double Strike, double Net)[] strikes) =>
        new("TEST", AsOf, new HedgeLevels(spot, zeroGamma, callWall, putWall, absGamma),
            [.. strikes.Select(s => new StrikeExposure(s.Strike, Math.Max(s.Net, 0), Math.Min(s.Net, 0), s.Net, Math.Abs(s.Net), 0, 0, 1, 1))],
            ImmutableArray<ExpiryExposure>.Empty, ImmutableArray<GammaCurvePoint>.Empty);

    [Fact]
    public void Analyzer_matches_the_engine_on_the_same_chain_and_options()
    {
        var chain = Chain();
        var options = new HedgeEngineOptions { Greeks = GreeksSource.Recompute, RiskFreeRate = 0.02, ContractMultiplier = 10 };

        var direct = HedgeAnalyzer.Analyze(chain, AsOf, options);
        var engine = new HedgeEngine(new NoChains(), options).Analyze("SPY", AsOf, chain);

        Assert.Equal(engine.Output.Features, direct.Output.Features);
        Assert.Equal(engine.Output.Metadata, direct.Output.Metadata);
        Assert.Equal(engine.Output.Confidence, direct.Output.Confidence);
        Assert.Equal(GexJsonContext.Serialize(engine), GexJsonContext.Serialize(direct));
        Assert.Equal("QQQ", HedgeAnalyzer.Analyze("QQQ", chain, AsOf).Profile!.Symbol);
        Assert.Throws<ArgumentException>(() => HedgeAnalyzer.Analyze(chain, AsOf, new HedgeEngineOptions { ContractMultiplier = -1 }));
    }

    [Fact]
    public void Metadata_key_constants_are_the_keys_the_engine_writes()
    {
        // The expiry-filter keys are written only when a filter is set: a max DTE far out keeps every row.
        var analysis = HedgeAnalyzer.Analyze(Chain(), AsOf, new HedgeEngineOptions { MaxDte = 100_000 });
        var constants = typeof(HedgeMetadataKeys).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)
            .Where(k => k is not (K.DroppedPrefix or K.BlendPrefix or K.DegradedDetail)).ToList();
        var keys = analysis.Output.Metadata.Keys.Where(k => !k.StartsWith(K.DroppedPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        Assert.Equal(constants.Order(StringComparer.Ordinal), keys);
        Assert.Contains(HygieneReport.MetadataKey(DropReason.Expired), analysis.Output.Metadata.Keys);
        var degraded = HedgeAnalyzer.Analyze(new OptionChain("SPY", AsOf, 100, []), AsOf).Output.Metadata;
        Assert.Equal("no usable rows", degraded[K.DegradedDetail]);
    }

    /// <summary>The first gex --json: serialise each part, re-parse and write both into one indented document.</summary>
    private static string ReparsedJson(HedgeAnalysis analysis)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("engine_output");
            using (var output = JsonDocument.Parse(JsonSerializer.Serialize(analysis.Output, ContractJson.Indented.EngineOutput)))
            {
                output.RootElement.WriteTo(writer);
            }
            writer.WritePropertyName("hedge_profile");
            if (analysis.Profile is { } profile)
            {
                using var document = JsonDocument.Parse(HedgeProfileJsonContext.Serialize(profile));
                document.RootElement.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 123)]
    [InlineData(2, 0)]
    [InlineData(-5, 1)]
    public void Json_document_equals_the_reparsed_assembly(int offsetHours, int ticks)
    {
        var asOf = new DateTimeOffset(AsOf.UtcDateTime.AddTicks(ticks).Add(TimeSpan.FromHours(offsetHours)).Ticks, TimeSpan.FromHours(offsetHours));
        var analysis = HedgeAnalyzer.Analyze(Chain(asOf), asOf);
        var degraded = HedgeAnalyzer.Analyze(new OptionChain("SPY", asOf, double.NaN, []), asOf);

        // The same JSON values; the re-parse only escaped the '+' of an offset as \u002B.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ReparsedJson(analysis)), JsonNode.Parse(GexJsonContext.Serialize(analysis))));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ReparsedJson(degraded)), JsonNode.Parse(GexJsonContext.Serialize(degraded))));
        Assert.DoesNotContain("\\u002B", GexJsonContext.Serialize(analysis), StringComparison.Ordinal);
        Assert.Contains("\"hedge_profile\": null", GexJsonContext.Serialize(degraded), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(GexJsonContext.Serialize(analysis));
        Assert.Equal(asOf, document.RootElement.GetProperty("engine_output").GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(asOf, document.RootElement.GetProperty("hedge_profile").GetProperty("as_of").GetDateTimeOffset());
    }

    [Fact]
    public void Report_has_levels_relative_to_spot_key_features_and_row_accounting()
    {
        var chain = Chain();
        var analysis = HedgeAnalyzer.Analyze(chain, AsOf);
        var f = analysis.Output.Features;

        var report = GexReport.Build(analysis, chain);

        Assert.Equal(["Zero gamma", "Call wall", "Put wall", "Abs gamma strike"], report.Levels.Select(l => l.Label));
        var callWall = report.Levels[1];
        Assert.Equal(f[F.CallWall], callWall.Price);
        Assert.Equal((f[F.CallWall] - 100) / 100 * 100, callWall.DistanceFromSpotPct!.Value, 12);
        Assert.Equal(F.NetGexUsdPer1Pct, report.KeyFeatures[0].Feature);
        Assert.Equal(f[F.NetGexUsdPer1Pct], report.KeyFeatures[0].Value);
        Assert.Equal(GexValueKind.Ratio, report.KeyFeatures.Single(k => k.Feature == F.NetGammaRatio).Kind);
        Assert.Equal(chain.Quotes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), report.RowsIn);
        Assert.Equal(0, report.DroppedTotal);
        Assert.Empty(report.DroppedByReason);
        Assert.False(report.EveryContractExpired);
        Assert.NotNull(report.Buckets);
        Assert.Equal(analysis.Profile!.ByStrike.Sum(s => s.NetGexUsdPer1Pct), report.Buckets!.Sum(b => b.NetGexUsdPer1Pct), 1e-3);
    }

    [Fact]
    public void Report_of_an_expired_chain_says_so_counts_the_drops_and_has_no_buckets()
    {
        var chain = Chain();
        var later = new DateTimeOffset(2027, 1, 4, 15, 0, 0, TimeSpan.Zero);

        var report = GexReport.Build(HedgeAnalyzer.Analyze(chain, later), chain);

        Assert.True(report.EveryContractExpired);
        Assert.Equal("no_data", report.Degraded);
        Assert.Equal("no usable rows", report.DegradedDetail);
        Assert.Equal(chain.Quotes.Length, report.DroppedTotal);
        Assert.Equal([new GexDroppedReason("expired", chain.Quotes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))], report.DroppedByReason);
        Assert.All(report.Levels, l => Assert.Null(l.Price));
        Assert.Null(report.Buckets);
    }

    [Fact]
    public void Buckets_keep_strikes_within_the_window_and_mark_levels_on_the_nearest_bucket()
    {
        var profile = Profile(spot: 100, zeroGamma: 99.2, callWall: 105, putWall: 95, absGamma: 100,
            (95, -2e6), (97.5, -5e5), (100, 4e6), (102.5, 1e6), (105, 3e6), (130, 9e9));

        var buckets = StrikeBuckets.Build(profile);

        Assert.Equal([95, 97.5, 100, 102.5, 105], buckets.Select(b => b.Low));
        Assert.Equal(["put wall"], buckets[0].Marks);
        Assert.Equal(["spot 100", "zero gamma 99.2", "abs gamma"], buckets[2].Marks);
        Assert.Equal(["call wall"], buckets[4].Marks);
        Assert.Equal("97.5", buckets[1].Label);
    }

    [Fact]
    public void Buckets_group_adjacent_strikes_beyond_the_row_limit_preserving_the_total_and_drop_far_levels()
    {
        var strikes = Enumerable.Range(0, 161).Select(i => (900.0 + (i * 1.25), Math.Sin(i) * 1e6)).ToArray();
        var profile = Profile(1000, 1500, null, null, null, strikes);

        var buckets = StrikeBuckets.Build(profile);

        Assert.Equal(33, buckets.Count); // 161 strikes in groups of ceil(161 / 40) = 5
        Assert.Equal(strikes.Sum(s => s.Item2), buckets.Sum(b => b.NetGexUsdPer1Pct), 1e-6);
        Assert.Equal("900-905", buckets[0].Label);
        Assert.Equal("1100", buckets[^1].Label);
        Assert.DoesNotContain(buckets, b => b.Marks.Any(m => m.StartsWith("zero gamma", StringComparison.Ordinal)));
    }

    [Fact]
    public void Chart_data_scales_to_readable_units_sizes_bars_and_tiers_close_labels()
    {
        var profile = Profile(spot: 100, zeroGamma: 100.2, callWall: 105, putWall: 95, absGamma: 100,
            (95, -2e6), (97.5, -5e5), (100, 4e6), (102.5, 1e6), (105, 3e6), (130, 9e9));

        var chart = GexChartData.Build(profile);

        Assert.Equal(1e6, chart.Scale);
        Assert.Equal("Net GEX (USD millions per 1% move)", chart.YLabel);
        Assert.Equal(2.0, chart.BarWidth, 12); // 80% of the 2.5 gap
        Assert.Equal([-2, -0.5, 4, 1, 3], chart.Bars.Select(b => b.Value));
        Assert.Equal([false, false, true, true, true], chart.Bars.Select(b => b.Positive));
        Assert.Equal(
            ["put wall 95", "spot 100", "zero gamma 100.2", "call wall 105"],
            chart.Levels.Select(l => l.Label));
        // y range = 4 - (-2) = 6; zero gamma is within 2.5% of the strike range (10) of spot: one tier (0.3 * 6) lower.
        Assert.Equal([4, 4, 4 - 1.8, 4], chart.Levels.Select(l => Math.Round(l.LabelY, 12)));
        Assert.Equal("TEST net GEX by strike, as of 2026-11-24 15:30 +00:00", chart.Title);
    }

    [Theory]
    [InlineData(1234567890.0, "1.23B")]
    [InlineData(-456700000.0, "-456.7M")]
    [InlineData(12345.0, "12.35K")]
    [InlineData(999.0, "999")]
    public void Usd_is_compact(double value, string expected) => Assert.Equal(expected, GexNumberFormat.Usd(value));
}
