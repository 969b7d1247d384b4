using SuperGnosis.Core.Agents;
using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Sentiment;

namespace SuperGnosis.Cli.Composition;

/// <summary>
/// The composition root of the embedded default: the synthetic market feeds the four engines, the three
/// primary agents, the composer and the trade agent; the ledger is the JSON-lines file.
/// </summary>
public static class ProductPipeline
{
    public static PipelineRunner Create(string symbol, SyntheticMarket market, ILedgerStore? ledger)
    {
        ArgumentNullException.ThrowIfNull(market);
        return new PipelineRunner(symbol, Components(symbol, market, ledger), configurationFingerprint: $"synthetic-seed-{market.Options.Seed}");
    }

    /// <summary>The stages <see cref="Create"/> assembles (engines in the order hedge, liquidity, sentiment, elasticity).</summary>
    public static PipelineComponents Components(string symbol, SyntheticMarket market, ILedgerStore? ledger)
    {
        ArgumentNullException.ThrowIfNull(market);
        var engines = new List<IEngine>
        {
            new HedgeEngine(market, new HedgeEngineOptions
            {
                RiskFreeRate = market.Options.RiskFreeRate,
                DividendYield = market.ProfileOf(symbol).DividendYield,
            }, market),
            new LiquidityEngine(market),
            // The bundled model loads on the first headline to score; scores are remembered across runs (a backtest).
            new SentimentEngine(new MemoizedHeadlineModel(() => BundledSentimentModel.Instance), market, market, market),
            new ElasticityEngine(market),
        };
        var agents = new List<IPrimaryAgent> { new HedgeAgentV3(), new LiquidityAgentV1(), new SentimentAgentV1() };
        return new PipelineComponents(engines, agents, new ComposerV1(), new TradeAgent(market, market), ledger);
    }
}
