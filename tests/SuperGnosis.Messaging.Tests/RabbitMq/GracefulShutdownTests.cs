using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting;
using SuperGnosis.Testing;

namespace SuperGnosis.Messaging.Tests.RabbitMq;

/// <summary>
/// A bus in a generic host (as <c>gnosis worker</c> runs it) stopped while a stage message is in flight: within
/// <c>ConsumerStopTimeout</c> the message is finished and acknowledged; past it, the handler is cancelled and the message
/// goes back to its queue (not to the error queue, the run not failed). Either way another host completes the run.
/// </summary>
[Collection("rabbitmq")]
public sealed class GracefulShutdownTests(RabbitMqFixture rabbit, AzuriteFixture azurite)
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 25, 15, 0, 0, TimeSpan.Zero);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    private static async Task<IHost> StartHostAsync(IReadOnlyDictionary<string, string?> settings, Action<SuperGnosisBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging(l => l.AddProvider(new CapturingLoggerProvider()));
        builder.Services.AddSuperGnosisBus(builder.Configuration, configure);
        var host = builder.Build();
        await host.StartAsync(Timeout());
        return host;
    }

    [Fact]
    public async Task A_host_stopping_with_a_message_in_flight_finishes_it_then_another_host_completes_the_run()
    {
        var vhost = "sg-stop-" + Guid.NewGuid().ToString("N")[..8];
        await rabbit.Server.AddVirtualHostAsync(vhost);
        var state = new SharedState(azurite.ConnectionString);
        var held = default(ObservedRunState);
        var first = await StartHostAsync(RabbitSettings.For(rabbit.Server, vhost, "all"),
            sg => state.Use(sg, inner => held = new ObservedRunState(inner) { HoldKey = StageKey.Trade.Name }));
        var run = await first.Services.GetRequiredService<PipelineBusClient>().StartAsync("SPY", AsOf, Timeout());
        await held!.Entered.Task.WaitAsync(Timeout());

        var stopping = first.StopAsync(Timeout());
        await Task.Delay(500);
        Assert.False(stopping.IsCompleted, "the host stopped without waiting for its in-flight message");
        held.Release.SetResult();
        await stopping;
        first.Dispose();

        // The trade message was finished: its result recorded, the message acknowledged, the next one sent.
        Assert.NotNull(await state.NewRunState().GetStageAsync(run.RunId, StageKey.Trade, CancellationToken.None));
        var queues = await rabbit.Server.ListQueuesAsync(vhost);
        Assert.Equal((0, 0), Counts(queues, "sg-trade"));
        Assert.Equal((1, 0), Counts(queues, "sg-ledger"));

        using var second = await StartHostAsync(RabbitSettings.For(rabbit.Server, vhost, "all"), sg => state.Use(sg));
        var result = await second.Services.GetRequiredService<PipelineBusClient>().RunAsync("SPY", AsOf, Timeout());
        await second.StopAsync(Timeout());
        Assert.Equal(run.RunId, result.Run.RunId);
        Assert.Equal(await Reports.InProcessAsync("SPY", AsOf), Reports.Of(result));
        Assert.Single((await state.NewLedger().ReadAllAsync(CancellationToken.None)).Records);
    }

    [Fact]
    public async Task A_message_still_in_flight_when_the_stop_timeout_ends_goes_back_to_its_queue_and_another_host_completes_the_run()
    {
        var vhost = "sg-stop-" + Guid.NewGuid().ToString("N")[..8];
        await rabbit.Server.AddVirtualHostAsync(vhost);
        var state = new SharedState(azurite.ConnectionString);
        var held = default(ObservedRunState);
        var settings = new Dictionary<string, string?>(RabbitSettings.For(rabbit.Server, vhost, "all")) { ["SuperGnosis:Bus:ConsumerStopTimeout"] = "00:00:01" };
        var first = await StartHostAsync(settings, sg => state.Use(sg, inner => held = new ObservedRunState(inner) { HoldKey = StageKey.Trade.Name }));
        var run = await first.Services.GetRequiredService<PipelineBusClient>().StartAsync("QQQ", AsOf, Timeout());
        await held!.Entered.Task.WaitAsync(Timeout());

        // Never released: the handler is cancelled after the one-second stop timeout.
        await first.StopAsync(Timeout());
        first.Dispose();

        Assert.Null(await state.NewRunState().GetStageAsync(run.RunId, StageKey.Trade, CancellationToken.None));
        var header = (await state.NewRunState().GetRunAsync(run.RunId, CancellationToken.None))!.Header;
        Assert.NotEqual(RunStatus.Failed, header.Status);
        var queues = await rabbit.Server.ListQueuesAsync(vhost);
        Assert.Equal((1, 0), Counts(queues, "sg-trade"));
        Assert.DoesNotContain(queues, q => q.Name.EndsWith(StageFailureFilter.ErrorQueueSuffix, StringComparison.Ordinal) && q.Ready > 0);

        using var second = await StartHostAsync(RabbitSettings.For(rabbit.Server, vhost, "all"), sg => state.Use(sg));
        var result = await second.Services.GetRequiredService<PipelineBusClient>().RunAsync("QQQ", AsOf, Timeout());
        await second.StopAsync(Timeout());
        Assert.Equal(await Reports.InProcessAsync("QQQ", AsOf), Reports.Of(result));
        Assert.Single((await state.NewLedger().ReadAllAsync(CancellationToken.None)).Records);
    }

    private static (int Ready, int Unacknowledged) Counts(IReadOnlyList<RabbitMqQueue> queues, string name)
    {
        var queue = Assert.Single(queues, q => q.Name == name);
        return (queue.Ready, queue.Unacknowledged);
    }
}
