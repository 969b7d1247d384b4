using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SuperGnosis.Cli.Backtest;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Ledger;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Hosting.Backtesting;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis backtest SYMBOL --from yyyy-MM-dd --to yyyy-MM-dd [--source synthetic|files] [--data dir] [--interval 1d|30m]
/// [--seed n] [--ledger file] [--report dir] [--json]</c>: the decision pipeline replayed step by step with the order
/// simulator (docs/backtest.md). A progress bar on a terminal (plain lines on standard error otherwise), then the metrics
/// table (or one JSON object with <c>--json</c>); <c>--report</c> writes index.html, equity.png and drawdown.png.
/// </summary>
public static class BacktestCommand
{
    public static Command Create(CliContext context)
    {
        var symbol = new Argument<string>("symbol") { Description = "Ticker, e.g. SPY" };
        var from = new Option<string>("--from") { Description = "First date, yyyy-MM-dd (New York trading date)", Required = true };
        var to = new Option<string>("--to") { Description = "Last date, yyyy-MM-dd, inclusive", Required = true };
        var source = new Option<string?>("--source") { Description = CliSources.Help };
        var data = new Option<string?>("--data") { Description = "Data directory of --source files" };
        var interval = new Option<string>("--interval") { Description = "Step: 1d (each session's close) or 30m (every 30 minutes of the session)", DefaultValueFactory = _ => "1d" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic market", DefaultValueFactory = _ => 7 };
        var ledger = new Option<string?>("--ledger")
        {
            Description = "Ledger file the backtest's records go to; must not exist yet (default: <report>/ledger.jsonl, else backtests/<SYMBOL>-<from>-<to>-<interval>.jsonl in the user data folder, replaced)",
        };
        var report = new Option<string?>("--report") { Description = "Folder for the HTML report (index.html, equity.png, drawdown.png); created when missing" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (metrics, equity curve, trades) instead of the table" };
        var command = new Command("backtest", "Replay the pipeline over a date range with simulated fills, fees and expiry settlement.")
        {
            symbol, from, to, source, data, interval, seed, ledger, report, json,
        };
        command.SetAction((parse, ct) => RunAsync(context, new BacktestRequest(
            CommonOptions.ParseSymbol(parse.GetValue(symbol)),
            ParseDate("--from", parse.GetValue(from)),
            ParseDate("--to", parse.GetValue(to)),
            PointInTime(CliSources.Parse(parse.GetValue(source), parse.GetValue(data))),
            ParseInterval(parse.GetValue(interval)),
            parse.GetValue(seed),
            parse.GetValue(ledger),
            parse.GetValue(report),
            parse.GetValue(json)), ct));
        return command;
    }

    private sealed record BacktestRequest(string Symbol, DateOnly From, DateOnly To, CliSource Source, BacktestInterval Interval, int Seed,
        string? Ledger, string? Report, bool Json);

    internal static DateOnly ParseDate(string option, string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CliUsageException($"{option} must be a date yyyy-MM-dd (got '{text}')");

    /// <summary>The backtest replays history: the synthetic market or files; live providers answer for now only.</summary>
    internal static CliSource PointInTime(CliSource source) =>
        source.IsLive ? throw new CliUsageException($"--source {source.Source}: a backtest needs a point-in-time history, synthetic or files") : source;

    internal static BacktestInterval ParseInterval(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "1d" => BacktestInterval.Daily,
        "30m" => BacktestInterval.ThirtyMinutes,
        _ => throw new CliUsageException($"--interval must be 1d or 30m (got '{text}')"),
    };

    private static async Task<int> RunAsync(CliContext context, BacktestRequest request, CancellationToken ct)
    {
        var steps = CheckRange(request);
        if (request.Source.DataDirectory is { } dataDirectory && !Directory.Exists(Path.Combine(dataDirectory, request.Symbol)))
        {
            throw new CliUsageException($"--data {dataDirectory} has no folder {request.Symbol} (the layout is <dir>/<SYMBOL>/chains, bars, ...; docs/data-formats.md)");
        }
        var reportDir = request.Report is null ? null : ReportFolder(request.Report);
        var ledgerPath = LedgerPath(request, reportDir);

        await using var services = CliServices.Build(CliServices.AnalyzeSettings(request.Seed, ledgerPath: null, request.Source));
        var factory = services.GetRequiredService<BacktestRunnerFactory>();

        // Written to a temporary file beside the target and renamed at the end: a cancelled or failed backtest leaves no half ledger.
        var temporary = Path.Combine(Path.GetDirectoryName(ledgerPath)!, $".{Path.GetFileName(ledgerPath)}.{Guid.NewGuid():N}.tmp");
        BacktestResult result;
        try
        {
            using (var store = new JsonLinesLedgerStore(temporary))
            {
                var runner = factory.Create(request.Symbol, store, o => o with { Interval = request.Interval });
                result = await RunWithProgressAsync(context, runner, request, steps, ct).ConfigureAwait(false);
            }
            File.Move(temporary, ledgerPath, overwrite: true);
        }
        catch (DataFileException ex)
        {
            throw new CliUsageException(ex.Message);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        var summary = BacktestSummary.Of(result);
        var options = factory.OptionsFor(request.Symbol) with { Interval = request.Interval };
        if (request.Json)
        {
            await context.Out.WriteLineAsync(Json(result, summary, ledgerPath)).ConfigureAwait(false);
        }
        else
        {
            var table = new Table().Title(Markup.Escape($"Backtest {result.Symbol} {result.From:yyyy-MM-dd}..{result.To:yyyy-MM-dd} ({BacktestReport.Interval(result.Interval)})"))
                .AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
            foreach (var (name, value) in BacktestReport.Rows(summary))
            {
                table.AddRow(Markup.Escape(name), Markup.Escape(value));
            }
            context.Console.Write(table);
            context.Console.MarkupLine("Ledger: " + Markup.Escape(ledgerPath));
        }
        if (reportDir is not null)
        {
            await WriteReportAsync(context, result, summary, options, ledgerPath, reportDir, ct).ConfigureAwait(false);
        }
        return GnosisCli.Ok;
    }

    /// <summary>Dates inside the source's and the calendar's range, from &lt;= to, at least one session: else one clear line and exit code 2.</summary>
    private static IReadOnlyList<DateTimeOffset> CheckRange(BacktestRequest request)
    {
        if (request.From > request.To)
        {
            throw new CliUsageException($"--from {request.From:yyyy-MM-dd} is after --to {request.To:yyyy-MM-dd}");
        }
        if (request.Source.IsSynthetic && (request.From < SyntheticMarket.Epoch || request.To > SyntheticMarket.Horizon))
        {
            throw new CliUsageException($"the synthetic market covers {SyntheticMarket.Epoch:yyyy-MM-dd} to {SyntheticMarket.Horizon:yyyy-MM-dd}; --from/--to must fall inside it");
        }
        IReadOnlyList<DateTimeOffset> steps;
        try
        {
            steps = BacktestSchedule.Steps(MarketCalendar.Nyse, request.From, request.To, request.Interval);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }
        return steps.Count > 0 ? steps
            : throw new CliUsageException($"no NYSE session between {request.From:yyyy-MM-dd} and {request.To:yyyy-MM-dd} (weekends and holidays only)");
    }

    private static string ReportFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new CliUsageException($"--report {full} is a file; give a folder");
        }
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !Directory.Exists(parent))
        {
            throw new CliUsageException($"--report: the folder '{parent}' does not exist");
        }
        return full;
    }

    private static string LedgerPath(BacktestRequest request, string? reportDir)
    {
        if (request.Ledger is { } given)
        {
            var full = Path.GetFullPath(given);
            if (Directory.Exists(full))
            {
                throw new CliUsageException($"--ledger {full} is a directory; give a file name");
            }
            if (File.Exists(full) && new FileInfo(full).Length > 0)
            {
                throw new CliUsageException($"--ledger {full} already exists; a backtest writes a new ledger (remove the file or choose another name)");
            }
            if (Path.GetDirectoryName(full) is not { } folder || !Directory.Exists(folder))
            {
                throw new CliUsageException($"--ledger: the folder of '{full}' does not exist");
            }
            return full;
        }
        if (reportDir is not null)
        {
            Directory.CreateDirectory(reportDir);
            return Path.Combine(reportDir, "ledger.jsonl");
        }
        var dir = Path.Combine(Path.GetDirectoryName(JsonLinesLedgerStore.DefaultPath())!, "backtests");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"{request.Symbol.Replace('^', '_')}-{request.From:yyyyMMdd}-{request.To:yyyyMMdd}-{BacktestReport.Interval(request.Interval)}.jsonl");
    }

    /// <summary>A progress bar on a terminal; when redirected, a plain line on standard error about every tenth of the steps.</summary>
    private static async Task<BacktestResult> RunWithProgressAsync(CliContext context, BacktestRunner runner, BacktestRequest request,
        IReadOnlyList<DateTimeOffset> steps, CancellationToken ct)
    {
        if (!context.IsTerminal)
        {
            var every = Math.Max(1, steps.Count / 10);
            var lines = new SynchronousProgress<BacktestProgress>(p =>
            {
                if (p.Step % every == 0 || p.Step == p.Steps)
                {
                    context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"backtest {request.Symbol}: step {p.Step}/{p.Steps} ({NewYorkTime.DateOf(p.Time):yyyy-MM-dd}), equity {BacktestReport.Money(p.Equity)}"));
                }
            });
            return await runner.RunAsync(request.From, request.To, lines, ct).ConfigureAwait(false);
        }
        BacktestResult? result = null;
        await context.Console.Progress().AutoClear(true).StartAsync(async progress =>
        {
            var task = progress.AddTask($"backtest {request.Symbol} {request.From:yyyy-MM-dd}..{request.To:yyyy-MM-dd}", maxValue: steps.Count);
            result = await runner.RunAsync(request.From, request.To, new SynchronousProgress<BacktestProgress>(p => task.Value = p.Step), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return result!;
    }

    private static async Task WriteReportAsync(CliContext context, BacktestResult result, BacktestSummary summary, BacktestOptions options, string ledgerPath,
        string reportDir, CancellationToken ct)
    {
        Directory.CreateDirectory(reportDir);
        var equity = BacktestReport.EquityPng(result);
        var drawdown = BacktestReport.DrawdownPng(result);
        var html = BacktestReport.Html(result, summary, options, ledgerPath, equity, drawdown);
        await CliFiles.Output("--report", new FileInfo(Path.Combine(reportDir, "equity.png"))).WriteAsync((s, c) => s.WriteAsync(equity, c).AsTask(), ct).ConfigureAwait(false);
        await CliFiles.Output("--report", new FileInfo(Path.Combine(reportDir, "drawdown.png"))).WriteAsync((s, c) => s.WriteAsync(drawdown, c).AsTask(), ct).ConfigureAwait(false);
        await CliFiles.Output("--report", new FileInfo(Path.Combine(reportDir, "index.html"))).WriteTextAsync((w, _) => w.WriteAsync(html), ct).ConfigureAwait(false);
        await context.Error.WriteLineAsync($"wrote {Path.Combine(reportDir, "index.html")}, equity.png, drawdown.png").ConfigureAwait(false);
    }

    /// <summary>One JSON object: settings, metrics, the equity curve and the trades (snake_case, invariant numbers).</summary>
    internal static string Json(BacktestResult result, BacktestSummary summary, string ledgerPath)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("symbol", result.Symbol);
            w.WriteString("from", result.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("to", result.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("interval", BacktestReport.Interval(result.Interval));
            w.WriteString("ledger", ledgerPath);
            w.WritePropertyName("metrics");
            summary.Ledger.WriteTo(w);
            w.WriteStartObject("simulator");
            w.WriteNumber("steps", summary.Steps);
            w.WriteNumber("positions", summary.Positions);
            w.WriteNumber("fees", summary.Fees);
            w.WriteNumber("final_equity", result.FinalEquity);
            w.WriteEndObject();
            w.WriteStartArray("equity");
            foreach (var p in result.Equity)
            {
                w.WriteStartObject();
                w.WriteString("time", p.Time);
                w.WriteNumber("equity", p.Equity);
                w.WriteNumber("cash", p.Cash);
                w.WriteNumber("open_positions", p.OpenPositions);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("trades");
            foreach (var t in result.Trades)
            {
                w.WriteStartObject();
                w.WriteString("idea_id", t.IdeaId);
                w.WriteString("run_id", t.RunId);
                w.WriteString("strategy_type", t.StrategyType);
                w.WriteString("side", t.Side.ToString().ToLowerInvariant());
                w.WriteNumber("units", t.Units);
                w.WriteString("opened_at", t.OpenedAt);
                w.WriteString("closed_at", t.ClosedAt);
                w.WriteNumber("entry_cash_flow", t.EntryCashFlow);
                w.WriteNumber("exit_cash_flow", t.ExitCashFlow);
                w.WriteNumber("fees", t.Fees);
                w.WriteNumber("realized_pnl", t.RealizedPnl);
                w.WriteString("exit_reason", t.ExitReason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in result.Notes)
            {
                w.WriteStringValue(note);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
