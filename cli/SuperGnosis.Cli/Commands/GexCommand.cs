using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Data.Chains;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Data.Files;
using SuperGnosis.Hosting.MarketData;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis gex --chain &lt;file&gt; [--format auto|csv|cboe|parquet] [--as-of ISO] [--rate r] [--div q]
/// [--greeks provider|recompute|auto] [--multiplier m] [--expiries all|0dte|weekly|monthly] [--max-dte N] [--json] [--png &lt;file&gt;]</c>: the hedge engine on a chain
/// file (seed-column CSV, CBOE delayed-quotes JSON or Parquet, see docs/data-formats.md); or
/// <c>gnosis gex SYMBOL --source files --data &lt;dir&gt; [--as-of ISO] ...</c>: on the newest snapshot of the files
/// source stamped at or before the as-of (default: now; the analysis is then as of the snapshot's stamp). Warnings about skipped rows go
/// to standard error so that <c>--json</c> output stays one JSON document.
/// </summary>
public static class GexCommand
{
    public static Command Create(CliContext context)
    {
        var ticker = new Argument<string?>("symbol") { Description = "Ticker whose newest chain snapshot to read (with --source files --data <dir>)", Arity = ArgumentArity.ZeroOrOne };
        var chain = new Option<FileInfo?>("--chain") { Description = "Chain file: seed-column CSV, CBOE delayed-quotes JSON or Parquet" };
        var source = new Option<string?>("--source")
        {
            Description = "files: SYMBOL's newest snapshot under --data; cboe, polygon, tradier: the provider's latest chain of SYMBOL (instead of --chain; docs/providers.md)",
        };
        var data = new Option<string?>("--data") { Description = "Data directory of --source files (docs/data-formats.md, \"Files source\")" };
        var format = new Option<string>("--format") { Description = "auto (PAR1 -> parquet, JSON object -> cboe, else csv), csv, cboe or parquet", DefaultValueFactory = _ => "auto" };
        var asOf = new Option<string?>("--as-of") { Description = CommonOptions.AsOfHelp("the CBOE file's timestamp; now for CSV and Parquet") };
        var symbol = new Option<string?>("--symbol")
        {
            Description = "The chain's symbol: CSV/Parquet rows naming another are skipped (default: the symbol most rows give; CBOE: the file's)",
        };
        var rate = CommonOptions.Rate(0.04);
        var div = CommonOptions.Div(0.0);
        var greeks = new Option<string>("--greeks") { Description = "Greeks source: provider, recompute or auto", DefaultValueFactory = _ => "auto" };
        var multiplier = CommonOptions.Multiplier(100.0);
        var expiries = CommonOptions.Expiries();
        var maxDte = CommonOptions.MaxDte();
        var json = new Option<bool>("--json") { Description = "Print {\"engine_output\": ..., \"hedge_profile\": ...} as JSON" };
        var png = new Option<FileInfo?>("--png")
        {
            Description = "Write a PNG chart of net GEX by strike with spot, zero gamma and the walls (written whole or not at all; must not be the chain file)",
        };
        var command = new Command("gex", "Dealer gamma/vanna/charm exposure, zero gamma and walls of an option chain file. A file that loses more than half "
            + "of its rows (other symbols, unreadable rows) is an error; rows whose iv looks like percent (above 5) are not used and are flagged; "
            + "rows whose spots differ by more than 1% are flagged. --expiries and --max-dte filter the chain before every feature; a filter that "
            + "leaves no unexpired contract is an error naming the expiries the chain has. See docs/data-formats.md and docs/hedge-engine.md.")
        {
            ticker, chain, source, data, format, asOf, symbol, rate, div, greeks, multiplier, expiries, maxDte, json, png,
        };
        command.Subcommands.Add(GexHistoryCommand.Create(context));
        command.SetAction((parse, ct) => RunAsync(context, new GexRequest(
            ChainInput.From(parse.GetValue(ticker), parse.GetValue(chain), parse.GetValue(source), parse.GetValue(data)),
            ParseFormat(parse.GetValue(format)),
            CommonOptions.AsOfOrNull(parse.GetValue(asOf)),
            parse.GetValue(symbol) is { } s ? CommonOptions.ParseSymbol(s) : null,
            Options(parse.GetValue(rate), parse.GetValue(div), parse.GetValue(greeks), parse.GetValue(multiplier)) with
            {
                Expiries = parse.GetValue(expiries),
                MaxDte = parse.GetValue(maxDte),
            },
            parse.GetValue(json),
            parse.GetValue(png)), ct));
        return command;
    }

    private sealed record GexRequest(ChainInput Chain, ChainFileFormat Format, DateTimeOffset? AsOf, string? Symbol, HedgeEngineOptions Options, bool Json, FileInfo? Png);

    internal static ChainFileFormat ParseFormat(string? text) => (text ?? "auto").Trim().ToLowerInvariant() switch
    {
        "auto" => ChainFileFormat.Auto,
        "csv" => ChainFileFormat.Csv,
        "cboe" => ChainFileFormat.Cboe,
        "parquet" => ChainFileFormat.Parquet,
        _ => throw new CliUsageException($"--format must be auto, csv, cboe or parquet (got '{text}')"),
    };

    /// <summary>The engine's options; the numbers have passed the shared option checks (<see cref="CommonOptions"/>), which
    /// are repeated here for callers that build options directly.</summary>
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
        if (!double.IsFinite(multiplier) || multiplier <= 0 || multiplier > CommonOptions.MaxMultiplier)
        {
            throw new CliUsageException($"--multiplier must be a number > 0 and at most 1000000 (got {multiplier})");
        }
        return new HedgeEngineOptions { Greeks = source, RiskFreeRate = rate, DividendYield = div, ContractMultiplier = multiplier };
    }

    private static async Task<int> RunAsync(CliContext context, GexRequest request, CancellationToken ct)
    {
        var (read, format, file, asOf, label) = request.Chain.Live is { } live
            ? await FromProviderAsync(context, request, live, ct).ConfigureAwait(false)
            : request.Chain.Data is { } data
            ? await FromSnapshotAsync(context, request, data, ct).ConfigureAwait(false)
            : await FromFileAsync(context, request, ct).ConfigureAwait(false);
        var png = request.Png is { } pngFile ? CliFiles.Output("--png", pngFile, file) : null;
        var (analysis, chainToUse) = await AnalyzeChainAsync(read, label, format, asOf,
            () => request.Chain.Symbol ?? ResolveSymbol(read.Chain.Symbol, file!), request.Options, context.Error).ConfigureAwait(false);
        var report = GexReport.Build(analysis, chainToUse);
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
            GexView.Render(context.Console, context.Out, report, label);
        }

        if (png is not null)
        {
            if (analysis.Profile is not { } profile)
            {
                throw new CliUsageException($"no chart written: the chain has no usable rows ({analysis.Output.Metadata.GetValueOrDefault(HedgeMetadataKeys.DegradedDetail, "no data")})");
            }
            await png.WriteAsync((stream, _) =>
            {
                GexChart.SavePng(GexChartData.Build(profile), stream);
                return Task.CompletedTask;
            }, ct).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"wrote {png.FullName}").ConfigureAwait(false);
        }
        return GnosisCli.Ok;
    }

    /// <summary>
    /// The hedge analysis of a chain as read from a file, by <c>gnosis gex</c>'s rules (the same for each snapshot of
    /// <c>gnosis gex history</c>): a file without option rows or that lost most of them, most rows with a percent iv, or an
    /// expiry filter that keeps nothing unexpired is a <see cref="CliUsageException"/> naming why; rows with a percent iv are
    /// left out and flagged; skipped rows and flags are written to <paramref name="warnings"/>. The chain is analysed as of
    /// <paramref name="asOf"/> under the symbol <paramref name="symbolOf"/> gives (asked once the rows are checked).
    /// </summary>
    internal static async Task<(HedgeAnalysis Analysis, OptionChain Chain)> AnalyzeChainAsync(
        ChainFileResult read, string fileName, ChainFileFormat format, DateTimeOffset asOf, Func<string> symbolOf, HedgeEngineOptions options, TextWriter warnings)
    {
        CheckRows(read, fileName, format.ToString().ToLowerInvariant());
        var (chainRead, ivPercentRows) = WithoutPercentIv(read.Chain, fileName);
        var chain = chainRead with { AsOf = asOf };
        var symbol = symbolOf();
        await WarnAsync(warnings, read, format).ConfigureAwait(false);
        var flags = await FlagAsync(warnings, read, ivPercentRows).ConfigureAwait(false);
        CheckExpiryFilter(chain, options);
        return (Flagged(HedgeAnalyzer.Analyze(symbol, chain, chain.AsOf, options), flags), chain);
    }

    /// <summary>The chain read from <c>--chain</c>, the file (an output must not replace it) and its name.</summary>
    private static async Task<(ChainFileResult Read, ChainFileFormat Format, FileInfo? File, DateTimeOffset AsOf, string Label)> FromFileAsync(
        CliContext context, GexRequest request, CancellationToken ct)
    {
        var file = CliFiles.Input("--chain", request.Chain.File!);
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
        try
        {
            var read = ChainFile.Read(bytes, format, request.AsOf, context.Time.GetUtcNow(), request.Symbol);
            return (read, format, file, read.Chain.AsOf, file.Name);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{file.Name} ({format.ToString().ToLowerInvariant()}): {ex.Message}");
        }
    }

    /// <summary>The newest snapshot at or before the as-of (default now); the analysis is as of the as-of given, else the snapshot's stamp.</summary>
    /// <remarks>A local snapshot is the file an output must not replace; a blob has none.</remarks>
    private static async Task<(ChainFileResult Read, ChainFileFormat Format, FileInfo? File, DateTimeOffset AsOf, string Label)> FromSnapshotAsync(
        CliContext context, GexRequest request, string data, CancellationToken ct)
    {
        var symbol = request.Chain.Symbol!;
        var limit = request.AsOf ?? context.Time.GetUtcNow();
        try
        {
            var store = CliDataLocation.Open(data, context.Configuration);
            var source = new FileMarketDataSource(store);
            var snapshot = await source.NewestSnapshotAsync(symbol, limit, ct).ConfigureAwait(false)
                ?? throw new CliUsageException($"no chain snapshot of {symbol} stamped at or before {limit.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'} in {source.Store.Describe(symbol + "/chains")}");
            var read = await source.ReadSnapshotAsync(snapshot, symbol, ct).ConfigureAwait(false);
            var asOf = request.AsOf ?? snapshot.Stamp;
            await context.Error.WriteLineAsync(
                $"chain snapshot {snapshot.Path} (stamped {snapshot.Stamp:yyyy-MM-dd'T'HH:mm:ss'Z'}, {(asOf - snapshot.Stamp).TotalMinutes:0} min before the as-of)").ConfigureAwait(false);
            var local = store is LocalDataFileStore ? new FileInfo(snapshot.Path) : null;
            return (read, FileMarketDataSource.FormatOf(snapshot.Name), local, asOf, snapshot.Name);
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

    /// <summary>
    /// The latest snapshot of a live provider (<c>--source cboe|polygon|tradier</c>, or a combination whose chains come from
    /// one); the analysis is as of <c>--as-of</c>, else as of the snapshot's stamp. An as-of the snapshot cannot serve (it is
    /// stamped later and the market traded in between) is refused by the provider's point-in-time rule (exit 2).
    /// </summary>
    private static async Task<(ChainFileResult Read, ChainFileFormat Format, FileInfo? File, DateTimeOffset AsOf, string Label)> FromProviderAsync(
        CliContext context, GexRequest request, CliSource live, CancellationToken ct)
    {
        var symbol = request.Chain.Symbol!;
        await using var services = CliServices.Build(CliServices.SourceSettings(live), environment: context.Configuration);
        var sources = services.GetRequiredService<MarketDataSources>();
        var snapshots = sources.ChainSnapshots
            ?? throw new CliUsageException($"--source {live.Source} serves no option chains (cboe, polygon and tradier do; e.g. --source cboe+{live.Parts[0]})");
        var snapshot = await snapshots.GetSnapshotAsync(symbol, ct).ConfigureAwait(false);
        var asOf = request.AsOf ?? snapshot.Stamp;
        snapshots.CheckPointInTime(snapshot, symbol, asOf);
        var age = asOf - snapshot.Stamp;
        await context.Error.WriteLineAsync(
            $"chain snapshot from {snapshot.Provider} (stamped {snapshot.Stamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, "
            + (age >= TimeSpan.Zero ? $"{age.TotalMinutes:0} min before the as-of)" : $"{-age.TotalMinutes:0} min after the as-of: the market was closed in between)"))
            .ConfigureAwait(false);
        return (snapshot.Read, ChainFileFormat.Cboe, null, asOf, $"{snapshot.Provider} {symbol} snapshot");
    }

    /// <summary>An expiry filter that keeps no unexpired contract is an error naming the filter and the expiries the chain has.</summary>
    private static void CheckExpiryFilter(OptionChain chain, HedgeEngineOptions options)
    {
        if (!ExpiryFilter.IsSet(options) || ExpiryFilter.Apply(chain, chain.AsOf, options).LiveRowsKept > 0)
        {
            return;
        }
        var filter = "--expiries " + ExpiryFilter.Name(options.Expiries)
            + (options.MaxDte is { } max ? " --max-dte " + max.ToString(CultureInfo.InvariantCulture) : string.Empty);
        throw new CliUsageException(
            $"{filter} leaves no unexpired contracts as of {chain.AsOf:yyyy-MM-dd HH:mm:ss zzz}; the chain's expiries: {ExpiryFilter.ListExpiries(chain, chain.AsOf, options.Calendar)}");
    }

    /// <summary>A file with no option rows, or one that lost most of them (<see cref="ChainFileResult.LostMostRows"/>), is an
    /// error naming why, not a result about what is left.</summary>
    private static void CheckRows(ChainFileResult read, string fileName, string formatName)
    {
        if (read.RowsInFile == 0)
        {
            throw new CliUsageException(formatName == "csv"
                ? $"{fileName} (csv): the file has a header but no option rows"
                : $"{fileName} ({formatName}): the file has no option rows");
        }
        if (read.LostMostRows)
        {
            var reasons = string.Join("; ", read.Skipped.Take(3).Select(s => $"row {s.Row}: {s.Reason}"));
            throw new CliUsageException(
                $"{fileName} ({formatName}): {read.Skipped.Count} of {read.RowsInFile} rows could not be used (more than half; the rest is not the chain the file describes): {reasons}"
                + (read.Chain.Symbol.Length > 0 ? $". The chain's symbol is {read.Chain.Symbol}; pass --symbol to choose another" : string.Empty));
        }
    }

    /// <summary>
    /// The chain without rows whose iv is above <see cref="OptionRowPricer.MaxDecimalIv"/> (500%): such a value is taken as
    /// given in percent (50 for 50%) and is not used. When that is most of the rows the file is an error.
    /// </summary>
    private static (OptionChain Chain, int Dropped) WithoutPercentIv(OptionChain chain, string fileName)
    {
        var quotes = chain.Quotes.IsDefault ? [] : chain.Quotes;
        var percent = quotes.Count(q => q.ImpliedVol > OptionRowPricer.MaxDecimalIv);
        if (percent == 0)
        {
            return (chain, 0);
        }
        if (percent * 2 > quotes.Length)
        {
            throw new CliUsageException(
                $"{fileName}: {percent} of {quotes.Length} rows give an iv above {OptionRowPricer.MaxDecimalIv} (500%), which looks like percent (50 for 50%); give iv as a decimal (0.5)");
        }
        return (chain with { Quotes = [.. quotes.Where(q => !(q.ImpliedVol > OptionRowPricer.MaxDecimalIv))] }, percent);
    }

    /// <summary>Warnings for implausible inputs and the metadata entries that record them in the output.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> FlagAsync(TextWriter error, ChainFileResult read, int ivPercentRows)
    {
        var flags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (ivPercentRows > 0)
        {
            flags[ImplausibleIvPercentRowsKey] = ivPercentRows.ToString(CultureInfo.InvariantCulture);
            await error.WriteLineAsync(
                $"warning: {ivPercentRows} row(s) give an iv above {OptionRowPricer.MaxDecimalIv} (500%), which looks like percent (50 for 50%); those rows were not used")
                .ConfigureAwait(false);
        }
        if (read.SpotInconsistent)
        {
            var spread = (read.RowSpotSpread * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            flags[SpotInconsistentKey] = read.RowSpotSpread.ToString("R", CultureInfo.InvariantCulture);
            await error.WriteLineAsync(
                $"warning: the rows' underlying_price differ by {spread} (more than 1%); one chain is one instant, so the file may mix snapshots; the median spot {read.Chain.UnderlyingPrice.ToString("R", CultureInfo.InvariantCulture)} was used")
                .ConfigureAwait(false);
        }
        return flags;
    }

    /// <summary>Metadata key: rows not used because their iv looked like percent.</summary>
    public const string ImplausibleIvPercentRowsKey = "implausible_iv_percent_rows";

    /// <summary>Metadata key: the rows' spots disagree by this relative spread (more than 1%).</summary>
    public const string SpotInconsistentKey = "implausible_spot_spread";

    /// <summary>The analysis with the input flags added to its metadata (unchanged when there are none).</summary>
    private static HedgeAnalysis Flagged(HedgeAnalysis analysis, IReadOnlyDictionary<string, string> flags)
    {
        if (flags.Count == 0)
        {
            return analysis;
        }
        var o = analysis.Output;
        var metadata = new SortedDictionary<string, string>(o.Metadata.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, value) in flags)
        {
            metadata[key] = value;
        }
        return analysis with { Output = new EngineOutput(o.Kind, o.Symbol, o.Timestamp, o.Features, o.Confidence, o.Regime, metadata) };
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

    public static void SavePng(GexChartData data, Stream stream)
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
        using var image = plot.GetImage(Width, Height);
        stream.Write(image.GetImageBytes(ScottPlot.ImageFormat.Png));
    }

    private static (string Hex, ScottPlot.LinePattern Pattern) Style(GexLevelKind kind) => kind switch
    {
        GexLevelKind.Spot => ("#1F3A93", ScottPlot.LinePattern.Solid),
        GexLevelKind.ZeroGamma => ("#8E44AD", ScottPlot.LinePattern.Dashed),
        GexLevelKind.CallWall => ("#1E8449", ScottPlot.LinePattern.Dotted),
        _ => ("#B03A2E", ScottPlot.LinePattern.Dotted),
    };
}

/// <summary>Where <c>gex</c> reads its chain: a file (<c>--chain</c>), a symbol's newest snapshot under <c>--data</c>
/// (<c>--source files</c>) or a live provider's latest snapshot (<c>--source cboe|polygon|tradier</c>).</summary>
internal sealed record ChainInput(FileInfo? File, string? Symbol, string? Data, CliSource? Live = null)
{
    public static ChainInput From(string? symbol, FileInfo? chain, string? source, string? data)
    {
        if (chain is not null)
        {
            return source is null && data is null && symbol is null
                ? new ChainInput(chain, null, null)
                : throw new CliUsageException("give either --chain <file> or SYMBOL --source files|cboe|polygon|tradier, not both");
        }
        if (source is null && data is null)
        {
            throw new CliUsageException("give --chain <file>, or SYMBOL --source files --data <dir>, or SYMBOL --source cboe|polygon|tradier");
        }
        var selected = CliSources.Parse(source, data);
        if (selected.IsSynthetic)
        {
            throw new CliUsageException("gex reads a chain file (--chain), files (--source files --data <dir>) or a live provider (--source cboe|polygon|tradier), not the synthetic market");
        }
        if (symbol is null)
        {
            throw new CliUsageException($"--source {selected.Source} needs a SYMBOL (e.g. gnosis gex SPY --source {selected.Source}{(selected.UsesFiles ? " --data ./data" : string.Empty)})");
        }
        var ticker = CommonOptions.ParseSymbol(symbol);
        return selected.Source == "files"
            ? new ChainInput(null, ticker, selected.DataDirectory)
            : new ChainInput(null, ticker, null, selected);
    }
}
