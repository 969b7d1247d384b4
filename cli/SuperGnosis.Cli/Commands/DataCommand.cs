using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Hosting.Archive;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis data snapshot SYMBOL [--source NAME] [--data dir] [--seed n] [--as-of ISO] --out &lt;dir|az://container&gt;</c>:
/// saves what the source returns for one instant into the files layout (docs/data-formats.md, "Snapshots"), so the
/// instant can be replayed with <c>--source files --data &lt;dir&gt;</c>. What is saved is what a run at that instant reads,
/// fetched once through the run's capture (the chain, the daily bars, trades, quotes and headlines of the windows the
/// engines ask for), plus the minute bars of the as-of's session.
/// </summary>
public static class DataCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Command("data", "Market data kept as files: snapshots of a source that build a history (docs/data-formats.md, \"Snapshots\").");
        data.Subcommands.Add(Snapshot(context));
        return data;
    }

    private static Command Snapshot(CliContext context)
    {
        var symbol = new Argument<string>("symbol") { Description = "Ticker, e.g. SPY" };
        var source = new Option<string?>("--source") { Description = CliSources.Help };
        var data = new Option<string?>("--data") { Description = "Data directory of --source files" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic market", DefaultValueFactory = _ => 7 };
        var asOf = new Option<string?>("--as-of") { Description = CommonOptions.AsOfHelp("now; the last session's close while the market is closed") + "; kept to whole seconds (the chain file's stamp)" };
        var output = new Option<string>("--out")
        {
            Description = "Folder (created when missing; its parent must exist) or az://container[/folder] to write into (SuperGnosis:MarketData:StorageConnection names the storage connection)",
            Required = true,
        };
        var command = new Command("snapshot", "Save what a source returns for one instant (chain, daily and minute bars, trades, quotes, news) into the files layout, "
            + "Parquet for tables, news.jsonl appended without duplicates. Files already there are extended where they agree with the source and never "
            + "overwritten with different content (that is an error naming the file).")
        {
            symbol, source, data, seed, asOf, output,
        };
        command.SetAction((parse, ct) => RunAsync(context,
            CommonOptions.ParseSymbol(parse.GetValue(symbol)),
            CliSources.Parse(parse.GetValue(source), parse.GetValue(data)),
            parse.GetValue(seed),
            CommonOptions.AsOfOrNull(parse.GetValue(asOf)),
            parse.GetValue(output)!,
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string symbol, CliSource source, int seed, DateTimeOffset? requestedAsOf, string output, CancellationToken ct)
    {
        var (defaultAsOf, closedNote) = AnalyzeCommand.DefaultAsOf(requestedAsOf, context.Time.GetUtcNow());
        var asOf = MarketSnapshot.StampOf(defaultAsOf);
        if (closedNote is not null)
        {
            await context.Error.WriteLineAsync(closedNote).ConfigureAwait(false);
        }
        if (source.IsSynthetic
            && (Core.MarketData.NewYorkTime.DateOf(asOf) < SyntheticMarket.Epoch || Core.MarketData.NewYorkTime.DateOf(asOf) > SyntheticMarket.Horizon))
        {
            throw new CliUsageException($"--as-of must fall between {SyntheticMarket.Epoch:yyyy-MM-dd} and {SyntheticMarket.Horizon:yyyy-MM-dd} for the synthetic market");
        }
        var target = OpenOutput(output, source, context);

        // The run's composition with nothing recorded and nothing archived on its own: the capture is written below, where a
        // conflict is this command's error rather than a logged warning.
        var settings = new Dictionary<string, string?>(CliServices.SourceSettings(source), StringComparer.OrdinalIgnoreCase)
        {
            [SuperGnosisSections.MarketData + ":Seed"] = seed.ToString(CultureInfo.InvariantCulture),
            [SuperGnosisSections.MarketData + ":Capture"] = "true",
            [SuperGnosisSections.Ledger + ":Kind"] = LedgerOptions.NoneKind,
            [SuperGnosisSections.Archive + ":Enabled"] = "false",
        };
        await using var services = CliServices.Build(settings, environment: context.Configuration);
        if (source.IsLive)
        {
            // As analyze does: a provider that cannot be reached, refuses the key or does not know the symbol ends the command
            // with one line instead of a snapshot of failed engines (the answers are cached, the run does not ask again).
            await AnalyzeCommand.PreflightAsync(services.GetRequiredService<MarketDataSources>(), symbol, asOf, ct).ConfigureAwait(false);
        }
        var capture = services.GetRequiredService<StageMarketData>().Capture
            ?? throw new InvalidOperationException("the market-data capture is off; a snapshot saves what the run captured");
        // The run keeps its capture (no release by the ledger stage) until it is written.
        var runner = new PipelineRunner(symbol, services.GetRequiredService<PipelineComponents>() with { Ledger = null, MarketCapture = null },
            services.GetRequiredService<RunFingerprint>().Value);
        SnapshotWriteResult written;
        PipelineResult result;
        try
        {
            result = await runner.RunOnceAsync(asOf, ct).ConfigureAwait(false);
            written = await services.GetRequiredService<CaptureArchiver>().ArchiveAsync(capture, CapturedMarketData.CaptureIdFor(symbol, asOf), target, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the capture store cannot list what it captured");
        }
        catch (Exception ex) when (ex is SnapshotConflictException or DataFileException)
        {
            throw new CliUsageException(ex.Message);
        }
        finally
        {
            await capture.ReleaseAsync(CapturedMarketData.CaptureIdFor(symbol, asOf), CancellationToken.None).ConfigureAwait(false);
        }

        Render(context, symbol, asOf, source, target, written);
        foreach (var status in result.EngineStatuses.Where(s => s.State == EngineState.Failed))
        {
            await context.Error.WriteLineAsync(
                $"warning: the {SnapshotBuilder.KindName(status.Kind)} engine failed ({status.MetadataValue}); what it would have read may be missing from the snapshot").ConfigureAwait(false);
        }
        foreach (var note in written.Notes)
        {
            await context.Error.WriteLineAsync("note: " + note).ConfigureAwait(false);
        }
        return GnosisCli.Ok;
    }

    /// <summary>The output store: an <c>az://</c> container, or a folder created when missing (its parent must exist; never a file).</summary>
    private static IDataFileStore OpenOutput(string output, CliSource source, CliContext context)
    {
        if (CliDataLocation.IsBlob(output))
        {
            return CliDataLocation.Open(output, context.Configuration);
        }
        var full = Path.GetFullPath(output);
        if (File.Exists(full))
        {
            throw new CliUsageException($"--out {full} is a file, not a directory");
        }
        if (source.DataDirectory is { } input && !CliDataLocation.IsBlob(input) && SamePath.Comparer.Equals(SamePath.Resolve(input), SamePath.Resolve(full)))
        {
            throw new CliUsageException($"--out {full} is the --data directory the snapshot reads");
        }
        if (!Directory.Exists(full))
        {
            var parent = Path.GetDirectoryName(full);
            if (parent is null || !Directory.Exists(parent))
            {
                throw new CliUsageException($"--out {full}: the folder {parent} does not exist");
            }
            Directory.CreateDirectory(full);
        }
        return new LocalDataFileStore(full);
    }

    private static void Render(CliContext context, string symbol, DateTimeOffset asOf, CliSource source, IDataFileStore target, SnapshotWriteResult written)
    {
        var console = context.Console;
        console.Write(new Rule($"[bold]{Markup.Escape(symbol)}[/] snapshot as of {asOf:yyyy-MM-dd'T'HH:mm:ss'Z'} from {Markup.Escape(source.Source)} into {Markup.Escape(target.Location)}").LeftJustified());
        var table = new Table().AddColumn("File").AddColumn("Outcome").AddColumn(new TableColumn("Rows").RightAligned());
        foreach (var file in written.Files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(file.RelativePath), file.Outcome.ToString().ToLowerInvariant(), file.Rows.ToString(CultureInfo.InvariantCulture));
        }
        console.Write(table);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"{written.Files.Count(f => f.Outcome == SnapshotFileOutcome.Created)} created, {written.Files.Count(f => f.Outcome == SnapshotFileOutcome.Extended)} extended, {written.Files.Count(f => f.Outcome == SnapshotFileOutcome.Unchanged)} unchanged. Replay: gnosis analyze {symbol} --source files --data {target.Location} --as-of {asOf:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
    }
}
