using System.CommandLine;
using SuperGnosis.Cli.Commands;
using SuperGnosis.Data.Providers;

namespace SuperGnosis.Cli;

/// <summary>
/// The <c>gnosis</c> command line. Exit codes: 0 success, 1 an unexpected failure or a live provider that failed (unreachable,
/// timed out, failing, answering garbage), 2 bad arguments or input (also a provider's refused key, unknown symbol or an
/// as-of it cannot serve)
/// (with a plain message on standard error), 130 cancelled.
/// </summary>
public static class GnosisCli
{
    public const int Ok = 0;
    public const int RunFailed = 1;
    public const int BadArguments = 2;

    /// <summary>Cancelled (Ctrl-C): 128 + SIGINT, as shells report it. Outputs are written whole or not at all, so every
    /// output file is as it was before the run.</summary>
    public const int Cancelled = 130;

    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("SuperGnosis: dealer-hedging, liquidity and sentiment analytics for one symbol at one instant.");
        root.Subcommands.Add(AnalyzeCommand.Create(context));
        root.Subcommands.Add(BacktestCommand.Create(context));
        root.Subcommands.Add(GexCommand.Create(context));
        root.Subcommands.Add(GreeksCommand.Create(context));
        root.Subcommands.Add(IndicatorsCommand.Create(context));
        root.Subcommands.Add(SentimentCommand.Create(context));
        root.Subcommands.Add(TrainSentimentCommand.Create(context));
        root.Subcommands.Add(DataCommand.Create(context));
        root.Subcommands.Add(FeedbackCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(RunsCommand.Create(context));
        root.Subcommands.Add(WorkerCommand.Create(context));
        return root;
    }

    /// <summary>Commands that run until stopped (<c>serve</c>, <c>worker</c>) and handle Ctrl+C/SIGTERM through the generic host.</summary>
    public static bool IsHostCommand(Command command) => command is { Name: ServeCommand.Name or WorkerCommand.Name };

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = BuildRoot(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            }
            await context.Error.WriteLineAsync("Run 'gnosis --help' for usage.").ConfigureAwait(false);
            return BadArguments;
        }
        try
        {
            var invocation = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
            if (IsHostCommand(parsed.CommandResult.Command))
            {
                // A long-running host stops on Ctrl+C/SIGTERM through its own lifetime (requests, consumers and timers drain
                // within its shutdown timeout); the parser's handler would end the process 2 seconds after the signal.
                invocation.ProcessTerminationTimeout = null;
            }
            return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            await context.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return BadArguments;
        }
        catch (MarketDataProviderException ex)
        {
            // One plain line: a provider that cannot be reached, times out or answers garbage is a failed run (1); a refused
            // key, an unknown symbol or an as-of the provider cannot serve is the user's to fix (2).
            await context.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ex.IsUsageError ? BadArguments : RunFailed;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("cancelled: no output file was changed").ConfigureAwait(false);
            return Cancelled;
        }
        catch (Exception ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return RunFailed;
        }
    }
}

/// <summary>Thrown by commands for bad arguments or unreadable input; becomes exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
