using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SuperGnosis.Testing;

/// <summary>Free TCP ports on the loopback interface (probed by binding port 0; a race with another process is possible, callers retry).</summary>
internal static class LoopbackPorts
{
    public static int[] Free(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}

/// <summary>The last lines a server process printed, for failure messages.</summary>
internal sealed class OutputTail
{
    private readonly Queue<string> lines = new();
    private readonly Lock gate = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (gate)
        {
            lines.Enqueue(line);
            while (lines.Count > 40)
            {
                lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (gate)
        {
            var builder = new StringBuilder();
            foreach (var line in lines)
            {
                builder.AppendLine(line);
            }
            return builder.ToString();
        }
    }
}
