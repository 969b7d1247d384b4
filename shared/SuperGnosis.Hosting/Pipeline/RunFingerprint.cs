using SuperGnosis.Core.Agents;
using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Hosting.Pipeline;

/// <summary>
/// The configuration fingerprint run ids are derived from (<see cref="RunIds.ForRun"/>), built with Core's
/// <see cref="ConfigurationFingerprint"/> from everything that changes a decision: the options of the four engines
/// (the hedge engine's with its rate and yield overrides), of the three primary agents and the composer, of the trade
/// agent, the SHA-256 of each bundled headline model file (<see cref="SentimentModelHashes"/>) and the identity of the
/// market-data source (<see cref="MarketData.MarketDataSources.Identity"/>). Changing any of them changes every run id.
/// </summary>
public sealed class RunFingerprint
{
    public RunFingerprint(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    public string Value { get; }

    /// <summary>The fingerprint of a configuration (64 lower-case hex digits).</summary>
    public static RunFingerprint Of(DecisionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fingerprint = new ConfigurationFingerprint()
            .WithEngineOptions(SnapshotBuilder.KindName(EngineKind.Hedge), CanonicalSettings.Of(settings.Hedge) + "|" + CanonicalSettings.Of(settings.HedgeInputs))
            .WithEngineOptions(SnapshotBuilder.KindName(EngineKind.Liquidity), CanonicalSettings.Of(settings.Liquidity))
            .WithEngineOptions(SnapshotBuilder.KindName(EngineKind.Sentiment), CanonicalSettings.Of(settings.Sentiment))
            .WithEngineOptions(SnapshotBuilder.KindName(EngineKind.Elasticity), CanonicalSettings.Of(settings.Elasticity))
            .WithAgentOptions("primary_hedge", CanonicalSettings.Of(settings.HedgeAgent))
            .WithAgentOptions("primary_liquidity", CanonicalSettings.Of(settings.LiquidityAgent))
            .WithAgentOptions("primary_sentiment", CanonicalSettings.Of(settings.SentimentAgent))
            .WithAgentOptions(ComposerV1.Layer, CanonicalSettings.Of(settings.Composer))
            .WithTradeOptions(CanonicalSettings.Of(settings.Trade))
            .WithDataSource(settings.DataSource);
        foreach (var (name, hash) in settings.ModelFiles)
        {
            fingerprint.WithModelFile(name, hash);
        }
        return new RunFingerprint(fingerprint.Compute());
    }

    public override string ToString() => Value;
}

/// <summary>Everything the run-id fingerprint covers (see <see cref="RunFingerprint"/>).</summary>
public sealed record DecisionSettings(
    HedgeEngineOptions Hedge,
    HedgeMarketInputs HedgeInputs,
    LiquidityEngineOptions Liquidity,
    SentimentEngineOptions Sentiment,
    ElasticityEngineOptions Elasticity,
    HedgeAgentRules HedgeAgent,
    LiquidityAgentRules LiquidityAgent,
    SentimentAgentRules SentimentAgent,
    ComposerOptions Composer,
    TradeAgentOptions Trade,
    IReadOnlyDictionary<string, string> ModelFiles,
    string DataSource);
