using System.Diagnostics;
using System.Net.Sockets;
using SuperGnosis.Testing;

namespace SuperGnosis.Messaging.Tests.RabbitMq;

/// <summary>The RabbitMQ process fixture: it answers, isolates tests in virtual hosts, and leaves nothing running.</summary>
public sealed class RabbitMqServerTests
{
    private static async Task<bool> AnswersAsync(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(host, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_broker_process_serves_virtual_hosts_and_disposing_it_stops_it()
    {
        var server = await RabbitMqProcessServer.StartAsync();
        var watchdog = Process.GetProcessById(server.ProcessId);
        try
        {
            Assert.True(await AnswersAsync(server.Host, server.Port));
            await server.AddVirtualHostAsync("sg-fixture");
            Assert.Empty(await server.ListQueuesAsync("sg-fixture"));
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.True(watchdog.HasExited);
        Assert.False(await AnswersAsync(server.Host, server.Port));
    }

    [Fact]
    public async Task The_broker_stops_by_itself_when_the_process_that_started_it_is_gone()
    {
        // The owner stands for a test host that dies without disposing its fixtures.
        using var owner = Process.Start(new ProcessStartInfo("sleep", ["600"]) { UseShellExecute = false })!;
        var server = await RabbitMqProcessServer.StartAsync(ownerProcessId: owner.Id);
        try
        {
            Assert.True(await AnswersAsync(server.Host, server.Port));
            owner.Kill();
            await owner.WaitForExitAsync();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await AnswersAsync(server.Host, server.Port))
            {
                Assert.True(DateTime.UtcNow < deadline, "the broker still answers a minute after its owner exited");
                await Task.Delay(250);
            }
            Assert.True(Process.GetProcessById(server.ProcessId).WaitForExit(30_000), "the watchdog did not exit");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
