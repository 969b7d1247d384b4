using System.Collections.Concurrent;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Messaging.Tests;

/// <summary>Sends every message twice, as an at-least-once transport may.</summary>
internal sealed class DuplicatingSender(IPipelineMessageSender inner) : IPipelineMessageSender
{
    public int Sent;

    public int SentToLedger;

    public async Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref Sent, messages.Count * 2);
        Interlocked.Add(ref SentToLedger, messages.Count(m => m.To.Route == StageRoute.Ledger) * 2);
        await inner.SendAsync(messages, cancellationToken);
        await inner.SendAsync(messages, cancellationToken);
    }
}

/// <summary>An in-memory ledger that keeps the store contract (one record per run id) and counts every append.</summary>
internal sealed class CountingLedger : ILedgerStore
{
    private readonly ConcurrentQueue<LedgerRecord> _records = new();
    private readonly Lock _gate = new();
    public int Appends;

    public Task<bool> AppendAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Interlocked.Increment(ref Appends);
        lock (_gate)
        {
            if (_records.Any(r => r.RunId == record.RunId))
            {
                return Task.FromResult(false);
            }
            _records.Enqueue(record);
            return Task.FromResult(true);
        }
    }

    public Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new LedgerReadResult([.. _records], []));
}
