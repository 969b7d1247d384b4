using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Tests.Agents;

/// <summary>Builds snapshots as the snapshot builder would, with per-engine confidence and regime metadata.</summary>
internal sealed class SnapshotFactory
{
    public static readonly RunContext Run = new("run-test", "SPY", new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero));

    private readonly Dictionary<EngineKind, Dictionary<string, double>> _features = new()
    {
        [EngineKind.Hedge] = [],
        [EngineKind.Liquidity] = [],
        [EngineKind.Sentiment] = [],
        [EngineKind.Elasticity] = [],
    };

    private readonly Dictionary<string, string> _metadata = new() { ["run_id"] = Run.RunId };

    public SnapshotFactory Engine(EngineKind kind, double confidence, string regime, params (string Name, double Value)[] features)
    {
        var name = kind.ToString().ToLowerInvariant();
        _metadata["confidence." + name] = confidence.ToString("R", CultureInfo.InvariantCulture);
        _metadata["regime." + name] = regime;
        foreach (var (feature, value) in features)
        {
            _features[kind][feature] = value;
        }
        return this;
    }

    public StandardSnapshot Build() => new("SPY", Run.AsOf, _features[EngineKind.Hedge], _features[EngineKind.Liquidity],
        _features[EngineKind.Sentiment], _features[EngineKind.Elasticity], _metadata.GetValueOrDefault("regime.hedge"), _metadata);
}
