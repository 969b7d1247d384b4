using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using F = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;
using K = SuperGnosis.Core.Engines.Hedge.HedgeMetadataKeys;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>The engine's output plus its artifact (null when the chain had no usable rows).</summary>
public sealed record HedgeAnalysis(EngineOutput Output, HedgeProfile? Profile);

/// <summary>Optional inputs beside the target chain.</summary>
public sealed record HedgeContext(double? AverageDollarVolume = null, OptionChain? VixChain = null, IReadOnlyList<(RelatedChain Config, OptionChain Chain)>? Related = null);

/// <summary>
/// Hedge Engine v3: the dealer hedge-pressure field of one chain (GEX, vanna, charm, zero gamma, walls,
/// regimes), with optional VIX friction, related-chain blending and an illiquidity check from the
/// underlying's dollar volume. See docs/hedge-engine.md.
/// </summary>
public sealed class HedgeEngine : IEngine
{
    /// <summary>Neutral friction when no VIX chain is available.</summary>
    public const double NeutralVixFriction = 0.5;

    private readonly IOptionsChainSource _chains;
    private readonly IMarketDataSource? _marketData;

    public HedgeEngine(IOptionsChainSource chains, HedgeEngineOptions? options = null, IMarketDataSource? marketData = null)
    {
        _chains = chains ?? throw new ArgumentNullException(nameof(chains));
        Options = options ?? new HedgeEngineOptions();
        Options.Validate();
        _marketData = marketData;
    }

    public HedgeEngineOptions Options { get; }

    public EngineKind Kind => EngineKind.Hedge;

    public IReadOnlyList<EngineKind> DependsOn => [];

    public async Task<EngineOutput> RunAsync(string symbol, DateTimeOffset asOf, IReadOnlyDictionary<EngineKind, EngineOutput> upstream, CancellationToken cancellationToken) =>
        (await AnalyzeAsync(symbol, asOf, cancellationToken).ConfigureAwait(false)).Output;

    public async Task<HedgeAnalysis> AnalyzeAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var chain = await _chains.GetChainAsync(symbol, asOf, cancellationToken).ConfigureAwait(false);
        var notes = new Dictionary<string, string>();
        double? dollarVolume = null;
        if (_marketData is not null)
        {
            // Completed sessions only: today's partial bar would understate the volume.
            var todayOpen = Options.Calendar.OpenOf(NewYorkTime.DateOf(asOf));
            var bars = await _marketData.GetBarsAsync(symbol, BarInterval.Daily, asOf.AddDays(-2 * Options.DollarVolumeLookbackDays), asOf, cancellationToken).ConfigureAwait(false);
            dollarVolume = AverageDollarVolume([.. bars.Where(b => b.Timestamp < todayOpen)], Options.DollarVolumeLookbackDays);
        }
        OptionChain? vix = null;
        if (Options.VixSymbol is { } vixSymbol)
        {
            try
            {
                vix = await _chains.GetChainAsync(vixSymbol, asOf, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notes[K.Vix] = "unavailable:" + ex.Message;
            }
        }
        var related = new List<(RelatedChain, OptionChain)>();
        foreach (var config in Options.RelatedChains)
        {
            try
            {
                related.Add((config, await _chains.GetChainAsync(config.Symbol, asOf, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notes[K.BlendPrefix + config.Symbol] = "unavailable:" + ex.Message;
            }
        }
        var analysis = Analyze(symbol, asOf, chain, new HedgeContext(dollarVolume, vix, related));
        if (notes.Count == 0)
        {
            return analysis;
        }
        var metadata = analysis.Output.Metadata.ToDictionary();
        foreach (var (key, value) in notes)
        {
            metadata[key] = value;
        }
        var o = analysis.Output;
        return analysis with { Output = new EngineOutput(o.Kind, o.Symbol, o.Timestamp, o.Features, o.Confidence, o.Regime, metadata) };
    }

    /// <summary>
    /// Pure analysis of a chain already in hand (used by the CLI on files and by tests). With an expiry filter
    /// (<see cref="ExpiryFilter"/>) the target and related chains are filtered first, so every feature sees only the
    /// kept expiries; the metadata then records the filter, and a filter that keeps no unexpired contract gives a
    /// degraded output (<c>no_data</c>) whose detail names the filter and the expiries the chain has.
    /// </summary>
    public HedgeAnalysis Analyze(string symbol, DateTimeOffset asOf, OptionChain chain, HedgeContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        context ??= new HedgeContext();
        if (!ExpiryFilter.IsSet(Options))
        {
            return AnalyzeChain(symbol, asOf, chain, context);
        }
        var filtered = ExpiryFilter.Apply(chain, asOf, Options);
        var related = context.Related?.Select(r => (r.Config, ExpiryFilter.Apply(r.Chain, asOf, Options).Chain)).ToList();
        var analysis = AnalyzeChain(symbol, asOf, filtered.Chain, context with { Related = related });
        var o = analysis.Output;
        var metadata = o.Metadata.ToDictionary();
        metadata[K.ExpiryFilter] = ExpiryFilter.Name(Options.Expiries);
        if (Options.MaxDte is { } maxDte)
        {
            metadata[K.MaxDte] = Format(maxDte);
        }
        metadata[K.ExpiryFilterRowsExcluded] = Format(filtered.RowsExcluded);
        if (filtered.LiveRowsKept == 0)
        {
            metadata[EngineOutput.DegradedKey] = "no_data";
            metadata[K.DegradedDetail] =
                $"expiry filter {ExpiryFilter.Describe(Options)} left no unexpired contracts (expiries in the chain: {ExpiryFilter.ListExpiries(chain, asOf, Options.Calendar)})";
        }
        return analysis with { Output = new EngineOutput(o.Kind, o.Symbol, o.Timestamp, o.Features, o.Confidence, o.Regime, metadata) };
    }

    private HedgeAnalysis AnalyzeChain(string symbol, DateTimeOffset asOf, OptionChain chain, HedgeContext context)
    {
        var book = HedgeBook.Build(chain, asOf, Options);
        var metadata = new Dictionary<string, string>
        {
            [K.GreeksSource] = Options.Greeks.ToString().ToLowerInvariant(),
            [K.DealerPositioning] = Options.Positioning == DealerPositioning.ShortBoth ? "short_both" : "long_calls_short_puts",
            [K.ContractMultiplier] = Format(Options.ContractMultiplier),
            [K.RowsIn] = Format(book.Hygiene.RowsIn),
            [K.RowsUsed] = Format(book.Hygiene.RowsUsed),
            [K.GreeksProviderRows] = Format(book.ProviderGreekRows),
            [K.GreeksRecomputedRows] = Format(book.RecomputedRows),
            [K.IvSolvedFromMidRows] = Format(book.IvSolvedFromMidRows),
        };
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            metadata[HygieneReport.MetadataKey(reason)] = Format(book.Hygiene.Dropped(reason));
        }

        var spotOk = chain.UnderlyingPrice > 0 && chain.UnderlyingPrice <= ChainHygiene.MaxMagnitude;
        var totalOi = 0.0;
        foreach (var oi in book.OpenInterest)
        {
            totalOi += oi;
        }
        if (!spotOk || book.Count == 0 || totalOi <= 0)
        {
            metadata[EngineOutput.DegradedKey] = "no_data";
            metadata[K.DegradedDetail] = !spotOk ? "underlying price missing or invalid" : book.Count == 0 ? "no usable rows" : "no open interest";
            return new HedgeAnalysis(new EngineOutput(EngineKind.Hedge, symbol, asOf, NeutralFeatures(), 0, HedgeRegimes.Neutral, metadata), null);
        }

        var exposure = HedgeCalculator.Compute(symbol, asOf, book, Options);
        double? gexToDollarVolume = context.AverageDollarVolume is > 0 ? Math.Abs(exposure.NetGexUsdPer1Pct) / context.AverageDollarVolume : null;
        metadata[K.IlliquidityCheck] = gexToDollarVolume is null ? "unavailable:no dollar volume" : "ok";
        var regime = HedgeRegimeRules.Classify(exposure, gexToDollarVolume, Options);
        var features = Features(exposure, gexToDollarVolume);
        AddCrossAsset(features, metadata, exposure, asOf, context);

        var confidence = Confidence(book, exposure);
        if (book.MissingVannaCharm)
        {
            metadata[EngineOutput.DegradedKey] = "missing_greeks";
            metadata[K.DegradedDetail] = "no vanna/charm from the provider and no implied vol to recompute them";
            confidence = 0;
        }
        metadata[K.ZeroGammaRowsPriced] = Format(exposure.ZeroGammaRowsPriced);
        return new HedgeAnalysis(new EngineOutput(EngineKind.Hedge, symbol, asOf, features, confidence, regime, metadata), exposure.Profile);
    }

    private static Dictionary<string, double> Features(HedgeExposure x, double? gexToDollarVolume)
    {
        var s = x.Spot;
        var netRatio = HedgeRegimeRules.NetGammaRatio(x);
        var features = new Dictionary<string, double>
        {
            [F.GammaPressure] = x.GammaPressure,
            [F.VannaPressure] = x.VannaPressure,
            [F.CharmPressure] = x.CharmPressure,
            [F.GammaSign] = Math.Sign(x.NetGexUsdPer1Pct),
            [F.VannaSign] = Math.Sign(x.VannaUsdPerVolPt),
            [F.HedgeRegimeEnergy] = Math.Abs(netRatio) * (0.5 + (0.5 * x.GammaNearSpotShare)),
            [F.VixFrictionFactor] = NeutralVixFriction,
            [F.VixGammaPressure] = 0,
            [F.NetGexUsdPer1Pct] = x.NetGexUsdPer1Pct,
            [F.GrossGexUsdPer1Pct] = x.GrossGexUsdPer1Pct,
            [F.VannaExposureUsdPerVolPt] = x.VannaUsdPerVolPt,
            [F.CharmExposureUsdPerDay] = x.CharmUsdPerDay,
            [F.NetGammaRatio] = netRatio,
            [F.NetVannaRatio] = x.GrossVannaUsdPerVolPt > 0 ? x.VannaUsdPerVolPt / x.GrossVannaUsdPerVolPt : 0,
            [F.CallOverhangShare] = x.CallOverhangShare,
            [F.GammaNearSpotShare] = x.GammaNearSpotShare,
            [F.NetGex0DteUsdPer1Pct] = x.NetGex0Dte,
            [F.NetGexNextWeeklyUsdPer1Pct] = x.NetGexNextWeekly,
            [F.NetGexMonthlyUsdPer1Pct] = x.NetGexMonthly,
            [F.NetGexAllUsdPer1Pct] = x.NetGexUsdPer1Pct,
            [F.Spot] = s,
        };
        void Level(string name, string distance, double? level)
        {
            if (level is { } v)
            {
                features[name] = v;
                features[distance] = (v - s) / s * 100;
            }
        }
        var levels = x.Profile.Levels;
        Level(F.ZeroGammaLevel, F.ZeroGammaDistancePct, levels.ZeroGamma);
        Level(F.CallWall, F.CallWallDistancePct, levels.CallWall);
        Level(F.PutWall, F.PutWallDistancePct, levels.PutWall);
        Level(F.AbsGammaStrike, F.AbsGammaStrikeDistancePct, levels.AbsGammaStrike);
        if (x.AtmIv is { } iv)
        {
            features[F.AtmIv] = iv;
        }
        if (gexToDollarVolume is { } ratio)
        {
            features[F.NetGexToDollarVolume] = ratio;
        }
        return features;
    }

    /// <summary>
    /// VIX friction = 0.5 + 0.5 * (net/gross GEX of the VIX chain): dealers long VIX gamma damp volatility moves
    /// (more friction). Related chains: blended dollar exposure = own + sum(weight * related).
    /// </summary>
    private void AddCrossAsset(Dictionary<string, double> features, Dictionary<string, string> metadata, HedgeExposure own, DateTimeOffset asOf, HedgeContext context)
    {
        if (context.VixChain is { } vixChain && Exposure(vixChain, asOf) is { } vix && vix.GrossGexUsdPer1Pct > 0)
        {
            features[F.VixFrictionFactor] = Math.Clamp(0.5 + (0.5 * HedgeRegimeRules.NetGammaRatio(vix)), 0, 1);
            features[F.VixGammaPressure] = vix.NetGexUsdPer1Pct;
            metadata[K.Vix] = "ok";
        }
        else if (!metadata.ContainsKey(K.Vix))
        {
            metadata[K.Vix] = context.VixChain is null ? "not_configured" : "no_usable_rows";
        }

        double gex = own.NetGexUsdPer1Pct, vanna = own.VannaUsdPerVolPt, charm = own.CharmUsdPerDay;
        var blended = new List<string>();
        foreach (var (config, chain) in context.Related ?? [])
        {
            if (Exposure(chain, asOf) is not { } related)
            {
                metadata[K.BlendPrefix + config.Symbol] = "no_usable_rows";
                continue;
            }
            gex += config.Weight * related.NetGexUsdPer1Pct;
            vanna += config.Weight * related.VannaUsdPerVolPt;
            charm += config.Weight * related.CharmUsdPerDay;
            metadata[K.BlendPrefix + config.Symbol] = Format(config.Weight);
            blended.Add(config.Symbol);
        }
        metadata[K.Blend] = blended.Count == 0 ? "none" : string.Join(',', blended);
        features[F.BlendedNetGexUsdPer1Pct] = gex;
        features[F.BlendedVannaExposureUsdPerVolPt] = vanna;
        features[F.BlendedCharmExposureUsdPerDay] = charm;
    }

    private HedgeExposure? Exposure(OptionChain chain, DateTimeOffset asOf)
    {
        var book = HedgeBook.Build(chain, asOf, Options);
        return book.Count == 0 || !(book.Spot > 0) ? null : HedgeCalculator.Compute(chain.Symbol, asOf, book, Options);
    }

    /// <summary>
    /// 0.9 * sqrt(rows used / rows in) * (1 - 0.3 * share of rows whose IV was solved from the mid)
    /// * (0.5 + 0.5 * share of rows re-priceable for the zero-gamma search).
    /// </summary>
    private static double Confidence(HedgeBook book, HedgeExposure exposure)
    {
        var used = (double)book.Hygiene.RowsUsed;
        var kept = Math.Sqrt(used / Math.Max(1, book.Hygiene.RowsIn));
        var fromMid = book.IvSolvedFromMidRows / Math.Max(1, used);
        var priced = exposure.ZeroGammaRowsPriced / Math.Max(1, used);
        return Math.Clamp(0.9 * kept * (1 - (0.3 * fromMid)) * (0.5 + (0.5 * priced)), 0, 1);
    }

    /// <summary>Exposure features at their neutral values (levels absent) for a degraded output.</summary>
    private static Dictionary<string, double> NeutralFeatures() => new()
    {
        [F.GammaPressure] = 0,
        [F.VannaPressure] = 0,
        [F.CharmPressure] = 0,
        [F.GammaSign] = 0,
        [F.VannaSign] = 0,
        [F.HedgeRegimeEnergy] = 0,
        [F.VixFrictionFactor] = NeutralVixFriction,
        [F.NetGexUsdPer1Pct] = 0,
        [F.GrossGexUsdPer1Pct] = 0,
        [F.VannaExposureUsdPerVolPt] = 0,
        [F.CharmExposureUsdPerDay] = 0,
        [F.GammaNearSpotShare] = 0,
    };

    /// <summary>Mean of close * volume over the last <paramref name="days"/> completed daily bars.</summary>
    public static double? AverageDollarVolume(IReadOnlyList<Bar> bars, int days)
    {
        double sum = 0;
        var count = 0;
        for (var i = bars.Count - 1; i >= 0 && count < days; i--)
        {
            var b = bars[i];
            if (double.IsFinite(b.Close) && double.IsFinite(b.Volume) && b.Volume > 0)
            {
                sum += b.Close * b.Volume;
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
