using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Files;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis gex history SYMBOL --data &lt;dir|az://container&gt; [--from ISO] [--to ISO] [--json] [--png file]
/// [--expiries ...] [--max-dte N] [--rate r] [--div q] [--greeks ...] [--multiplier m]</c>: the hedge analysis of every
/// chain snapshot of SYMBOL in the range, each as of its stamp and by the rules of <c>gnosis gex</c> on that snapshot
/// (the same numbers): spot, zero gamma, call and put walls, net GEX, regime. Snapshots that cannot be used (unreadable,
/// misnamed, most rows lost, nothing left after the expiry filter, no usable rows) are left out, counted and listed.
/// </summary>
public static class GexHistoryCommand
{
    public static Command Create(CliContext context)
    {
        var symbol = new Argument<string>("symbol") { Description = "Ticker whose chain snapshots to analyse, e.g. SPY" };
        var data = new Option<string>("--data") { Description = "Data directory or az://container[/folder] in the files layout (docs/data-formats.md)", Required = true };
        var from = new Option<string?>("--from") { Description = "First stamp to include, " + AsOfText.HelpRule + " (default: the first snapshot)" };
        var to = new Option<string?>("--to")
        {
            Description = "Last stamp to include, " + AsOfText.HelpRule + "; a date alone includes that whole New York day (default: the last snapshot)",
        };
        var rate = CommonOptions.Rate(0.04);
        var div = CommonOptions.Div(0.0);
        var greeks = new Option<string>("--greeks") { Description = "Greeks source: provider, recompute or auto", DefaultValueFactory = _ => "auto" };
        var multiplier = CommonOptions.Multiplier(100.0);
        var expiries = CommonOptions.Expiries();
        var maxDte = CommonOptions.MaxDte();
        var json = new Option<bool>("--json") { Description = "Print the history as one JSON document (docs/data-formats.md, \"gnosis gex history\")" };
        var png = new Option<FileInfo?>("--png") { Description = "Write a PNG chart of spot, zero gamma and the walls over time (written whole or not at all)" };
        var command = new Command("history", "Zero gamma, walls and net GEX of every chain snapshot of a symbol over time, from the files layout "
            + "(what gnosis data snapshot and the run archive write). Each snapshot is analysed as gnosis gex analyses it, as of its stamp; "
            + "snapshots that cannot be used are left out, counted and listed.")
        {
            symbol, data, from, to, rate, div, greeks, multiplier, expiries, maxDte, json, png,
        };
        command.SetAction((parse, ct) => RunAsync(context, new HistoryRequest(
            CommonOptions.ParseSymbol(parse.GetValue(symbol)),
            CliSources.Parse("files", parse.GetValue(data)).DataDirectory!,
            Bound("--from", parse.GetValue(from), endOfDay: false),
            Bound("--to", parse.GetValue(to), endOfDay: true),
            GexCommand.Options(parse.GetValue(rate), parse.GetValue(div), parse.GetValue(greeks), parse.GetValue(multiplier)) with
            {
                Expiries = parse.GetValue(expiries),
                MaxDte = parse.GetValue(maxDte),
            },
            parse.GetValue(json),
            parse.GetValue(png)), ct));
        return command;
    }

    private sealed record HistoryRequest(string Symbol, string Data, DateTimeOffset? From, DateTimeOffset? To, HedgeEngineOptions Options, bool Json, FileInfo? Png);

    /// <summary>A range bound by the as-of rule; <c>--to</c> given as a date alone is the end of that New York day (its last tick).</summary>
    internal static DateTimeOffset? Bound(string option, string? text, bool endOfDay)
    {
        DateTimeOffset? instant;
        try
        {
            instant = AsOfText.ParseOptional(text);
        }
        catch (AsOfFormatException ex)
        {
            throw new CliUsageException(option + " " + ex.Message);
        }
        if (instant is { } at && endOfDay && DateOnly.TryParseExact(text!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return NewYorkTime.At(day.AddDays(1), TimeOnly.MinValue).AddTicks(-1);
        }
        return instant;
    }

    private static async Task<int> RunAsync(CliContext context, HistoryRequest request, CancellationToken ct)
    {
        if (request.From is { } first && request.To is { } last && first > last)
        {
            throw new CliUsageException($"--from {Utc(first)} is after --to {Utc(last)}");
        }
        var png = request.Png is { } pngFile ? CliFiles.Output("--png", pngFile) : null;
        var source = new FileMarketDataSource(CliDataLocation.Open(request.Data, context.Configuration));
        var listing = await source.SnapshotListingAsync(request.Symbol, ct).ConfigureAwait(false);
        bool InRange(DateTimeOffset stamp) => (request.From is not { } f || stamp >= f) && (request.To is not { } t || stamp <= t);
        var snapshots = listing.Snapshots.Where(s => InRange(s.Stamp)).ToList();
        var stamped = listing.Unusable.Where(u => u.Stamp is { } stamp && InRange(stamp)).ToList();
        if (snapshots.Count == 0 && stamped.Count == 0)
        {
            throw new CliUsageException(EmptyRange(request, source, listing));
        }
        // Misnamed files have no stamp: they are reported with any non-empty range (they may belong to it).
        var skipped = stamped.Concat(listing.Unusable.Where(u => u.Stamp is null))
            .Select(u => new GexHistorySkip(u.Stamp, u.Path, u.Reason)).ToList();

        var rows = new List<GexHistoryRow>(snapshots.Count);
        await Progress(context, snapshots.Count, async advance =>
        {
            foreach (var snapshot in snapshots)
            {
                ct.ThrowIfCancellationRequested();
                var (row, skip) = await AnalyzeAsync(source, snapshot, request, ct).ConfigureAwait(false);
                if (row is not null)
                {
                    rows.Add(row);
                }
                else
                {
                    skipped.Add(skip!);
                }
                advance();
            }
        }).ConfigureAwait(false);
        skipped.Sort((a, b) => Nullable.Compare(a.Stamp, b.Stamp) is var c && c != 0 ? c : string.CompareOrdinal(a.File, b.File));

        var document = new GexHistoryDocument(request.Symbol, source.Store.Location, request.From?.ToUniversalTime(), request.To?.ToUniversalTime(),
            ExpiryFilter.Name(request.Options.Expiries), request.Options.MaxDte, rows.Count + skipped.Count, rows, skipped);
        if (request.Json)
        {
            await context.Out.WriteLineAsync(GexHistoryJsonContext.Serialize(document)).ConfigureAwait(false);
        }
        else
        {
            Render(context.Console, document);
        }
        foreach (var skip in skipped)
        {
            await context.Error.WriteLineAsync($"skipped {skip.File}: {skip.Reason}").ConfigureAwait(false);
        }
        if (skipped.Count > 0)
        {
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"warning: {skipped.Count} of {document.SnapshotsInRange} snapshot file(s) in the range were skipped (listed above); they are not in the history")).ConfigureAwait(false);
        }
        if (rows.Count == 0)
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"no usable chain snapshot of {request.Symbol} in the range: all {skipped.Count} were skipped"));
        }
        if (png is not null)
        {
            await png.WriteAsync((stream, _) =>
            {
                GexHistoryChart.SavePng(document, stream);
                return Task.CompletedTask;
            }, ct).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"wrote {png.FullName}").ConfigureAwait(false);
        }
        return GnosisCli.Ok;
    }

    /// <summary>One snapshot's row, or why it was skipped. The analysis is <c>gnosis gex</c>'s on that snapshot, as of its stamp.</summary>
    private static async Task<(GexHistoryRow? Row, GexHistorySkip? Skip)> AnalyzeAsync(FileMarketDataSource source, ChainSnapshotFile snapshot, HistoryRequest request, CancellationToken ct)
    {
        try
        {
            var read = await source.ReadSnapshotAsync(snapshot, request.Symbol, ct).ConfigureAwait(false);
            var (analysis, _) = await GexCommand.AnalyzeChainAsync(read, snapshot.Name, FileMarketDataSource.FormatOf(snapshot.Name), snapshot.Stamp,
                () => request.Symbol, request.Options, TextWriter.Null).ConfigureAwait(false);
            if (analysis.Profile is null)
            {
                return (null, new GexHistorySkip(snapshot.Stamp, snapshot.Path,
                    "no usable rows: " + analysis.Output.Metadata.GetValueOrDefault(HedgeMetadataKeys.DegradedDetail, analysis.Output.Metadata.GetValueOrDefault(Core.Contracts.EngineOutput.DegradedKey, "no data"))));
            }
            return (GexHistoryRow.From(snapshot.Stamp, snapshot.Name, analysis), null);
        }
        catch (Exception ex) when (ex is FormatException or CliUsageException)
        {
            // DataFileException is a FormatException whose message starts with the file's path: keep only the problem.
            var reason = ex is DataFileException file && file.Message.StartsWith(file.FilePath + ": ", StringComparison.Ordinal)
                ? file.Message[(file.FilePath.Length + 2)..]
                : ex.Message;
            return (null, new GexHistorySkip(snapshot.Stamp, snapshot.Path, reason));
        }
    }

    private static string EmptyRange(HistoryRequest request, FileMarketDataSource source, ChainSnapshotListing listing)
    {
        var range = $"{(request.From is { } f ? Utc(f) : "the first")} to {(request.To is { } t ? Utc(t) : "the last")}";
        var where = source.Store.Describe(request.Symbol + "/chains");
        var misnamed = listing.Unusable.Count(u => u.Stamp is null) is var n and > 0
            ? string.Create(CultureInfo.InvariantCulture, $" ({n} file(s) there are not named as snapshots, e.g. {listing.Unusable.First(u => u.Stamp is null).Path})")
            : string.Empty;
        var all = listing.Snapshots.Select(s => s.Stamp).Concat(listing.Unusable.Where(u => u.Stamp is not null).Select(u => u.Stamp!.Value)).Order().ToList();
        return all.Count == 0
            ? $"no chain snapshot of {request.Symbol} in {where} (gnosis data snapshot and the run archive write them){misnamed}"
            : string.Create(CultureInfo.InvariantCulture,
                $"no chain snapshot of {request.Symbol} stamped from {range} in {where}; it has {all.Count} from {Utc(all[0])} to {Utc(all[^1])}{misnamed}");
    }

    /// <summary>A progress bar on a terminal for long histories; nothing otherwise (pipes and tests stay quiet).</summary>
    private static async Task Progress(CliContext context, int count, Func<Action, Task> work)
    {
        if (!context.IsTerminal || count < 50)
        {
            await work(() => { }).ConfigureAwait(false);
            return;
        }
        await context.Console.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("snapshots", maxValue: count);
            await work(() => task.Increment(1)).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static string Utc(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Render(IAnsiConsole console, GexHistoryDocument document)
    {
        console.Write(new Rule($"[bold]{Markup.Escape(document.Symbol)}[/] hedge levels over time from {Markup.Escape(document.Data)}"
            + (document.ExpiryFilter == "all" && document.MaxDte is null ? string.Empty : Markup.Escape($" (--expiries {document.ExpiryFilter}{(document.MaxDte is { } d ? " --max-dte " + d.ToString(CultureInfo.InvariantCulture) : string.Empty)})"))).LeftJustified());
        // Narrow enough for an 80-column terminal; the JSON has every field (confidence, gross GEX, rows used).
        var table = new Table().Border(TableBorder.Minimal)
            .AddColumn(new TableColumn("UTC").NoWrap())
            .AddColumn(new TableColumn("Spot").RightAligned())
            .AddColumn(new TableColumn("0 gamma").RightAligned())
            .AddColumn(new TableColumn("Call").RightAligned())
            .AddColumn(new TableColumn("Put").RightAligned())
            .AddColumn(new TableColumn("Net GEX").RightAligned())
            .AddColumn("Regime");
        foreach (var row in document.Rows)
        {
            table.AddRow(
                row.Stamp.ToUniversalTime().ToString(row.Stamp.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                GexNumberFormat.Price(row.Spot),
                row.ZeroGammaLevel is { } z ? GexNumberFormat.Price(z) : "none",
                row.CallWall is { } c ? GexNumberFormat.Price(c) : "none",
                row.PutWall is { } p ? GexNumberFormat.Price(p) : "none",
                GexNumberFormat.Usd(row.NetGexUsdPer1Pct),
                Markup.Escape(row.Regime ?? "-") + (row.Degraded is { } degraded ? Markup.Escape($" ({degraded})") : string.Empty));
        }
        console.Write(table);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{document.Rows.Count} snapshot(s) analysed, {document.Skipped.Count} skipped, of {document.SnapshotsInRange} in the range. Net GEX in USD per 1% move; --json for every field."));
    }
}

/// <summary>Draws a <see cref="GexHistoryDocument"/> with ScottPlot 5: spot, zero gamma, call wall and put wall against the stamps.</summary>
internal static class GexHistoryChart
{
    public const int Width = 1200;
    public const int Height = 700;

    public static void SavePng(GexHistoryDocument document, Stream stream)
    {
        var plot = new ScottPlot.Plot();
        void Series(string label, string hex, ScottPlot.LinePattern pattern, Func<GexHistoryRow, double?> value)
        {
            // Points where the level is defined; the line joins them (a snapshot without the level is a gap in its markers).
            var points = document.Rows.Where(r => value(r) is not null).ToList();
            if (points.Count == 0)
            {
                return;
            }
            var scatter = plot.Add.Scatter(
                points.Select(r => r.Stamp.UtcDateTime.ToOADate()).ToArray(),
                points.Select(r => value(r)!.Value).ToArray(),
                ScottPlot.Color.FromHex(hex));
            scatter.LegendText = label;
            scatter.LinePattern = pattern;
            scatter.LineWidth = 2;
            scatter.MarkerSize = points.Count > 200 ? 0 : 5;
        }
        Series("spot", "#1F3A93", ScottPlot.LinePattern.Solid, r => r.Spot);
        Series("zero gamma", "#8E44AD", ScottPlot.LinePattern.Dashed, r => r.ZeroGammaLevel);
        Series("call wall", "#1E8449", ScottPlot.LinePattern.Dotted, r => r.CallWall);
        Series("put wall", "#B03A2E", ScottPlot.LinePattern.Dotted, r => r.PutWall);
        plot.Axes.DateTimeTicksBottom();
        plot.Title($"{document.Symbol}: spot, zero gamma and walls per chain snapshot ({document.Rows.Count})");
        plot.XLabel("snapshot stamp (UTC)");
        plot.YLabel("price (USD)");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        using var image = plot.GetImage(Width, Height);
        stream.Write(image.GetImageBytes(ScottPlot.ImageFormat.Png));
    }
}
