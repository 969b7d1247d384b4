using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Ports;

// Data-source ports: market data "as of" an instant (docs/architecture.md, "Ports"). Every source answers for
// [from, asOf] and never returns data stamped after asOf. The synthetic market (SuperGnosis.Data) implements
// all of them; the market calendar (IMarketCalendar, MarketData/) is injected the same way.

/// <summary>Option chains "as of" a time: never quotes stamped after <c>asOf</c>.</summary>
public interface IOptionsChainSource
{
    Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>Bars, trades and quotes in <c>[from, asOf]</c>; never data after <c>asOf</c>.</summary>
public interface IMarketDataSource
{
    Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);

    Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);

    Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>Headlines in <c>[from, asOf]</c>; never later ones.</summary>
public interface INewsSource
{
    Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>Optional: option prints with aggressor sides in <c>[from, asOf]</c>, never later ones (the sentiment engine's flow input).</summary>
public interface IOptionPrintsSource
{
    Task<IReadOnlyList<OptionPrint>> GetPrintsAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>
/// Optional: off-exchange (dark-pool / TRF) volume for a symbol, where a provider reports it (the liquidity engine's input).
/// </summary>
public interface IOffExchangeVolumeSource
{
    /// <summary>Share of volume in <c>[from, asOf]</c> executed off exchange, in [0, 1]; null when unknown.</summary>
    Task<double?> GetOffExchangeShareAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>
/// Optional, beside the ports above: what a source left out of the data it served for (symbol, as-of): bad rows skipped
/// by reason, the chain snapshot's time, suspected unrecorded splits. The composition root adds it to the metadata of
/// the engines that used that data (docs/data-formats.md, "Data quality"). A source that drops nothing need not implement it.
/// </summary>
public interface IDataQualitySource
{
    /// <summary>The report for the data served so far for (symbol, as-of); <see cref="DataQualityReport.Empty"/> when none.</summary>
    DataQualityReport QualityOf(string symbol, DateTimeOffset asOf);
}
