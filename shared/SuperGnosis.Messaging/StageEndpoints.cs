using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Messaging;

/// <summary>
/// The stage endpoints of the configured plan: <see cref="All"/> (one per stage handler; any process may send to any of
/// them) and <see cref="Hosted"/>, the ones this process consumes (<see cref="BusOptions.Stages"/>).
/// </summary>
public sealed class StageEndpoints
{
    private readonly Dictionary<string, StageAddress> _byQueue;

    public StageEndpoints(PipelineStages stages, BusOptions options)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(options);
        All = [.. stages.Handlers.Select(h => h.Address)];
        Hosted = StageSelection.Parse(options.Stages, All);
        _byQueue = All.ToDictionary(a => a.QueueName, StringComparer.Ordinal);
    }

    /// <summary>Every stage address of the plan, in pipeline order.</summary>
    public IReadOnlyList<StageAddress> All { get; }

    /// <summary>The stage addresses whose consumers run in this process.</summary>
    public IReadOnlyList<StageAddress> Hosted { get; }

    /// <summary>The address of <paramref name="queueName"/>; <see cref="ArgumentException"/> for a queue no stage serves.</summary>
    public StageAddress AddressOf(string queueName) =>
        queueName is not null && _byQueue.TryGetValue(queueName, out var address)
            ? address
            : throw new ArgumentException($"no stage endpoint is named '{queueName}'", nameof(queueName));
}
