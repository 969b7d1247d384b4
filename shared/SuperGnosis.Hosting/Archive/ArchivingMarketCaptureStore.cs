using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Files;

namespace SuperGnosis.Hosting.Archive;

/// <summary>
/// The capture store with the run archive's hook: when a run's capture is released (its ledger stage completed, so every
/// stage has read its inputs), the capture is written to the archive (<see cref="CaptureArchiver"/>) before the inner
/// store releases it. A failed archive write is logged as an error and does not fail the run: the run's result is already
/// recorded, and in Azure the captured items stay in their blobs (container <c>sg-captures</c>). A redelivered ledger
/// message archives again, which changes nothing (files that already hold the data are left unchanged).
/// </summary>
public sealed class ArchivingMarketCaptureStore(IMarketCaptureStore inner, CaptureArchiver archiver, IDataFileStore archive, ILogger<ArchivingMarketCaptureStore> logger)
    : IMarketCaptureStore, IMarketCaptureContents
{
    public IMarketCaptureStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Where the archive is written.</summary>
    public IDataFileStore Archive { get; } = archive ?? throw new ArgumentNullException(nameof(archive));

    public Task<T> GetOrCaptureAsync<T>(string captureId, string itemKey, Func<CancellationToken, Task<T>> fetch, Func<JsonTypeInfo<T>> type, CancellationToken cancellationToken) =>
        Inner.GetOrCaptureAsync(captureId, itemKey, fetch, type, cancellationToken);

    public Task<IReadOnlyList<CapturedItem>> ReadCaptureAsync(string captureId, CancellationToken cancellationToken) =>
        Inner is IMarketCaptureContents contents ? contents.ReadCaptureAsync(captureId, cancellationToken) : Task.FromResult<IReadOnlyList<CapturedItem>>([]);

    public async Task ReleaseAsync(string captureId, CancellationToken cancellationToken)
    {
        try
        {
            var result = await archiver.ArchiveAsync(Inner, captureId, Archive, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                logger.LogWarning("Run archive: capture {CaptureId} was not archived (the capture store cannot list its items)", captureId);
            }
            else
            {
                logger.LogInformation("Run archive: capture {CaptureId} written to {Location}: {Created} file(s) created, {Extended} extended, {Unchanged} unchanged{Notes}",
                    captureId, Archive.Location,
                    result.Files.Count(f => f.Outcome == SnapshotFileOutcome.Created),
                    result.Files.Count(f => f.Outcome == SnapshotFileOutcome.Extended),
                    result.Files.Count(f => f.Outcome == SnapshotFileOutcome.Unchanged),
                    result.Notes.Count == 0 ? string.Empty : "; " + string.Join("; ", result.Notes));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Run archive: capture {CaptureId} could not be written to {Location}: {Error}", captureId, Archive.Location, ex.Message);
        }
        await Inner.ReleaseAsync(captureId, cancellationToken).ConfigureAwait(false);
    }
}
