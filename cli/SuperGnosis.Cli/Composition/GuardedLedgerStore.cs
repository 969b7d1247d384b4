using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Cli.Composition;

/// <summary>
/// The CLI's ledger: appends through the configured store, but a write that fails at the end of a run (disk full, the
/// file made read-only meanwhile) does not take the finished analysis with it. The failure is kept in
/// <see cref="AppendFailure"/> and the run goes on; <c>gnosis analyze</c> prints its result and then says the record was
/// not written (exit code 1). Reads pass through.
/// </summary>
public sealed class GuardedLedgerStore(ILedgerStore inner) : ILedgerStore, IDisposable
{
    /// <summary>Why the last append failed; null when every append succeeded.</summary>
    public string? AppendFailure { get; private set; }

    public async Task<bool> AppendAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AppendFailure = ex.Message;
            return false;
        }
    }

    public Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public Task<IReadOnlyList<LedgerRecord>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
