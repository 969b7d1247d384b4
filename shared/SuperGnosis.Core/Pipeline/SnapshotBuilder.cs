using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The only place engine features are merged into a <see cref="StandardSnapshot"/>. Engines that are
/// missing, failed or degraded never fail the build: they are named in
/// <c>metadata["degraded_engines"]</c> and in one <c>engine_status.&lt;kind&gt;</c> entry each. The snapshot
/// regime is the hedge engine's (the headline field); every engine's regime and confidence are kept in
/// metadata.
/// </summary>
public static class SnapshotBuilder
{
    private static readonly EngineKind[] AllKinds = Enum.GetValues<EngineKind>();

    public static StandardSnapshot Build(
        RunContext run,
        IReadOnlyDictionary<EngineKind, EngineOutput> outputs,
        IReadOnlyDictionary<EngineKind, EngineRunStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(statuses);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SnapshotMetadataKeys.RunId] = run.RunId,
        };
        var degraded = new List<string>();
        foreach (var kind in AllKinds)
        {
            var status = statuses.TryGetValue(kind, out var s) ? s : new EngineRunStatus(kind, EngineState.NotConfigured, null);
            var name = KindName(kind);
            metadata[SnapshotMetadataKeys.EngineStatusPrefix + name] = status.MetadataValue;
            if (status.State != EngineState.Ok)
            {
                degraded.Add(name);
            }
            if (outputs.TryGetValue(kind, out var output))
            {
                metadata[SnapshotMetadataKeys.EngineConfidencePrefix + name] = output.Confidence.ToString("R", CultureInfo.InvariantCulture);
                if (output.Regime is not null)
                {
                    metadata[SnapshotMetadataKeys.EngineRegimePrefix + name] = output.Regime;
                }
            }
        }
        if (degraded.Count > 0)
        {
            metadata[SnapshotMetadataKeys.DegradedEngines] = string.Join(',', degraded);
        }

        IReadOnlyDictionary<string, double> FeaturesOf(EngineKind kind) =>
            outputs.TryGetValue(kind, out var o) ? o.Features : new Dictionary<string, double>();

        return new StandardSnapshot(
            run.Symbol,
            run.AsOf,
            FeaturesOf(EngineKind.Hedge),
            FeaturesOf(EngineKind.Liquidity),
            FeaturesOf(EngineKind.Sentiment),
            FeaturesOf(EngineKind.Elasticity),
            outputs.TryGetValue(EngineKind.Hedge, out var hedge) ? hedge.Regime : null,
            metadata);
    }

    /// <summary>The seed's lower-case literal of an engine kind.</summary>
    public static string KindName(EngineKind kind) => EngineKindNames.Of(kind);
}
