namespace SuperGnosis.Cli.Tests;

/// <summary>Runs the CLI in process with captured output.</summary>
internal static class CliRunner
{
    public static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunWithAsync(null, args);

    /// <summary>Runs with configuration keys added as if from the environment (<see cref="CliContext.Configuration"/>).</summary>
    public static async Task<(int Code, string Out, string Err)> RunWithAsync(IReadOnlyDictionary<string, string?>? configuration, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(args, CliContext.ForWriters(output, error, TimeProvider.System) with { Configuration = configuration });
        return (code, output.ToString(), error.ToString());
    }
}
