using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// The trade stage (<see cref="CompositeReady"/> → <see cref="TradeIdeasReady"/> to the ledger): records the trade
/// agent's typed result (<see cref="ITradeAgent.ProduceIdeasAsync"/>: ok, degraded or failed with the reason; an
/// exception is failed with its type and message), <c>skipped</c> ("no composite suggestion") or
/// <c>not_configured</c>, insert-unique. A redelivery only re-sends.
/// </summary>
internal sealed class TradeStage(StageContext context) : StageHandler(context, StageAddress.Trade)
{
    protected override bool Accepts(PipelineMessage message) => message is CompositeReady;

    protected override IReadOnlyCollection<StageKey> Reads(PipelineMessage message) => [StageKey.Trade, StageKey.Composer, StageKey.Snapshot];

    protected override async Task<IReadOnlyList<OutboundMessage>> HandleRunAsync(PipelineMessage message, RunView view, RunContext run, CancellationToken cancellationToken)
    {
        if (view.Header.IsFinished())
        {
            return Nothing;
        }
        if (view.Stage(StageKey.Trade) is null)
        {
            var record = await TradeAsync(view, run, cancellationToken).ConfigureAwait(false);
            await Runs.TryRecordStageAsync(run.RunId, record, cancellationToken).ConfigureAwait(false);
        }
        return [To(StageAddress.Ledger, new TradeIdeasReady(run.RunId, run.Symbol, run.AsOf))];
    }

    private async Task<StageRecord> TradeAsync(RunView view, RunContext run, CancellationToken ct)
    {
        if (Context.Components.TradeAgent is not { } trader)
        {
            return new StageRecord(StageKey.Trade, StageOutcome.NotConfigured, "no trade agent configured");
        }
        var composite = Required(view, StageKey.Composer).Suggestion;
        if (composite is null)
        {
            return new StageRecord(StageKey.Trade, StageOutcome.Skipped, "no composite suggestion");
        }
        var snapshot = Required(view, StageKey.Snapshot).Snapshot!;
        try
        {
            var result = await trader.ProduceIdeasAsync(composite, snapshot, run, ct).ConfigureAwait(false);
            return new StageRecord(StageKey.Trade, result.Outcome, result.Reason, tradeIdeas: result.Ideas);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new StageRecord(StageKey.Trade, StageOutcome.Failed, Describe(ex), tradeIdeas: []);
        }
    }
}
