using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Data.Ledger;
using SuperGnosis.Data.Parameters;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis feedback [--ledger path] [--parameters dir] [--save | --accept] [--risk-free-rate r] [--json]</c>: the ledger
/// metrics (docs/metrics.md) and the feedback engine's proposed parameter diff against the newest accepted version in
/// <c>--parameters</c> (or the configured options). Nothing is written unless <c>--save</c> (status proposed) or
/// <c>--accept</c> (status accepted: runs with <c>SuperGnosis__Parameters__Kind=files</c> on that folder use it).
/// </summary>
public static class FeedbackCommand
{
    public static Command Create(CliContext context)
    {
        var ledger = new Option<string?>("--ledger") { Description = "Ledger file (default: user data folder, or $GNOSIS_DATA_DIR)" };
        var parameters = new Option<string?>("--parameters") { Description = "Folder of parameter versions (v000001.json, ...); default: the configured options, nothing saved" };
        var save = new Option<bool>("--save") { Description = "Write the proposal into --parameters with status proposed" };
        var accept = new Option<bool>("--accept") { Description = "Write the proposal into --parameters with status accepted" };
        var riskFree = new Option<double>("--risk-free-rate") { Description = "Annual risk-free rate for Sharpe and Sortino (default 0)", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: metrics and proposal" };
        var command = new Command("feedback", "Ledger metrics and the feedback engine's proposed parameter diff.")
        {
            ledger, parameters, save, accept, riskFree, json,
        };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(ledger), parse.GetValue(parameters), parse.GetValue(save),
            parse.GetValue(accept), parse.GetValue(riskFree), parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string? ledgerPath, string? parametersDir, bool save, bool accept, double riskFree, bool json, CancellationToken ct)
    {
        if ((save || accept) && parametersDir is null)
        {
            throw new CliUsageException("--save and --accept need --parameters <dir> (the folder the version is written to)");
        }
        if (save && accept)
        {
            throw new CliUsageException("give --save (proposed) or --accept (accepted), not both");
        }
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parametersDir is not null)
        {
            if (File.Exists(parametersDir))
            {
                throw new CliUsageException($"--parameters {parametersDir} is a file; give a folder");
            }
            settings[SuperGnosisSections.Parameters + ":Kind"] = ParametersOptions.FilesKind;
            settings[SuperGnosisSections.Parameters + ":Directory"] = parametersDir;
        }
        await using var services = CliServices.Build(settings);
        var path = Path.GetFullPath(ledgerPath ?? services.GetRequiredService<IOptions<LedgerOptions>>().Value.EffectivePath());
        if (!File.Exists(path))
        {
            throw new CliUsageException($"no ledger at {path} (run gnosis analyze, or give --ledger <file>)");
        }
        using var store = new JsonLinesLedgerStore(path);
        var read = await store.ReadAllAsync(ct).ConfigureAwait(false);
        foreach (var warning in read.Warnings)
        {
            await context.Error.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
        }

        LedgerMetricsReport metrics;
        try
        {
            metrics = LedgerMetrics.Compute(read.Records, new LedgerMetricsOptions
            {
                InitialEquity = services.GetRequiredService<IOptions<TradeAgentOptions>>().Value.AccountEquity,
                RiskFreeRate = riskFree,
            });
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }

        var active = services.GetRequiredService<ActiveParameters>();
        var parameterStore = services.GetRequiredService<ParameterStoreSelection>().Store as FileParameterStore;
        var latest = parameterStore is null ? null : await parameterStore.GetLatestAsync(ct).ConfigureAwait(false);
        foreach (var warning in parameterStore?.Warnings ?? [])
        {
            await context.Error.WriteLineAsync("warning: skipped " + warning).ConfigureAwait(false);
        }
        var proposal = new FeedbackEngine().Propose(active.Defaults, active.Version, metrics, context.Time.GetUtcNow());
        if (proposal is not null && latest is not null && latest.Version >= proposal.Version)
        {
            proposal = proposal with { Version = latest.Version + 1 };
        }
        if (proposal is not null && accept)
        {
            proposal = proposal with { Status = ParameterVersionStatus.Accepted };
        }
        string? saved = null;
        if (proposal is not null && (save || accept))
        {
            if (!await parameterStore!.SaveAsync(proposal, ct).ConfigureAwait(false))
            {
                throw new CliUsageException($"version {ParameterVersion.Label(proposal.Version)} exists already in {parameterStore.Directory}; nothing written");
            }
            saved = parameterStore.PathOf(proposal.Version);
        }

        if (json)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("ledger", path);
                w.WritePropertyName("metrics");
                metrics.WriteTo(w);
                w.WritePropertyName("current_version");
                if (active.Version is { } v)
                {
                    w.WriteNumberValue(v.Version);
                }
                else
                {
                    w.WriteNullValue();
                }
                w.WritePropertyName("proposal");
                if (proposal is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    using var doc = JsonDocument.Parse(proposal.ToJson(indented: false));
                    doc.RootElement.WriteTo(w);
                }
                w.WriteString("saved", saved);
                w.WriteEndObject();
            }
            await context.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            return GnosisCli.Ok;
        }

        Render(context.Console, path, metrics, active, proposal, saved);
        return GnosisCli.Ok;
    }

    private static void Render(IAnsiConsole console, string path, LedgerMetricsReport m, ActiveParameters active, ParameterVersion? proposal, string? saved)
    {
        console.Write(new Rule($"Ledger metrics: {Markup.Escape(path)}").LeftJustified());
        var table = new Table().AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        table.AddRow("Records / periods", $"{m.Activity.Runs} / {m.Periods} ({Num(m.PeriodsPerYear)} per year)");
        table.AddRow("Closed trades / open decisions", $"{m.ClosedTrades} / {m.OpenDecisions}");
        table.AddRow("Total P&L", Num(m.TotalPnl));
        table.AddRow("Equity start -> end", $"{Num(m.InitialEquity)} -> {Num(m.FinalEquity)}");
        table.AddRow("Sharpe", Num(m.Sharpe));
        table.AddRow("Sortino", Num(m.Sortino));
        table.AddRow("Hit rate", Num(m.HitRate));
        table.AddRow("Max drawdown", Num(m.MaxDrawdown));
        table.AddRow("Avg trade P&L", Num(m.AvgTradePnl));
        table.AddRow("Profit factor", m.ProfitFactorInfinite ? "infinite (no losing trade)" : Num(m.ProfitFactor));
        table.AddRow("CAGR", Num(m.Cagr));
        table.AddRow("Exposure", Num(m.Exposure));
        table.AddRow("Turnover", Num(m.Turnover));
        console.Write(table);

        if (m.Layers.Count > 0)
        {
            var layers = new Table().Title("Attribution by layer").AddColumn("Layer").AddColumn("Trades").AddColumn("Agreed").AddColumn("Hit rate agreed").AddColumn("Attributed P&L");
            foreach (var l in m.Layers)
            {
                layers.AddRow(Markup.Escape(l.Layer), l.Trades.ToString(CultureInfo.InvariantCulture), l.Agreed.Trades.ToString(CultureInfo.InvariantCulture), Num(l.Agreed.HitRate), Num(l.AttributedPnl));
            }
            console.Write(layers);
        }
        if (m.Strategies.Count > 0)
        {
            var strategies = new Table().Title("Attribution by strategy").AddColumn("Strategy").AddColumn("Trades").AddColumn("Hit rate").AddColumn("P&L");
            foreach (var (name, s) in m.Strategies)
            {
                strategies.AddRow(Markup.Escape(name), s.Trades.ToString(CultureInfo.InvariantCulture), Num(s.HitRate), Num(s.Pnl));
            }
            console.Write(strategies);
        }

        var current = active.Version is { } v ? $"version {ParameterVersion.Label(v.Version)}" : "the configured options";
        if (proposal is null)
        {
            console.WriteLine($"No change proposed: the parameters stay as in {current}.");
            return;
        }
        var diff = new Table().Title($"Proposed {ParameterVersion.Label(proposal.Version)} ({(proposal.Status == ParameterVersionStatus.Accepted ? "accepted" : "proposed")}) from {current}")
            .AddColumn("Parameter").AddColumn("From").AddColumn("To").AddColumn("Default").AddColumn("Target").AddColumn("Evidence").AddColumn("Reason");
        foreach (var c in proposal.Changes)
        {
            diff.AddRow(Markup.Escape(c.Name), Num(c.From), Num(c.To), Num(c.Default), Num(c.Target), c.Evidence.ToString(CultureInfo.InvariantCulture), Markup.Escape(c.Reason));
        }
        console.Write(diff);
        console.WriteLine(saved is null ? "Not saved (give --parameters <dir> with --save or --accept)." : $"Saved: {saved}");
    }

    private static string Num(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "-";
}
