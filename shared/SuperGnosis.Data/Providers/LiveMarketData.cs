using System.Collections.Immutable;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Files;

namespace SuperGnosis.Data.Providers;

/// <summary>
/// What every live provider source shares: its name, the kinds of data it serves (<see cref="Provides"/>), the response
/// cache and the data-quality report (skipped rows by reason, the chain snapshot's stamp, notes such as
/// <c>source</c> = the provider, per (symbol, as-of)) that reaches the engines' metadata like the files source's.
/// </summary>
public abstract class LiveMarketData : IDataQualitySource
{
    private protected LiveMarketData(LiveProviderOptions options, ProviderResponseCache cache, IMarketCalendar? calendar)
    {
        OptionsBase = options ?? throw new ArgumentNullException(nameof(options));
        Cache = cache ?? throw new ArgumentNullException(nameof(cache));
        Calendar = calendar ?? MarketCalendar.Nyse;
    }

    /// <summary>The provider's name, as <c>--source</c> spells it.</summary>
    public abstract string Provider { get; }

    /// <summary>The kinds of data this provider serves; a composition takes the others from another source.</summary>
    public abstract ImmutableHashSet<DataKind> Provides { get; }

    private protected LiveProviderOptions OptionsBase { get; }

    private protected ProviderResponseCache Cache { get; }

    private protected IMarketCalendar Calendar { get; }

    private protected QualityLedger Quality { get; } = new();

    public DataQualityReport QualityOf(string symbol, DateTimeOffset asOf) => Quality.ReportOf(symbol, asOf);

    /// <summary>A cached fetch keyed by this provider, the endpoint, the symbol and the as-of bucket.</summary>
    private protected Task<T> CachedAsync<T>(string endpoint, string symbol, string bucket, Func<CancellationToken, Task<T>> fetch, CancellationToken cancellationToken, Func<T, bool>? sufficient = null)
        where T : class =>
        Cache.GetOrFetchAsync(ProviderResponseCache.Key(Provider, endpoint, symbol, bucket), OptionsBase.CacheTimeToLive, fetch, cancellationToken, sufficient);

    /// <summary>
    /// The chain of a snapshot as of <paramref name="asOf"/>: checked by the point-in-time rule, recorded in the quality
    /// report (snapshot stamp, skipped rows as <c>bad_&lt;field&gt;</c>, <c>source</c>), named <paramref name="symbol"/>.
    /// </summary>
    private protected OptionChain ServeChain(ChainSnapshot snapshot, string symbol, DateTimeOffset asOf)
    {
        PointInTime.Check(Provider, "option chain", symbol, snapshot.Stamp, asOf, OptionsBase.AllowSnapshotAfterAsOfWhileClosed, Calendar);
        Quality.SetSnapshot(symbol, asOf, snapshot.Stamp);
        Quality.SetNote(symbol, asOf, DataKind.Chain, "source", Provider);
        var skips = snapshot.Read.Skipped
            .GroupBy(s => "bad_" + new string([.. s.Reason.TakeWhile(c => char.IsLetterOrDigit(c) || c == '_')]).ToLowerInvariant())
            .ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Quality.AddSkips(symbol, asOf, DataKind.Chain, $"{Provider}:chain:{PointInTime.Utc(snapshot.Stamp)}", skips);
        var chain = snapshot.Read.Chain;
        return string.Equals(chain.Symbol, symbol, StringComparison.Ordinal) ? chain : chain with { Symbol = symbol };
    }

    /// <summary>
    /// The spot of a chain whose rows each carry one (Polygon, Tradier): the median of the positive finite values, with the
    /// relative spread of those values (<see cref="ChainFileResult.RowSpotSpread"/>).
    /// </summary>
    private protected static (double Spot, double Spread) MedianSpot(IEnumerable<double> spots)
    {
        var values = spots.Where(s => s > 0 && double.IsFinite(s)).Order().ToArray();
        if (values.Length == 0)
        {
            return (double.NaN, 0);
        }
        var mid = values.Length / 2;
        var median = values.Length % 2 == 1 ? values[mid] : 0.5 * (values[mid - 1] + values[mid]);
        return (median, values[^1] / values[0] - 1);
    }

    /// <summary>
    /// A chain snapshot whose mapping lost most rows is not the chain the provider describes: its shape changed. Throws a
    /// <see cref="ProviderFailure.BadResponse"/> naming the first reasons; an empty one is <see cref="ProviderFailure.UnknownSymbol"/>.
    /// </summary>
    private protected static void CheckMapped(ProviderClient client, string endpoint, string symbol, ChainFileResult read, int entries)
    {
        if (entries == 0)
        {
            throw client.Fail(endpoint, symbol, (ProviderFailure.UnknownSymbol,
                "no option contracts (an unknown symbol, or one without listed options)"), null);
        }
        if (read.LostMostRows)
        {
            var reasons = string.Join("; ", read.Skipped.Take(3).Select(s => $"entry {s.Row}: {s.Reason}"));
            throw client.Shape(endpoint, symbol, $"{read.Skipped.Count} of {read.RowsInFile} entries could not be read ({reasons}): the response's format changed");
        }
    }
}
