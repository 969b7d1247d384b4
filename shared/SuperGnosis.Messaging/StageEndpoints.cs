using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Messaging;

/// <summary>The receive endpoints of the configured plan: one per stage handler, plus the run events.</summary>
public sealed class StageEndpoints
{
    private readonly Dictionary<string, StageAddress> _byQueue;

    public StageEndpoints(PipelineStages stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        Addresses = [.. stages.Handlers.Select(h => h.Address), StageAddress.RunEvents];
        _byQueue = Addresses.ToDictionary(a => a.QueueName, StringComparer.Ordinal);
    }

    public IReadOnlyList<StageAddress> Addresses { get; }

    /// <summary>The address of <paramref name="queueName"/>; <see cref="ArgumentException"/> for a queue no endpoint serves.</summary>
    public StageAddress AddressOf(string queueName) =>
        queueName is not null && _byQueue.TryGetValue(queueName, out var address)
            ? address
            : throw new ArgumentException($"no stage endpoint is named '{queueName}'", nameof(queueName));
}
