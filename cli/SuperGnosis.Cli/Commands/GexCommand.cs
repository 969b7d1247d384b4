using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Synthetic;
using F = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis gex --chain &lt;file&gt; [--format auto|csv|cboe] [--as-of ISO] [--rate r] [--div q]
/// [--greeks provider|recompute|auto] [--multiplier m] [--json] [--png &lt;file&gt;]</c>: the hedge engine on a chain
/// file (seed-column CSV or CBOE delayed-quotes JSON, see docs/data-formats.md). Warnings about skipped rows go
/// to standard error so that <c>--json</c> output stays one JSON document.
/// </summary>
public static class GexCommand
{
    public static Command Create(CliContext context)
    {
        var chain = new Option<FileInfo>("--chain") { Description = "Chain file: seed-column CSV or CBOE delayed-quotes JSON", Required = true };
        var format = new Option<string>("--format") { Description = "auto (JSON object -> cboe, else csv), csv or cboe", DefaultValueFactory = _ => "auto" };
        var asOf = new Option<string?>("--as-of") { Description = CommonOptions.AsOfHelp("the CBOE file's timestamp; now for CSV") };
        var rate = new Option<double>("--rate") { Description = "Risk-free rate, continuous annual", DefaultValueFactory = _ => 0.04 };
        var div = new Option<double>("--div") { Description = "Dividend yield, continuous annual", DefaultValueFactory = _ => 0.0 };
        var greeks = new Option<string>("--greeks") { Description = "Greeks source: provider, recompute or auto", DefaultValueFactory = _ => "auto" };
        var multiplier = new Option<double>("--multiplier") { Description = "Shares per contract", DefaultValueFactory = _ => 100.0 };
        var json = new Option<bool>("--json") { Description = "Print {\"engine_output\": ..., \"hedge_profile\": ...} as JSON" };
        var png = new Option<FileInfo?>("--png") { Description = "Write a PNG chart of net GEX by strike with spot, zero gamma and the walls" };
        var command = new Command("gex", "Dealer gamma/vanna/charm exposure, zero gamma and walls of an option chain file.")
        {
            chain, format, asOf, rate, div, greeks, multiplier, json, png,
        };
        command.SetAction((parse, ct) => RunAsync(context, new GexRequest(
            parse.GetValue(chain)!,
            ParseFormat(parse.GetValue(format)),
            CommonOptions.AsOfOrNull(parse.GetValue(asOf)),
            Options(parse.GetValue(rate), parse.GetValue(div), parse.GetValue(greeks), parse.GetValue(multiplier)),
            parse.GetValue(json),
            parse.GetValue(png)), ct));
        return command;
    }

    private sealed record GexRequest(FileInfo Chain, ChainFileFormat Format, DateTimeOffset? AsOf, HedgeEngineOptions Options, bool Json, FileInfo? Png);

    internal static ChainFileFormat ParseFormat(string? text) => (text ?? "auto").Trim().ToLowerInvariant() switch
    {
        "auto" => ChainFileFormat.Auto,
        "csv" => ChainFileFormat.Csv,
        "cboe" => ChainFileFormat.Cboe,
        _ => throw new CliUsageException($"--format must be auto, csv or cboe (got '{text}')"),
    };

    internal static HedgeEngineOptions Options(double rate, double div, string? greeks, double multiplier)
    {
        var source = (greeks ?? "auto").Trim().ToLowerInvariant() switch
        {
            "provider" => GreeksSource.Provider,
            "recompute" => GreeksSource.Recompute,
            "auto" => GreeksSource.Auto,
            _ => throw new CliUsageException($"--greeks must be provider, recompute or auto (got '{greeks}')"),
        };
        if (!double.IsFinite(rate) || Math.Abs(rate) > 1)
        {
            throw new CliUsageException($"--rate must be a finite annual rate between -1 and 1, e.g. 0.04 (got {rate})");
        }
        if (!double.IsFinite(div) || Math.Abs(div) > 1)
        {
            throw new CliUsageException($"--div must be a finite annual yield between -1 and 1, e.g. 0.013 (got {div})");
        }
        if (!double.IsFinite(multiplier) || multiplier <= 0)
        {
            throw new CliUsageException($"--multiplier must be a finite number > 0 (got {multiplier})");
        }
        return new HedgeEngineOptions { Greeks = source, RiskFreeRate = rate, DividendYield = div, ContractMultiplier = multiplier };
    }

    private static async Task<int> RunAsync(CliContext context, GexRequest request, CancellationToken ct)
    {
        var file = request.Chain;
        if (!file.Exists)
        {
            throw new CliUsageException($"chain file '{file.FullName}' does not exist");
        }
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot read chain file '{file.FullName}': {ex.Message}");
        }

        var format = request.Format == ChainFileFormat.Auto ? ChainFile.Detect(text) : request.Format;
        ChainFileResult read;
        try
        {
            read = ChainFile.Read(text, format, request.AsOf, context.Time.GetUtcNow());
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{file.Name} ({format.ToString().ToLowerInvariant()}): {ex.Message}");
        }
        var symbol = ResolveSymbol(read.Chain.Symbol, file);
        await WarnAsync(context.Error, read, format).ConfigureAwait(false);

        // The engine's chain source is not used by Analyze (the chain is already in hand); the synthetic market fills the port.
        var engine = new HedgeEngine(new SyntheticMarket(), request.Options);
        var analysis = engine.Analyze(symbol, read.Chain.AsOf, read.Chain);
        var output = analysis.Output;
        if (output.Metadata.TryGetValue("dropped_expired", out var expired) && expired == output.Metadata["rows_in"] && read.Chain.Quotes.Length > 0)
        {
            await context.Error.WriteLineAsync(
                $"warning: every contract had expired as of {read.Chain.AsOf:yyyy-MM-dd HH:mm:ss zzz}; pass --as-of with the chain's quote time").ConfigureAwait(false);
        }

        if (request.Json)
        {
            await context.Out.WriteLineAsync(ToJson(analysis)).ConfigureAwait(false);
        }
        else
        {
            GexView.Render(context.Console, context.Out, analysis, read.Chain, file.Name);
        }

        if (request.Png is { } png)
        {
            if (analysis.Profile is not { } profile)
            {
                throw new CliUsageException($"no chart written: the chain has no usable rows ({output.Metadata.GetValueOrDefault("degraded_detail", "no data")})");
            }
            try
            {
                GexChart.SavePng(profile, png.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot write '{png.FullName}': {ex.Message}");
            }
            await context.Error.WriteLineAsync($"wrote {png.FullName}").ConfigureAwait(false);
        }
        return GnosisCli.Ok;
    }

    /// <summary>The file's symbol, else the file name's stem when it is a ticker.</summary>
    private static string ResolveSymbol(string fromFile, FileInfo file)
    {
        if (ContractValidation.IsValidSymbol(fromFile))
        {
            return fromFile;
        }
        var stem = Path.GetFileNameWithoutExtension(file.Name).Trim().TrimStart('_').ToUpperInvariant();
        return ContractValidation.IsValidSymbol(stem)
            ? stem
            : throw new CliUsageException(
                fromFile.Length == 0
                    ? $"{file.Name}: the file names no symbol (add a 'symbol' column, or name the file after the ticker, e.g. SPY.csv)"
                    : $"{file.Name}: symbol '{fromFile}' is not a ticker (expected e.g. SPY, ^SPX or BRK.B)");
    }

    private static async Task WarnAsync(TextWriter error, ChainFileResult read, ChainFileFormat format)
    {
        var unit = format == ChainFileFormat.Csv ? "line" : "entry";
        if (read.Skipped.Count > 0)
        {
            var shown = read.Skipped.Take(10).Select(s => $"{unit} {s.Row}: {s.Reason}");
            var more = read.Skipped.Count > 10 ? $"; and {read.Skipped.Count - 10} more" : string.Empty;
            await error.WriteLineAsync($"warning: skipped {read.Skipped.Count} row(s): {string.Join("; ", shown)}{more}").ConfigureAwait(false);
        }
        if (read.MalformedCells > 0)
        {
            await error.WriteLineAsync($"warning: {read.MalformedCells} cell(s) were not numbers and were read as missing (the engine's hygiene counts those rows)")
                .ConfigureAwait(false);
        }
        if (read.MergedRows > 0)
        {
            await error.WriteLineAsync($"note: {read.MergedRows} contract(s) listed under two roots (e.g. SPX and SPXW) were merged, open interest summed")
                .ConfigureAwait(false);
        }
    }

    /// <summary>One JSON document: the engine output in the contract format and the profile in snake_case (null when degraded to no data).</summary>
    internal static string ToJson(HedgeAnalysis analysis)
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
}

/// <summary>Text rendering of a hedge analysis: levels, key features and a bar chart of net GEX by strike.</summary>
internal static class GexView
{
    /// <summary>Strikes shown: within this fraction of spot.</summary>
    public const double Window = 0.10;

    /// <summary>At most this many chart rows; adjacent strikes are summed into one row beyond it.</summary>
    public const int MaxRows = 40;

    /// <summary>Characters of the longest bar on each side of the axis.</summary>
    public const int HalfWidth = 24;

    /// <summary>Tables go through Spectre; the chart's lines are written to <paramref name="output"/> unwrapped (the same stream).</summary>
    public static void Render(IAnsiConsole console, TextWriter output, HedgeAnalysis analysis, OptionChain chain, string fileName)
    {
        var o = analysis.Output;
        var f = o.Features;
        console.Write(new Rule($"[bold]{Markup.Escape(o.Symbol)}[/] hedge exposure from {Markup.Escape(fileName)}, as of {o.Timestamp:yyyy-MM-dd HH:mm:ss zzz}").LeftJustified());
        if (o.Metadata.TryGetValue(EngineOutput.DegradedKey, out var degraded))
        {
            console.MarkupLine($"[yellow]Degraded ({Markup.Escape(degraded)}):[/] {Markup.Escape(o.Metadata.GetValueOrDefault("degraded_detail", string.Empty))}");
        }

        var spot = chain.UnderlyingPrice;
        var levels = new Table().Title("Levels").AddColumn("Level").AddColumn(new TableColumn("Price").RightAligned()).AddColumn(new TableColumn("From spot").RightAligned());
        levels.AddRow("Spot", Price(spot), string.Empty);
        void Level(string label, string name, string distance, string absent)
        {
            if (f.TryGetValue(name, out var value))
            {
                levels.AddRow(label, Price(value), Pct(f[distance]));
            }
            else
            {
                levels.AddRow(label, absent, string.Empty);
            }
        }
        Level("Zero gamma", F.ZeroGammaLevel, F.ZeroGammaDistancePct, "none within +-20%");
        Level("Call wall", F.CallWall, F.CallWallDistancePct, "none");
        Level("Put wall", F.PutWall, F.PutWallDistancePct, "none");
        Level("Abs gamma strike", F.AbsGammaStrike, F.AbsGammaStrikeDistancePct, "none");
        console.Write(levels);

        var key = new Table().Title("Key features").AddColumn("Feature").AddColumn(new TableColumn("Value").RightAligned());
        void Row(string label, string name, Func<double, string> format)
        {
            if (f.TryGetValue(name, out var value))
            {
                key.AddRow(label, format(value));
            }
        }
        Row("Net GEX (USD per 1% move)", F.NetGexUsdPer1Pct, Usd);
        Row("Gross GEX (USD per 1% move)", F.GrossGexUsdPer1Pct, Usd);
        Row("Vanna (USD per vol point)", F.VannaExposureUsdPerVolPt, Usd);
        Row("Charm (USD per day)", F.CharmExposureUsdPerDay, Usd);
        Row("Net GEX 0DTE", F.NetGex0DteUsdPer1Pct, Usd);
        Row("Net GEX next weekly", F.NetGexNextWeeklyUsdPer1Pct, Usd);
        Row("Net GEX monthly", F.NetGexMonthlyUsdPer1Pct, Usd);
        Row("Net / gross gamma", F.NetGammaRatio, v => v.ToString("0.000", CultureInfo.InvariantCulture));
        Row("|GEX| share within +-2% of spot", F.GammaNearSpotShare, v => v.ToString("0.000", CultureInfo.InvariantCulture));
        key.AddRow("Regime", Markup.Escape(o.Regime ?? "-"));
        key.AddRow("Confidence", o.Confidence.ToString("0.000", CultureInfo.InvariantCulture));
        var m = o.Metadata;
        var dropped = m.Where(kv => kv.Key.StartsWith("dropped_", StringComparison.Ordinal) && kv.Value != "0")
            .Select(kv => $"{kv.Key["dropped_".Length..].Replace('_', ' ')} {kv.Value}").ToList();
        var droppedTotal = m.Where(kv => kv.Key.StartsWith("dropped_", StringComparison.Ordinal))
            .Sum(kv => int.TryParse(kv.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0);
        key.AddRow("Rows in / used / dropped", $"{m.GetValueOrDefault("rows_in", "?")} / {m.GetValueOrDefault("rows_used", "?")} / {droppedTotal}");
        if (dropped.Count > 0)
        {
            key.AddRow("Dropped by reason", Markup.Escape(string.Join(", ", dropped)));
        }
        key.AddRow("Greeks (provider / recomputed rows)", $"{m.GetValueOrDefault("greeks_provider_rows", "?")} / {m.GetValueOrDefault("greeks_recomputed_rows", "?")}");
        console.Write(key);

        if (analysis.Profile is { } profile)
        {
            output.WriteLine($"Net GEX by strike within +-{Window * 100:0}% of spot (USD per 1% move; bars left of '|' are negative: dealers short gamma)");
            foreach (var line in BarChart(profile))
            {
                output.WriteLine(line);
            }
            output.Flush();
        }
    }

    /// <summary>One chart row: a strike (or a range of adjacent strikes) and its summed net GEX.</summary>
    internal sealed record ChartRow(double Low, double High, double NetGex);

    /// <summary>Strikes within the window, in ascending order, summed in groups of adjacent strikes beyond <see cref="MaxRows"/>.</summary>
    internal static List<ChartRow> Rows(HedgeProfile profile)
    {
        var spot = profile.Levels.Spot;
        var inWindow = profile.ByStrike.Where(s => Math.Abs(s.Strike - spot) <= Window * spot).OrderBy(s => s.Strike).ToList();
        var group = Math.Max(1, (inWindow.Count + MaxRows - 1) / MaxRows);
        var rows = new List<ChartRow>();
        for (var i = 0; i < inWindow.Count; i += group)
        {
            var chunk = inWindow.Skip(i).Take(group).ToList();
            rows.Add(new ChartRow(chunk[0].Strike, chunk[^1].Strike, chunk.Sum(s => s.NetGexUsdPer1Pct)));
        }
        return rows;
    }

    internal static IReadOnlyList<string> BarChart(HedgeProfile profile)
    {
        var rows = Rows(profile);
        if (rows.Count == 0)
        {
            return ["(no strikes within the window)"];
        }
        var levels = profile.Levels;
        var marks = new List<string>[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            marks[i] = [];
        }
        void Mark(double? level, string label)
        {
            if (level is not { } value)
            {
                return;
            }
            var nearest = -1;
            var best = double.PositiveInfinity;
            for (var i = 0; i < rows.Count; i++)
            {
                var distance = value < rows[i].Low ? rows[i].Low - value : value > rows[i].High ? value - rows[i].High : 0;
                if (distance < best)
                {
                    (best, nearest) = (distance, i);
                }
            }
            // Only mark levels that fall inside the charted range (or within one row of it).
            var rowSpan = rows.Count > 1 ? (rows[^1].High - rows[0].Low) / (rows.Count - 1) : Math.Abs(value) * 0.01;
            if (best <= rowSpan)
            {
                marks[nearest].Add(label);
            }
        }
        Mark(levels.Spot, "spot " + Price(levels.Spot));
        Mark(levels.ZeroGamma, levels.ZeroGamma is { } z ? "zero gamma " + Price(z) : string.Empty);
        Mark(levels.CallWall, "call wall");
        Mark(levels.PutWall, "put wall");
        Mark(levels.AbsGammaStrike, "abs gamma");

        var max = rows.Max(r => Math.Abs(r.NetGex));
        var labels = rows.Select(r => r.Low == r.High ? Price(r.Low) : $"{Price(r.Low)}-{Price(r.High)}").ToList();
        var labelWidth = labels.Max(l => l.Length);
        var lines = new List<string>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var value = rows[i].NetGex;
            var length = max > 0 ? (int)Math.Round(Math.Abs(value) / max * HalfWidth) : 0;
            var left = value < 0 ? new string('#', length).PadLeft(HalfWidth) : new string(' ', HalfWidth);
            var right = value > 0 ? new string('#', length).PadRight(HalfWidth) : new string(' ', HalfWidth);
            var line = $"{labels[i].PadLeft(labelWidth)} {left}|{right} {Usd(value),9}";
            if (marks[i].Count > 0)
            {
                line += " <- " + string.Join(", ", marks[i]);
            }
            lines.Add(line.TrimEnd());
        }
        return lines;
    }

    internal static string Price(double value) => value.ToString(Math.Abs(value) >= 1000 ? "0.##" : "0.###", CultureInfo.InvariantCulture);

    private static string Pct(double value) => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>Compact signed dollars: 1.23B, -456.7M, 12.3K.</summary>
    internal static string Usd(double value)
    {
        var a = Math.Abs(value);
        var (scaled, suffix) = a >= 1e9 ? (value / 1e9, "B") : a >= 1e6 ? (value / 1e6, "M") : a >= 1e3 ? (value / 1e3, "K") : (value, string.Empty);
        return scaled.ToString("0.##", CultureInfo.InvariantCulture) + suffix;
    }
}

/// <summary>PNG chart of net GEX by strike (ScottPlot 5) with spot, zero gamma and the walls as labelled vertical lines.</summary>
internal static class GexChart
{
    public const int Width = 1200;
    public const int Height = 700;

    public static void SavePng(HedgeProfile profile, string path)
    {
        var spot = profile.Levels.Spot;
        var strikes = profile.ByStrike.Where(s => Math.Abs(s.Strike - spot) <= GexView.Window * spot).OrderBy(s => s.Strike).ToList();
        var plot = new ScottPlot.Plot();
        var width = BarWidth(strikes);
        var (scale, unit) = Scale(strikes.Count == 0 ? 0 : strikes.Max(s => Math.Abs(s.NetGexUsdPer1Pct)));

        var up = new List<ScottPlot.Bar>();
        var down = new List<ScottPlot.Bar>();
        var green = ScottPlot.Color.FromHex("#2E9E5B");
        var red = ScottPlot.Color.FromHex("#D1453B");
        foreach (var s in strikes)
        {
            var positive = s.NetGexUsdPer1Pct >= 0;
            (positive ? up : down).Add(new ScottPlot.Bar
            {
                Position = s.Strike,
                Value = s.NetGexUsdPer1Pct / scale,
                Size = width,
                FillColor = positive ? green : red,
                LineWidth = 0,
            });
        }
        if (up.Count > 0)
        {
            plot.Add.Bars(up).LegendText = "net GEX > 0 (dealers long gamma)";
        }
        if (down.Count > 0)
        {
            plot.Add.Bars(down).LegendText = "net GEX < 0 (dealers short gamma)";
        }

        // Labels run vertically down each line from the top of the bars; a label that would touch a neighbour's
        // (closer than 2.5% of the strike range) drops to a lower tier.
        var values = strikes.Select(s => s.NetGexUsdPer1Pct / scale).DefaultIfEmpty(0).ToList();
        var (yMin, yMax) = (Math.Min(0, values.Min()), Math.Max(0, values.Max()));
        var yRange = yMax - yMin > 0 ? yMax - yMin : 1;
        var xRange = strikes.Count > 1 ? strikes[^1].Strike - strikes[0].Strike : Math.Max(1, spot * 0.2);
        var levels = profile.Levels;
        (double? Level, string Label, string Hex, ScottPlot.LinePattern Pattern)[] marks =
        [
            (spot, "spot", "#1F3A93", ScottPlot.LinePattern.Solid),
            (levels.ZeroGamma, "zero gamma", "#8E44AD", ScottPlot.LinePattern.Dashed),
            (levels.CallWall, "call wall", "#1E8449", ScottPlot.LinePattern.Dotted),
            (levels.PutWall, "put wall", "#B03A2E", ScottPlot.LinePattern.Dotted),
        ];
        var placed = new List<(double X, int Tier)>();
        foreach (var (level, label, hex, pattern) in marks.Where(m => m.Level is not null).OrderBy(m => m.Level))
        {
            var x = level!.Value;
            var color = ScottPlot.Color.FromHex(hex);
            var line = plot.Add.VerticalLine(x, 2, color, pattern);
            line.LegendText = $"{label} {GexView.Price(x)}";
            var tier = 0;
            while (placed.Any(p => p.Tier == tier && Math.Abs(p.X - x) < 0.025 * xRange))
            {
                tier++;
            }
            placed.Add((x, tier));
            var text = plot.Add.Text($"{label} {GexView.Price(x)}", x, yMax - (tier * 0.3 * yRange));
            text.LabelRotation = -90;
            text.LabelAlignment = ScottPlot.Alignment.MiddleRight;
            text.LabelFontColor = ScottPlot.Colors.White;
            text.LabelBackgroundColor = color;
            text.LabelFontSize = 12;
            text.LabelPadding = 2;
        }

        plot.Title($"{profile.Symbol} net GEX by strike, as of {profile.AsOf:yyyy-MM-dd HH:mm zzz}");
        plot.XLabel("Strike");
        plot.YLabel($"Net GEX ({unit} per 1% move)");
        plot.Add.HorizontalLine(0, 1, ScottPlot.Colors.Gray);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Divisor and unit name that keep the y-axis tick labels short.</summary>
    private static (double Scale, string Unit) Scale(double maxAbs) =>
        maxAbs >= 1e9 ? (1e9, "USD billions") : maxAbs >= 1e6 ? (1e6, "USD millions") : maxAbs >= 1e3 ? (1e3, "USD thousands") : (1, "USD");

    /// <summary>80% of the smallest gap between adjacent strikes (1% of spot when there is a single strike).</summary>
    private static double BarWidth(List<StrikeExposure> strikes)
    {
        var gap = double.PositiveInfinity;
        for (var i = 1; i < strikes.Count; i++)
        {
            gap = Math.Min(gap, strikes[i].Strike - strikes[i - 1].Strike);
        }
        return double.IsFinite(gap) && gap > 0 ? 0.8 * gap : strikes.Count > 0 ? 0.01 * strikes[0].Strike : 1;
    }
}
