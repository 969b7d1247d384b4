using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Scheduling;

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

/// <summary>How many New York dates, today included, the ledger-metrics job recomputes per firing (1 to 90).</summary>
public sealed record LedgerMetricsWindow(int LookbackDays)
{
    public int LookbackDays { get; } = LookbackDays is >= 1 and <= 90
        ? LookbackDays
        : throw new ArgumentOutOfRangeException(nameof(LookbackDays), LookbackDays, "the ledger-metrics window is 1 to 90 days");
}

/// <summary>
/// The feedback timer's work until a feedback engine exists: for each of the last <see cref="LedgerMetricsWindow.LookbackDays"/> New York dates
/// (today included) it reads that date's ledger records (one ledger query over [first date 00:00, tomorrow 00:00) New
/// York time), computes <see cref="LedgerDayMetrics"/> and stores them (<see cref="ILedgerMetricsStore"/>, replacing
/// the previous figures of the date).
/// </summary>
public sealed class LedgerMetricsJob(ILedgerStore ledger, ILedgerMetricsStore store, LedgerMetricsWindow window, TimeProvider time, ILogger<LedgerMetricsJob> logger)
{
    public async Task<IReadOnlyList<LedgerDayMetrics>> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = NewYorkTime.DateOf(now);
        var first = today.AddDays(1 - window.LookbackDays);
        var records = await ledger.QueryAsync(
            new LedgerQuery(From: NewYorkTime.At(first, TimeOnly.MinValue), To: NewYorkTime.At(today.AddDays(1), TimeOnly.MinValue)),
            cancellationToken).ConfigureAwait(false);
        var results = new List<LedgerDayMetrics>();
        for (var date = first; date <= today; date = date.AddDays(1))
        {
            var metrics = LedgerDayMetrics.Compute(date, records);
            await store.SaveAsync(metrics, now, cancellationToken).ConfigureAwait(false);
            results.Add(metrics);
        }
        logger.LogInformation("Ledger metrics stored for {First:yyyy-MM-dd}..{Last:yyyy-MM-dd}: {Runs} run(s) in the window", first, today, records.Count);
        return results;
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
