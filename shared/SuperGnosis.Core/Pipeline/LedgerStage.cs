using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The ledger writer (<see cref="TradeIdeasReady"/> → <see cref="RunCompleted"/> to the run events): builds the
/// run's <see cref="LedgerRecord"/> from the stage records (<see cref="RunResults"/>), appends it to the ledger when
/// one is configured (idempotent per run id, so a redelivery after a crash leaves one record; an append that throws
/// propagates, the message is retried), records the ledger stage, marks the run completed and releases the run's
/// market-data capture. A redelivery for a completed run re-sends <see cref="RunCompleted"/>; a failed run is left alone.
/// </summary>
internal sealed class LedgerStage(StageContext context) : StageHandler(context, StageAddress.Ledger)
{
    protected override bool Accepts(PipelineMessage message) => message is TradeIdeasReady;

    private IReadOnlyCollection<StageKey>? _reads;

    /// <summary>What the ledger record is built from: the snapshot and the stages after it (not the engine outputs, which the snapshot holds).</summary>
    protected override IReadOnlyCollection<StageKey> Reads(PipelineMessage message) =>
        _reads ??= [StageKey.Ledger, StageKey.Snapshot, .. Context.Plan.Layers.Select(StageKey.ForAgent), StageKey.Composer, StageKey.Trade];

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken)
    {
        var header = view.Header;
        if (header.Status == RunStatus.Failed)
        {
            return Nothing;
        }
        if (view.Stage(StageKey.Ledger) is null)
        {
            var record = RunResults.BuildLedgerRecord(Context.Plan, run, view.Stages);
            var ledger = Context.Components.Ledger;
            if (ledger is not null)
            {
                await ledger.AppendAsync(record, cancellationToken).ConfigureAwait(false);
            }
            var stage = ledger is null
                ? new StageRecord(StageKey.Ledger, StageOutcome.NotConfigured, "no ledger configured", ledgerRecord: record)
                : new StageRecord(StageKey.Ledger, StageOutcome.Ok, null, ledgerRecord: record);
            // The ledger stage's record and the completed header in one write when the header has not moved since it was
            // read; otherwise (or when a redelivery recorded the stage first) each on its own, as below.
            var completed = header with { Status = RunStatus.Completed, Reason = null, UpdatedAt = Context.Time.GetUtcNow() };
            var written = await Runs.TryRecordStageAndUpdateRunAsync(completed, view.Run.Version, stage, cancellationToken).ConfigureAwait(false);
            if (written.Outcome == RunTransactionOutcome.Committed)
            {
                header = completed;
            }
            else
            {
                await Runs.TryRecordStageAsync(run.RunId, stage, cancellationToken).ConfigureAwait(false);
            }
        }
        if (header.Status != RunStatus.Completed)
        {
            await Runs.MarkCompletedAsync(view.Run, Context.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        if (Context.Components.MarketCapture is { } capture)
        {
            await capture.ReleaseAsync(CapturedMarketData.CaptureIdFor(run.Symbol, run.AsOf), cancellationToken).ConfigureAwait(false);
        }
        return [To(StageAddress.RunEvents, new RunCompleted(run.RunId, run.Symbol, run.AsOf))];
    }
}
