using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Functions.Tests.Harness;

/// <summary>
/// Failures the harness injects, drawn from a seeded random source so a failing run can be replayed. Every message is
/// delivered at most <see cref="MaxDeliveries"/> times by chaos alone (below the host's max dequeue count, so chaos never
/// poisons a message); <see cref="AlwaysFailQueue"/> fails every delivery on one queue (that message ends in the poison queue).
/// </summary>
public sealed class ChaosPlan
{
    private static readonly AsyncLocal<long> CurrentDelivery = new();
    private readonly Random _random;
    private readonly Lock _gate = new();

    public ChaosPlan(int seed) => _random = new Random(seed);

    public static ChaosPlan None { get; } = new(0);

    /// <summary>Deliveries of one message chaos may cause (the first plus redeliveries).</summary>
    public int MaxDeliveries { get; init; } = 3;

    /// <summary>Chance that a delivery crashes before the function runs.</summary>
    public double CrashBeforeHandle { get; init; }

    /// <summary>Chance that a successful delivery is not acknowledged (the message comes back: a duplicate delivery).</summary>
    public double CrashBeforeAck { get; init; }

    /// <summary>Chance that the sender throws between "recorded" and "sent" (before any, or after some, messages went out).</summary>
    public double CrashInSender { get; init; }

    public bool ShuffleDeliveries { get; init; }

    /// <summary>A queue whose every delivery throws (a handler that always fails).</summary>
    public string? AlwaysFailQueue { get; init; }

    private int _crashes;

    /// <summary>Crashes injected so far (before handling and in the sender).</summary>
    public int InjectedCrashes => Volatile.Read(ref _crashes);

    internal void CountCrash() => Interlocked.Increment(ref _crashes);

    /// <summary>Marks the delivery in progress (its dequeue count) for the sender wrapper.</summary>
    public static IDisposable Delivery(long dequeueCount)
    {
        var previous = CurrentDelivery.Value;
        CurrentDelivery.Value = dequeueCount;
        return new Restore(previous);
    }

    public void Shuffle<T>(List<T> items)
    {
        if (!ShuffleDeliveries)
        {
            return;
        }
        lock (_gate)
        {
            for (var i = items.Count - 1; i > 0; i--)
            {
                var j = _random.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }

    public void BeforeInvoke(string queue, long dequeueCount)
    {
        if (queue == AlwaysFailQueue)
        {
            throw new InvalidOperationException($"chaos: every delivery on {queue} fails");
        }
        if (dequeueCount < MaxDeliveries && Roll(CrashBeforeHandle))
        {
            CountCrash();
            throw new InvalidOperationException("chaos: crashed before handling");
        }
    }

    public bool CrashBeforeAcknowledge(string queue, long dequeueCount) =>
        !queue.EndsWith(StageQueues.PoisonSuffix, StringComparison.Ordinal) && dequeueCount < MaxDeliveries && Roll(CrashBeforeAck);

    /// <summary>Whether the sender of the current delivery crashes now.</summary>
    public bool CrashSending() => CurrentDelivery.Value is > 0 and var n && n < MaxDeliveries && Roll(CrashInSender);

    private bool Roll(double probability)
    {
        if (probability <= 0)
        {
            return false;
        }
        lock (_gate)
        {
            return _random.NextDouble() < probability;
        }
    }

    private sealed class Restore(long previous) : IDisposable
    {
        public void Dispose() => CurrentDelivery.Value = previous;
    }
}

/// <summary>
/// Wraps the app's sender: when the plan says so it throws before sending anything, or after sending the first half of
/// the messages (a crash between "recorded" and "sent", or in the middle of sending).
/// </summary>
public sealed class ChaosSender(IPipelineMessageSender inner, ChaosPlan plan) : IPipelineMessageSender
{
    public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        if (plan.CrashSending())
        {
            plan.CountCrash();
            var sent = messages.Count / 2;
            if (sent > 0)
            {
                await inner.SendAsync([.. messages.Take(sent)], cancellationToken).ConfigureAwait(false);
            }
            throw new InvalidOperationException($"chaos: crashed after sending {sent} of {messages.Count} message(s)");
        }
        await inner.SendAsync(messages, cancellationToken).ConfigureAwait(false);
    }
}
