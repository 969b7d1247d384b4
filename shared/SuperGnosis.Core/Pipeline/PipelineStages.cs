using System.Diagnostics;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>Settings of <see cref="PipelineStages"/>.</summary>
public sealed record PipelineStagesOptions
{
    /// <summary>The clock for run headers (created, updated, stuck); nothing else reads time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Part of every run id (<see cref="RunIds.ForRun"/>); see <see cref="Pipeline.ConfigurationFingerprint"/>.</summary>
    public string ConfigurationFingerprint { get; init; } = "";
}

/// <summary>A run as <see cref="PipelineStages.StartRunAsync"/> left it, with the messages that start it.</summary>
public sealed record StartedRun(RunHeader Run, IReadOnlyList<OutboundMessage> Messages);

/// <summary>
/// The stages of the decision pipeline as message handlers, the one object every host uses (the in-process
/// <see cref="PipelineRunner"/>, the Functions app, the MassTransit consumers). A host starts a run with
/// <see cref="StartRunAsync"/>, delivers each message to <see cref="HandlerFor"/> its address, sends what the handler
/// returns, and so on until <see cref="RunCompleted"/>; <see cref="ReadResultAsync"/> then gives the result. Delivery
/// may be at least once, in any order: every stage is idempotent (docs/architecture.md, "Distributed run").
/// A message for a run the store does not hold throws <see cref="UnknownRunException"/> (hosts poison it; the run
/// cannot be marked failed because it does not exist).
/// </summary>
public sealed class PipelineStages
{
    /// <summary>Name of the <see cref="ActivitySource"/> with one activity per handled message.</summary>
    public const string ActivitySourceName = "SuperGnosis.Pipeline";

    internal static readonly ActivitySource Activities = new(ActivitySourceName);

    private readonly PipelinePlan _plan;
    private readonly IRunStateStore _runs;
    private readonly PipelineStagesOptions _options;
    private readonly Dictionary<StageAddress, IStageHandler> _byAddress;

    public PipelineStages(PipelineComponents components, IRunStateStore runs, PipelineStagesOptions? options = null)
        : this(new PipelinePlan(components), runs, options ?? new PipelineStagesOptions())
    {
    }

    internal PipelineStages(PipelinePlan plan, IRunStateStore runs, PipelineStagesOptions options)
    {
        _plan = plan;
        _runs = runs ?? throw new ArgumentNullException(nameof(runs));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        var context = new StageContext(plan, runs, options.TimeProvider);
        var handlers = new List<IStageHandler>();
        handlers.AddRange(plan.Kinds.Select(k => new EngineStage(context, plan.Engines[k])));
        handlers.Add(new SnapshotFanInStage(context));
        handlers.AddRange(plan.Layers.Select(l => new AgentStage(context, plan.Agents[l])));
        handlers.Add(new ComposerStage(context));
        handlers.Add(new TradeStage(context));
        handlers.Add(new LedgerStage(context));
        Handlers = handlers;
        _byAddress = handlers.ToDictionary(h => h.Address);
    }

    /// <summary>One handler per address: each configured engine, the snapshot fan-in, each agent layer, composer, trade, ledger.</summary>
    public IReadOnlyList<IStageHandler> Handlers { get; }

    /// <summary>The handler of <paramref name="address"/>; <see cref="ArgumentException"/> when no stage listens there (e.g. run events).</summary>
    public IStageHandler HandlerFor(StageAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _byAddress.TryGetValue(address, out var handler)
            ? handler
            : throw new ArgumentException($"no stage handles {address} in this configuration", nameof(address));
    }

    /// <summary>
    /// Creates the run (id = <see cref="RunIds.ForRun"/> of symbol, as-of and the configuration fingerprint) if it does
    /// not exist and returns its header with the messages that start it: <see cref="RunRequested"/> to every engine
    /// without a configured dependency (to the snapshot fan-in when no engine is configured). A run that exists is
    /// returned as stored; for a finished one there is nothing to send.
    /// </summary>
    public async Task<StartedRun> StartRunAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        symbol = ContractValidation.Symbol(symbol);
        var now = _options.TimeProvider.GetUtcNow();
        var header = new RunHeader(RunIds.ForRun(symbol, asOf, _options.ConfigurationFingerprint), symbol, asOf,
            _options.ConfigurationFingerprint, RunStatus.Pending, null, now, now, [], [], 0);
        var stored = (await _runs.CreateRunAsync(header, cancellationToken).ConfigureAwait(false)).Header;
        if (stored.IsFinished())
        {
            return new StartedRun(stored, []);
        }
        var start = new RunRequested(stored.RunId, stored.Symbol, stored.AsOf);
        IReadOnlyList<OutboundMessage> messages = _plan.Kinds.Count == 0
            ? [new OutboundMessage(StageAddress.SnapshotFanIn, start)]
            : [.. _plan.RootEngines.Select(k => new OutboundMessage(StageAddress.Engine(k), start))];
        return new StartedRun(stored, messages);
    }

    /// <summary>The run's result once it is completed (the same <see cref="PipelineResult"/> the in-process runner returns); null while it is pending, running or failed.</summary>
    public async Task<PipelineResult?> ReadResultAsync(string runId, CancellationToken cancellationToken)
    {
        var stored = await _runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (stored?.Header is not { Status: RunStatus.Completed } header)
        {
            return null;
        }
        var records = StageRecordViews.ByKey(await _runs.GetStagesAsync(runId, cancellationToken).ConfigureAwait(false));
        return RunResults.Build(_plan, new RunContext(header.RunId, header.Symbol, header.AsOf), records);
    }

    /// <summary>
    /// Re-drives runs pending or running whose header has not moved for <paramref name="stuckAfter"/>: from each run's
    /// stage records it works out what is missing and returns the messages whose delivery produces it (a stage whose
    /// inputs are recorded gets its input message again; a fan-in arrival that was recorded but never counted is sent
    /// to the fan-in again; a fired transition whose result is missing gets its completing message again), counting a
    /// re-drive on the header. A run re-driven <paramref name="maxRedrives"/> times already is marked failed with a
    /// reason naming its missing stages, and <see cref="RunFailed"/> goes to the run events.
    /// </summary>
    public async Task<IReadOnlyList<OutboundMessage>> SweepAsync(DateTimeOffset now, TimeSpan stuckAfter, int maxRedrives, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRedrives);
        var messages = new List<OutboundMessage>();
        foreach (var stuck in await _runs.ListStuckAsync(now - stuckAfter, cancellationToken).ConfigureAwait(false))
        {
            var records = StageRecordViews.ByKey(await _runs.GetStagesAsync(stuck.RunId, cancellationToken).ConfigureAwait(false));
            var missing = _plan.ExpectedStages().Where(k => !records.ContainsKey(k.Name)).Select(k => k.Name).ToList();
            if (stuck.Redrives >= maxRedrives)
            {
                var reason = $"stuck after {stuck.Redrives} re-drive(s); missing stages: " + (missing.Count == 0 ? "none (not marked completed)" : string.Join(", ", missing));
                var failed = await _runs.MarkFailedAsync(stuck.RunId, reason, now, cancellationToken).ConfigureAwait(false);
                if (failed.Status == RunStatus.Failed)
                {
                    messages.Add(new OutboundMessage(StageAddress.RunEvents, new RunFailed(failed.RunId, failed.Symbol, failed.AsOf, failed.Reason!)));
                }
                continue;
            }
            var counted = false;
            var header = await _runs.UpdateRunAsync(stuck.RunId, h =>
            {
                counted = !h.IsFinished();
                return counted ? h with { Redrives = h.Redrives + 1, UpdatedAt = now } : null;
            }, cancellationToken).ConfigureAwait(false);
            if (counted)
            {
                messages.AddRange(RunRedrive.Messages(_plan, header, records));
            }
        }
        return messages;
    }

    /// <summary>
    /// Marks a run failed with <paramref name="reason"/> (a poison message: its stage could not be handled) and returns
    /// <see cref="RunFailed"/> for the run events. Idempotent: a failed run keeps its first reason and the same message
    /// is returned; a completed run stays completed and an unknown run is ignored (nothing to send for either).
    /// </summary>
    public async Task<IReadOnlyList<OutboundMessage>> FailRunAsync(string runId, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (await _runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false) is null)
        {
            return [];
        }
        var header = await _runs.MarkFailedAsync(runId, reason, _options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return header.Status == RunStatus.Failed
            ? [new OutboundMessage(StageAddress.RunEvents, new RunFailed(header.RunId, header.Symbol, header.AsOf, header.Reason!))]
            : [];
    }

    /// <summary>
    /// Delivers one wave of messages concurrently (in process) and returns the next wave; run events are not
    /// delivered (nobody handles them in process).
    /// </summary>
    internal async Task<IReadOnlyList<OutboundMessage>> DeliverAsync(IReadOnlyList<OutboundMessage> wave, CancellationToken cancellationToken)
    {
        if (wave.Count == 1)
        {
            return Deliverable(await HandlerFor(wave[0].To).HandleAsync(wave[0].Message, cancellationToken).ConfigureAwait(false));
        }
        var tasks = new Task<IReadOnlyList<OutboundMessage>>[wave.Count];
        for (var i = 0; i < wave.Count; i++)
        {
            tasks[i] = HandlerFor(wave[i].To).HandleAsync(wave[i].Message, cancellationToken);
        }
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var next = new List<OutboundMessage>();
        foreach (var result in results)
        {
            next.AddRange(Deliverable(result));
        }
        return next;
    }

    private static IReadOnlyList<OutboundMessage> Deliverable(IReadOnlyList<OutboundMessage> messages) =>
        messages.All(m => m.To.Route != StageRoute.RunEvents) ? messages : [.. messages.Where(m => m.To.Route != StageRoute.RunEvents)];
}
