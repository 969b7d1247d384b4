using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Scheduling;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Server.Jobs;

/// <summary>
/// The market-hours scheduler's work, shared by every host that runs timers (the Functions app's timer function, the
/// scheduler service of <c>gnosis serve</c>): the timer fires on a UTC NCRONTAB (time-zone settings are not honoured on
/// Linux consumption plans), and this decides in code, through <see cref="ScheduledRunPlanner"/> (NYSE calendar in
/// America/New_York: holidays, early closes, daylight saving), whether the regular session is open at the firing
/// minute; if so it starts one distributed run per watchlist symbol at that minute. A redelivered firing gives the same
/// as-of, hence the same run ids: nothing runs twice. One symbol failing does not stop the others; the failure is
/// rethrown at the end so the host records the invocation as failed.
/// </summary>
public sealed class MarketHoursRunStarter(
    ScheduledRunPlanner planner,
    IOptions<SchedulerOptions> options,
    PipelineStages stages,
    IPipelineMessageSender sender,
    TimeProvider time,
    ILogger<MarketHoursRunStarter> logger)
{
    /// <summary>Starts the runs due now; returns their ids (empty outside the session).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var plan = planner.Plan(now, options.Value.Watchlist);
        if (plan.Count == 0)
        {
            logger.LogInformation("Market-hours scheduler at {Now:O}: the NYSE regular session is closed; no runs started", now);
            return [];
        }
        var started = new List<string>();
        var failures = new List<Exception>();
        foreach (var run in plan)
        {
            try
            {
                var result = await stages.StartRunAsync(run.Symbol, run.AsOf, cancellationToken).ConfigureAwait(false);
                if (result.Messages.Count > 0)
                {
                    await sender.SendAsync(result.Messages, cancellationToken).ConfigureAwait(false);
                }
                started.Add(result.Run.RunId);
                logger.LogInformation("Market-hours scheduler started run {RunId} for {Symbol} as of {AsOf:O}", result.Run.RunId, run.Symbol, run.AsOf);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Market-hours scheduler could not start a run for {Symbol} as of {AsOf:O}", run.Symbol, run.AsOf);
                failures.Add(ex);
            }
        }
        return failures.Count == 0
            ? started
            : throw new AggregateException($"{failures.Count} of {plan.Count} scheduled run(s) could not be started", failures);
    }
}

/// <summary>
/// The stuck-run sweeper's work: <see cref="PipelineStages.SweepAsync"/> with <see cref="SweeperOptions"/> (re-drives
/// runs that have not moved for <c>StuckAfter</c>, fails those re-driven <c>MaxRedrives</c> times), then sends what it returns.
/// </summary>
public sealed class RunSweeper(PipelineStages stages, IPipelineMessageSender sender, IOptions<SweeperOptions> options, TimeProvider time, ILogger<RunSweeper> logger)
{
    /// <summary>Sweeps once; returns the messages it sent (re-drives and <see cref="Core.Contracts.RunFailed"/> events).</summary>
    public async Task<IReadOnlyList<OutboundMessage>> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var messages = await stages.SweepAsync(time.GetUtcNow(), settings.StuckAfter, settings.MaxRedrives, cancellationToken).ConfigureAwait(false);
        if (messages.Count > 0)
        {
            await sender.SendAsync(messages, cancellationToken).ConfigureAwait(false);
            logger.LogWarning("Sweeper re-drove or failed stuck runs: {Count} message(s) sent ({Runs})",
                messages.Count, string.Join(", ", messages.Select(m => m.Message.RunId).Distinct(StringComparer.Ordinal)));
        }
        return messages;
    }
}

/// <summary>
/// How many New York dates, today included, the ledger-metrics job recomputes per firing (1 to 90); how many the
/// feedback engine learns from (1 to 730); whether the versions it stores are accepted at once.
/// </summary>
public sealed record LedgerMetricsWindow(int LookbackDays, int EvidenceDays = 60, bool AutoAccept = true)
{
    public int EvidenceDays { get; } = EvidenceDays is >= 1 and <= 730
        ? EvidenceDays
        : throw new ArgumentOutOfRangeException(nameof(EvidenceDays), EvidenceDays, "the feedback evidence window is 1 to 730 days");

    public int LookbackDays { get; } = LookbackDays is >= 1 and <= 90
        ? LookbackDays
        : throw new ArgumentOutOfRangeException(nameof(LookbackDays), LookbackDays, "the ledger-metrics window is 1 to 90 days");
}

/// <summary>
/// The feedback timer's work. (1) For each of the last <see cref="LedgerMetricsWindow.LookbackDays"/> New York dates (today included) it computes the
/// Core <see cref="LedgerMetrics"/> of that date's ledger records and stores them (<see cref="ILedgerMetricsStore"/>,
/// replacing the previous figures of the date). (2) Over the last <see cref="LedgerMetricsWindow.EvidenceDays"/> dates it computes the metrics once
/// more and asks the <see cref="FeedbackEngine"/> for a parameter diff against the newest accepted version; a proposal is
/// stored as the next version blob (<see cref="IParameterStore"/>, accepted when <see cref="LedgerMetricsWindow.AutoAccept"/>). Both use one ledger
/// query over the longer window. Equity for the returns is the trade agent's <c>AccountEquity</c>.
/// </summary>
public sealed class LedgerMetricsJob(
    ILedgerStore ledger,
    ILedgerMetricsStore store,
    ParameterStoreSelection parameters,
    ActiveParameters active,
    IOptions<TradeAgentOptions> trade,
    LedgerMetricsWindow window,
    TimeProvider time,
    ILogger<LedgerMetricsJob> logger)
{
    /// <summary>The daily metrics of the lookback window (oldest first).</summary>
    public async Task<IReadOnlyList<LedgerDayMetrics>> RunAsync(CancellationToken cancellationToken) =>
        (await RunWithFeedbackAsync(cancellationToken).ConfigureAwait(false)).Days;

    /// <summary>The daily metrics and the stored parameter version (null when nothing changed).</summary>
    public async Task<(IReadOnlyList<LedgerDayMetrics> Days, ParameterVersion? Stored)> RunWithFeedbackAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = NewYorkTime.DateOf(now);
        var first = today.AddDays(1 - window.LookbackDays);
        var evidenceFirst = today.AddDays(1 - window.EvidenceDays);
        var windowStart = evidenceFirst < first ? evidenceFirst : first;
        var records = await ledger.QueryAsync(
            new LedgerQuery(From: NewYorkTime.At(windowStart, TimeOnly.MinValue), To: NewYorkTime.At(today.AddDays(1), TimeOnly.MinValue)),
            cancellationToken).ConfigureAwait(false);
        var metricsOptions = new LedgerMetricsOptions { InitialEquity = trade.Value.AccountEquity };
        var results = new List<LedgerDayMetrics>();
        for (var date = first; date <= today; date = date.AddDays(1))
        {
            var metrics = LedgerDayMetrics.Compute(date, records, metricsOptions);
            await store.SaveAsync(metrics, now, cancellationToken).ConfigureAwait(false);
            results.Add(metrics);
        }
        logger.LogInformation("Ledger metrics stored for {First:yyyy-MM-dd}..{Last:yyyy-MM-dd}: {Runs} run(s) in the window", first, today, records.Count(r => NewYorkTime.DateOf(r.Timestamp) >= first));

        var evidence = LedgerMetrics.Compute(records.Where(r => NewYorkTime.DateOf(r.Timestamp) >= evidenceFirst), metricsOptions);
        ParameterVersion? stored = null;
        if (parameters.Store is { } parameterStore)
        {
            var current = await parameterStore.GetLatestAcceptedAsync(cancellationToken).ConfigureAwait(false);
            var latest = await parameterStore.GetLatestAsync(cancellationToken).ConfigureAwait(false);
            var proposal = new FeedbackEngine().Propose(active.Defaults, current, evidence, now);
            if (proposal is not null)
            {
                proposal = proposal with
                {
                    Version = Math.Max(proposal.Version, (latest?.Version ?? 0) + 1),
                    Status = window.AutoAccept ? ParameterVersionStatus.Accepted : ParameterVersionStatus.Proposed,
                };
                if (await parameterStore.SaveAsync(proposal, cancellationToken).ConfigureAwait(false))
                {
                    stored = proposal;
                    foreach (var change in proposal.Changes)
                    {
                        logger.LogInformation("Feedback {Version}: {Parameter} {From} -> {To} (default {Default}, target {Target}): {Reason}",
                            ParameterVersion.Label(proposal.Version), change.Name, change.From, change.To, change.Default, change.Target, change.Reason);
                    }
                }
                else
                {
                    logger.LogWarning("Feedback: version {Version} was stored by another invocation; nothing written", ParameterVersion.Label(proposal.Version));
                }
            }
            else
            {
                logger.LogInformation("Feedback: no parameter change over {Trades} closed trade(s) since {First:yyyy-MM-dd}", evidence.ClosedTrades, evidenceFirst);
            }
        }
        return (results, stored);
    }
}

/// <summary>Where the feedback timer keeps its daily ledger metrics.</summary>
public interface ILedgerMetricsStore
{
    /// <summary>Stores the metrics of <see cref="LedgerDayMetrics.Date"/>, replacing earlier figures of that date.</summary>
    Task SaveAsync(LedgerDayMetrics metrics, DateTimeOffset computedAt, CancellationToken cancellationToken);

    /// <summary>The stored metrics JSON of <paramref name="date"/>, or null.</summary>
    Task<string?> GetJsonAsync(DateOnly date, CancellationToken cancellationToken);
}
