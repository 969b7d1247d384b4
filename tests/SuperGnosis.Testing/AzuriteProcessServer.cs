using System.Diagnostics;

namespace SuperGnosis.Testing;

/// <summary>
/// Azurite as a local process: <c>npx --no -- azurite</c> run in the repo-local install (<see cref="TestDependencies.AzuriteDirectory"/>)
/// on three free loopback ports. A small <c>sh</c> watchdog is the direct child: it runs npx in its own process group
/// and kills that group when the test host goes away without disposing (crash, killed run). Disposing kills the
/// whole process tree.
/// </summary>
public sealed class AzuriteProcessServer : IAzuriteServer
{
    private const string Host = "127.0.0.1";

    // $1 = pid to watch (the test host); the rest are azurite's arguments. `setsid` execs in place (a background job of
    // a non-interactive sh is not a group leader), so $! is the new process group of npx and everything it starts.
    private const string Watchdog =
        "parent=$1; shift; setsid npx --no -- azurite \"$@\" & child=$!; "
        + "trap 'kill -TERM -$child 2>/dev/null; exit 0' TERM INT HUP; "
        + "while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 1; done; "
        + "kill -TERM -$child 2>/dev/null; wait $child";

    private readonly Process process;
    private readonly OutputTail output;

    private AzuriteProcessServer(Process process, OutputTail output, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.output = output;
        BlobEndpoint = AzuriteServer.Endpoint(Host, blobPort);
        QueueEndpoint = AzuriteServer.Endpoint(Host, queuePort);
        TableEndpoint = AzuriteServer.Endpoint(Host, tablePort);
        ConnectionString = AzuriteServer.ConnectionString(Host, blobPort, queuePort, tablePort);
    }

    public string Mode => "process";

    public string ConnectionString { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public Uri TableEndpoint { get; }

    /// <summary>The process id of the watchdog shell (the root of the tree disposed).</summary>
    public int ProcessId => process.Id;

    /// <summary>Starts Azurite (installing it first when missing) and waits until its three ports answer; retries on a port race.</summary>
    /// <param name="azuriteDirectory">The npm folder with azurite installed; default <see cref="TestDependencies.AzuriteDirectory"/> (installed when missing).</param>
    /// <param name="ownerProcessId">The process whose exit stops Azurite even without a dispose; default this test host.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<AzuriteProcessServer> StartAsync(
        string? azuriteDirectory = null, int? ownerProcessId = null, CancellationToken cancellationToken = default)
    {
        if (azuriteDirectory is null)
        {
            await TestDependencies.EnsureAzuriteInstalledAsync(cancellationToken).ConfigureAwait(false);
        }
        var directory = azuriteDirectory ?? TestDependencies.AzuriteDirectory();
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var ports = LoopbackPorts.Free(3);
            try
            {
                return await StartOnceAsync(directory, ownerProcessId ?? Environment.ProcessId, ports[0], ports[1], ports[2], cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                last = e; // most likely another process took a port between probing and binding: try new ports
            }
        }
        throw new InvalidOperationException("Azurite did not start after 3 attempts", last);
    }

    private static async Task<AzuriteProcessServer> StartOnceAsync(
        string directory, int ownerProcessId, int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("sh")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Watchdog);
        info.ArgumentList.Add("azurite-watchdog");
        info.ArgumentList.Add(ownerProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in AzuriteServer.CommonArguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (flag, value) in new[]
        {
            ("--blobHost", Host), ("--queueHost", Host), ("--tableHost", Host),
            ("--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        })
        {
            info.ArgumentList.Add(flag);
            info.ArgumentList.Add(value);
        }
        info.Environment["npm_config_update_notifier"] = "false";

        var output = new OutputTail();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start sh for Azurite");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteProcessServer(process, output, blobPort, queuePort, tablePort);
        try
        {
            await AzuriteServer.WaitForPortsAsync(
                Host, [blobPort, queuePort, tablePort], TimeSpan.FromSeconds(60),
                () => process.HasExited ? $"Azurite exited with code {process.ExitCode}:\n{output}" : null,
                cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Kills the watchdog and every process under it (npx, its shell, node).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or could not be waited for: nothing else to release.
        }
        process.Dispose();
    }

    public override string ToString() => $"Azurite process {process.Id} (blob {BlobEndpoint}, queue {QueueEndpoint}, table {TableEndpoint})";

    /// <summary>Last lines Azurite printed, for the failure message.</summary>
    public string RecentOutput => output.ToString();
}
