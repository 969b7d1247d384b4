using System.CommandLine;
using Spectre.Console;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Files;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis gex --chain &lt;file&gt; [--format auto|csv|cboe|parquet] [--as-of ISO] [--rate r] [--div q]
/// [--greeks provider|recompute|auto] [--multiplier m] [--json] [--png &lt;file&gt;]</c>: the hedge engine on a chain
/// file (seed-column CSV, CBOE delayed-quotes JSON or Parquet, see docs/data-formats.md); or
/// <c>gnosis gex SYMBOL --source files --data &lt;dir&gt; [--as-of ISO] ...</c>: on the newest snapshot of the files
/// source stamped at or before the as-of (default: now; the analysis is then as of the snapshot's stamp). Warnings about skipped rows go
/// to standard error so that <c>--json</c> output stays one JSON document.
/// </summary>
public static class GexCommand
{
    public static Command Create(CliContext context)
    {
        var symbol = new Argument<string?>("symbol") { Description = "Ticker whose newest chain snapshot to read (with --source files --data <dir>)", Arity = ArgumentArity.ZeroOrOne };
        var chain = new Option<FileInfo?>("--chain") { Description = "Chain file: seed-column CSV, CBOE delayed-quotes JSON or Parquet" };
        var source = new Option<string?>("--source") { Description = "files: read SYMBOL's chain snapshots under --data (instead of --chain)" };
        var data = new Option<string?>("--data") { Description = "Data directory of --source files (docs/data-formats.md, \"Files source\")" };
        var format = new Option<string>("--format") { Description = "auto (PAR1 -> parquet, JSON object -> cboe, else csv), csv, cboe or parquet", DefaultValueFactory = _ => "auto" };
        var asOf = new Option<string?>("--as-of") { Description = CommonOptions.AsOfHelp("the CBOE file's timestamp; now for CSV and Parquet") };
        var rate = new Option<double>("--rate") { Description = "Risk-free rate, continuous annual", DefaultValueFactory = _ => 0.04 };
        var div = new Option<double>("--div") { Description = "Dividend yield, continuous annual", DefaultValueFactory = _ => 0.0 };
        var greeks = new Option<string>("--greeks") { Description = "Greeks source: provider, recompute or auto", DefaultValueFactory = _ => "auto" };
        var multiplier = new Option<double>("--multiplier") { Description = "Shares per contract", DefaultValueFactory = _ => 100.0 };
        var json = new Option<bool>("--json") { Description = "Print {\"engine_output\": ..., \"hedge_profile\": ...} as JSON" };
        var png = new Option<FileInfo?>("--png") { Description = "Write a PNG chart of net GEX by strike with spot, zero gamma and the walls" };
        var command = new Command("gex", "Dealer gamma/vanna/charm exposure, zero gamma and walls of an option chain file.")
        {
            symbol, chain, source, data, format, asOf, rate, div, greeks, multiplier, json, png,
        };
        command.SetAction((parse, ct) => RunAsync(context, new GexRequest(
            ChainInput.From(parse.GetValue(symbol), parse.GetValue(chain), parse.GetValue(source), parse.GetValue(data)),
            ParseFormat(parse.GetValue(format)),
            CommonOptions.AsOfOrNull(parse.GetValue(asOf)),
            Options(parse.GetValue(rate), parse.GetValue(div), parse.GetValue(greeks), parse.GetValue(multiplier)),
            parse.GetValue(json),
            parse.GetValue(png)), ct));
        return command;
    }

    private sealed record GexRequest(ChainInput Chain, ChainFileFormat Format, DateTimeOffset? AsOf, HedgeEngineOptions Options, bool Json, FileInfo? Png);

    internal static ChainFileFormat ParseFormat(string? text) => (text ?? "auto").Trim().ToLowerInvariant() switch
    {
        "auto" => ChainFileFormat.Auto,
        "csv" => ChainFileFormat.Csv,
        "cboe" => ChainFileFormat.Cboe,
        "parquet" => ChainFileFormat.Parquet,
        _ => throw new CliUsageException($"--format must be auto, csv, cboe or parquet (got '{text}')"),
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
        var (read, format, name, asOf, symbol) = request.Chain.Data is { } data
            ? await FromSnapshotAsync(context, request, data).ConfigureAwait(false)
            : await FromFileAsync(context, request, request.Chain.File!, ct).ConfigureAwait(false);
        await WarnAsync(context.Error, read, format).ConfigureAwait(false);

        var chain = read.Chain with { AsOf = asOf };
        var analysis = HedgeAnalyzer.Analyze(symbol, chain, asOf, request.Options);
        var report = GexReport.Build(analysis, chain);
        if (report.EveryContractExpired)
        {
            await context.Error.WriteLineAsync(
                $"warning: every contract had expired as of {asOf:yyyy-MM-dd HH:mm:ss zzz}; pass --as-of with the chain's quote time").ConfigureAwait(false);
        }

        if (request.Json)
        {
            await context.Out.WriteLineAsync(GexJsonContext.Serialize(analysis)).ConfigureAwait(false);
        }
        else
        {
            GexView.Render(context.Console, context.Out, report, name);
        }

        if (request.Png is { } png)
        {
            if (analysis.Profile is not { } profile)
            {
                throw new CliUsageException($"no chart written: the chain has no usable rows ({analysis.Output.Metadata.GetValueOrDefault(HedgeMetadataKeys.DegradedDetail, "no data")})");
            }
            try
            {
                GexChart.SavePng(GexChartData.Build(profile), png.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot write '{png.FullName}': {ex.Message}");
            }
            await context.Error.WriteLineAsync($"wrote {png.FullName}").ConfigureAwait(false);
        }
        return GnosisCli.Ok;
    }

    private static async Task<(ChainFileResult Read, ChainFileFormat Format, string Name, DateTimeOffset AsOf, string Symbol)> FromFileAsync(
        CliContext context, GexRequest request, FileInfo file, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"chain file '{file.FullName}' does not exist");
        }
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file.FullName, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot read chain file '{file.FullName}': {ex.Message}");
        }

        var format = request.Format == ChainFileFormat.Auto ? ChainFile.Detect(bytes) : request.Format;
        ChainFileResult read;
        try
        {
            read = ChainFile.Read(bytes, format, request.AsOf, context.Time.GetUtcNow());
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{file.Name} ({format.ToString().ToLowerInvariant()}): {ex.Message}");
        }
        return (read, format, file.Name, read.Chain.AsOf, ResolveSymbol(read.Chain.Symbol, file));
    }

    /// <summary>The newest snapshot at or before the as-of (default now); the analysis is as of the as-of given, else the snapshot's stamp.</summary>
    private static async Task<(ChainFileResult Read, ChainFileFormat Format, string Name, DateTimeOffset AsOf, string Symbol)> FromSnapshotAsync(
        CliContext context, GexRequest request, string data)
    {
        var symbol = request.Chain.Symbol!;
        var limit = request.AsOf ?? context.Time.GetUtcNow();
        try
        {
            var source = new FileMarketDataSource(data);
            var snapshot = source.NewestSnapshot(symbol, limit)
                ?? throw new CliUsageException($"no chain snapshot of {symbol} stamped at or before {limit.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} in {Path.Combine(source.Directory, symbol, "chains")}");
            var read = FileMarketDataSource.ReadSnapshot(snapshot);
            var asOf = request.AsOf ?? snapshot.Stamp;
            await context.Error.WriteLineAsync(
                $"chain snapshot {snapshot.Path} (stamped {snapshot.Stamp:yyyy-MM-dd'T'HH:mm:ss'Z'}, {(asOf - snapshot.Stamp).TotalMinutes:0} min before the as-of)").ConfigureAwait(false);
            var format = Path.GetExtension(snapshot.Path).ToLowerInvariant() switch { ".json" => ChainFileFormat.Cboe, ".parquet" => ChainFileFormat.Parquet, _ => ChainFileFormat.Csv };
            return (read, format, Path.GetFileName(snapshot.Path), asOf, symbol);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new CliUsageException("--data: " + ex.Message);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException(ex.Message);
        }
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
        var unit = format switch { ChainFileFormat.Csv => "line", ChainFileFormat.Parquet => "row", _ => "entry" };
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
    }
}

/// <summary>Text rendering of a <see cref="GexReport"/>: levels, key features and a bar chart of net GEX by strike bucket.</summary>
internal static class GexView
{
    /// <summary>Characters of the longest bar on each side of the axis.</summary>
    public const int HalfWidth = 24;

    /// <summary>Tables go through Spectre; the chart's lines are written to <paramref name="output"/> unwrapped (the same stream).</summary>
    public static void Render(IAnsiConsole console, TextWriter output, GexReport report, string fileName)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(report.Symbol)}[/] hedge exposure from {Markup.Escape(fileName)}, as of {report.AsOf:yyyy-MM-dd HH:mm:ss zzz}").LeftJustified());
        if (report.Degraded is { } degraded)
        {
            console.MarkupLine($"[yellow]Degraded ({Markup.Escape(degraded)}):[/] {Markup.Escape(report.DegradedDetail)}");
        }

        var levels = new Table().Title("Levels").AddColumn("Level").AddColumn(new TableColumn("Price").RightAligned()).AddColumn(new TableColumn("From spot").RightAligned());
        levels.AddRow("Spot", Price(report.Spot), string.Empty);
        foreach (var level in report.Levels)
        {
            if (level.Price is { } price)
            {
                levels.AddRow(level.Label, Price(price), GexNumberFormat.Percent(level.DistanceFromSpotPct!.Value));
            }
            else
            {
                levels.AddRow(level.Label, level.AbsentText, string.Empty);
            }
        }
        console.Write(levels);

        var key = new Table().Title("Key features").AddColumn("Feature").AddColumn(new TableColumn("Value").RightAligned());
        foreach (var row in report.KeyFeatures)
        {
            key.AddRow(row.Label, row.Kind == GexValueKind.Usd ? Usd(row.Value) : GexNumberFormat.Ratio(row.Value));
        }
        key.AddRow("Regime", Markup.Escape(report.Regime ?? "-"));
        key.AddRow("Confidence", GexNumberFormat.Ratio(report.Confidence));
        key.AddRow("Rows in / used / dropped", $"{report.RowsIn ?? "?"} / {report.RowsUsed ?? "?"} / {report.DroppedTotal}");
        if (report.DroppedByReason.Count > 0)
        {
            key.AddRow("Dropped by reason", Markup.Escape(string.Join(", ", report.DroppedByReason.Select(d => $"{d.Reason} {d.Count}"))));
        }
        key.AddRow("Greeks (provider / recomputed rows)", $"{report.GreeksProviderRows ?? "?"} / {report.GreeksRecomputedRows ?? "?"}");
        console.Write(key);

        if (report.Buckets is { } buckets)
        {
            output.WriteLine($"Net GEX by strike within +-{StrikeBuckets.Window * 100:0}% of spot (USD per 1% move; bars left of '|' are negative: dealers short gamma)");
            foreach (var line in BarChart(buckets))
            {
                output.WriteLine(line);
            }
            output.Flush();
        }
    }

    /// <summary>One line per bucket: label, '#' bars scaled to the largest |net GEX| left (negative) or right of '|', the value and the marks.</summary>
    internal static IReadOnlyList<string> BarChart(IReadOnlyList<StrikeBucket> buckets)
    {
        if (buckets.Count == 0)
        {
            return ["(no strikes within the window)"];
        }
        var max = buckets.Max(r => Math.Abs(r.NetGexUsdPer1Pct));
        var labelWidth = buckets.Max(b => b.Label.Length);
        var lines = new List<string>(buckets.Count);
        foreach (var bucket in buckets)
        {
            var value = bucket.NetGexUsdPer1Pct;
            var length = max > 0 ? (int)Math.Round(Math.Abs(value) / max * HalfWidth) : 0;
            var left = value < 0 ? new string('#', length).PadLeft(HalfWidth) : new string(' ', HalfWidth);
            var right = value > 0 ? new string('#', length).PadRight(HalfWidth) : new string(' ', HalfWidth);
            var line = $"{bucket.Label.PadLeft(labelWidth)} {left}|{right} {Usd(value),9}";
            if (bucket.Marks.Count > 0)
            {
                line += " <- " + string.Join(", ", bucket.Marks);
            }
            lines.Add(line.TrimEnd());
        }
        return lines;
    }

    private static string Price(double value) => GexNumberFormat.Price(value);

    private static string Usd(double value) => GexNumberFormat.Usd(value);
}

/// <summary>Draws <see cref="GexChartData"/> with ScottPlot 5: green/red bars, labelled vertical level lines, a zero line.</summary>
internal static class GexChart
{
    public const int Width = 1200;
    public const int Height = 700;

    public static void SavePng(GexChartData data, string path)
    {
        var plot = new ScottPlot.Plot();
        var green = ScottPlot.Color.FromHex("#2E9E5B");
        var red = ScottPlot.Color.FromHex("#D1453B");
        ScottPlot.Bar Bar(GexChartBar b) => new()
        {
            Position = b.Strike,
            Value = b.Value,
            Size = data.BarWidth,
            FillColor = b.Positive ? green : red,
            LineWidth = 0,
        };
        var up = data.Bars.Where(b => b.Positive).Select(Bar).ToList();
        var down = data.Bars.Where(b => !b.Positive).Select(Bar).ToList();
        if (up.Count > 0)
        {
            plot.Add.Bars(up).LegendText = "net GEX > 0 (dealers long gamma)";
        }
        if (down.Count > 0)
        {
            plot.Add.Bars(down).LegendText = "net GEX < 0 (dealers short gamma)";
        }

        foreach (var level in data.Levels)
        {
            var (hex, pattern) = Style(level.Kind);
            var color = ScottPlot.Color.FromHex(hex);
            var line = plot.Add.VerticalLine(level.X, 2, color, pattern);
            line.LegendText = level.Label;
            var text = plot.Add.Text(level.Label, level.X, level.LabelY);
            text.LabelRotation = -90;
            text.LabelAlignment = ScottPlot.Alignment.MiddleRight;
            text.LabelFontColor = ScottPlot.Colors.White;
            text.LabelBackgroundColor = color;
            text.LabelFontSize = 12;
            text.LabelPadding = 2;
        }

        plot.Title(data.Title);
        plot.XLabel(data.XLabel);
        plot.YLabel(data.YLabel);
        plot.Add.HorizontalLine(0, 1, ScottPlot.Colors.Gray);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    private static (string Hex, ScottPlot.LinePattern Pattern) Style(GexLevelKind kind) => kind switch
    {
        GexLevelKind.Spot => ("#1F3A93", ScottPlot.LinePattern.Solid),
        GexLevelKind.ZeroGamma => ("#8E44AD", ScottPlot.LinePattern.Dashed),
        GexLevelKind.CallWall => ("#1E8449", ScottPlot.LinePattern.Dotted),
        _ => ("#B03A2E", ScottPlot.LinePattern.Dotted),
    };
}

/// <summary>Where <c>gex</c> reads its chain: a file (<c>--chain</c>) or a symbol's newest snapshot under <c>--data</c> (<c>--source files</c>).</summary>
internal sealed record ChainInput(FileInfo? File, string? Symbol, string? Data)
{
    public static ChainInput From(string? symbol, FileInfo? chain, string? source, string? data)
    {
        var files = CliSources.Parse(source, data);
        if (chain is not null)
        {
            return files is null && symbol is null
                ? new ChainInput(chain, null, null)
                : throw new CliUsageException("give either --chain <file> or SYMBOL --source files --data <dir>, not both");
        }
        if (files is null)
        {
            throw new CliUsageException("give --chain <file>, or SYMBOL --source files --data <dir>");
        }
        return symbol is null
            ? throw new CliUsageException("--source files needs a SYMBOL (e.g. gnosis gex SPY --source files --data ./data)")
            : new ChainInput(null, CommonOptions.ParseSymbol(symbol), files);
    }
}
