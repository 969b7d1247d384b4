using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using SuperGnosis.Cli.Commands;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Cli.Tests.Commands;

public sealed class GexCommandTests : IDisposable
{
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 15, 0, 0, TimeSpan.Zero);
    private const string AsOfText = "2024-03-06T15:00:00Z";

    // CBOE delayed-quotes layout, hand-written; file time 2024-01-05 16:15:04 New York = 21:15:04Z.
    internal const string CboeFixture = """
        {
          "timestamp": "2024-01-05 16:15:04",
          "data": {
            "symbol": "_SPX", "current_price": 4697.24, "close": 4690.5,
            "options": [
              { "option": "SPXW240112C04700000", "bid": 30.1, "ask": 30.9, "iv": 0.1231, "open_interest": 1500, "volume": 800, "delta": 0.51, "gamma": 0.0041, "vega": 2.15, "theta": -2.5 },
              { "option": "SPXW240112P04612500", "bid": 5.1, "ask": 5.4, "iv": 0.1502, "open_interest": 900, "volume": 120, "delta": -0.2, "gamma": 0.0019, "vega": 1.2, "theta": -1.9 },
              { "option": "SPXW240119C04750000", "bid": 20.0, "ask": 21.0, "iv": 0.118, "open_interest": 3000, "volume": 10, "delta": 0.35, "gamma": 0.003, "vega": 3.1, "theta": -1.5 },
              { "option": "SPXW240119P04600000", "bid": 9.0, "ask": 9.6, "iv": 0.155, "open_interest": 2500, "volume": 5, "delta": -0.22, "gamma": 0.0021, "vega": 3.0, "theta": -1.6 },
              { "option": "garbage", "bid": 1 }
            ]
          }
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-gex-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<OptionChain> SyntheticChain(string symbol = "SPY") =>
        await new SyntheticMarket().GetChainAsync(symbol, AsOf, CancellationToken.None);

    private string WriteCsv(OptionChain chain, string name = "chain.csv")
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        OptionChainCsv.Write(chain, writer);
        return WriteFile(name, writer.ToString());
    }

    private static async Task<(int Code, string Out, string Err)> Run(TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(args, CliContext.ForWriters(output, error, time));
        return (code, output.ToString(), error.ToString());
    }

    private static double? Level(JsonElement levels, string name) =>
        levels.GetProperty(name).ValueKind == JsonValueKind.Null ? null : levels.GetProperty(name).GetDouble();

    /// <summary>The same chain as CSV and as Parquet (written from the CSV's chain): the same JSON, whether the Parquet
    /// file is detected by its PAR1 bytes or named with --format parquet.</summary>
    [Fact]
    public async Task A_parquet_chain_gives_the_same_json_as_the_csv_of_the_same_chain()
    {
        var csvPath = WriteCsv(await SyntheticChain());
        var chain = OptionChainCsv.Read(File.ReadAllText(csvPath), AsOf).Chain;
        var parquetPath = Path.Combine(_dir, "chain.data");
        await using (var stream = File.Create(parquetPath))
        {
            await OptionChainParquet.WriteAsync(chain, stream, CancellationToken.None);
        }

        var fromCsv = await CliRunner.RunAsync("gex", "--chain", csvPath, "--as-of", AsOfText, "--json");
        var detected = await CliRunner.RunAsync("gex", "--chain", parquetPath, "--as-of", AsOfText, "--json");
        var named = await CliRunner.RunAsync("gex", "--chain", parquetPath, "--format", "parquet", "--as-of", AsOfText, "--json");

        Assert.True(fromCsv.Code == 0, fromCsv.Err);
        Assert.True(detected.Code == 0, detected.Err);
        Assert.Equal(fromCsv.Out, detected.Out);
        Assert.Equal(fromCsv.Out, named.Out);
        Assert.Equal(fromCsv.Err, detected.Err);
    }

    [Fact]
    public async Task Forcing_parquet_on_a_csv_file_is_a_usage_error()
    {
        var csvPath = WriteCsv(await SyntheticChain());

        var (code, _, stderr) = await CliRunner.RunAsync("gex", "--chain", csvPath, "--format", "parquet", "--as-of", AsOfText);

        Assert.Equal(2, code);
        Assert.Contains("chain.csv (parquet): not a Parquet file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_one_document_whose_levels_and_row_counts_match_the_engine_on_the_same_chain()
    {
        var chain = await SyntheticChain();
        var path = WriteCsv(chain);

        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(["engine_output", "hedge_profile"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var output = doc.RootElement.GetProperty("engine_output");
        var profile = doc.RootElement.GetProperty("hedge_profile");

        var expected = new HedgeEngine(new SyntheticMarket()).Analyze("SPY", AsOf, chain);
        Assert.Equal("hedge", output.GetProperty("kind").GetString());
        Assert.Equal("SPY", output.GetProperty("symbol").GetString());
        Assert.Equal(AsOf, output.GetProperty("timestamp").GetDateTimeOffset());
        var metadata = output.GetProperty("metadata");
        Assert.Equal(chain.Quotes.Length.ToString(CultureInfo.InvariantCulture), metadata.GetProperty("rows_in").GetString());
        Assert.Equal(expected.Output.Metadata["rows_used"], metadata.GetProperty("rows_used").GetString());
        Assert.Equal("auto", metadata.GetProperty("greeks_source").GetString());
        Assert.Equal(expected.Output.Regime, output.GetProperty("regime").GetString());
        Assert.Equal(expected.Output.Confidence, output.GetProperty("confidence").GetDouble());
        foreach (var (name, value) in expected.Output.Features)
        {
            Assert.Equal(value, output.GetProperty("features").GetProperty(name).GetDouble());
        }

        var levels = profile.GetProperty("levels");
        var want = expected.Profile!.Levels;
        Assert.Equal(want.Spot, levels.GetProperty("spot").GetDouble());
        Assert.Equal(want.ZeroGamma, Level(levels, "zero_gamma"));
        Assert.Equal(want.CallWall, Level(levels, "call_wall"));
        Assert.Equal(want.PutWall, Level(levels, "put_wall"));
        Assert.Equal(want.AbsGammaStrike, Level(levels, "abs_gamma_strike"));
        Assert.NotNull(want.CallWall);
        Assert.Equal(expected.Profile.ByStrike.Count, profile.GetProperty("by_strike").GetArrayLength());
    }

    [Fact]
    public async Task Multiplier_scales_dollar_exposure_linearly_and_greeks_option_reaches_the_engine()
    {
        var path = WriteCsv(await SyntheticChain());

        var hundred = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json", "--greeks", "recompute");
        var ten = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json", "--greeks", "RECOMPUTE", "--multiplier", "10");

        Assert.Equal(0, hundred.Code);
        Assert.Equal(0, ten.Code);
        using var a = JsonDocument.Parse(hundred.Out);
        using var b = JsonDocument.Parse(ten.Out);
        double Net(JsonDocument d) => d.RootElement.GetProperty("engine_output").GetProperty("features").GetProperty("net_gex_usd_per_1pct").GetDouble();
        Assert.Equal(Net(a) / 10, Net(b), Math.Abs(Net(a)) * 1e-12);
        var metadata = b.RootElement.GetProperty("engine_output").GetProperty("metadata");
        Assert.Equal("recompute", metadata.GetProperty("greeks_source").GetString());
        Assert.Equal("10", metadata.GetProperty("contract_multiplier").GetString());
        Assert.Equal(metadata.GetProperty("rows_used").GetString(), metadata.GetProperty("greeks_recomputed_rows").GetString());
    }

    [Fact]
    public async Task Rate_and_dividend_reach_the_engine()
    {
        var path = WriteCsv(await SyntheticChain());

        var baseline = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json", "--greeks", "recompute");
        var shifted = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json", "--greeks", "recompute", "--rate", "0.01", "--div", "0.02");

        var chain = OptionChainCsv.Read(new StringReader(File.ReadAllText(path)), AsOf).Chain;
        var expected = new HedgeEngine(new SyntheticMarket(), new HedgeEngineOptions { Greeks = GreeksSource.Recompute, RiskFreeRate = 0.01, DividendYield = 0.02 })
            .Analyze("SPY", AsOf, chain);
        using var a = JsonDocument.Parse(baseline.Out);
        using var b = JsonDocument.Parse(shifted.Out);
        double Vanna(JsonDocument d) => d.RootElement.GetProperty("engine_output").GetProperty("features").GetProperty("vanna_exposure_usd_per_vol_pt").GetDouble();
        Assert.Equal(expected.Output.Features["vanna_exposure_usd_per_vol_pt"], Vanna(b));
        Assert.NotEqual(Vanna(a), Vanna(b));
    }

    [Fact]
    public async Task Csv_with_bad_rows_warns_on_stderr_and_hygiene_counts_malformed_cells()
    {
        const string csv =
            "symbol,underlying_price,expiry,strike,type,open_interest,gamma,vanna,charm,iv,bid,ask\n" +
            "SPY,500,2024-03-15,500,C,1000,0.02,0.1,0.3,0.2,5,5.2\n" +
            "SPY,500,2024-03-15,500,P,800,0.02,0.1,0.3,0.2,4,4.2\n" +
            "SPY,500,2024-03-15,510,C,lots,0.02,0.1,0.3,0.2,1,1.1\n" +
            "SPY,500,2024-03-15,490,X,800,0.02,0.1,0.3,0.2,1,1.1\n" +
            "SPY,500,15.03.2024,495,P,800,0.02,0.1,0.3,0.2,1,1.1\n";
        var path = WriteFile("bad.csv", csv);

        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json");

        Assert.True(code == 0, stderr);
        Assert.Contains("skipped 2 row(s)", stderr, StringComparison.Ordinal);
        Assert.Contains("line 5:", stderr, StringComparison.Ordinal);
        Assert.Contains("line 6:", stderr, StringComparison.Ordinal);
        Assert.Contains("1 cell(s) were not numbers", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdout);
        var metadata = doc.RootElement.GetProperty("engine_output").GetProperty("metadata");
        Assert.Equal("3", metadata.GetProperty("rows_in").GetString());
        Assert.Equal("2", metadata.GetProperty("rows_used").GetString());
        Assert.Equal("1", metadata.GetProperty("dropped_non_finite").GetString());
    }

    [Fact]
    public async Task Cboe_file_is_detected_and_its_timestamp_is_the_default_as_of()
    {
        var path = WriteFile("spx.json", "\n  " + CboeFixture);

        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--json");

        Assert.True(code == 0, stderr);
        Assert.Contains("entry 5:", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdout);
        var output = doc.RootElement.GetProperty("engine_output");
        Assert.Equal("SPX", output.GetProperty("symbol").GetString());
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 21, 15, 4, TimeSpan.Zero), output.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("4", output.GetProperty("metadata").GetProperty("rows_in").GetString());
        Assert.Equal("4", output.GetProperty("metadata").GetProperty("rows_used").GetString());
        Assert.Equal(4697.24, output.GetProperty("features").GetProperty("spot").GetDouble());
        // CBOE has no vanna/charm: auto mode recomputed every row from the file's IV instead of degrading.
        Assert.Equal("4", output.GetProperty("metadata").GetProperty("greeks_recomputed_rows").GetString());
        Assert.False(output.GetProperty("metadata").TryGetProperty("degraded", out _));
        Assert.Equal([4600, 4612.5, 4700, 4750], doc.RootElement.GetProperty("hedge_profile").GetProperty("by_strike").EnumerateArray().Select(s => s.GetProperty("strike").GetDouble()));
    }

    [Fact]
    public async Task Cboe_file_with_provider_greeks_degrades_to_missing_greeks_because_cboe_has_no_vanna_or_charm()
    {
        var path = WriteFile("spx.json", CboeFixture);

        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--format", "cboe", "--greeks", "provider", "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var output = doc.RootElement.GetProperty("engine_output");
        Assert.Equal("missing_greeks", output.GetProperty("metadata").GetProperty("degraded").GetString());
        Assert.Equal(0, output.GetProperty("confidence").GetDouble());
    }

    [Fact]
    public async Task Csv_without_a_symbol_column_takes_the_symbol_from_the_file_name()
    {
        var path = WriteFile("qqq.csv", "underlying_price,expiry,strike,type,open_interest,iv\n400,2024-03-15,400,C,100,0.2\n400,2024-03-15,400,P,100,0.2\n");

        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("QQQ", doc.RootElement.GetProperty("engine_output").GetProperty("symbol").GetString());
        Assert.Equal("QQQ", doc.RootElement.GetProperty("hedge_profile").GetProperty("symbol").GetString());
    }

    [Fact]
    public async Task Csv_without_as_of_is_analysed_at_the_host_clock()
    {
        var path = WriteCsv(await SyntheticChain());
        var clock = new FixedClock(AsOf.AddMinutes(30));

        var (code, stdout, stderr) = await Run(clock, "gex", "--chain", path, "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(AsOf.AddMinutes(30), doc.RootElement.GetProperty("engine_output").GetProperty("timestamp").GetDateTimeOffset());
    }

    [Fact]
    public async Task Expired_chain_warns_and_degrades_and_png_is_refused()
    {
        var path = WriteCsv(await SyntheticChain());

        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", "2030-01-02T15:00:00Z", "--json");

        Assert.Equal(0, code);
        Assert.Contains("every contract had expired", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("no_data", doc.RootElement.GetProperty("engine_output").GetProperty("metadata").GetProperty("degraded").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("engine_output").GetProperty("confidence").GetDouble());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("hedge_profile").ValueKind);

        var png = Path.Combine(_dir, "none.png");
        var refused = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", "2030-01-02T15:00:00Z", "--png", png);
        Assert.Equal(2, refused.Code);
        Assert.False(File.Exists(png));
    }

    [Fact]
    public async Task Text_output_has_levels_features_and_a_bounded_bar_chart()
    {
        var chain = await SyntheticChain();
        var path = WriteCsv(chain);
        var expected = new HedgeEngine(new SyntheticMarket()).Analyze("SPY", AsOf, chain);

        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText);

        Assert.True(code == 0, stderr);
        foreach (var label in new[] { "Levels", "Zero gamma", "Call wall", "Put wall", "Abs gamma strike", "Net GEX (USD per 1% move)", "Gross GEX", "Vanna", "Charm", "Regime", "Confidence", "Rows in / used / dropped" })
        {
            Assert.Contains(label, stdout, StringComparison.Ordinal);
        }
        Assert.Contains(expected.Output.Regime!, stdout, StringComparison.Ordinal);
        var chartStart = stdout.IndexOf("Net GEX by strike", StringComparison.Ordinal);
        Assert.True(chartStart > 0);
        var chart = stdout[chartStart..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.InRange(chart.Count, 10, StrikeBuckets.MaxRows);
        Assert.All(chart, line => Assert.Contains('|', line));
        Assert.Single(chart, line => line.Contains("<- spot", StringComparison.Ordinal) || line.Contains(", spot", StringComparison.Ordinal));
        Assert.Contains(chart, line => line.Contains("call wall", StringComparison.Ordinal));
    }

    [Fact]
    public void Bar_chart_scales_to_the_largest_value_draws_negatives_left_and_marks_levels_on_their_rows()
    {
        var profile = Profile(spot: 100, zeroGamma: 99.2, callWall: 105, putWall: 95, absGamma: 100,
            (95, -2e6), (97.5, -5e5), (100, 4e6), (102.5, 1e6), (105, 3e6), (130, 9e9));

        var lines = GexView.BarChart(StrikeBuckets.Build(profile));

        Assert.Equal(5, lines.Count); // 130 is outside +-10% of spot
        var bar = (string line) => line.Split('|');
        Assert.Equal(GexView.HalfWidth, bar(lines[2])[1].Count(c => c == '#')); // 4e6 is the largest |value|
        Assert.Equal(12, bar(lines[0])[0].Count(c => c == '#')); // -2e6 -> half of the width, on the left
        Assert.Equal(0, bar(lines[0])[1].Count(c => c == '#'));
        Assert.Equal(3, bar(lines[1])[0].Count(c => c == '#')); // -5e5 / 4e6 * 24
        Assert.Contains("put wall", lines[0], StringComparison.Ordinal);
        Assert.Contains("spot 100", lines[2], StringComparison.Ordinal);
        Assert.Contains("zero gamma 99.2", lines[2], StringComparison.Ordinal); // 99.2 is nearest to the 100 row
        Assert.Contains("abs gamma", lines[2], StringComparison.Ordinal);
        Assert.Contains("call wall", lines[4], StringComparison.Ordinal);
        Assert.Contains("-2M", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Bar_chart_groups_adjacent_strikes_beyond_the_row_limit_preserving_the_total()
    {
        var strikes = Enumerable.Range(0, 161).Select(i => (900.0 + (i * 1.25), Math.Sin(i) * 1e6)).ToArray();
        var profile = Profile(1000, null, null, null, null, strikes);

        var rows = StrikeBuckets.Build(profile);

        Assert.InRange(rows.Count, 30, StrikeBuckets.MaxRows);
        Assert.Equal(strikes.Sum(s => s.Item2), rows.Sum(r => r.NetGexUsdPer1Pct), 1e-6);
        Assert.Equal(900, rows[0].Low);
        Assert.Equal(1100, rows[^1].High);
        Assert.All(rows.Zip(rows.Skip(1)), pair => Assert.True(pair.First.High < pair.Second.Low));
    }

    [Fact]
    public async Task Png_is_written_with_a_png_signature()
    {
        var path = WriteCsv(await SyntheticChain());
        var png = Path.Combine(_dir, "gex.png");

        var (code, _, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--png", png, "--json");

        Assert.True(code == 0, stderr);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.True(bytes.Length > 20_000, $"PNG is only {bytes.Length} bytes");
        // IHDR: width and height, big-endian, at bytes 16..23.
        Assert.Equal(GexChart.Width, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(GexChart.Height, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
    }

    [Fact]
    public async Task Unreadable_inputs_and_bad_options_exit_with_2_and_a_message_without_a_stack_trace()
    {
        var good = WriteCsv(await SyntheticChain());
        var missingColumn = WriteFile("nocol.csv", "symbol,underlying_price,expiry,strike,type\nSPY,500,2024-03-15,500,C\n");
        var badJson = WriteFile("broken.json", "{\"timestamp\": \"2024-01-05 16:15:04\", \"data\": {\"options\": [");
        var noSymbol = WriteFile("my chain.csv", "underlying_price,expiry,strike,type,open_interest\n500,2024-03-15,500,C,1\n");
        string[][] cases =
        [
            ["gex", "--chain", Path.Combine(_dir, "absent.csv")],
            ["gex", "--chain", _dir],
            ["gex", "--chain", missingColumn, "--as-of", AsOfText],
            ["gex", "--chain", badJson],
            ["gex", "--chain", noSymbol, "--as-of", AsOfText],
            ["gex", "--chain", good, "--format", "xml"],
            ["gex", "--chain", good, "--format", "cboe"],
            ["gex", "--chain", good, "--greeks", "model"],
            ["gex", "--chain", good, "--rate", "abc"],
            ["gex", "--chain", good, "--rate", "NaN"],
            ["gex", "--chain", good, "--multiplier", "0"],
            ["gex", "--chain", good, "--as-of", "soon"],
            ["gex", "--chain", good, "--as-of", AsOfText, "--png", Path.Combine(_dir, "no", "such", "dir", "x.png")],
            ["gex"],
        ];
        foreach (var args in cases)
        {
            var (code, _, stderr) = await CliRunner.RunAsync(args);
            Assert.True(code == 2, $"{string.Join(' ', args)} -> {code}: {stderr}");
            Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }

        var missing = await CliRunner.RunAsync("gex", "--chain", missingColumn, "--as-of", AsOfText);
        Assert.Contains("open_interest", missing.Err, StringComparison.Ordinal);
        var broken = await CliRunner.RunAsync("gex", "--chain", badJson);
        Assert.Contains("not valid JSON", broken.Err, StringComparison.Ordinal);
    }

    private static HedgeProfile Profile(double spot, double? zeroGamma, double? callWall, double? putWall, double? absGamma, params (double Strike, double Net)[] strikes) =>
        new("TEST", AsOf, new HedgeLevels(spot, zeroGamma, callWall, putWall, absGamma),
            [.. strikes.Select(s => new StrikeExposure(s.Strike, Math.Max(s.Net, 0), Math.Min(s.Net, 0), s.Net, Math.Abs(s.Net), 0, 0, 1, 1))],
            ImmutableArray<ExpiryExposure>.Empty, ImmutableArray<GammaCurvePoint>.Empty);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
