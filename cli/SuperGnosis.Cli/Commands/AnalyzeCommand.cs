using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Hosting.Storage;
using SuperGnosis.Sentiment;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis analyze SYMBOL [--as-of ISO] [--source synthetic|files|cboe|polygon|tradier|alpaca[+...]] [--data dir] [--seed n] [--json] [--ledger path]</c>:
/// the whole pipeline on the synthetic market, the files source or live providers (docs/providers.md). Without <c>--as-of</c> while the market is closed
/// (nights, weekends, holidays, before the open) the run is as of the last session's close, and the output says so.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var symbol = new Argument<string>("symbol") { Description = "Ticker, e.g. SPY" };
        var asOf = new Option<string?>("--as-of") { Description = CommonOptions.AsOfHelp("now; the last session's close while the market is closed") };
        var source = new Option<string?>("--source") { Description = CliSources.Help };
        var data = new Option<string?>("--data") { Description = "Data directory of --source files" };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic market", DefaultValueFactory = _ => 7 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object in the contract format" };
        var ledger = new Option<string?>("--ledger")
        {
            Description = "Ledger file (default: user data folder, or $GNOSIS_DATA_DIR); checked before the run. If writing the record fails at the end, the result is still printed and the exit code is 1",
        };
        var command = new Command("analyze", "Run the whole pipeline for one symbol at one instant on the synthetic market, on files or on live providers.")
        {
            symbol, asOf, source, data, seed, json, ledger,
        };
        command.SetAction((parse, ct) => RunAsync(context,
            CommonOptions.ParseSymbol(parse.GetValue(symbol)),
            CommonOptions.AsOfOrNull(parse.GetValue(asOf)),
            CliSources.Parse(parse.GetValue(source), parse.GetValue(data)),
            parse.GetValue(seed),
            parse.GetValue(json),
            parse.GetValue(ledger),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string symbol, DateTimeOffset? requestedAsOf, CliSource source, int seed, bool json, string? ledgerPath, CancellationToken ct)
    {
        var (asOf, closedNote) = DefaultAsOf(requestedAsOf, context.Time.GetUtcNow());
        // On another core while the composition is built and the market generated: hash the model files (the run-id
        // fingerprint needs them before the run starts), then read the headline model (about a tenth of a one-shot run);
        // the fingerprint and the sentiment engine wait for these same computations (each happens once per process).
        _ = Task.Run(() =>
        {
            _ = SentimentModelHashes.All;
            return BundledSentimentModel.Instance;
        }, ct);
        var asOfDate = UsEquityDate(asOf);
        if (source.IsSynthetic && (asOfDate < SyntheticMarket.Epoch || asOfDate > SyntheticMarket.Horizon))
        {
            throw new CliUsageException($"--as-of must fall between {SyntheticMarket.Epoch:yyyy-MM-dd} and {SyntheticMarket.Horizon:yyyy-MM-dd} for the synthetic market");
        }
        if (source.DataDirectory is { } dataDirectory && !await CliDataLocation.Open(dataDirectory, context.Configuration).FolderExistsAsync(symbol, ct).ConfigureAwait(false))
        {
            throw new CliUsageException($"--data {dataDirectory} has no folder {symbol} (the layout is <dir>/<SYMBOL>/chains, bars, ...; docs/data-formats.md)");
        }
        if (closedNote is not null)
        {
            // Standard error with --json, so that standard output stays one JSON document.
            await (json ? context.Error : context.Out).WriteLineAsync(closedNote).ConfigureAwait(false);
        }
        await using var services = CliServices.Build(CliServices.AnalyzeSettings(seed, ledgerPath, source), environment: context.Configuration);
        var ledger = services.GetRequiredService<LedgerSelection>();
        if (ledger.Location is { } location)
        {
            AppendFile.Check("--ledger", location);
        }
        if (source.IsLive)
        {
            // Ask the providers first for what every engine reads (the chain, the daily bars): a provider that cannot be
            // reached, refuses the key or does not know the symbol ends the command with one line (exit 1 or 2) instead of
            // a run of failed engines. The answers are cached, so the run below does not ask again.
            await PreflightAsync(services.GetRequiredService<MarketDataSources>(), symbol, asOf, ct).ConfigureAwait(false);
        }
        // The run records nothing itself: the record is appended after the result is printed, so a ledger that fails
        // late (a full disk) cannot lose the analysis. The record is the one the run's ledger stage built.
        var runner = new PipelineRunner(symbol, services.GetRequiredService<PipelineComponents>() with { Ledger = null },
            services.GetRequiredService<RunFingerprint>().Value);
        PipelineResult result;
        OptionChain? chain = null;
        try
        {
            result = await runner.RunOnceAsync(asOf, ct).ConfigureAwait(false);
            if (!json)
            {
                chain = await services.GetRequiredService<MarketDataSources>().Chains.GetChainAsync(symbol, asOf, ct).ConfigureAwait(false);
            }
        }
        catch (DataFileException ex)
        {
            throw new CliUsageException(ex.Message);
        }

        if (json)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(result.ToReport(), ContractJson.Indented.AnalysisReport)).ConfigureAwait(false);
        }
        else
        {
            var title = source.IsSynthetic ? "Synthetic market"
                : source.Source == "files" ? $"Market data (files: {source.DataDirectory})"
                : $"Market data ({source.Source}{(source.DataDirectory is { } dir ? $"; files: {dir}" : string.Empty)})";
            AnalysisView.Render(context.Console, result, chain!, title, ledger.Location ?? "none");
        }
        return await RecordAsync(context, ledger, result.LedgerRecord, ct).ConfigureAwait(false);
    }

    /// <summary>The chain and the daily bars, from the sources that serve them (<see cref="MarketDataSources.Provides"/>).</summary>
    internal static async Task PreflightAsync(MarketDataSources sources, string symbol, DateTimeOffset asOf, CancellationToken ct)
    {
        if (sources.Provides.Contains(DataKind.Chain))
        {
            await sources.Chains.GetChainAsync(symbol, asOf, ct).ConfigureAwait(false);
        }
        if (sources.Provides.Contains(DataKind.DailyBars))
        {
            await sources.Market.GetBarsAsync(symbol, BarInterval.Daily, asOf.AddDays(-30), asOf, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Appends the run's record after its result was printed: exit code 0 when it was written (or no ledger is
    /// configured); when the append fails (a full disk, a folder made read-only meanwhile) standard error says the result
    /// above was not recorded and the exit code is 1.
    /// </summary>
    private static async Task<int> RecordAsync(CliContext context, LedgerSelection ledger, LedgerRecord record, CancellationToken ct)
    {
        if (await LedgerAppend.TryAsync(ledger.Store, record, ct).ConfigureAwait(false) is { } failure)
        {
            await context.Error.WriteLineAsync(
                $"error: the result above was NOT recorded in the ledger '{ledger.Location ?? ledger.Kind}': {failure}").ConfigureAwait(false);
            return GnosisCli.RunFailed;
        }
        return GnosisCli.Ok;
    }

    /// <summary>
    /// The run's as-of: the one asked for; else now while the NYSE session is open; else the last session's close, with
    /// the sentence that says so (nights, weekends, holidays and before the open).
    /// </summary>
    internal static (DateTimeOffset AsOf, string? Note) DefaultAsOf(DateTimeOffset? requested, DateTimeOffset now)
    {
        if (requested is { } given)
        {
            return (given, null);
        }
        DateTimeOffset? close;
        try
        {
            close = MarketCalendar.Nyse.LastCloseWhenClosed(now);
        }
        catch (ArgumentOutOfRangeException)
        {
            return (now, null);
        }
        return close is { } c
            ? (c, $"The market is closed: analysing the last session as of its close, {NewYorkTime.ToNewYork(c):yyyy-MM-dd HH:mm} New York ({c.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss'Z'}). Give --as-of for another instant.")
            : (now, null);
    }

    private static DateOnly UsEquityDate(DateTimeOffset asOf) => Core.MarketData.NewYorkTime.DateOf(asOf);
}

/// <summary>Readable Spectre.Console rendering of one run.</summary>
internal static class AnalysisView
{
    public static void Render(IAnsiConsole console, PipelineResult result, OptionChain chain, string marketTitle, string ledgerPath)
    {
        var run = result.Run;
        console.Write(new Rule($"[bold]{run.Symbol}[/] as of {run.AsOf.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z  ({run.RunId})").LeftJustified());

        var market = new Table().Title(Markup.Escape(marketTitle)).AddColumn("Item").AddColumn(new TableColumn("Value").RightAligned());
        market.AddRow("Spot", Num(chain.UnderlyingPrice));
        market.AddRow("Option contracts", chain.Quotes.Length.ToString(CultureInfo.InvariantCulture));
        var expiries = chain.Expiries();
        market.AddRow("Expiries", expiries.Count == 0 ? "none" : $"{expiries.Count} ({expiries[0]:yyyy-MM-dd} .. {expiries[^1]:yyyy-MM-dd})");
        console.Write(market);

        var engines = new Table().Title("Engines").AddColumn("Engine").AddColumn("Status").AddColumn("Confidence").AddColumn("Regime").AddColumn("Features");
        foreach (var status in result.EngineStatuses)
        {
            var output = result.EngineOutputs.FirstOrDefault(o => o.Kind == status.Kind);
            engines.AddRow(
                SnapshotBuilder.KindName(status.Kind),
                Markup.Escape(status.MetadataValue),
                output is null ? "-" : Num(output.Confidence),
                Markup.Escape(output?.Regime ?? "-"),
                output is null ? "-" : output.Features.Count.ToString(CultureInfo.InvariantCulture));
        }
        console.Write(engines);

        foreach (var output in result.EngineOutputs.Where(o => o.Features.Count > 0))
        {
            var features = new Table().Title($"{SnapshotBuilder.KindName(output.Kind)} features").AddColumn("Feature").AddColumn(new TableColumn("Value").RightAligned());
            foreach (var (name, value) in output.Features)
            {
                features.AddRow(Markup.Escape(name), Num(value));
            }
            console.Write(features);
        }

        if (result.PrimarySuggestions.Count > 0 || result.CompositeSuggestion is not null)
        {
            var suggestions = new Table().Title("Suggestions").AddColumn("Layer").AddColumn("Action").AddColumn("Confidence").AddColumn("Reasoning");
            foreach (var s in result.PrimarySuggestions.Append(result.CompositeSuggestion).OfType<Suggestion>())
            {
                suggestions.AddRow(Markup.Escape(s.Layer), s.Action.ToString().ToLowerInvariant(), Num(s.Confidence), Markup.Escape(s.Reasoning));
            }
            console.Write(suggestions);
        }

        if (result.TradeIdeas.Count > 0)
        {
            var ideas = new Table().Title("Trade ideas (per unit, multiplier included)").AddColumn("Strategy").AddColumn("Legs").AddColumn("Cost")
                .AddColumn("Max loss").AddColumn("Max profit").AddColumn("Breakevens").AddColumn("Units").AddColumn("Payoff at expiry");
            foreach (var idea in result.TradeIdeas)
            {
                var legs = string.Join("\n", idea.Legs.Select(l => $"{l.Direction.ToString().ToLowerInvariant()} {l.Qty} {Leg(l)}"));
                ideas.AddRow(Markup.Escape(idea.StrategyType), Markup.Escape(legs), Num(idea.CostPerUnit), Num(idea.MaxLoss),
                    idea.MaxProfit is { } p ? Num(p) : "unbounded", string.Join(", ", idea.BreakevenLevels.Select(Num)),
                    idea.RecommendedUnits.ToString(CultureInfo.InvariantCulture), Markup.Escape(PayoffSketch.Render(idea)));
            }
            console.Write(ideas);
            foreach (var idea in result.TradeIdeas)
            {
                console.MarkupLine($"[grey]{Markup.Escape(idea.StrategyType)}: {Markup.Escape(idea.Rationale)}[/]");
            }
        }
        else if (result.CompositeSuggestion is not null)
        {
            console.MarkupLine("No trade ideas: the composite stance did not pass the trade agent's confidence gates or no contract passed its filters (docs/trade-agent.md).");
        }

        var missing = result.EngineStatuses.Where(s => s.State == EngineState.NotConfigured).Select(s => SnapshotBuilder.KindName(s.Kind) + " engine")
            .Concat(result.StageStatuses.Where(s => s.Value == "not_configured").Select(s => s.Stage == "trade" ? "trade agent" : s.Stage.Replace('_', ' ')))
            .ToList();
        if (missing.Count > 0)
        {
            console.MarkupLine("[yellow]Not available yet:[/] " + Markup.Escape(string.Join(", ", missing)));
        }
        console.MarkupLine("Ledger: " + Markup.Escape(ledgerPath));
    }

    private static string Leg(TradeLeg leg) => leg.InstrumentType switch
    {
        InstrumentType.Stock => "shares",
        _ => $"{(leg.InstrumentType == InstrumentType.Call ? "C" : "P")} {Num(leg.Strike!.Value)} {leg.Expiry:yyyy-MM-dd}",
    };

    private static string Num(double value) => value.ToString(Math.Abs(value) >= 1000 ? "#,0.##" : "0.####", CultureInfo.InvariantCulture);
}
