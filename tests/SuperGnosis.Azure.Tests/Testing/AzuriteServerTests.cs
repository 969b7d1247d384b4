using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Testing;

/// <summary>The test-server support itself. In the Azurite collection so that the environment variables these tests set never race the fixture's start.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteServerTests(AzuriteFixture azurite) : AzuriteTest(azurite)
{
    [Fact]
    public async Task TheSharedServer_ServesTablesQueuesAndBlobs()
    {
        var server = Azurite.Server;
        Assert.Contains(server.Mode, new[] { "process", "docker" });
        var name = AzuriteFixture.UniqueName("probe");
        await new TableServiceClient(server.ConnectionString).CreateTableIfNotExistsAsync(name, Ct);
        await new QueueServiceClient(server.ConnectionString).CreateQueueAsync(name, cancellationToken: Ct);
        await new BlobServiceClient(server.ConnectionString).CreateBlobContainerAsync(name, cancellationToken: Ct);
        Assert.Equal(server.TableEndpoint, AzuriteServer.Endpoint(server.TableEndpoint.Host, server.TableEndpoint.Port));
    }

    [Fact]
    public async Task AProcessServer_StartsOnFreePorts_AndDisposeKillsTheWholeTree()
    {
        var server = await AzuriteProcessServer.StartAsync(cancellationToken: Ct);
        var pid = server.ProcessId;
        var ports = new[] { server.BlobEndpoint.Port, server.QueueEndpoint.Port, server.TableEndpoint.Port };
        Assert.Equal(3, ports.Distinct().Count());
        Assert.NotEqual(Azurite.Server.TableEndpoint.Port, server.TableEndpoint.Port);
        var descendants = Descendants(pid);
        Assert.NotEmpty(descendants); // npx and node under the watchdog
        await new TableServiceClient(server.ConnectionString).CreateTableIfNotExistsAsync("second", Ct);

        await server.DisposeAsync();

        Assert.All(ports, p => Assert.False(IsListening(p), $"port {p} still open"));
        Assert.All(descendants.Append(pid), p => Assert.False(IsAlive(p), $"process {p} still alive"));
    }

    [Fact]
    public async Task AProcessServer_StopsWhenItsOwnerDiesWithoutDisposing()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", ["60"]) { UseShellExecute = false })!;
        var server = await AzuriteProcessServer.StartAsync(ownerProcessId: owner.Id, cancellationToken: Ct);
        try
        {
            var port = server.TableEndpoint.Port;
            Assert.True(IsListening(port));
            owner.Kill();
            await owner.WaitForExitAsync(Ct); // reap it: a zombie still answers `kill -0`
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (IsListening(port) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, Ct);
            }
            Assert.False(IsListening(port), "Azurite outlived its owner");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnUnknownServerMode_IsRejected()
    {
        var previous = Environment.GetEnvironmentVariable(AzuriteServer.ServersVariable);
        try
        {
            Environment.SetEnvironmentVariable(AzuriteServer.ServersVariable, "kubernetes");
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AzuriteServer.StartAsync(Ct));
            Assert.Contains("kubernetes", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(AzuriteServer.ServersVariable, previous);
        }
    }

    [Fact]
    public async Task DockerProbe_AnswersOnlyWhenAnEngineResponds()
    {
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            // Nothing listening: not available.
            Environment.SetEnvironmentVariable("DOCKER_HOST", $"tcp://127.0.0.1:{ClosedPort()}");
            Assert.False(await DockerProbe.IsAvailableAsync(Ct));

            // Something that answers /_ping like the Docker engine API: available.
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var answer = Task.Run(async () =>
            {
                using var client = await listener.AcceptTcpClientAsync(Ct);
                var stream = client.GetStream();
                var buffer = new byte[1024];
                var read = await stream.ReadAsync(buffer, Ct);
                var request = Encoding.ASCII.GetString(buffer, 0, read);
                var reply = request.StartsWith("GET /_ping ", StringComparison.Ordinal)
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"
                    : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(reply), Ct);
            }, Ct);
            Environment.SetEnvironmentVariable("DOCKER_HOST", $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
            Assert.True(await DockerProbe.IsAvailableAsync(Ct));
            await answer;

            Environment.SetEnvironmentVariable("DOCKER_HOST", "ssh://somewhere");
            Assert.False(await DockerProbe.IsAvailableAsync(Ct));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }

    [Fact]
    public void TheProcessPath_IsChosenHere_WhenNoDockerEngineExists()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is null && !File.Exists(DockerProbe.DefaultSocket)
            && Environment.GetEnvironmentVariable(AzuriteServer.ServersVariable) is null)
        {
            Assert.Equal("process", Azurite.Server.Mode);
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    private static List<int> Descendants(int pid)
    {
        var all = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var child) && TryParentOf(child) == parent)
                {
                    all.Add(child);
                    queue.Enqueue(child);
                }
            }
        }
        return all;
    }

    private static int? TryParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
