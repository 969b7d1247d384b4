using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Cli.Composition;

/// <summary>
/// The CLI's ledger append after a run: an I/O failure (a full disk, a folder made read-only meanwhile) is returned as a
/// message, so <c>gnosis analyze</c> can say the printed result was not recorded instead of losing it; other
/// exceptions propagate.
/// </summary>
public static class LedgerAppend
{
    /// <summary>Null when the record was written, was already there (same run id) or no ledger is configured; else why not.</summary>
    public static async Task<string?> TryAsync(ILedgerStore? ledger, LedgerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (ledger is null)
        {
            return null;
        }
        try
        {
            await ledger.AppendAsync(record, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }
}
