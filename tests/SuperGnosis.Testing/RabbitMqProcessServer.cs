using System.Diagnostics;
using System.Globalization;

namespace SuperGnosis.Testing;

/// <summary>
/// RabbitMQ as a local process: Debian's <c>rabbitmq-server</c> on free loopback ports (AMQP, Erlang distribution and a
/// private epmd port, so parallel brokers and a system broker do not meet), with its node directories in a fresh temporary
/// folder (owned by the <c>rabbitmq</c> user when running as root: Debian's wrapper drops to that user). A small
/// <c>sh</c> watchdog is the direct child: it stops the broker when the test host goes away without disposing, and on
/// SIGTERM (what <see cref="DisposeAsync"/> sends) it stops the broker gracefully (SIGTERM to the Erlang VM, whose pid
/// the broker writes to its pid file), kills what is left and stops the private epmd. ../shared/RECIPES.md has the recipe.
/// </summary>
public sealed class RabbitMqProcessServer : IRabbitMqServer
{
    /// <summary>Debian's wrapper: as root it runs the broker as the <c>rabbitmq</c> user.</summary>
    public const string Wrapper = "/usr/sbin/rabbitmq-server";

    /// <summary>The broker's own script, run directly when not root (with HOME in the node folder for the Erlang cookie).</summary>
    public const string Script = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private const string Loopback = "127.0.0.1";

    // $1 = pid to watch (the test host), $2 = the broker's pid file, $3 = the epmd port; the rest is the command.
    // `setsid` execs in place, so $child is a process group of the wrapper and `su`; the Erlang VM runs in a session of its
    // own (su starts one), so it is stopped through its pid file.
    private const string Watchdog =
        "parent=$1; pidfile=$2; epmd_port=$3; shift 3; setsid \"$@\" & child=$!; "
        + "stop() { "
        + "  vm=$(cat \"$pidfile\" 2>/dev/null); "
        + "  if [ -n \"$vm\" ]; then kill -TERM \"$vm\" 2>/dev/null; i=0; "
        + "    while kill -0 \"$vm\" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL \"$vm\" 2>/dev/null; fi; "
        + "  kill -TERM -$child 2>/dev/null; wait $child 2>/dev/null; "
        + "  epmd -port \"$epmd_port\" -kill >/dev/null 2>&1; exit 0; }; "
        + "trap stop TERM INT HUP; "
        + "while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 0.5 & wait $!; done; stop";

    private readonly Process process;
    private readonly OutputTail output;
    private readonly string directory;
    private readonly string nodeName;
    private readonly int epmdPort;

    private RabbitMqProcessServer(Process process, OutputTail output, string directory, string nodeName, int port, int epmdPort)
    {
        this.process = process;
        this.output = output;
        this.directory = directory;
        this.nodeName = nodeName;
        this.epmdPort = epmdPort;
        Port = port;
    }

    public string Mode => "process";

    public string Host => Loopback;

    public int Port { get; }

    /// <summary>RabbitMQ's built-in user, accepted on loopback only.</summary>
    public string Username => "guest";

    public string Password => "guest";

    /// <summary>The process id of the watchdog shell.</summary>
    public int ProcessId => process.Id;

    /// <summary>Starts the broker (installing it first when missing and possible) and waits until its AMQP port answers; retries on a port race.</summary>
    public static async Task<RabbitMqProcessServer> StartAsync(int? ownerProcessId = null, CancellationToken cancellationToken = default)
    {
        await TestDependencies.EnsureRabbitMqInstalledAsync(cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var ports = LoopbackPorts.Free(3);
            try
            {
                return await StartOnceAsync(ownerProcessId ?? Environment.ProcessId, ports[0], ports[1], ports[2], cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                last = e; // most likely another process took a port between probing and binding: try new ports
            }
        }
        throw new InvalidOperationException("RabbitMQ did not start after 3 attempts", last);
    }

    private static async Task<RabbitMqProcessServer> StartOnceAsync(int ownerProcessId, int port, int distPort, int epmdPort, CancellationToken cancellationToken)
    {
        var root = IsRoot();
        var directory = Directory.CreateTempSubdirectory("sg-rabbitmq-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        await File.WriteAllTextAsync(Path.Combine(directory, "plugins"), "[].", cancellationToken).ConfigureAwait(false);
        if (root)
        {
            await RunAsync("chown", ["-R", "rabbitmq:rabbitmq", directory], null, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
        var nodeName = $"sg{Guid.NewGuid():N}"[..14] + "@localhost";
        var pidFile = Path.Combine(directory, "pid");

        var info = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { "-c", Watchdog, "rabbitmq-watchdog", ownerProcessId.ToString(CultureInfo.InvariantCulture), pidFile,
            epmdPort.ToString(CultureInfo.InvariantCulture), root ? Wrapper : Script })
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in NodeEnvironment(directory, nodeName, port, distPort, epmdPort, root))
        {
            info.Environment[key] = value;
        }

        var output = new OutputTail();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start sh for rabbitmq-server");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RabbitMqProcessServer(process, output, directory, nodeName, port, epmdPort);
        try
        {
            await RabbitMqServer.WaitForPortAsync(Loopback, port, TimeSpan.FromSeconds(90),
                () => process.HasExited ? $"rabbitmq-server exited with code {process.ExitCode}:\n{output}\n{server.LogTail()}" : null,
                cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The broker's environment (RECIPES.md): node name, loopback ports, a private epmd, the node folders.</summary>
    private static Dictionary<string, string> NodeEnvironment(string directory, string nodeName, int port, int distPort, int epmdPort, bool root)
    {
        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = Loopback,
            ["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = Loopback,
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "pid"),
            ["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(directory, "feature_flags"),
        };
        if (!root)
        {
            environment["HOME"] = directory; // the Erlang cookie of a broker run as this user
        }
        return environment;
    }

    public async Task AddVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        await CtlAsync(["add_vhost", name], cancellationToken).ConfigureAwait(false);
        await CtlAsync(["set_permissions", "-p", name, Username, ".*", ".*", ".*"], cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RabbitMqQueue>> ListQueuesAsync(string virtualHost, CancellationToken cancellationToken = default) =>
        RabbitMqQueue.ParseList(await CtlAsync(
            ["list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged"], cancellationToken).ConfigureAwait(false));

    /// <summary><c>rabbitmqctl -n &lt;node&gt; ...</c> against this broker (through the same wrapper and epmd port).</summary>
    private Task<string> CtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var root = IsRoot();
        return RunAsync(root ? "/usr/sbin/rabbitmqctl" : "/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", nodeName, .. arguments],
            new Dictionary<string, string>
            {
                ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
                ["HOME"] = root ? "/var/lib/rabbitmq" : directory,
            },
            TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Stops the broker gracefully through the watchdog (SIGTERM), then removes its folder; kills the tree when it does not stop in time.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                ProcessSignals.Terminate(process.Id);
                using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    using var killed = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await process.WaitForExitAsync(killed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or could not be waited for: nothing else to release.
        }
        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held by an exiting process: the temporary folder is cleaned by the system later.
        }
    }

    public override string ToString() => $"RabbitMQ process {process.Id} (node {nodeName}, amqp {Host}:{Port})";

    /// <summary>Last lines the broker printed, for failure messages.</summary>
    public string RecentOutput => output.ToString();

    private string LogTail()
    {
        try
        {
            return string.Join('\n', Directory.GetFiles(Path.Combine(directory, "log"), "*.log")
                .SelectMany(f => File.ReadLines(f).TakeLast(20)));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static bool IsRoot() => Environment.IsPrivilegedProcess;

    private static async Task<string> RunAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }
        return process.ExitCode == 0
            ? await stdout.ConfigureAwait(false)
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
    }
}
