using Microsoft.Extensions.Options;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Server.Http;

/// <summary>
/// What the dashboard's read routes need from the configured market data, outside any run: the hedge analysis of a
/// symbol's chain at an instant and its daily bars, plus the scheduler's watchlist and cadence.
/// </summary>
public interface IMarketViews
{
    /// <summary>The hedge engine's analysis (output and profile) of <paramref name="symbol"/>'s chain at <paramref name="asOf"/>.</summary>
    Task<HedgeAnalysis> AnalyzeHedgeAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>Daily bars of <paramref name="symbol"/> that start in [<paramref name="from"/>, <paramref name="asOf"/>].</summary>
    Task<IReadOnlyList<Bar>> DailyBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>The scheduler's watchlist, in its configured order.</summary>
    IReadOnlyList<string> Watchlist { get; }

    /// <summary>Minutes between scheduler firings (the dashboard refreshes at this cadence).</summary>
    int IntervalMinutes { get; }

    /// <summary>The scheduler's NCRONTAB expression (UTC).</summary>
    string Schedule { get; }
}

/// <summary>
/// <see cref="IMarketViews"/> on the composition root's market-data source, read directly (not through a run's capture):
/// the hedge engine is built with the options the pipeline's hedge stage uses for the symbol
/// (<see cref="HedgeEngineBySymbol.OptionsFor"/>: configured options, rate and yield), so the route's features equal the
/// stage's for the same symbol and instant, and the profile is the one <c>gnosis gex</c> prints and plots.
/// </summary>
public sealed class ConfiguredMarketViews(MarketDataSources sources, HedgeEngineBySymbol hedge, IOptions<SchedulerOptions> scheduler) : IMarketViews
{
    public Task<HedgeAnalysis> AnalyzeHedgeAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        new HedgeEngine(sources.Chains, hedge.OptionsFor(symbol), sources.Market).AnalyzeAsync(symbol, asOf, cancellationToken);

    public Task<IReadOnlyList<Bar>> DailyBarsAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        sources.Market.GetBarsAsync(symbol, BarInterval.Daily, from, asOf, cancellationToken);

    public IReadOnlyList<string> Watchlist => scheduler.Value.Watchlist;

    public int IntervalMinutes => scheduler.Value.IntervalMinutes;

    public string Schedule => scheduler.Value.Schedule;
}
