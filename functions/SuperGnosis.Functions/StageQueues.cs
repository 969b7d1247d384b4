using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Functions;

/// <summary>
/// The queue of every stage the app serves, as compile-time constants for the <c>[QueueTrigger]</c> attributes
/// (attribute arguments must be constants). Each constant is the <see cref="StageAddress.QueueName"/> of the address
/// in <see cref="Served"/>; a test checks that they agree and that every name is a valid Azure queue name.
/// <see cref="PoisonSuffix"/> is what the Functions host appends for messages past <c>maxDequeueCount</c> (host.json).
/// </summary>
public static class StageQueues
{
    public const string PoisonSuffix = "-poison";

    public const string EngineHedge = "sg-engine-hedge";
    public const string EngineLiquidity = "sg-engine-liquidity";
    public const string EngineSentiment = "sg-engine-sentiment";
    public const string EngineElasticity = "sg-engine-elasticity";
    public const string Snapshot = "sg-snapshot";
    public const string AgentPrimaryHedge = "sg-agent-primary-hedge";
    public const string AgentPrimaryLiquidity = "sg-agent-primary-liquidity";
    public const string AgentPrimarySentiment = "sg-agent-primary-sentiment";
    public const string Composer = "sg-composer";
    public const string Trade = "sg-trade";
    public const string Ledger = "sg-ledger";
    public const string RunEvents = "sg-run-events";

    public const string EngineHedgePoison = EngineHedge + PoisonSuffix;
    public const string EngineLiquidityPoison = EngineLiquidity + PoisonSuffix;
    public const string EngineSentimentPoison = EngineSentiment + PoisonSuffix;
    public const string EngineElasticityPoison = EngineElasticity + PoisonSuffix;
    public const string SnapshotPoison = Snapshot + PoisonSuffix;
    public const string AgentPrimaryHedgePoison = AgentPrimaryHedge + PoisonSuffix;
    public const string AgentPrimaryLiquidityPoison = AgentPrimaryLiquidity + PoisonSuffix;
    public const string AgentPrimarySentimentPoison = AgentPrimarySentiment + PoisonSuffix;
    public const string ComposerPoison = Composer + PoisonSuffix;
    public const string TradePoison = Trade + PoisonSuffix;
    public const string LedgerPoison = Ledger + PoisonSuffix;
    public const string RunEventsPoison = RunEvents + PoisonSuffix;

    /// <summary>The layers of the product's primary agents (HedgeAgentV3, LiquidityAgentV1, SentimentAgentV1).</summary>
    public const string PrimaryHedgeLayer = "primary_hedge";
    public const string PrimaryLiquidityLayer = "primary_liquidity";
    public const string PrimarySentimentLayer = "primary_sentiment";

    /// <summary>Each queue constant with the stage address it serves.</summary>
    public static IReadOnlyDictionary<string, StageAddress> Served { get; } = new Dictionary<string, StageAddress>(StringComparer.Ordinal)
    {
        [EngineHedge] = StageAddress.Engine(EngineKind.Hedge),
        [EngineLiquidity] = StageAddress.Engine(EngineKind.Liquidity),
        [EngineSentiment] = StageAddress.Engine(EngineKind.Sentiment),
        [EngineElasticity] = StageAddress.Engine(EngineKind.Elasticity),
        [Snapshot] = StageAddress.SnapshotFanIn,
        [AgentPrimaryHedge] = StageAddress.Agent(PrimaryHedgeLayer),
        [AgentPrimaryLiquidity] = StageAddress.Agent(PrimaryLiquidityLayer),
        [AgentPrimarySentiment] = StageAddress.Agent(PrimarySentimentLayer),
        [Composer] = StageAddress.Composer,
        [Trade] = StageAddress.Trade,
        [Ledger] = StageAddress.Ledger,
        [RunEvents] = StageAddress.RunEvents,
    };

    /// <summary>Each poison queue constant, keyed by the queue it belongs to.</summary>
    public static IReadOnlyDictionary<string, string> Poison { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [EngineHedge] = EngineHedgePoison,
        [EngineLiquidity] = EngineLiquidityPoison,
        [EngineSentiment] = EngineSentimentPoison,
        [EngineElasticity] = EngineElasticityPoison,
        [Snapshot] = SnapshotPoison,
        [AgentPrimaryHedge] = AgentPrimaryHedgePoison,
        [AgentPrimaryLiquidity] = AgentPrimaryLiquidityPoison,
        [AgentPrimarySentiment] = AgentPrimarySentimentPoison,
        [Composer] = ComposerPoison,
        [Trade] = TradePoison,
        [Ledger] = LedgerPoison,
        [RunEvents] = RunEventsPoison,
    };

    /// <summary>Every queue the app reads: the stage queues and their poison queues.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Served.Keys.SelectMany(q => new[] { q, Poison[q] })];
}
