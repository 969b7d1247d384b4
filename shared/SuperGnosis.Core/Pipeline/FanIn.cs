using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// Fan-in bookkeeping on the run header (docs/architecture.md, "Distributed run"). A stage whose result feeds a fan-in
/// (an engine, a primary agent) records its result and its arrival together, in one atomic write of the stage record and
/// the header (<see cref="IRunStateStore.TryRecordStageAndUpdateRunAsync"/>): the key joins <see cref="RunHeader.Arrived"/>,
/// and the arrival that completes a transition records it in <see cref="RunHeader.Fired"/> with itself as
/// <see cref="FanInTransition.CompletedBy"/> in that same write. Only that delivery sends the transition's message; its
/// redelivery owns the same transitions again (its sends are repeated: receivers are idempotent); any other delivery owns
/// nothing. So a fan-in stage (snapshot, composer) receives one message per transition, not one per arrival, and the
/// arrivals contend for the header only when they finish at the same moment.
/// </summary>
internal static class FanIn
{
    /// <summary>
    /// Records <paramref name="record"/> (null when <paramref name="read"/> shows it recorded already) and the arrival of
    /// its key, starting from <paramref name="read"/> (the header as the delivery read it: a stale one costs a conflict and
    /// a re-read). Returns the names of the transitions this delivery must send for: empty for a finished run, which
    /// records nothing.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RecordAndArriveAsync(
        IRunStateStore runs,
        VersionedRun read,
        StageKey key,
        StageRecord? record,
        IReadOnlyList<PipelinePlan.Transition> transitions,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var current = read;
        for (var attempt = 0; attempt < RunStateStoreExtensions.MaxUpdateAttempts; attempt++)
        {
            var header = current.Header;
            if (header.IsFinished())
            {
                return [];
            }
            if (header.Arrived.Contains(key.Name, StringComparer.Ordinal))
            {
                return Owned(header, key.Name, transitions);
            }
            var arrived = new List<string>(header.Arrived.Count + 1);
            arrived.AddRange(header.Arrived);
            arrived.Add(key.Name);
            var fired = transitions
                .Where(t => !header.Fired.Any(f => f.Name == t.Name) && t.Requires.All(r => arrived.Contains(r, StringComparer.Ordinal)))
                .Select(t => t.Name)
                .ToList();
            var updated = header with
            {
                Arrived = arrived,
                Fired = fired.Count == 0 ? header.Fired : [.. header.Fired, .. fired.Select(name => new FanInTransition(name, key.Name))],
                Status = RunStatus.Running,
                UpdatedAt = now,
            };
            if (record is not null)
            {
                var result = await runs.TryRecordStageAndUpdateRunAsync(updated, current.Version, record, cancellationToken).ConfigureAwait(false);
                switch (result.Outcome)
                {
                    case RunTransactionOutcome.Committed:
                        return fired;
                    case RunTransactionOutcome.StageAlreadyRecorded:
                        // Another delivery of this stage recorded its result (and, in the same write, its arrival) first.
                        record = null;
                        break;
                }
            }
            else if (await runs.TryUpdateRunAsync(updated, current.Version, cancellationToken).ConfigureAwait(false) is not null)
            {
                // A result recorded without its arrival (a store written by an earlier version): the arrival completes it.
                return fired;
            }
            current = await runs.GetRunAsync(header.RunId, cancellationToken).ConfigureAwait(false) ?? throw new UnknownRunException(header.RunId);
        }
        throw new InvalidOperationException($"run '{read.Header.RunId}' kept changing: gave up after {RunStateStoreExtensions.MaxUpdateAttempts} conflicting updates");
    }

    /// <summary>The transitions <paramref name="key"/>'s arrival completed (those a redelivery of it re-sends).</summary>
    private static IReadOnlyList<string> Owned(RunHeader header, string key, IReadOnlyList<PipelinePlan.Transition> transitions) =>
        [.. header.Fired.Where(f => f.CompletedBy == key && transitions.Any(t => t.Name == f.Name)).Select(f => f.Name)];
}
