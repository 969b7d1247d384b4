using System.Diagnostics;
using System.Globalization;

namespace SuperGnosis.Testing;

/// <summary>POSIX signals to a process by id (<see cref="Process.Kill()"/> only sends SIGKILL).</summary>
public static class ProcessSignals
{
    /// <summary>SIGTERM: ask the process to shut down (a host stops gracefully).</summary>
    public static void Terminate(int processId) => Send(processId, "TERM");

    /// <summary>SIGKILL: the process ends at once, nothing runs (a crash or an out-of-memory kill).</summary>
    public static void Kill(int processId) => Send(processId, "KILL");

    private static void Send(int processId, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("could not start kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} failed: {kill.StandardError.ReadToEnd()}");
        }
    }
}
