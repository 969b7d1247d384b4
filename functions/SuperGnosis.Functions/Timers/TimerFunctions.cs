using Microsoft.Azure.Functions.Worker;
using SuperGnosis.Server.Jobs;

namespace SuperGnosis.Functions.Timers;

/// <summary>
/// Timer-triggered functions. Schedules are UTC NCRONTAB expressions read from app settings (<c>%…%</c>): the shared
/// <c>SuperGnosis__Scheduler__Schedule</c> and <c>SuperGnosis__Sweeper__Schedule</c>, and
/// <c>SuperGnosis__Functions__Feedback__Schedule</c>. Market hours are decided in code (<see cref="MarketHoursRunStarter"/>). The jobs are SuperGnosis.Server's, shared with
/// the hosted services of <c>gnosis serve</c>.
/// </summary>
public sealed class TimerFunctions(MarketHoursRunStarter scheduler, RunSweeper sweeper, LedgerMetricsJob feedback)
{
    [Function("MarketHoursScheduler")]
    public Task MarketHoursScheduler([TimerTrigger("%SuperGnosis:Scheduler:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.RunAsync(cancellationToken);

    [Function("StuckRunSweeper")]
    public Task StuckRunSweeper([TimerTrigger("%SuperGnosis:Sweeper:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.RunAsync(cancellationToken);

    [Function("LedgerFeedback")]
    public Task LedgerFeedback([TimerTrigger("%SuperGnosis:Functions:Feedback:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        feedback.RunAsync(cancellationToken);
}
