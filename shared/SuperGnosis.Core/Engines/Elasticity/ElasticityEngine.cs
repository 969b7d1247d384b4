using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Indicators;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using E = SuperGnosis.Core.Engines.Elasticity.ElasticityFeatureNames;
using H = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;
using L = SuperGnosis.Core.Engines.Liquidity.LiquidityFeatureNames;

namespace SuperGnosis.Core.Engines.Elasticity;

/// <summary>
/// Elasticity Engine v1: the energy (USD of net aggressive flow) needed to move price, from the hedge and liquidity
/// outputs passed in <c>upstream</c> (never re-fetched) and technicals from daily bars. A missing upstream is replaced
/// by its documented neutral assumption and the output is flagged degraded (docs/elasticity.md).
/// </summary>
public sealed class ElasticityEngine : IEngine
{
    private readonly IMarketDataSource _data;
    private readonly ElasticityEngineOptions _options;

    public ElasticityEngine(IMarketDataSource data, ElasticityEngineOptions? options = null)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _options = options ?? new ElasticityEngineOptions();
    }

    public EngineKind Kind => EngineKind.Elasticity;

    public IReadOnlyList<EngineKind> DependsOn { get; } = [EngineKind.Hedge, EngineKind.Liquidity];

    public async Task<EngineOutput> RunAsync(
        string symbol,
        DateTimeOffset asOf,
        IReadOnlyDictionary<EngineKind, EngineOutput> upstream,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var metadata = new Dictionary<string, string>();
        var degraded = new List<string>();
        var hedge = Usable(upstream, EngineKind.Hedge);
        var liquidity = Usable(upstream, EngineKind.Liquidity);
        if (hedge is null)
        {
            degraded.Add("missing_hedge");
        }
        if (liquidity is null)
        {
            degraded.Add("missing_liquidity");
        }

        IReadOnlyList<Bar> bars = [];
        try
        {
            bars = await _data.GetBarsAsync(symbol, BarInterval.Daily, asOf - _options.BarsLookback, asOf, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metadata["bars_error"] = ex.GetType().Name + ": " + ex.Message;
        }
        var technicals = BarReadings.From(bars, asOf, _options.BaselineBars, metadata);
        if (technicals is null)
        {
            degraded.Add("missing_bars");
        }

        double? Liq(string name) => liquidity is not null && liquidity.Features.TryGetValue(name, out var v) ? v : null;
        double? Hed(string name) => hedge is not null && hedge.Features.TryGetValue(name, out var v) ? v : null;

        var spot = Liq(L.SpotPrice) ?? technicals?.LastClose;
        if (spot is not { } s || !(s > 0) || (liquidity is null && technicals?.BaselineResistance is null))
        {
            metadata[EngineOutput.DegradedKey] = "no_data";
            return new EngineOutput(EngineKind.Elasticity, symbol, asOf, new Dictionary<string, double>(), 0, null, metadata);
        }

        var input = new ElasticityInputs
        {
            Spot = s,
            AmihudIlliquidity = Liq(L.AmihudIlliquidity),
            KyleLambda = Liq(L.KyleLambda),
            KyleTStat = Liq(L.KyleLambdaTStat),
            AvgSpreadBps = Liq(L.AvgSpreadBps),
            AdvUsd = Liq(L.AdvUsd) ?? technicals?.AdvUsd,
            MagnetAboveDistancePct = Liq(L.MagnetAboveDistancePct),
            MagnetBelowDistancePct = Liq(L.MagnetBelowDistancePct),
            VoidAboveDistancePct = Liq(L.VoidAboveDistancePct),
            VoidBelowDistancePct = Liq(L.VoidBelowDistancePct),
            NetGexUsdPer1Pct = Hed(H.NetGexUsdPer1Pct),
            GammaSign = Hed(H.GammaSign),
            ZeroGammaLevel = Hed(H.ZeroGammaLevel),
            CallWall = Hed(H.CallWall),
            PutWall = Hed(H.PutWall),
            AtmIv = Hed(H.AtmIv),
            BaselineResistance = technicals?.BaselineResistance,
            RealizedVol = technicals?.RealizedVol,
            BollingerPercentB = technicals?.BollingerPercentB,
            KeltnerPosition = technicals?.KeltnerPosition,
            Rsi = technicals?.Rsi,
        };

        ElasticityResult result;
        try
        {
            result = ElasticityModel.Compute(input, _options);
        }
        catch (ArgumentException ex)
        {
            metadata[EngineOutput.DegradedKey] = "no_data";
            metadata["reason"] = ex.Message;
            return new EngineOutput(EngineKind.Elasticity, symbol, asOf, new Dictionary<string, double>(), 0, null, metadata);
        }

        if (hedge is not null && input.NetGexUsdPer1Pct is null)
        {
            degraded.Add("hedge_without_gex");
        }
        if (result.LiquidityFromBaseline)
        {
            metadata["liquidity_resistance_source"] = "baseline";
        }
        metadata["volatility_source"] = result.VolatilityFromImplied ? "implied" : result.VolatilityUsed is null ? "none" : "realized";
        if (degraded.Count > 0)
        {
            metadata[EngineOutput.DegradedKey] = string.Join('+', degraded);
        }

        var features = new Dictionary<string, double>
        {
            [E.EnergyToMove1PctUp] = result.EnergyUp1Pct,
            [E.EnergyToMove1PctDown] = result.EnergyDown1Pct,
            [E.LiquidityResistanceUsdPer1Pct] = result.LiquidityResistanceUsdPer1Pct,
            [E.HedgeResistanceUsdPer1Pct] = result.HedgeResistanceUsdPer1Pct,
            [E.TechnicalStretch] = result.TechnicalStretch,
            [E.EnergyAsymmetry] = result.EnergyAsymmetry,
            [E.ResistanceRatio] = result.ResistanceRatio,
        };
        Put(features, E.ElasticityUp, result.ElasticityUp);
        Put(features, E.ElasticityDown, result.ElasticityDown);
        Put(features, E.ExpectedMoveCost1Day, result.ExpectedMoveCost1Day);
        Put(features, E.ExpectedMove1DayPct, result.ExpectedMove1DayPct);
        Put(features, E.VolatilityUsed, result.VolatilityUsed);

        return new EngineOutput(EngineKind.Elasticity, symbol, asOf, features, Confidence(hedge, liquidity, technicals, result), result.Regime, metadata);
    }

    private static void Put(Dictionary<string, double> features, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            features[name] = v;
        }
    }

    /// <summary>An upstream output counts only when present and not a zero-confidence "no data" result.</summary>
    private static EngineOutput? Usable(IReadOnlyDictionary<EngineKind, EngineOutput> upstream, EngineKind kind) =>
        upstream.TryGetValue(kind, out var output) && output.Confidence > 0 && output.Features.Count > 0 ? output : null;

    /// <summary>
    /// Product of: hedge <c>0.4 + 0.6 c_hedge</c> (0.5 when missing), liquidity <c>0.4 + 0.6 c_liq</c> (0.6 when missing),
    /// 0.85 without usable bars, 0.95 when the expected move comes from realized rather than implied volatility.
    /// </summary>
    private static double Confidence(EngineOutput? hedge, EngineOutput? liquidity, BarReadings? technicals, ElasticityResult result)
    {
        var c = hedge is null ? 0.5 : 0.4 + 0.6 * hedge.Confidence;
        c *= liquidity is null ? 0.6 : 0.4 + 0.6 * liquidity.Confidence;
        if (technicals is null)
        {
            c *= 0.85;
        }
        if (!result.VolatilityFromImplied)
        {
            c *= 0.95;
        }
        return Math.Clamp(c, 0, 1);
    }

    /// <summary>The last-bar indicator readings and the neutral baseline computed from daily bars.</summary>
    private sealed record BarReadings(
        double LastClose,
        double? AdvUsd,
        double? BaselineResistance,
        double? RealizedVol,
        double? BollingerPercentB,
        double? KeltnerPosition,
        double? Rsi)
    {
        public static BarReadings? From(IReadOnlyList<Bar> source, DateTimeOffset asOf, int baselineBars, Dictionary<string, string> metadata)
        {
            var ordered = source.Where(b => b.Timestamp <= asOf).OrderBy(b => b.Timestamp).ToArray();
            if (ordered.Length == 0)
            {
                return null;
            }
            // A gap that looks like an unrecorded split is kept out of the volatility and the technicals (SplitSuspicion).
            var bars = SplitSuspicion.WithoutSuspectGaps(ordered, out var suspects).ToArray();
            if (!suspects.IsEmpty)
            {
                metadata["suspected_splits"] = string.Join(',', suspects);
            }
            IndicatorTable table;
            try
            {
                table = IndicatorTable.Compute(bars);
            }
            catch (ArgumentException ex)
            {
                metadata["bars_error"] = ex.Message;
                return null;
            }
            var last = bars.Length - 1;
            var start = Math.Max(1, bars.Length - baselineBars);
            double dollarVolume = 0, absReturn = 0;
            var n = 0;
            for (var i = start; i < bars.Length; i++)
            {
                dollarVolume += bars[i].Close * bars[i].Volume;
                absReturn += Math.Abs(bars[i].Close / bars[i - 1].Close - 1);
                n++;
            }
            double? adv = n > 0 && dollarVolume > 0 ? dollarVolume / n : null;
            double? baseline = adv is { } a && absReturn > 0 ? a / (absReturn / n) : null;
            var kcMid = table.Column("kc_mid")[last];
            var kcUpper = table.Column("kc_upper")[last];
            double? keltner = kcMid is { } mid && kcUpper is { } upper && upper > mid ? (bars[last].Close - mid) / (upper - mid) : null;
            metadata["bars_used"] = bars.Length.ToString(CultureInfo.InvariantCulture);
            return new BarReadings(
                bars[last].Close,
                adv,
                baseline,
                table.Column("rv_yz20")[last] ?? table.Column("rv_cc20")[last],
                table.Column("bb_pct_b")[last],
                keltner,
                table.Column("rsi14")[last]);
        }
    }
}
