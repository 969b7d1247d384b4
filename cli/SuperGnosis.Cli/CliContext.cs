using Spectre.Console;

namespace SuperGnosis.Cli;

/// <summary>
/// What a command may touch: its output writers, a Spectre console over <see cref="Out"/>, and the
/// clock (the CLI is a host, so it is the one place that reads the time, through <see cref="Time"/>).
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, IAnsiConsole Console, TimeProvider Time)
{
    /// <summary>Standard output is a terminal: long work may show a progress bar. False for pipes, files and tests.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>
    /// Configuration keys added over the environment variables (under the command's flags): how a test points a provider
    /// at a local fake (<c>SuperGnosis:Data:Polygon:BaseUrl</c>) without touching the process environment.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Configuration { get; init; }

    public static CliContext FromConsole() =>
        new(System.Console.Out, System.Console.Error, AnsiConsole.Console, TimeProvider.System) { IsTerminal = !System.Console.IsOutputRedirected };

    /// <summary>A context writing plain text (no colours) to the given writers, for tests and pipes.</summary>
    public static CliContext ForWriters(TextWriter output, TextWriter error, TimeProvider time) =>
        new(output, error, AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        }), time);
}
