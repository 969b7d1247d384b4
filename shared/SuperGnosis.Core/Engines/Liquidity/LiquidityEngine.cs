using System.Globalization;
using System.Runtime.InteropServices;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using F = SuperGnosis.Core.Engines.Liquidity.LiquidityFeatureNames;

namespace SuperGnosis.Core.Engines.Liquidity;

/// <summary>
/// Liquidity Engine v1: Amihud illiquidity, Kyle's lambda, order-flow imbalance (reported or inferred sides), spreads,
/// the volume profile with its magnets and voids, and a liquidity regime. No upstream dependencies. Missing trades,
/// quotes or bars give a degraded output built from what exists (docs/liquidity-engine.md).
/// </summary>
public sealed class LiquidityEngine : IEngine
{
    private readonly IMarketDataSource _data;
    private readonly IOffExchangeVolumeSource? _darkPool;
    private readonly LiquidityEngineOptions _options;

    public LiquidityEngine(IMarketDataSource data, LiquidityEngineOptions? options = null, IOffExchangeVolumeSource? darkPool = null)
    {
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _options = options ?? new LiquidityEngineOptions();
        _options.Validate();
        _darkPool = darkPool;
    }

    public EngineKind Kind => EngineKind.Liquidity;

    public IReadOnlyList<EngineKind> DependsOn { get; } = [];

    public async Task<EngineOutput> RunAsync(
        string symbol,
        DateTimeOffset asOf,
        IReadOnlyDictionary<EngineKind, EngineOutput> upstream,
        CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>();
        var from = asOf - _options.TradeLookback;
        // Calendar days generous enough to hold the trading days of the Amihud window plus its baseline.
        var barsFrom = asOf.AddDays(-Math.Ceiling((_options.AmihudBars + _options.AmihudBaselineBars + 1) * 1.5 + 10));

        // The sources are asked concurrently (in a distributed run each answer is a captured item to store or download);
        // their errors are noted afterwards, in this fixed order.
        var barsTask = Fetch(() => _data.GetBarsAsync(symbol, BarInterval.Daily, barsFrom, asOf, cancellationToken), cancellationToken);
        var tradesTask = Fetch(() => _data.GetTradesAsync(symbol, from, asOf, cancellationToken), cancellationToken);
        var quotesTask = Fetch(() => _data.GetQuotesAsync(symbol, from, asOf, cancellationToken), cancellationToken);
        var darkTask = _darkPool is null
            ? Task.FromResult<(double?, string?)>((null, null))
            : Fetch(() => _darkPool.GetOffExchangeShareAsync(symbol, from, asOf, cancellationToken), cancellationToken);
        await Task.WhenAll(barsTask, tradesTask, quotesTask, darkTask).ConfigureAwait(false);
        var (bars, barsError) = await barsTask.ConfigureAwait(false);
        var (trades, tradesError) = await tradesTask.ConfigureAwait(false);
        var (quotes, quotesError) = await quotesTask.ConfigureAwait(false);
        var (darkShare, darkError) = await darkTask.ConfigureAwait(false);
        foreach (var (what, error) in new[] { ("bars", barsError), ("trades", tradesError), ("quotes", quotesError), ("dark_pool", darkError) })
        {
            if (error is not null)
            {
                metadata[what + "_error"] = error;
            }
        }

        var barSpan = InOrder(bars, b => b.Timestamp, asOf, out var lateBars);
        var tradeSpan = InOrder(trades, t => t.Timestamp, asOf, out var lateTrades);
        var quoteSpan = InOrder(quotes, q => q.Timestamp, asOf, out var lateQuotes);
        if (lateBars + lateTrades + lateQuotes > 0)
        {
            metadata["dropped_after_as_of"] = (lateBars + lateTrades + lateQuotes).ToString(CultureInfo.InvariantCulture);
        }

        var measures = LiquidityCalculator.Compute(barSpan, tradeSpan, quoteSpan, _options);
        return Build(symbol, asOf, measures, darkShare, metadata);
    }

    /// <summary>The source's answer, or the default with "ExceptionType: message" when it threw (the engine degrades).</summary>
    private static async Task<(T? Value, string? Error)> Fetch<T>(Func<Task<T>> fetch, CancellationToken cancellationToken)
    {
        try
        {
            return (await fetch().ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (default, ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>The items as a span in ascending time order with anything stamped after <paramref name="asOf"/> removed.</summary>
    private static ReadOnlySpan<T> InOrder<T>(IReadOnlyList<T>? items, Func<T, DateTimeOffset> time, DateTimeOffset asOf, out int late)
    {
        late = 0;
        if (items is null || items.Count == 0)
        {
            return [];
        }
        ReadOnlySpan<T> span = items switch
        {
            T[] array => array,
            List<T> list => CollectionsMarshal.AsSpan(list),
            _ => items.ToArray(),
        };
        var sorted = true;
        for (var i = 0; i < span.Length; i++)
        {
            var ts = time(span[i]);
            if (ts > asOf)
            {
                late++;
            }
            if (i > 0 && ts < time(span[i - 1]))
            {
                sorted = false;
            }
        }
        if (sorted && late == 0)
        {
            return span;
        }
        var copy = new List<T>(span.Length);
        foreach (var item in span)
        {
            if (time(item) <= asOf)
            {
                copy.Add(item);
            }
        }
        return copy.OrderBy(time).ToArray(); // stable: equal stamps keep the source order
    }

    private EngineOutput Build(string symbol, DateTimeOffset asOf, LiquidityMeasures m, double? darkShare, Dictionary<string, string> metadata)
    {
        var features = new Dictionary<string, double>();
        void Put(string name, double? value)
        {
            if (value is { } v && double.IsFinite(v))
            {
                features[name] = v;
            }
        }

        Put(F.SpotPrice, m.SpotPrice);
        Put(F.AmihudIlliquidity, m.AmihudIlliquidity);
        Put(F.AmihudRatio, m.AmihudRatio);
        Put(F.AdvUsd, m.AdvUsd);
        Put(F.AdvShares, m.AdvShares);
        Put(F.AvgSpreadBps, m.AvgSpreadBps);
        Put(F.EffectiveSpreadBps, m.EffectiveSpreadBps);
        Put(F.DarkPoolIntensity, darkShare is { } d ? Math.Clamp(d, 0, 1) : null);
        if (m.TradeCount > 0)
        {
            Put(F.TradeCount, m.TradeCount);
            Put(F.SessionVolume, m.SessionVolume);
            Put(F.BuyVolume, m.BuyVolume);
            Put(F.SellVolume, m.SellVolume);
            Put(F.ClassifiedVolumeShare, m.ClassifiedVolumeShare);
            Put(F.Ofi, m.Ofi);
        }
        if (m.Kyle is { } kyle)
        {
            Put(F.KyleLambda, kyle.Lambda);
            Put(F.KyleLambdaTStat, kyle.TStat);
            Put(F.KyleLambdaR2, kyle.RSquared);
            Put(F.KyleImpactBpsPer1PctAdv, m.KyleImpactBpsPer1PctAdv);
            metadata["kyle_intervals"] = kyle.Intervals.ToString(CultureInfo.InvariantCulture);
        }
        if (m.Profile is { } profile && m.SpotPrice is { } spot)
        {
            Put(F.PocPrice, profile.PocPrice);
            Put(F.ValueAreaHigh, profile.ValueAreaHigh);
            Put(F.ValueAreaLow, profile.ValueAreaLow);
            Put(F.VolumeMagnetScore, VolumeProfile.ProximityScore(profile.HighVolumeNodes, spot, _options.NodeProximityFraction));
            Put(F.LiquidityVoidScore, VolumeProfile.ProximityScore(profile.LowVolumeNodes, spot, _options.NodeProximityFraction));
            PutLevel(features, F.MagnetAbove, F.MagnetAboveDistancePct, VolumeProfile.Nearest(profile.HighVolumeNodes, spot, above: true), spot);
            PutLevel(features, F.MagnetBelow, F.MagnetBelowDistancePct, VolumeProfile.Nearest(profile.HighVolumeNodes, spot, above: false), spot);
            PutLevel(features, F.VoidAbove, F.VoidAboveDistancePct, VolumeProfile.Nearest(profile.LowVolumeNodes, spot, above: true), spot);
            PutLevel(features, F.VoidBelow, F.VoidBelowDistancePct, VolumeProfile.Nearest(profile.LowVolumeNodes, spot, above: false), spot);
            metadata["profile_bucket_width"] = profile.Width.ToString("R", CultureInfo.InvariantCulture);
            metadata["profile_buckets"] = profile.Volumes.Count.ToString(CultureInfo.InvariantCulture);
        }

        metadata["trades_used"] = m.TradeCount.ToString(CultureInfo.InvariantCulture);
        metadata["trades_dropped"] = m.DroppedTrades.ToString(CultureInfo.InvariantCulture);
        metadata["quotes_used"] = m.QuoteCount.ToString(CultureInfo.InvariantCulture);
        metadata["quotes_dropped"] = m.DroppedQuotes.ToString(CultureInfo.InvariantCulture);
        metadata["bars_used"] = m.BarsUsed.ToString(CultureInfo.InvariantCulture);
        if (m.SessionVolume > 0)
        {
            metadata["side_source"] = SideSource(m);
        }
        metadata["dark_pool"] = darkShare is null ? "unavailable" : "provided";

        var missing = new List<string>();
        if (m.TradeCount == 0)
        {
            missing.Add("missing_trades");
        }
        if (m.QuoteCount == 0)
        {
            missing.Add("missing_quotes");
        }
        if (m.BarsUsed == 0)
        {
            missing.Add("missing_bars");
        }
        if (missing.Count == 3)
        {
            metadata[EngineOutput.DegradedKey] = "no_data";
            return new EngineOutput(EngineKind.Liquidity, symbol, asOf, features, 0.0, null, metadata);
        }
        if (missing.Count > 0)
        {
            metadata[EngineOutput.DegradedKey] = string.Join('+', missing);
        }
        return new EngineOutput(EngineKind.Liquidity, symbol, asOf, features, Confidence(m), Regime(m), metadata);
    }

    private static void PutLevel(Dictionary<string, double> features, string level, string distance, ProfileNode? node, double spot)
    {
        if (node is { } n)
        {
            features[level] = n.Price;
            features[distance] = Math.Abs(n.Price - spot) / spot * 100;
        }
    }

    private static string SideSource(LiquidityMeasures m) =>
        string.Create(CultureInfo.InvariantCulture,
            $"reported={m.ReportedSideVolume / m.SessionVolume:0.###};quote_rule={m.QuoteRuleVolume / m.SessionVolume:0.###};tick_rule={m.TickRuleVolume / m.SessionVolume:0.###}");

    /// <summary>
    /// Regime rules, first match wins: one-sided flow (|ofi| >= OneSidedOfi with enough classified volume); thin liquidity
    /// (any available of spread, impact, Amihud ratio at or beyond its thin threshold); high liquidity (spread or impact
    /// available and every available measure at or within its high-liquidity threshold); otherwise normal.
    /// </summary>
    internal string Regime(LiquidityMeasures m)
    {
        var o = _options;
        if (m.Ofi is { } ofi && Math.Abs(ofi) >= o.OneSidedOfi && (m.ClassifiedVolumeShare ?? 0) >= o.MinClassifiedShare)
        {
            return LiquidityRegimes.OneSidedFlow;
        }
        var spread = m.AvgSpreadBps ?? m.EffectiveSpreadBps;
        var impact = m.Kyle is { TStat: >= 2 } ? m.KyleImpactBpsPer1PctAdv : null;
        if (spread >= o.ThinSpreadBps || impact >= o.ThinImpactBps || m.AmihudRatio >= o.ThinAmihudRatio)
        {
            return LiquidityRegimes.ThinLiquidity;
        }
        var microstructureKnown = spread is not null || impact is not null;
        if (microstructureKnown
            && (spread is null || spread <= o.HighLiquiditySpreadBps)
            && (impact is null || impact <= o.HighLiquidityImpactBps)
            && (m.AmihudRatio is null || m.AmihudRatio <= o.HighLiquidityAmihudRatio))
        {
            return LiquidityRegimes.HighLiquidity;
        }
        return LiquidityRegimes.Normal;
    }

    /// <summary>
    /// Confidence = product of: 0.5 without trades, 0.8 without quotes, 0.8 without bars; trade sample
    /// <c>min(1, trades / MinTradesForFullConfidence)</c> mapped to [0.5, 1]; Kyle fit quality
    /// <c>q = min(1, |t| / 2) * (0.5 + 0.5 R^2)</c> mapped to <c>0.6 + 0.4 q</c> (0.6 when lambda cannot be estimated);
    /// and the classified share of volume mapped to [0.7, 1].
    /// </summary>
    internal double Confidence(LiquidityMeasures m)
    {
        var c = 1.0;
        if (m.TradeCount == 0)
        {
            c *= 0.5;
        }
        else
        {
            c *= 0.5 + 0.5 * Math.Min(1.0, (double)m.TradeCount / _options.MinTradesForFullConfidence);
            c *= 0.7 + 0.3 * (m.ClassifiedVolumeShare ?? 0);
            c *= m.Kyle is { } k ? 0.6 + 0.4 * Math.Min(1, Math.Abs(k.TStat) / 2) * (0.5 + 0.5 * k.RSquared) : 0.6;
        }
        if (m.QuoteCount == 0)
        {
            c *= 0.8;
        }
        if (m.BarsUsed == 0)
        {
            c *= 0.8;
        }
        return Math.Clamp(c, 0, 1);
    }
}
