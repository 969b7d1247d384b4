using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NCrontab;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Server.Jobs;

namespace SuperGnosis.Server.Scheduling;

/// <summary>
/// A timer job in a long-running process, fired the way an Azure Functions timer fires it: at each occurrence of a UTC
/// NCRONTAB expression with seconds (six fields), read through the host's <see cref="TimeProvider"/>. A failing firing
/// is logged and the next occurrence still fires; a firing still running when the next occurrence passes delays it (one
/// firing at a time). Occurrences that passed while the process was not running are not caught up (the sweeper heals
/// runs they would have touched; a market-hours firing missed is a snapshot not taken).
/// </summary>
public abstract class ScheduledJobService : BackgroundService
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    private readonly CrontabSchedule _schedule;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _firings;
    private long _failures;
    private long _nextFiringTicks = -1;

    /// <param name="name">The job's name in logs (e.g. <c>market-hours scheduler</c>).</param>
    /// <param name="schedule">UTC NCRONTAB with seconds; validated at start by the options validators.</param>
    protected ScheduledJobService(string name, string schedule, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(schedule);
        Name = name;
        Schedule = schedule;
        _schedule = CrontabSchedule.Parse(schedule, WithSeconds);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public string Name { get; }

    public string Schedule { get; }

    /// <summary>Firings that completed (successfully or not).</summary>
    public long Firings => Interlocked.Read(ref _firings);

    /// <summary>Firings whose job threw.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The occurrence the service waits for, or null before the first wait.</summary>
    public DateTimeOffset? NextFiring
    {
        get
        {
            var ticks = Interlocked.Read(ref _nextFiringTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="instant"/> (UTC).</summary>
    public DateTimeOffset NextOccurrenceAfter(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(instant.UtcDateTime), DateTimeKind.Utc), TimeSpan.Zero);

    /// <summary>The job of one firing.</summary>
    protected abstract Task FireAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = NextOccurrenceAfter(_time.GetUtcNow());
        _logger.LogInformation("{Job} scheduled on '{Schedule}' (UTC); first firing {Next:O}", Name, Schedule, next);
        while (!stoppingToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _nextFiringTicks, next.UtcTicks);
            // A timer may wake a little early on a coarse clock: wait again until the clock has reached the occurrence.
            for (var now = _time.GetUtcNow(); now < next; now = _time.GetUtcNow())
            {
                await Task.Delay(next - now, _time, stoppingToken).ConfigureAwait(false);
            }
            try
            {
                await FireAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failures);
                _logger.LogError(ex, "{Job} firing of {Occurrence:O} failed; the next occurrence still fires", Name, next);
            }
            Interlocked.Increment(ref _firings);
            next = NextOccurrenceAfter(Max(next, _time.GetUtcNow()));
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}

/// <summary>
/// The market-hours scheduler as a hosted service: on <c>SuperGnosis:Scheduler:Schedule</c> it runs
/// <see cref="MarketHoursRunStarter"/> (one run per watchlist symbol while the NYSE regular session is open), the same
/// work as the Functions app's <c>MarketHoursScheduler</c> timer.
/// </summary>
public sealed class MarketHoursSchedulerService(MarketHoursRunStarter starter, IOptions<SchedulerOptions> options, TimeProvider time, ILogger<MarketHoursSchedulerService> logger)
    : ScheduledJobService("market-hours scheduler", options.Value.Schedule, time, logger)
{
    protected override Task FireAsync(CancellationToken cancellationToken) => starter.RunAsync(cancellationToken);
}

/// <summary>
/// The stuck-run sweeper as a hosted service: on <c>SuperGnosis:Sweeper:Schedule</c> it runs <see cref="RunSweeper"/>
/// (re-drives runs not updated for <c>StuckAfter</c>, fails those re-driven <c>MaxRedrives</c> times), the same work as
/// the Functions app's <c>StuckRunSweeper</c> timer.
/// </summary>
public sealed class StuckRunSweeperService(RunSweeper sweeper, IOptions<SweeperOptions> options, TimeProvider time, ILogger<StuckRunSweeperService> logger)
    : ScheduledJobService("stuck-run sweeper", options.Value.Schedule, time, logger)
{
    protected override Task FireAsync(CancellationToken cancellationToken) => sweeper.RunAsync(cancellationToken);
}

/// <summary>Registration of the timer jobs and their hosted services.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// The jobs every timer host runs (<see cref="MarketHoursRunStarter"/>, <see cref="RunSweeper"/>); needs
    /// <c>AddSuperGnosis</c> and <c>AddSuperGnosisScheduling</c> (their options and planner).
    /// </summary>
    public static IServiceCollection AddSuperGnosisTimerJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MarketHoursRunStarter>();
        services.TryAddSingleton<RunSweeper>();
        return services;
    }

    /// <summary>
    /// The timer jobs plus the hosted services that fire them in a long-running process (<c>gnosis serve</c>):
    /// <see cref="MarketHoursSchedulerService"/> and <see cref="StuckRunSweeperService"/>.
    /// </summary>
    public static IServiceCollection AddSuperGnosisTimerServices(this IServiceCollection services)
    {
        services.AddSuperGnosisTimerJobs();
        services.AddHostedService<MarketHoursSchedulerService>();
        services.AddHostedService<StuckRunSweeperService>();
        return services;
    }
}
