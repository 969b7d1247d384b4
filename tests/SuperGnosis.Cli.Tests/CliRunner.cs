namespace SuperGnosis.Cli.Tests;

/// <summary>Runs the CLI in process with captured output.</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(args, CliContext.ForWriters(output, error, TimeProvider.System));
        return (code, output.ToString(), error.ToString());
    }
}
