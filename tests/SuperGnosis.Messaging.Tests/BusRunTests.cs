using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Messaging.Tests;

/// <summary>Runs through the stage consumers on the in-memory bus.</summary>
public sealed class BusRunTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    private static async Task<string> InProcessReportAsync(string symbol)
    {
        await using var fresh = new ServiceCollection().AddSuperGnosis(BusComposition.Configuration()).BuildServiceProvider();
        var result = await fresh.GetRequiredService<PipelineRunnerFactory>().Create(symbol).RunOnceAsync(AsOf);
        return Report(result);
    }

    private static string Report(PipelineResult result) => JsonSerializer.Serialize(result.ToReport(), ContractJson.Compact.AnalysisReport);

    [Fact]
    public async Task A_run_through_the_bus_equals_the_in_process_run()
    {
        await using var bus = await BusComposition.StartAsync();
        Assert.IsType<MassTransitMessageSender>(bus.Services.GetRequiredService<IPipelineMessageSender>());
        var stages = bus.Services.GetRequiredService<PipelineStages>();
        var signal = bus.Services.GetRequiredService<RunCompletionSignal>();
        var started = await stages.StartRunAsync("SPY", AsOf, CancellationToken.None);
        Assert.NotEmpty(started.Messages);
        var outcomeHeard = signal.WaitAsync(started.Run.RunId, Timeout());
        await bus.Services.GetRequiredService<IPipelineMessageSender>().SendAsync(started.Messages, CancellationToken.None);

        // The published outcome reaches this process's run-outcome listener.
        Assert.IsType<RunCompleted>(await outcomeHeard);
        Assert.Equal(0, signal.Waiting);
        var distributed = await stages.ReadResultAsync(started.Run.RunId, CancellationToken.None);
        Assert.NotNull(distributed);
        Assert.Equal(await InProcessReportAsync("SPY"), Report(distributed));
    }

    [Fact]
    public async Task Every_message_sent_twice_still_writes_one_ledger_record_and_the_same_result()
    {
        var ledger = new CountingLedger();
        DuplicatingSender? duplicating = null;
        await using var bus = await BusComposition.StartAsync(sg => sg
            .UseLedgerStore(_ => ledger)
            .UseMessageSender(sp => duplicating = new DuplicatingSender(sp.GetRequiredService<MassTransitMessageSender>())));
        var client = bus.Services.GetRequiredService<PipelineBusClient>();

        var result = await client.RunAsync("SPY", AsOf, Timeout());

        // Let the duplicates still in flight drain: wait until nothing more is sent for a while.
        Assert.NotNull(duplicating);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        for (var last = -1; last != Volatile.Read(ref duplicating.Sent) && DateTime.UtcNow < deadline;)
        {
            last = Volatile.Read(ref duplicating.Sent);
            await Task.Delay(500);
        }
        Assert.True(duplicating.SentToLedger >= 2, $"the ledger stage was sent {duplicating.SentToLedger} message(s)");
        Assert.InRange(ledger.Appends, 1, duplicating.SentToLedger);
        var records = (await ledger.ReadAllAsync(CancellationToken.None)).Records;
        var record = Assert.Single(records);
        Assert.Equal(result.Run.RunId, record.RunId);
        Assert.Equal(await InProcessReportAsync("SPY"), Report(result));
    }

    [Fact]
    public async Task Five_concurrent_runs_all_complete()
    {
        await using var bus = await BusComposition.StartAsync();
        var client = bus.Services.GetRequiredService<PipelineBusClient>();
        string[] symbols = ["SPY", "QQQ", "IWM", "AAPL", "MSFT"];

        var results = await Task.WhenAll(symbols.Select(s => client.RunAsync(s, AsOf, Timeout())));

        Assert.Equal(symbols, results.Select(r => r.Run.Symbol));
        Assert.Equal(5, results.Select(r => r.Run.RunId).Distinct().Count());
        Assert.All(results, r => Assert.NotNull(r.CompositeSuggestion));
    }

    [Fact]
    public void A_transport_that_is_not_built_in_names_the_allowed_values()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSuperGnosisBus(
            BusComposition.Configuration(new Dictionary<string, string?> { ["SuperGnosis:Bus:Transport"] = "kafka" })));
        Assert.Contains("'kafka' is not a known transport; allowed values: inmemory, rabbitmq", ex.Message, StringComparison.Ordinal);
    }
}
