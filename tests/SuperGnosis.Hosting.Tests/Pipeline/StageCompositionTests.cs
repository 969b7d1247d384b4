using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Hosting.Telemetry;

namespace SuperGnosis.Hosting.Tests.Pipeline;

/// <summary>The stage handlers, stores, capture and fingerprint the root registers for the distributed hosts.</summary>
public sealed class StageCompositionTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_run_state_is_in_memory_and_the_engines_read_through_the_capture()
    {
        using var services = TestComposition.BuildValidated(TestComposition.NoLedger());
        Assert.IsType<InMemoryRunStateStore>(services.GetRequiredService<IRunStateStore>());
        var capture = Assert.IsType<InMemoryMarketCaptureStore>(services.GetRequiredService<IMarketCaptureStore>());
        Assert.Same(capture, services.GetRequiredService<PipelineComponents>().MarketCapture);
        Assert.NotNull(services.GetRequiredService<PipelineStages>());
    }

    [Fact]
    public async Task A_run_delivered_through_the_instrumented_handlers_equals_the_in_process_run()
    {
        await using var services = TestComposition.BuildValidated(TestComposition.NoLedger());
        var stages = services.GetRequiredService<InstrumentedPipelineStages>();
        var started = await stages.Stages.StartRunAsync("SPY", AsOf, CancellationToken.None);
        var pending = new Queue<OutboundMessage>(started.Messages);
        var completed = false;
        while (pending.Count > 0)
        {
            var message = pending.Dequeue();
            if (message.To.Route == StageRoute.RunEvents)
            {
                completed |= message.Message is RunCompleted;
                continue;
            }
            foreach (var next in await stages.HandlerFor(message.To).HandleAsync(message.Message, CancellationToken.None))
            {
                pending.Enqueue(next);
            }
        }
        Assert.True(completed);
        var distributed = await stages.Stages.ReadResultAsync(started.Run.RunId, CancellationToken.None);
        Assert.NotNull(distributed);

        await using var fresh = TestComposition.BuildValidated(TestComposition.NoLedger());
        var inProcess = await fresh.GetRequiredService<PipelineRunnerFactory>().Create("SPY").RunOnceAsync(AsOf);
        Assert.Equal(inProcess.Run.RunId, started.Run.RunId);
        Assert.Equal(
            JsonSerializer.Serialize(inProcess.ToReport(), ContractJson.Compact.AnalysisReport),
            JsonSerializer.Serialize(distributed.ToReport(), ContractJson.Compact.AnalysisReport));
    }

    [Fact]
    public void With_capture_off_the_engines_read_the_source_directly()
    {
        var settings = TestComposition.NoLedger();
        settings["SuperGnosis:MarketData:Capture"] = "false";
        using var services = TestComposition.BuildValidated(settings);
        Assert.Null(services.GetRequiredService<PipelineComponents>().MarketCapture);
        var data = services.GetRequiredService<Hosting.MarketData.StageMarketData>();
        Assert.Same(services.GetRequiredService<Hosting.MarketData.MarketDataSources>().Chains, data.Chains);
        using var defaults = TestComposition.BuildValidated(TestComposition.NoLedger());
        Assert.Equal(defaults.GetRequiredService<RunFingerprint>().Value, services.GetRequiredService<RunFingerprint>().Value);
    }

    [Theory]
    [InlineData("SuperGnosis:MarketData:Seed", "8")]
    [InlineData("SuperGnosis:MarketData:RiskFreeRate", "0.05")]
    [InlineData("SuperGnosis:Engines:Hedge:Greeks", "Recompute")]
    [InlineData("SuperGnosis:Engines:Hedge:DividendYield", "0.013")]
    [InlineData("SuperGnosis:Engines:Hedge:Expiries", "Weekly")]
    [InlineData("SuperGnosis:Engines:Hedge:MaxDte", "7")]
    [InlineData("SuperGnosis:Engines:Liquidity:AmihudBars", "21")]
    [InlineData("SuperGnosis:Engines:Sentiment:News:HalfLife", "06:00:00")]
    [InlineData("SuperGnosis:Engines:Elasticity:WallWeight", "0.6")]
    [InlineData("SuperGnosis:Agents:Hedge:HorizonDays", "4")]
    [InlineData("SuperGnosis:Agents:Liquidity:HorizonDays", "3")]
    [InlineData("SuperGnosis:Agents:Sentiment:HorizonDays", "2")]
    [InlineData("SuperGnosis:Agents:Composer:Weights:primary_hedge", "0.5")]
    [InlineData("SuperGnosis:Trade:MaxIdeas", "2")]
    public void Every_setting_that_changes_a_decision_changes_the_fingerprint(string key, string value)
    {
        using var defaults = TestComposition.BuildValidated(TestComposition.NoLedger());
        var changed = TestComposition.NoLedger();
        changed[key] = value;
        using var other = TestComposition.BuildValidated(changed);
        Assert.NotEqual(defaults.GetRequiredService<RunFingerprint>().Value, other.GetRequiredService<RunFingerprint>().Value);
    }

    [Fact]
    public void Settings_that_do_not_change_a_decision_keep_the_fingerprint_and_it_covers_the_model_files()
    {
        using var a = TestComposition.BuildValidated(TestComposition.NoLedger());
        using var b = TestComposition.BuildValidated(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Path"] = Path.Combine(Path.GetTempPath(), "elsewhere.jsonl") });
        Assert.Equal(a.GetRequiredService<RunFingerprint>().Value, b.GetRequiredService<RunFingerprint>().Value);
        Assert.Matches("^[0-9a-f]{64}$", a.GetRequiredService<RunFingerprint>().Value);
        var models = a.GetRequiredService<DecisionSettings>().ModelFiles;
        Assert.Equal(2, models.Count);
        Assert.All(models.Values, hash => Assert.Matches("^[0-9a-f]{64}$", hash));
    }

    [Fact]
    public void An_unknown_run_state_kind_names_the_allowed_values()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            TestComposition.BuildValidated(new Dictionary<string, string?> { ["SuperGnosis:RunState:Kind"] = "cosmos" }).Dispose());
        Assert.Contains("SuperGnosis:RunState:Kind", ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowed values: memory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_can_register_a_run_state_kind_or_replace_the_stores()
    {
        var kindStore = new InMemoryRunStateStore();
        using (var services = TestComposition.Build(
            new Dictionary<string, string?> { ["SuperGnosis:RunState:Kind"] = "other", ["SuperGnosis:Ledger:Kind"] = "none" },
            configure: sg => sg.AddRunStateKind("other", _ => kindStore, _ => new InMemoryMarketCaptureStore())))
        {
            services.ValidateSuperGnosisOptions();
            Assert.Same(kindStore, services.GetRequiredService<IRunStateStore>());
        }
        var replaced = new InMemoryRunStateStore();
        var capture = new InMemoryMarketCaptureStore();
        using (var services = TestComposition.Build(TestComposition.NoLedger(), configure: sg => sg.UseRunStateStore(_ => replaced).UseMarketCaptureStore(_ => capture)))
        {
            services.ValidateSuperGnosisOptions();
            Assert.Same(replaced, services.GetRequiredService<IRunStateStore>());
            Assert.Same(capture, services.GetRequiredService<PipelineComponents>().MarketCapture);
        }
    }
}
