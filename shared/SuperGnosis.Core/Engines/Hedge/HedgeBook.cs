using System.Runtime.InteropServices;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// The usable contracts of one chain as structure-of-arrays, with per-contract Greeks resolved by the
/// configured <see cref="GreeksSource"/>. Greeks are per share in mathematical units (gamma per $ of
/// spot, vanna per 1.00 of vol, charm = d delta/dt per year). <see cref="DealerSign"/> is +1 where dealers
/// are assumed long the contract and -1 where short. <see cref="Iv"/> is NaN where no volatility is known
/// (such rows cannot be re-priced at hypothetical spots).
/// </summary>
public sealed class HedgeBook
{
    public int Count => Strike.Length;

    public required double Spot { get; init; }

    public required double[] Strike { get; init; }

    public required bool[] IsCall { get; init; }

    public required double[] DealerSign { get; init; }

    public required double[] OpenInterest { get; init; }

    public required double[] Volume { get; init; }

    public required double[] TYears { get; init; }

    public required double[] Iv { get; init; }

    public required double[] Gamma { get; init; }

    public required double[] Vanna { get; init; }

    public required double[] Charm { get; init; }

    /// <summary>Index into <see cref="Expiries"/> (rows are sorted by expiry, so each expiry is one contiguous run).</summary>
    public required int[] ExpiryIndex { get; init; }

    public required IReadOnlyList<DateOnly> Expiries { get; init; }

    public required HygieneReport Hygiene { get; init; }

    public int ProviderGreekRows { get; init; }

    public int RecomputedRows { get; init; }

    public int IvSolvedFromMidRows { get; init; }

    /// <summary>True when vanna and charm were neither supplied by the provider nor recomputable for any row.</summary>
    public bool MissingVannaCharm { get; init; }

    /// <summary>
    /// Cleans the chain and resolves Greeks. Rows whose Greeks cannot be had are dropped and counted as
    /// <see cref="DropReason.MissingGreeks"/>.
    /// </summary>
    public static HedgeBook Build(OptionChain chain, DateTimeOffset asOf, HedgeEngineOptions options)
    {
        var hygiene = new HygieneReport();
        var rows = ChainHygiene.UsableRows(chain, asOf, UsEquityCalendar.SessionClose, hygiene);
        var quotes = chain.Quotes.IsDefault ? [] : ImmutableCollectionsMarshal.AsArray(chain.Quotes)!;
        var spot = chain.UnderlyingPrice;
        var n = rows.Length;
        double[] strike = new double[n], dealerSign = new double[n], oi = new double[n], volume = new double[n],
            tYears = new double[n], ivs = new double[n], gammas = new double[n], vannas = new double[n], charms = new double[n];
        var isCall = new bool[n];
        var expiryIndex = new int[n];
        int providerRows = 0, recomputedRows = 0, solvedRows = 0;
        var expiries = new List<DateOnly>();
        var kept = 0;
        var anyVannaCharm = false;
        var spotValid = spot > 0 && double.IsFinite(spot);
        foreach (var row in rows)
        {
            ref readonly var q = ref quotes[row];
            var t = YearFraction.ToExpiry(asOf, q.Expiry);
            var right = q.Right;
            var providerIv = q.ImpliedVol > 0 && double.IsFinite(q.ImpliedVol) ? q.ImpliedVol : double.NaN;
            var providerComplete = Usable(q.Gamma) && Usable(q.Vanna) && Usable(q.Charm);
            var useProvider = options.Greeks switch
            {
                GreeksSource.Provider => true,
                GreeksSource.Recompute => false,
                _ => providerComplete && !RoundedTo4(q.Gamma) && !RoundedTo4(q.Vanna) && !RoundedTo4(q.Charm),
            };

            var iv = providerIv;
            var solvedFromMid = false;
            if (double.IsNaN(iv) && spotValid && (!useProvider || options.Greeks != GreeksSource.Provider))
            {
                var mid = double.IsFinite(q.Mid) ? q.Mid : 0.5 * (q.Bid + q.Ask);
                if (mid > 0)
                {
                    var solved = ImpliedVolatility.European(right, mid, spot, q.Strike, t, options.RiskFreeRate, options.DividendYield);
                    if (solved.Status == OptionStatus.Ok)
                    {
                        iv = solved.Volatility;
                        solvedFromMid = true;
                    }
                }
            }

            double gamma, vanna, charm;
            if (!useProvider && !double.IsNaN(iv) && spotValid)
            {
                var g = BlackScholes.Greeks(right, spot, q.Strike, t, options.RiskFreeRate, options.DividendYield, iv);
                (gamma, vanna, charm) = (g.Gamma, g.Vanna, g.Charm);
                recomputedRows++;
                solvedRows += solvedFromMid ? 1 : 0;
                anyVannaCharm = true;
            }
            else if (double.IsFinite(q.Gamma) && (useProvider || options.Greeks == GreeksSource.Auto))
            {
                // Provider Greeks (also the fallback in auto mode when no IV can be had for a row).
                gamma = q.Gamma;
                var hasVannaCharm = double.IsFinite(q.Vanna) && double.IsFinite(q.Charm);
                vanna = hasVannaCharm ? q.Vanna : 0;
                charm = hasVannaCharm ? q.Charm : 0;
                anyVannaCharm |= hasVannaCharm;
                providerRows++;
            }
            else
            {
                hygiene.Drop(DropReason.MissingGreeks);
                continue;
            }

            if (expiries.Count == 0 || expiries[^1] != q.Expiry)
            {
                expiries.Add(q.Expiry);
            }
            strike[kept] = q.Strike;
            isCall[kept] = right == OptionRight.Call;
            dealerSign[kept] = DealerSignOf(right, options.Positioning);
            oi[kept] = q.OpenInterest;
            volume[kept] = double.IsFinite(q.Volume) && q.Volume > 0 ? q.Volume : 0;
            tYears[kept] = t;
            ivs[kept] = iv;
            gammas[kept] = gamma;
            vannas[kept] = vanna;
            charms[kept] = charm;
            expiryIndex[kept] = expiries.Count - 1;
            kept++;
        }
        hygiene.RowsUsed = kept;
        return new HedgeBook
        {
            Spot = spot,
            Strike = strike[..kept],
            IsCall = isCall[..kept],
            DealerSign = dealerSign[..kept],
            OpenInterest = oi[..kept],
            Volume = volume[..kept],
            TYears = tYears[..kept],
            Iv = ivs[..kept],
            Gamma = gammas[..kept],
            Vanna = vannas[..kept],
            Charm = charms[..kept],
            ExpiryIndex = expiryIndex[..kept],
            Expiries = expiries,
            Hygiene = hygiene,
            ProviderGreekRows = providerRows,
            RecomputedRows = recomputedRows,
            IvSolvedFromMidRows = solvedRows,
            MissingVannaCharm = kept > 0 && !anyVannaCharm,
        };
    }

    public static double DealerSignOf(OptionRight right, DealerPositioning positioning) => positioning switch
    {
        DealerPositioning.LongCallsShortPuts => right == OptionRight.Call ? 1 : -1,
        DealerPositioning.ShortBoth => -1,
        _ => throw new ArgumentOutOfRangeException(nameof(positioning), positioning, "unknown dealer positioning"),
    };

    private static bool Usable(double greek) => double.IsFinite(greek) && greek != 0;

    /// <summary>A provider value that carries no digits past the 4th decimal (e.g. 0.0123): too coarse for exposure sums.
    /// A rounded value is a non-zero multiple of 1e-4 (smaller ones round to zero, which counts as missing).</summary>
    private static bool RoundedTo4(double greek) =>
        Math.Abs(greek) >= 1e-4 && Math.Abs(greek - Math.Round(greek, 4)) <= 1e-12 * Math.Abs(greek);
}
