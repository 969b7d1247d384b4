using Microsoft.Azure.Functions.Worker;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Functions.Stages;

/// <summary>
/// One queue-triggered function per pipeline stage (docs/functions.md, "Functions"). Each binds the message body as a
/// string (the host has already decoded the Base64 queue message, host.json <c>messageEncoding</c>) and hands it to
/// <see cref="StageDispatcher"/>. An exception leaves the message on the queue for redelivery.
/// </summary>
public sealed class StageFunctions(StageDispatcher dispatcher)
{
    /// <summary>The hedge engine.</summary>
    [Function("EngineHedge")]
    public Task EngineHedge([QueueTrigger(StageQueues.EngineHedge)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Engine(EngineKind.Hedge), body, cancellationToken);

    /// <summary>The liquidity engine.</summary>
    [Function("EngineLiquidity")]
    public Task EngineLiquidity([QueueTrigger(StageQueues.EngineLiquidity)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Engine(EngineKind.Liquidity), body, cancellationToken);

    /// <summary>The sentiment engine.</summary>
    [Function("EngineSentiment")]
    public Task EngineSentiment([QueueTrigger(StageQueues.EngineSentiment)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Engine(EngineKind.Sentiment), body, cancellationToken);

    /// <summary>The elasticity engine (started by the snapshot fan-in once hedge and liquidity are in).</summary>
    [Function("EngineElasticity")]
    public Task EngineElasticity([QueueTrigger(StageQueues.EngineElasticity)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Engine(EngineKind.Elasticity), body, cancellationToken);

    /// <summary>The snapshot fan-in.</summary>
    [Function("Snapshot")]
    public Task Snapshot([QueueTrigger(StageQueues.Snapshot)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.SnapshotFanIn, body, cancellationToken);

    /// <summary>The primary hedge agent.</summary>
    [Function("AgentPrimaryHedge")]
    public Task AgentPrimaryHedge([QueueTrigger(StageQueues.AgentPrimaryHedge)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Agent(StageQueues.PrimaryHedgeLayer), body, cancellationToken);

    /// <summary>The primary liquidity agent.</summary>
    [Function("AgentPrimaryLiquidity")]
    public Task AgentPrimaryLiquidity([QueueTrigger(StageQueues.AgentPrimaryLiquidity)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Agent(StageQueues.PrimaryLiquidityLayer), body, cancellationToken);

    /// <summary>The primary sentiment agent.</summary>
    [Function("AgentPrimarySentiment")]
    public Task AgentPrimarySentiment([QueueTrigger(StageQueues.AgentPrimarySentiment)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Agent(StageQueues.PrimarySentimentLayer), body, cancellationToken);

    /// <summary>The composer fan-in.</summary>
    [Function("Composer")]
    public Task Composer([QueueTrigger(StageQueues.Composer)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Composer, body, cancellationToken);

    /// <summary>The trade agent.</summary>
    [Function("Trade")]
    public Task Trade([QueueTrigger(StageQueues.Trade)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Trade, body, cancellationToken);

    /// <summary>The ledger writer.</summary>
    [Function("Ledger")]
    public Task Ledger([QueueTrigger(StageQueues.Ledger)] string body, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(StageAddress.Ledger, body, cancellationToken);

    /// <summary>Run outcomes: logged and acknowledged.</summary>
    [Function("RunEvents")]
    public Task RunEvents([QueueTrigger(StageQueues.RunEvents)] string body, CancellationToken cancellationToken) =>
        dispatcher.RecordRunEventAsync(body, cancellationToken);
}
