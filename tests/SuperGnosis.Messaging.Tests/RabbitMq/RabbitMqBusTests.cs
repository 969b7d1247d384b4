using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Testing;

namespace SuperGnosis.Messaging.Tests.RabbitMq;

/// <summary>
/// The stage consumers on a real RabbitMQ broker (a local rabbitmq-server process started by the fixture) with the run
/// state, captures and ledger on Azurite: results equal the in-process runner's, stages split over buses, duplicates and
/// redeliveries change nothing, poison messages fail their run.
/// </summary>
[Collection("rabbitmq")]
public sealed class RabbitMqBusTests(RabbitMqFixture rabbit, AzuriteFixture azurite)
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    private async Task<string> NewVirtualHostAsync()
    {
        var name = "sg-test-" + Guid.NewGuid().ToString("N")[..8];
        await rabbit.Server.AddVirtualHostAsync(name);
        return name;
    }

    [Fact]
    public async Task A_run_over_RabbitMQ_with_state_on_Azurite_equals_the_in_process_run()
    {
        var vhost = await NewVirtualHostAsync();
        var state = new SharedState(azurite.ConnectionString);
        await using var bus = await BusComposition.StartAsync(sg => state.Use(sg), RabbitSettings.For(rabbit.Server, vhost, "all"));

        var result = await bus.Services.GetRequiredService<PipelineBusClient>().RunAsync("SPY", AsOf, Timeout());

        Assert.Equal(await Reports.InProcessAsync("SPY", AsOf), Reports.Of(result));
        var record = Assert.Single((await state.NewLedger().ReadAllAsync(CancellationToken.None)).Records);
        Assert.Equal(result.Run.RunId, record.RunId);
        var queues = await rabbit.Server.ListQueuesAsync(vhost);
        Assert.Contains(queues, q => q.Name == "sg-engine-hedge");
        Assert.All(queues, q => Assert.Equal((q.Name, 0, 0), (q.Name, q.Ready, q.Unacknowledged)));
        Assert.DoesNotContain(queues, q => q.Name.EndsWith(StageFailureFilter.ErrorQueueSuffix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stages_split_over_two_buses_and_a_third_that_starts_the_run_complete_it()
    {
        var vhost = await NewVirtualHostAsync();
        var state = new SharedState(azurite.ConnectionString);
        ObservedRunState? engines = null, rest = null;
        await using var engineBus = await BusComposition.StartAsync(
            sg => state.Use(sg, inner => engines = new ObservedRunState(inner)),
            RabbitSettings.For(rabbit.Server, vhost, "engines", runOutcomes: false));
        await using var restBus = await BusComposition.StartAsync(
            sg => state.Use(sg, inner => rest = new ObservedRunState(inner)),
            RabbitSettings.For(rabbit.Server, vhost, "snapshot,agents,composer,trade,ledger", runOutcomes: false));
        await using var starter = await BusComposition.StartAsync(sg => state.Use(sg), RabbitSettings.For(rabbit.Server, vhost, "none"));
        // Resolve the stores the handlers use (created with the pipeline).
        engineBus.Services.GetRequiredService<IRunStateStore>();
        restBus.Services.GetRequiredService<IRunStateStore>();

        var result = await starter.Services.GetRequiredService<PipelineBusClient>().RunAsync("QQQ", AsOf, Timeout());

        Assert.Equal(await Reports.InProcessAsync("QQQ", AsOf), Reports.Of(result));
        Assert.Equal(["engine.elasticity", "engine.hedge", "engine.liquidity", "engine.sentiment"], engines!.Recorded.Order(StringComparer.Ordinal));
        Assert.Equal(["agent.primary_hedge", "agent.primary_liquidity", "agent.primary_sentiment", "composer", "ledger", "snapshot", "trade"],
            rest!.Recorded.Order(StringComparer.Ordinal));
        Assert.Single((await state.NewLedger().ReadAllAsync(CancellationToken.None)).Records);
    }

    [Fact]
    public async Task Duplicate_sends_and_redeliveries_after_a_lost_acknowledgement_leave_one_effect_each()
    {
        var vhost = await NewVirtualHostAsync();
        var state = new SharedState(azurite.ConnectionString);
        ObservedRunState? observed = null;
        DuplicatingSender? duplicating = null;
        await using var bus = await BusComposition.StartAsync(
            sg =>
            {
                state.Use(sg, inner => observed = new ObservedRunState(inner) { FailOnceAfterEachRecord = true });
                sg.UseMessageSender(sp => duplicating = new DuplicatingSender(sp.GetRequiredService<MassTransitMessageSender>()));
            },
            RabbitSettings.For(rabbit.Server, vhost, "all"));

        var result = await bus.Services.GetRequiredService<PipelineBusClient>().RunAsync("IWM", AsOf, Timeout());
        await DrainAsync(vhost);

        Assert.Equal(await Reports.InProcessAsync("IWM", AsOf), Reports.Of(result));
        // Every stage write was followed by a failure, so every stage message was delivered again.
        Assert.True(observed!.InjectedFailures >= 11, $"{observed.InjectedFailures} injected failures");
        Assert.True(duplicating!.SentToLedger >= 2, $"the ledger stage was sent {duplicating.SentToLedger} message(s)");
        // Yet each stage result was stored once, and the ledger holds one record.
        var recorded = observed.Recorded.GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(11, recorded.Count);
        Assert.All(recorded, r => Assert.Equal(1, r.Value));
        var record = Assert.Single((await state.NewLedger().ReadAllAsync(CancellationToken.None)).Records);
        Assert.Equal(result.Run.RunId, record.RunId);
        Assert.DoesNotContain(await rabbit.Server.ListQueuesAsync(vhost), q => q.Name.EndsWith(StageFailureFilter.ErrorQueueSuffix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_that_fails_every_retry_ends_in_the_error_queue_and_fails_its_run_with_the_reason()
    {
        var vhost = await NewVirtualHostAsync();
        var state = new SharedState(azurite.ConnectionString);
        await using var bus = await BusComposition.StartAsync(sg => state.Use(sg), RabbitSettings.For(rabbit.Server, vhost, "all", retryLimit: 2));
        var stages = bus.Services.GetRequiredService<PipelineStages>();
        var started = await stages.StartRunAsync("AAPL", AsOf, CancellationToken.None);
        var outcome = bus.Services.GetRequiredService<RunCompletionSignal>().WaitAsync(started.Run.RunId, Timeout());

        // The trade stage needs the composer's record, which this run never got: every delivery throws.
        await bus.Services.GetRequiredService<IPipelineMessageSender>().SendAsync(
            [new OutboundMessage(StageAddress.Trade, new CompositeReady(started.Run.RunId, "AAPL", AsOf))], CancellationToken.None);

        var failed = Assert.IsType<RunFailed>(await outcome);
        Assert.Contains("could not be handled on sg-trade (2 retries) and was moved to sg-trade_error", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", failed.Reason, StringComparison.Ordinal);
        var header = (await state.NewRunState().GetRunAsync(started.Run.RunId, CancellationToken.None))!.Header;
        Assert.Equal((RunStatus.Failed, failed.Reason), (header.Status, header.Reason));
        // One delivery and two retries, each logged as a failure by the stage's instrumentation.
        Assert.Equal(3, bus.Log.Lines.Count(l => l.Contains("Stage failed on CompositeReady", StringComparison.Ordinal)));
        var error = Assert.Single(await rabbit.Server.ListQueuesAsync(vhost), q => q.Name == "sg-trade_error");
        Assert.Equal(1, error.Ready);
    }

    [Fact]
    public async Task A_message_that_cannot_be_right_is_not_retried()
    {
        var vhost = await NewVirtualHostAsync();
        var state = new SharedState(azurite.ConnectionString);
        await using var bus = await BusComposition.StartAsync(sg => state.Use(sg), RabbitSettings.For(rabbit.Server, vhost, "all", retryLimit: 3));
        var started = await bus.Services.GetRequiredService<PipelineStages>().StartRunAsync("MSFT", AsOf, CancellationToken.None);
        var outcome = bus.Services.GetRequiredService<RunCompletionSignal>().WaitAsync(started.Run.RunId, Timeout());

        // The run is MSFT's; a message naming another symbol for it is wrong however often it is delivered.
        await bus.Services.GetRequiredService<IPipelineMessageSender>().SendAsync(
            [new OutboundMessage(StageAddress.Engine(EngineKind.Hedge), new RunRequested(started.Run.RunId, "SPY", AsOf))], CancellationToken.None);

        var failed = Assert.IsType<RunFailed>(await outcome);
        Assert.Contains("on sg-engine-hedge (not retried)", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("ArgumentException", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(1, bus.Log.Lines.Count(l => l.Contains("Stage failed on RunRequested", StringComparison.Ordinal)));
        Assert.Equal(1, Assert.Single(await rabbit.Server.ListQueuesAsync(vhost), q => q.Name == "sg-engine-hedge_error").Ready);
    }

    /// <summary>Waits until every queue of <paramref name="virtualHost"/> is empty (duplicates still in flight are handled).</summary>
    private async Task DrainAsync(string virtualHost)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if ((await rabbit.Server.ListQueuesAsync(virtualHost)).All(q => q.Ready == 0 && q.Unacknowledged == 0))
            {
                return;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the queues of {virtualHost} did not drain");
    }
}
