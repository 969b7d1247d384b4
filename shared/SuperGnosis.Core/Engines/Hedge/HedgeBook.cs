using System.Buffers;
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
internal sealed class HedgeBook
{
    /// <summary>
    /// The smallest provider IV taken as known (0.01 % annualized): no traded option is quoted below it, and a corrupt or
    /// placeholder value such as 7e-314 would make the zero-gamma weights OI / (sigma sqrt T) overflow into NaN. A smaller
    /// IV is treated as missing (solved from the mid where the Greeks are recomputed).
    /// </summary>
    public const double MinUsableIv = 1e-4;

    public int Count => Strike.Length;

    public required double Spot { get; init; }

    public required double[] Strike { get; init; }

    public required bool[] IsCall { get; init; }

    public required double[] DealerSign { get; init; }

    public required double[] OpenInterest { get; init; }

    public required double[] TYears { get; init; }

    public required double[] Iv { get; init; }

    public required double[] Gamma { get; init; }

    public required double[] Vanna { get; init; }

    public required double[] Charm { get; init; }

    /// <summary>Index into <see cref="Expiries"/> (rows are sorted by settlement instant, so each expiry is one contiguous run).</summary>
    public required int[] ExpiryIndex { get; init; }

    /// <summary>Expiry dates, one per distinct (date, settlement): an AM and a PM expiry on one date are two entries.</summary>
    public required IReadOnlyList<DateOnly> Expiries { get; init; }

    /// <summary>Settlement of each entry of <see cref="Expiries"/> (AM before PM on the same date).</summary>
    public required IReadOnlyList<OptionSettlement> ExpirySettlements { get; init; }

    public required HygieneReport Hygiene { get; init; }

    public int ProviderGreekRows { get; init; }

    public int RecomputedRows { get; init; }

    public int IvSolvedFromMidRows { get; init; }

    /// <summary>True when vanna and charm were neither supplied by the provider nor recomputable for any row.</summary>
    public bool MissingVannaCharm { get; init; }

    /// <summary>
    /// Cleans the chain and resolves Greeks. Rows that need recomputing are priced together by the SIMD
    /// batch (<see cref="BlackScholesBatch"/>). Rows whose Greeks cannot be had are dropped and counted as
    /// <see cref="DropReason.MissingGreeks"/>.
    /// </summary>
    public static HedgeBook Build(OptionChain chain, DateTimeOffset asOf, HedgeEngineOptions options)
    {
        var hygiene = new HygieneReport();
        var rows = ChainHygiene.UsableRows(chain, asOf, options.Calendar, hygiene);
        var quotes = chain.Quotes.IsDefault ? [] : ImmutableCollectionsMarshal.AsArray(chain.Quotes)!;
        var spot = chain.UnderlyingPrice;
        var spotValid = spot > 0 && spot <= ChainHygiene.MaxMagnitude;
        var clock = new ExpiryClock(asOf, options.Calendar);
        var n = rows.Length;
        double[] strike = new double[n], dealerSign = new double[n], oi = new double[n],
            tYears = new double[n], ivs = new double[n], gammas = new double[n], vannas = new double[n], charms = new double[n];
        var isCall = new bool[n];
        var expiryIndex = new int[n];
        var recompute = new bool[n];
        var expiries = new List<DateOnly>();
        var settlements = new List<OptionSettlement>();
        int kept = 0, providerRows = 0, recomputeRows = 0, solvedRows = 0;
        var anyVannaCharm = false;
        foreach (var row in rows)
        {
            ref readonly var q = ref quotes[row];
            var t = clock.YearsTo(q.Expiry, q.Settlement);
            var providerComplete = Usable(q.Gamma) && Usable(q.Vanna) && Usable(q.Charm);
            var useProvider = options.Greeks switch
            {
                GreeksSource.Provider => true,
                GreeksSource.Recompute => false,
                _ => providerComplete && !RoundedTo4(q.Gamma) && !RoundedTo4(q.Vanna) && !RoundedTo4(q.Charm),
            };
            var iv = q.ImpliedVol >= MinUsableIv && double.IsFinite(q.ImpliedVol) ? q.ImpliedVol : double.NaN;
            var solvedFromMid = false;
            if (double.IsNaN(iv) && spotValid && options.Greeks != GreeksSource.Provider)
            {
                var mid = double.IsFinite(q.Mid) ? q.Mid : 0.5 * (q.Bid + q.Ask);
                if (mid > 0)
                {
                    var solved = ImpliedVolatility.European(q.Right, mid, spot, q.Strike, t, options.RiskFreeRate, options.DividendYield);
                    if (solved.Status == OptionStatus.Ok)
                    {
                        iv = solved.Volatility;
                        solvedFromMid = true;
                    }
                }
            }

            if (!useProvider && !double.IsNaN(iv) && spotValid)
            {
                recompute[kept] = true;
                recomputeRows++;
                solvedRows += solvedFromMid ? 1 : 0;
            }
            else if (double.IsFinite(q.Gamma) && (useProvider || options.Greeks == GreeksSource.Auto))
            {
                // Provider Greeks (also the fallback in auto mode when no IV can be had for a row).
                var hasVannaCharm = double.IsFinite(q.Vanna) && double.IsFinite(q.Charm);
                gammas[kept] = q.Gamma;
                vannas[kept] = hasVannaCharm ? q.Vanna : 0;
                charms[kept] = hasVannaCharm ? q.Charm : 0;
                anyVannaCharm |= hasVannaCharm;
                providerRows++;
            }
            else
            {
                hygiene.Drop(DropReason.MissingGreeks);
                continue;
            }

            if (expiries.Count == 0 || expiries[^1] != q.Expiry || settlements[^1] != q.Settlement)
            {
                expiries.Add(q.Expiry);
                settlements.Add(q.Settlement);
            }
            strike[kept] = q.Strike;
            isCall[kept] = q.Right == OptionRight.Call;
            dealerSign[kept] = DealerSignOf(q.Right, options.Positioning);
            oi[kept] = q.OpenInterest;
            tYears[kept] = t;
            ivs[kept] = iv;
            expiryIndex[kept] = expiries.Count - 1;
            kept++;
        }
        if (recomputeRows > 0)
        {
            anyVannaCharm = true;
            RecomputeGreeks(kept, recompute, spot, strike, isCall, tYears, ivs, options, gammas, vannas, charms);
        }
        hygiene.RowsUsed = kept;
        // Usually every row is kept and the arrays are the book as they are; otherwise trimmed to the rows kept.
        return new HedgeBook
        {
            Spot = spot,
            Strike = Trim(strike, kept),
            IsCall = Trim(isCall, kept),
            DealerSign = Trim(dealerSign, kept),
            OpenInterest = Trim(oi, kept),
            TYears = Trim(tYears, kept),
            Iv = Trim(ivs, kept),
            Gamma = Trim(gammas, kept),
            Vanna = Trim(vannas, kept),
            Charm = Trim(charms, kept),
            ExpiryIndex = Trim(expiryIndex, kept),
            Expiries = expiries,
            ExpirySettlements = settlements,
            Hygiene = hygiene,
            ProviderGreekRows = providerRows,
            RecomputedRows = recomputeRows,
            IvSolvedFromMidRows = solvedRows,
            MissingVannaCharm = kept > 0 && !anyVannaCharm,
        };
    }

    private static T[] Trim<T>(T[] values, int count) => count == values.Length ? values : values[..count];

    /// <summary>Gathers the rows flagged for recomputing, prices gamma, vanna and charm in one SIMD batch and scatters them back.</summary>
    private static void RecomputeGreeks(int count, bool[] flagged, double spot, double[] strike, bool[] isCall, double[] tYears, double[] ivs,
        HedgeEngineOptions options, double[] gammas, double[] vannas, double[] charms)
    {
        var m = 0;
        for (var i = 0; i < count; i++)
        {
            m += flagged[i] ? 1 : 0;
        }
        var rights = ArrayPool<OptionRight>.Shared.Rent(m);
        var index = ArrayPool<int>.Shared.Rent(m);
        var pool = ArrayPool<double>.Shared;
        var buffers = new double[9][];
        for (var b = 0; b < buffers.Length; b++)
        {
            buffers[b] = pool.Rent(m);
        }
        try
        {
            var spots = buffers[0].AsSpan(0, m);
            var strikes = buffers[1].AsSpan(0, m);
            var times = buffers[2].AsSpan(0, m);
            var rates = buffers[3].AsSpan(0, m);
            var divs = buffers[4].AsSpan(0, m);
            var vols = buffers[5].AsSpan(0, m);
            var j = 0;
            for (var i = 0; i < count; i++)
            {
                if (!flagged[i])
                {
                    continue;
                }
                index[j] = i;
                rights[j] = isCall[i] ? OptionRight.Call : OptionRight.Put;
                spots[j] = spot;
                strikes[j] = strike[i];
                times[j] = tYears[i];
                rates[j] = options.RiskFreeRate;
                divs[j] = options.DividendYield;
                vols[j] = ivs[i];
                j++;
            }
            var gamma = buffers[6];
            var vanna = buffers[7];
            var charm = buffers[8];
            BlackScholesBatch.GammaVannaCharm(new OptionBatchInput(rights.AsSpan(0, m), spots, strikes, times, rates, divs, vols),
                gamma.AsSpan(0, m), vanna.AsSpan(0, m), charm.AsSpan(0, m));
            for (j = 0; j < m; j++)
            {
                var i = index[j];
                // Inputs were validated (spot, strike, time and vol > 0), so every row prices; NaN would surface in the sums' checks.
                gammas[i] = gamma[j];
                vannas[i] = vanna[j];
                charms[i] = charm[j];
            }
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                pool.Return(buffer);
            }
            ArrayPool<OptionRight>.Shared.Return(rights);
            ArrayPool<int>.Shared.Return(index);
        }
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
