using System.Diagnostics;

namespace SuperGnosis.Worker.Tests;

/// <summary>
/// The built <c>gnosis</c> CLI as a child process (<c>dotnet gnosis.dll ...</c>, copied next to the tests by the project
/// reference), with its output lines collected. Disposing kills it if it still runs.
/// </summary>
internal sealed class GnosisProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _out = [];
    private readonly List<string> _err = [];
    private readonly List<(string Prefix, TaskCompletionSource Seen)> _waits = [];

    private GnosisProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static GnosisProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gnosis.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var gnosis = new GnosisProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        gnosis._process.OutputDataReceived += (_, e) => gnosis.Add(gnosis._out, e.Data);
        gnosis._process.ErrorDataReceived += (_, e) => gnosis.Add(gnosis._err, e.Data);
        gnosis._process.Start();
        gnosis._process.BeginOutputReadLine();
        gnosis._process.BeginErrorReadLine();
        return gnosis;
    }

    public IReadOnlyList<string> Out
    {
        get
        {
            lock (_out)
            {
                return [.. _out];
            }
        }
    }

    public IReadOnlyList<string> Err
    {
        get
        {
            lock (_out)
            {
                return [.. _err];
            }
        }
    }

    /// <summary>Waits until a line of standard output starts with <paramref name="prefix"/>; fails with the output when the process exits first.</summary>
    public async Task WaitForOutputAsync(string prefix, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_out)
        {
            if (_out.Any(l => l.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return;
            }
            _waits.Add((prefix, seen));
        }
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (done != seen.Task)
        {
            throw new InvalidOperationException(
                $"gnosis {(done == exited ? $"exited ({_process.ExitCode})" : "did not print")} '{prefix}' in time; out:\n{string.Join('\n', Out)}\nerr:\n{string.Join('\n', Err)}");
        }
    }

    /// <summary>Waits for the exit and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(limit.Token);
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public override string ToString() => $"out:\n{string.Join('\n', Out)}\nerr:\n{string.Join('\n', Err)}";

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_out)
        {
            lines.Add(line);
            if (lines == _out)
            {
                foreach (var wait in _waits.Where(w => line.StartsWith(w.Prefix, StringComparison.Ordinal)).ToList())
                {
                    wait.Seen.TrySetResult();
                    _waits.Remove(wait);
                }
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
