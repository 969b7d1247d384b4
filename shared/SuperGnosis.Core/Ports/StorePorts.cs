using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Ports;

// Store ports: where a host keeps what runs produce (docs/architecture.md, "Ports").

/// <summary>The append-only decision ledger.</summary>
public interface ILedgerStore
{
    /// <summary>Appends one record durably. Records are never rewritten.</summary>
    Task AppendAsync(LedgerRecord record, CancellationToken cancellationToken);

    /// <summary>Reads every intact record in append order; unreadable lines are reported, not thrown.</summary>
    Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken);
}

/// <summary>Ledger contents plus warnings for lines that could not be read (e.g. a torn last line).</summary>
public sealed record LedgerReadResult(IReadOnlyList<LedgerRecord> Records, IReadOnlyList<string> Warnings);
