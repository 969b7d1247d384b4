using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// Fan-in bookkeeping on the run header (docs/architecture.md, "Distributed run"). An arrival adds its key to
/// <see cref="RunHeader.Arrived"/>; the arrival that completes a transition records it in <see cref="RunHeader.Fired"/>
/// with itself as <see cref="FanInTransition.CompletedBy"/>, in the same conditional update, and only that delivery
/// sends the transition's messages. A redelivery of that arrival owns the same transitions again (its sends are
/// repeated: receivers are idempotent); any other duplicate owns nothing.
/// </summary>
internal static class FanIn
{
    /// <summary>
    /// Counts the arrival of <paramref name="key"/> and returns the names of the transitions this delivery must send
    /// for (empty for a finished run). <paramref name="read"/> is the header as the delivery read it (a first attempt
    /// without a read; a stale one costs a conflict and a re-read).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ArriveAsync(
        IRunStateStore runs,
        VersionedRun read,
        string key,
        IReadOnlyList<PipelinePlan.Transition> transitions,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<string> owned = [];
        await runs.UpdateRunAsync(read, header =>
        {
            if (header.IsFinished())
            {
                owned = [];
                return null;
            }
            if (header.Arrived.Contains(key, StringComparer.Ordinal))
            {
                owned = [.. header.Fired.Where(f => f.CompletedBy == key && transitions.Any(t => t.Name == f.Name)).Select(f => f.Name)];
                return null;
            }
            var arrived = new List<string>(header.Arrived.Count + 1);
            arrived.AddRange(header.Arrived);
            arrived.Add(key);
            var fired = transitions
                .Where(t => !header.Fired.Any(f => f.Name == t.Name) && t.Requires.All(r => arrived.Contains(r, StringComparer.Ordinal)))
                .Select(t => t.Name)
                .ToList();
            owned = fired;
            return header with
            {
                Arrived = arrived,
                Fired = fired.Count == 0 ? header.Fired : [.. header.Fired, .. fired.Select(name => new FanInTransition(name, key))],
                Status = RunStatus.Running,
                UpdatedAt = now,
            };
        }, cancellationToken).ConfigureAwait(false);
        return owned;
    }
}
