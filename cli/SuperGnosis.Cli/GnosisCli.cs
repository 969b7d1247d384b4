using System.CommandLine;

namespace SuperGnosis.Cli;

/// <summary>
/// The <c>gnosis</c> command line. Exit codes: 0 success, 1 a run failed, 2 bad arguments or input
/// (with a message on standard error).
/// </summary>
public static class GnosisCli
{
    public const int Ok = 0;
    public const int RunFailed = 1;
    public const int BadArguments = 2;

    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("SuperGnosis: dealer-hedging, liquidity and sentiment analytics for one symbol at one instant.");
        root.Subcommands.Add(Commands.GreeksCommand.Create(context));
        return root;
    }

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
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CliUsageException ex)
        {
            await context.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return BadArguments;
        }
    }
}

/// <summary>Thrown by commands for bad arguments or unreadable input; becomes exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
