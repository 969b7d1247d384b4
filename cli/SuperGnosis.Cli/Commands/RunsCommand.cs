using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SuperGnosis.Cli.Serve;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis runs start SYMBOL [--as-of ISO] [--wait] [--timeout s] [--json] [--url U]</c> and
/// <c>gnosis runs show RUN_ID [--json] [--url U]</c>: distributed runs on a running <c>gnosis serve</c>, through its
/// HTTP API (<c>POST /api/runs</c>, <c>GET /api/runs/{run_id}</c>). Exit codes: 0 done (a run waited for completed),
/// 1 the server is unreachable, the run failed or was not found, or it did not finish in time; 2 bad arguments or a
/// request the server refused as bad input.
/// </summary>
public static class RunsCommand
{
    /// <summary>Where <c>gnosis serve</c> listens by default.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Time between two status requests of <c>--wait</c>.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Time one HTTP request may take.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(CliContext context)
    {
        var command = new Command("runs", "Start and show distributed runs on a running gnosis serve.");
        command.Subcommands.Add(Start(context));
        command.Subcommands.Add(Show(context));
        return command;
    }

    private static Option<Uri> Url() => new("--url")
    {
        Description = $"Base URL of the gnosis serve to talk to (default {DefaultUrl})",
        DefaultValueFactory = _ => new Uri(DefaultUrl),
        CustomParser = result =>
        {
            var token = string.Join(" ", result.Tokens.Select(t => t.Value)).Trim();
            if (Uri.TryCreate(token, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query))
            {
                return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
            }
            result.AddError($"--url must be an absolute http(s) URL such as {DefaultUrl} (got '{token}')");
            return new Uri(DefaultUrl);
        },
    };

    private static Command Start(CliContext context)
    {
        var symbol = new Argument<string>("symbol") { Description = "Ticker, e.g. SPY" };
        var asOf = new Option<string?>("--as-of") { Description = CommonOptions.AsOfHelp("now, by the server's clock") };
        var wait = new Option<bool>("--wait") { Description = "Wait until the run completes or fails, then show it" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "With --wait: seconds to wait before giving up, 1 to 86400 (default 300)",
            DefaultValueFactory = _ => 300,
            CustomParser = result =>
            {
                var token = string.Join(" ", result.Tokens.Select(t => t.Value));
                if (int.TryParse(token.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 86400)
                {
                    return seconds;
                }
                result.AddError($"--timeout must be a whole number of seconds from 1 to 86400 (got '{token}')");
                return 300;
            },
        };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON (the 202 body, or with --wait the run document)" };
        var url = Url();
        var command = new Command("start", "Start a distributed run (POST /api/runs) and print its id; --wait follows it to the end.")
        {
            symbol, asOf, wait, timeout, json, url,
        };
        command.SetAction((parse, ct) => StartAsync(context,
            CommonOptions.ParseSymbol(parse.GetValue(symbol)),
            CommonOptions.AsOfOrNull(parse.GetValue(asOf)),
            parse.GetValue(wait),
            TimeSpan.FromSeconds(parse.GetValue(timeout)),
            parse.GetValue(json),
            parse.GetValue(url)!,
            ct));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var runId = new Argument<string>("run_id") { Description = "Run id, as `gnosis runs start` printed it (run-...)" };
        var json = new Option<bool>("--json") { Description = "Print the server's run document as it was received" };
        var url = Url();
        var command = new Command("show", "Show a run's status and, once completed, its result (GET /api/runs/{run_id}).")
        {
            runId, json, url,
        };
        command.SetAction((parse, ct) => ShowAsync(context, parse.GetValue(runId)!.Trim(), parse.GetValue(json), parse.GetValue(url)!, ct));
        return command;
    }

    private static async Task<int> StartAsync(CliContext context, string symbol, DateTimeOffset? asOf, bool wait, TimeSpan timeout, bool json, Uri url, CancellationToken ct)
    {
        var client = ServeClient.For(url, RequestTimeout);
        return await GuardAsync(context, async () =>
        {
            var accepted = await client.StartRunAsync(symbol, asOf, ct).ConfigureAwait(false);
            if (!wait)
            {
                if (json)
                {
                    await context.Out.WriteLineAsync(accepted.Json).ConfigureAwait(false);
                }
                else
                {
                    await context.Out.WriteLineAsync($"run {accepted.RunId} accepted; status: {accepted.StatusUrl}").ConfigureAwait(false);
                    await context.Out.WriteLineAsync($"follow it with: gnosis runs show {accepted.RunId}" + (SameAsDefault(url) ? "" : $" --url {url}")).ConfigureAwait(false);
                }
                return GnosisCli.Ok;
            }
            if (!json)
            {
                await context.Out.WriteLineAsync($"run {accepted.RunId} accepted; waiting for it (up to {timeout.TotalSeconds:0} s)").ConfigureAwait(false);
            }
            var deadline = context.Time.GetUtcNow() + timeout;
            var run = await client.GetRunAsync(accepted.RunId, ct).ConfigureAwait(false);
            while (!run.IsFinished)
            {
                if (context.Time.GetUtcNow() >= deadline)
                {
                    await context.Error.WriteLineAsync(
                        $"error: run {run.RunId} is still {run.Status} after {timeout.TotalSeconds:0} s; ask again with: gnosis runs show {run.RunId}").ConfigureAwait(false);
                    return GnosisCli.RunFailed;
                }
                await Task.Delay(PollInterval, context.Time, ct).ConfigureAwait(false);
                run = await client.GetRunAsync(accepted.RunId, ct).ConfigureAwait(false);
            }
            await PrintAsync(context, run, json).ConfigureAwait(false);
            return run.Status == "completed" ? GnosisCli.Ok : GnosisCli.RunFailed;
        }).ConfigureAwait(false);
    }

    private static async Task<int> ShowAsync(CliContext context, string runId, bool json, Uri url, CancellationToken ct)
    {
        var client = ServeClient.For(url, RequestTimeout);
        return await GuardAsync(context, async () =>
        {
            var run = await client.GetRunAsync(runId, ct).ConfigureAwait(false);
            await PrintAsync(context, run, json).ConfigureAwait(false);
            return GnosisCli.Ok;
        }).ConfigureAwait(false);
    }

    /// <summary>Turns the client's failures into one line on standard error and an exit code.</summary>
    private static async Task<int> GuardAsync(CliContext context, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ServeUnreachableException ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message} (start one with 'gnosis serve', or give --url)").ConfigureAwait(false);
            return GnosisCli.RunFailed;
        }
        catch (ServeApiException ex) when (ex.Status == 400)
        {
            throw new CliUsageException($"the server refused the request ({ex.Type}): {ex.Message}");
        }
        catch (ServeApiException ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}" + (ex.Type is null ? "" : $" ({ex.Status} {ex.Type})")).ConfigureAwait(false);
            return GnosisCli.RunFailed;
        }
        catch (InvalidDataException ex)
        {
            await context.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return GnosisCli.RunFailed;
        }
    }

    private static async Task PrintAsync(CliContext context, RunDocument run, bool json)
    {
        if (json)
        {
            await context.Out.WriteLineAsync(run.Json).ConfigureAwait(false);
            return;
        }
        RunView.Render(context.Console, run);
    }

    private static bool SameAsDefault(Uri url) => url == new Uri(DefaultUrl + "/");
}

/// <summary>Readable rendering of a run document: status, reason, and for a completed run its engines, suggestions and trade ideas.</summary>
internal static class RunView
{
    public static void Render(IAnsiConsole console, RunDocument run)
    {
        console.MarkupLine($"run {Markup.Escape(run.RunId)}: [bold]{Markup.Escape(run.Status)}[/]");
        if (run.Reason is { } reason)
        {
            console.MarkupLine("reason: " + Markup.Escape(reason));
        }
        if (run.Result is not { } result)
        {
            return;
        }
        var snapshot = result.Snapshot;
        console.MarkupLine($"{Markup.Escape(snapshot.Symbol)} as of {snapshot.Timestamp.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z");

        var engines = new Table().Title("Engines").AddColumn("Engine").AddColumn("Status").AddColumn("Confidence").AddColumn("Regime");
        foreach (var kind in new[] { EngineKind.Hedge, EngineKind.Liquidity, EngineKind.Sentiment, EngineKind.Elasticity })
        {
            var name = SnapshotBuilder.KindName(kind);
            var output = result.EngineOutputs.FirstOrDefault(o => o.Kind == kind);
            var status = snapshot.Metadata.TryGetValue(SnapshotMetadataKeys.EngineStatusPrefix + name, out var s) ? s : "-";
            engines.AddRow(name, Markup.Escape(status), output is null ? "-" : Num(output.Confidence), Markup.Escape(output?.Regime ?? "-"));
        }
        console.Write(engines);

        var suggestions = new Table().Title("Suggestions").AddColumn("Layer").AddColumn("Action").AddColumn("Confidence");
        foreach (var suggestion in result.PrimarySuggestions.Append(result.CompositeSuggestion).OfType<Suggestion>())
        {
            suggestions.AddRow(Markup.Escape(suggestion.Layer), suggestion.Action.ToString().ToLowerInvariant(), Num(suggestion.Confidence));
        }
        console.Write(suggestions);

        if (result.TradeIdeas.Count == 0)
        {
            console.MarkupLine("No trade ideas.");
            return;
        }
        var ideas = new Table().Title("Trade ideas (per unit, multiplier included)").AddColumn("Strategy").AddColumn("Legs").AddColumn("Cost")
            .AddColumn("Max loss").AddColumn("Max profit").AddColumn("Units");
        foreach (var idea in result.TradeIdeas)
        {
            var legs = string.Join("\n", idea.Legs.Select(l => $"{l.Direction.ToString().ToLowerInvariant()} {l.Qty} {Leg(l)}"));
            ideas.AddRow(Markup.Escape(idea.StrategyType), Markup.Escape(legs), Num(idea.CostPerUnit), Num(idea.MaxLoss),
                idea.MaxProfit is { } p ? Num(p) : "unbounded", idea.RecommendedUnits.ToString(CultureInfo.InvariantCulture));
        }
        console.Write(ideas);
    }

    private static string Leg(TradeLeg leg) => leg.InstrumentType switch
    {
        InstrumentType.Stock => "shares",
        _ => $"{(leg.InstrumentType == InstrumentType.Call ? "C" : "P")} {Num(leg.Strike!.Value)} {leg.Expiry:yyyy-MM-dd}",
    };

    private static string Num(double value) => value.ToString(Math.Abs(value) >= 1000 ? "#,0.##" : "0.####", CultureInfo.InvariantCulture);
}
