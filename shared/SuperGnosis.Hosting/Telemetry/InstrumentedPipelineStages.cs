using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Hosting.Telemetry;

/// <summary>
/// The registered <see cref="PipelineStages"/> with every stage handler wrapped in <see cref="InstrumentedStageHandler"/>
/// (logging scope, run-trace activity, duration metric). Hosts deliver messages to <see cref="HandlerFor"/> and use
/// <see cref="Stages"/> for everything else (start a run, read a result, sweep, fail a run).
/// </summary>
public sealed class InstrumentedPipelineStages
{
    private readonly Dictionary<StageAddress, IStageHandler> _byAddress;

    public InstrumentedPipelineStages(PipelineStages stages, PipelineTelemetry telemetry, ILogger<InstrumentedStageHandler> logger)
    {
        Stages = stages ?? throw new ArgumentNullException(nameof(stages));
        Handlers = [.. stages.Handlers.Select(h => (IStageHandler)new InstrumentedStageHandler(h, telemetry, logger))];
        _byAddress = Handlers.ToDictionary(h => h.Address);
    }

    public PipelineStages Stages { get; }

    /// <summary>One instrumented handler per address, in the order of <see cref="PipelineStages.Handlers"/>.</summary>
    public IReadOnlyList<IStageHandler> Handlers { get; }

    /// <summary>The instrumented handler of <paramref name="address"/>; <see cref="ArgumentException"/> when no stage listens there.</summary>
    public IStageHandler HandlerFor(StageAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _byAddress.TryGetValue(address, out var handler)
            ? handler
            : throw new ArgumentException($"no stage handles {address} in this configuration", nameof(address));
    }
}
