using System.Diagnostics;

namespace SuperGnosis.Testing;

/// <summary>Where the repository and its test dependencies (<c>.test-deps/</c>) are.</summary>
public static class TestDependencies
{
    /// <summary>Overrides the test-dependency folder (the install script reads the same variable).</summary>
    public const string DirectoryVariable = "SUPERGNOSIS_TEST_DEPS";

    public const string AzuriteVersion = "3.35.0";

    /// <summary>The folder holding SuperGnosis.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SuperGnosis.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"SuperGnosis.sln not found above {AppContext.BaseDirectory}");
    }

    public static string DepsDirectory() =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot(), ".test-deps");

    /// <summary>The npm folder azurite is installed in (its <c>node_modules/.bin/azurite</c>).</summary>
    public static string AzuriteDirectory() => Path.Combine(DepsDirectory(), "azurite");

    /// <summary>Runs <c>scripts/install-test-deps.sh</c> when azurite is missing (idempotent); throws with its output when it fails.</summary>
    public static async Task EnsureAzuriteInstalledAsync(CancellationToken cancellationToken)
    {
        var bin = Path.Combine(AzuriteDirectory(), "node_modules", ".bin", "azurite");
        if (File.Exists(bin))
        {
            return;
        }
        var script = Path.Combine(RepositoryRoot(), "scripts", "install-test-deps.sh");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"azurite is not installed in {AzuriteDirectory()} and {script} does not exist");
        }
        using var process = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {script}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0 || !File.Exists(bin))
        {
            throw new InvalidOperationException(
                $"{script} failed (exit {process.ExitCode}); azurite is needed for these tests:\n{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }
    }

    /// <summary>
    /// Runs <c>scripts/install-test-deps.sh</c> when Debian's <c>rabbitmq-server</c> is missing (the script installs it
    /// with apt-get when run as root); throws with the script's output when it is still missing.
    /// </summary>
    public static async Task EnsureRabbitMqInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(RabbitMqProcessServer.Script))
        {
            return;
        }
        var (exitCode, output) = await RunInstallScriptAsync(cancellationToken).ConfigureAwait(false);
        if (!File.Exists(RabbitMqProcessServer.Script))
        {
            throw new InvalidOperationException(
                $"rabbitmq-server is not installed ({RabbitMqProcessServer.Script} is missing) and scripts/install-test-deps.sh (exit {exitCode}) did not install it; "
                + $"run it as root, or `apt-get install rabbitmq-server`:\n{output}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunInstallScriptAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "install-test-deps.sh");
        if (!File.Exists(script))
        {
            return (-1, $"{script} does not exist");
        }
        using var process = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"could not start {script}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (process.ExitCode, await output.ConfigureAwait(false) + await error.ConfigureAwait(false));
    }
}
