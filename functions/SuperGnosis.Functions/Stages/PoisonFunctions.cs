using Microsoft.Azure.Functions.Worker;

namespace SuperGnosis.Functions.Stages;

/// <summary>
/// One function per poison queue (<c>&lt;queue&gt;-poison</c>, where the host moves a message after
/// <c>maxDequeueCount</c> failed deliveries). Each hands the message to <see cref="PoisonHandler"/>, which stores it
/// durably and marks its run failed. <c>id</c> (the poison message id) and <c>dequeueCount</c> are the queue trigger's
/// metadata (bound by parameter name).
/// </summary>
public sealed class PoisonFunctions(PoisonHandler handler)
{
    [Function("EngineHedgePoison")]
    public Task EngineHedgePoison([QueueTrigger(StageQueues.EngineHedgePoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.EngineHedge, id, body, dequeueCount, cancellationToken);

    [Function("EngineLiquidityPoison")]
    public Task EngineLiquidityPoison([QueueTrigger(StageQueues.EngineLiquidityPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.EngineLiquidity, id, body, dequeueCount, cancellationToken);

    [Function("EngineSentimentPoison")]
    public Task EngineSentimentPoison([QueueTrigger(StageQueues.EngineSentimentPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.EngineSentiment, id, body, dequeueCount, cancellationToken);

    [Function("EngineElasticityPoison")]
    public Task EngineElasticityPoison([QueueTrigger(StageQueues.EngineElasticityPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.EngineElasticity, id, body, dequeueCount, cancellationToken);

    [Function("SnapshotPoison")]
    public Task SnapshotPoison([QueueTrigger(StageQueues.SnapshotPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.Snapshot, id, body, dequeueCount, cancellationToken);

    [Function("AgentPrimaryHedgePoison")]
    public Task AgentPrimaryHedgePoison([QueueTrigger(StageQueues.AgentPrimaryHedgePoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.AgentPrimaryHedge, id, body, dequeueCount, cancellationToken);

    [Function("AgentPrimaryLiquidityPoison")]
    public Task AgentPrimaryLiquidityPoison([QueueTrigger(StageQueues.AgentPrimaryLiquidityPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.AgentPrimaryLiquidity, id, body, dequeueCount, cancellationToken);

    [Function("AgentPrimarySentimentPoison")]
    public Task AgentPrimarySentimentPoison([QueueTrigger(StageQueues.AgentPrimarySentimentPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.AgentPrimarySentiment, id, body, dequeueCount, cancellationToken);

    [Function("ComposerPoison")]
    public Task ComposerPoison([QueueTrigger(StageQueues.ComposerPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.Composer, id, body, dequeueCount, cancellationToken);

    [Function("TradePoison")]
    public Task TradePoison([QueueTrigger(StageQueues.TradePoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.Trade, id, body, dequeueCount, cancellationToken);

    [Function("LedgerPoison")]
    public Task LedgerPoison([QueueTrigger(StageQueues.LedgerPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.Ledger, id, body, dequeueCount, cancellationToken);

    [Function("RunEventsPoison")]
    public Task RunEventsPoison([QueueTrigger(StageQueues.RunEventsPoison)] string body, string id, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(StageQueues.RunEvents, id, body, dequeueCount, cancellationToken);
}
