using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Server.Http;

/// <summary>
/// <c>SuperGnosis:Dashboard</c>: what a self-hosted process does for the dashboard when it starts.
/// <see cref="AnalyzeOnStart"/> (default true): when the ledger has no record, analyze <see cref="StartSymbol"/> (default:
/// the first watchlist symbol, else <see cref="FallbackSymbol"/>) once at the current instant, so the dashboard has data on a
/// fresh machine.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "SuperGnosis:Dashboard";

    /// <summary>The symbol analyzed on start when neither <see cref="StartSymbol"/> nor the watchlist names one.</summary>
    public const string FallbackSymbol = "SPY";

    public bool AnalyzeOnStart { get; set; } = true;

    public string? StartSymbol { get; set; }
}

internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options) =>
        options.StartSymbol is { } symbol && !ContractValidation.IsValidSymbol(symbol)
            ? ValidateOptionsResult.Fail($"{DashboardOptions.Section}:StartSymbol '{symbol}' is not a valid symbol (upper-case ticker such as SPY or BRK.B)")
            : ValidateOptionsResult.Success;
}

/// <summary>
/// Runs one on-demand analysis when the process starts and the ledger is empty (<see cref="DashboardOptions"/>). A failure
/// (the market data source is down, the instant is outside its window) is logged; the process keeps serving and the
/// dashboard shows its empty state until the scheduler or a caller adds a record.
/// </summary>
public sealed class StartupAnalysisService(
    IOptions<DashboardOptions> options,
    IOptions<SchedulerOptions> scheduler,
    ILedgerStore ledger,
    IOnDemandAnalyzer analyzer,
    IMarketDataWindow window,
    TimeProvider time,
    ILogger<StartupAnalysisService> logger) : BackgroundService
{
    /// <summary>The symbol analyzed on start: <see cref="DashboardOptions.StartSymbol"/>, else the first watchlist symbol, else SPY.</summary>
    public string Symbol => options.Value.StartSymbol ?? scheduler.Value.Watchlist.FirstOrDefault() ?? DashboardOptions.FallbackSymbol;

    /// <summary>Completes when the start-up work is done (analyzed, skipped or failed); tests and the banner wait on it.</summary>
    public Task Completed => _completed.Task;

    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!options.Value.AnalyzeOnStart)
            {
                return;
            }
            var existing = await ledger.QueryAsync(new LedgerQuery(Limit: 1), stoppingToken).ConfigureAwait(false);
            if (existing.Count > 0)
            {
                return;
            }
            var at = time.GetUtcNow();
            if (window.Check(at) is { } outOfRange)
            {
                logger.LogWarning("Start-up analysis of {Symbol} skipped: {Reason}", Symbol, outOfRange);
                return;
            }
            var result = await analyzer.AnalyzeAsync(Symbol, at, stoppingToken).ConfigureAwait(false);
            logger.LogInformation("The ledger was empty: analyzed {Symbol} as of {AsOf:O} for the dashboard (run {RunId})", Symbol, at, result.Run.RunId);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Start-up analysis of {Symbol} failed; the dashboard shows no data until a run completes", Symbol);
        }
        finally
        {
            _completed.TrySetResult();
        }
    }
}

/// <summary>Registration of the dashboard's start-up work for self-hosted processes.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="DashboardOptions"/> and adds <see cref="StartupAnalysisService"/>.</summary>
    public static IServiceCollection AddSuperGnosisDashboard(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<StartupAnalysisService>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupAnalysisService>());
        return services;
    }
}
