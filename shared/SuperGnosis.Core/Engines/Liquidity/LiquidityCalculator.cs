using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Engines.Liquidity;

/// <summary>
/// The liquidity measures from daily bars, trades and quotes (formulas in docs/liquidity-engine.md). Trades and quotes
/// must be in ascending time order (<see cref="LiquidityEngine"/> sorts them when a source does not). Trades are
/// processed in a single pass that merges in the quotes, classifies sides, accumulates the order flow, the volume
/// profile, the effective spread and the per-interval series for Kyle's lambda.
/// </summary>
internal static class LiquidityCalculator
{
    public static LiquidityMeasures Compute(
        ReadOnlySpan<Bar> dailyBars,
        ReadOnlySpan<Trade> trades,
        ReadOnlySpan<Quote> quotes,
        LiquidityEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var m = new LiquidityMeasures();
        ComputeAmihud(dailyBars, options, m);
        ComputeQuotedSpread(quotes, m);
        ProcessTrades(trades, quotes, options, m);

        m.SpotPrice ??= LastValidMid(quotes) ?? LastValidClose(dailyBars);
        var advShares = m.AdvShares ?? (m.SessionVolume > 0 ? m.SessionVolume : null);
        if (m.Kyle is { } kyle && advShares is { } adv && m.SpotPrice is { } spot)
        {
            m.KyleImpactBpsPer1PctAdv = kyle.Lambda * 0.01 * adv / spot * 1e4;
        }
        return m;
    }

    /// <summary>Usable daily bar for Amihud: positive finite close and volume.</summary>
    private static bool UsableBar(in Bar b) => double.IsFinite(b.Close) && b.Close > 0 && double.IsFinite(b.Volume) && b.Volume >= 0;

    private static void ComputeAmihud(ReadOnlySpan<Bar> bars, LiquidityEngineOptions options, LiquidityMeasures m)
    {
        // Daily ratios |r_t| / (C_t V_t) for t with a previous close; the last AmihudBars form the window,
        // the AmihudBaselineBars before them the baseline.
        Span<double> ratio = bars.Length <= 512 ? stackalloc double[bars.Length] : new double[bars.Length];
        Span<double> dollarVolume = bars.Length <= 512 ? stackalloc double[bars.Length] : new double[bars.Length];
        Span<double> shares = bars.Length <= 512 ? stackalloc double[bars.Length] : new double[bars.Length];
        var count = 0;
        double? previousClose = null;
        foreach (var bar in bars)
        {
            if (!UsableBar(bar))
            {
                previousClose = null;
                continue;
            }
            var dv = bar.Close * bar.Volume;
            if (previousClose is { } pc && dv > 0)
            {
                ratio[count] = Math.Abs(bar.Close / pc - 1) / dv;
                dollarVolume[count] = dv;
                shares[count] = bar.Volume;
                count++;
            }
            previousClose = bar.Close;
        }
        if (count == 0)
        {
            return;
        }
        var window = Math.Min(options.AmihudBars, count);
        var start = count - window;
        double sumRatio = 0, sumDv = 0, sumShares = 0;
        for (var i = start; i < count; i++)
        {
            sumRatio += ratio[i];
            sumDv += dollarVolume[i];
            sumShares += shares[i];
        }
        m.BarsUsed = window;
        m.AmihudIlliquidity = sumRatio / window * 1e6;
        m.AdvUsd = sumDv / window;
        m.AdvShares = sumShares / window;
        var baselineStart = Math.Max(0, start - options.AmihudBaselineBars);
        var baselineCount = start - baselineStart;
        if (baselineCount >= Math.Min(5, options.AmihudBaselineBars))
        {
            var baseline = 0.0;
            for (var i = baselineStart; i < start; i++)
            {
                baseline += ratio[i];
            }
            baseline /= baselineCount;
            if (baseline > 0)
            {
                m.AmihudRatio = sumRatio / window * 1e6 / (baseline * 1e6);
            }
        }
    }

    private static bool ValidQuote(in Quote q) =>
        double.IsFinite(q.Bid) && double.IsFinite(q.Ask) && q.Bid > 0 && q.Ask >= q.Bid;

    private static void ComputeQuotedSpread(ReadOnlySpan<Quote> quotes, LiquidityMeasures m)
    {
        double sum = 0;
        var valid = 0;
        foreach (var q in quotes)
        {
            if (!ValidQuote(q))
            {
                continue;
            }
            sum += (q.Ask - q.Bid) / q.Mid * 1e4;
            valid++;
        }
        m.QuoteCount = valid;
        m.DroppedQuotes = quotes.Length - valid;
        if (valid > 0)
        {
            m.AvgSpreadBps = sum / valid;
        }
    }

    private static double? LastValidMid(ReadOnlySpan<Quote> quotes)
    {
        for (var i = quotes.Length - 1; i >= 0; i--)
        {
            if (ValidQuote(quotes[i]))
            {
                return quotes[i].Mid;
            }
        }
        return null;
    }

    private static double? LastValidClose(ReadOnlySpan<Bar> bars)
    {
        for (var i = bars.Length - 1; i >= 0; i--)
        {
            if (double.IsFinite(bars[i].Close) && bars[i].Close > 0)
            {
                return bars[i].Close;
            }
        }
        return null;
    }

    private static void ProcessTrades(ReadOnlySpan<Trade> trades, ReadOnlySpan<Quote> quotes, LiquidityEngineOptions options, LiquidityMeasures m)
    {
        VolumeProfileBuilder? profile = null;
        var kyle = new KyleAccumulator(options.KyleInterval.Ticks);
        double buy = 0, sell = 0, volume = 0, reported = 0, byQuote = 0, byTick = 0;
        double effectiveWeighted = 0, effectiveVolume = 0;
        var quoteIndex = 0;
        var haveQuote = false;
        double bid = 0, ask = 0;
        var lastPrice = 0.0;
        var tickSign = 0;
        var used = 0;
        foreach (var t in trades)
        {
            if (!(double.IsFinite(t.Price) && t.Price > 0 && double.IsFinite(t.Size) && t.Size > 0))
            {
                continue;
            }
            used++;
            var ticks = t.Timestamp.UtcTicks;

            // Quote in force: the last valid quote stamped strictly before the trade.
            while (quoteIndex < quotes.Length && quotes[quoteIndex].Timestamp.UtcTicks < ticks)
            {
                ref readonly var q = ref quotes[quoteIndex];
                if (ValidQuote(q))
                {
                    bid = q.Bid;
                    ask = q.Ask;
                    haveQuote = true;
                }
                quoteIndex++;
            }

            // Tick rule state: sign of the last non-zero price change (zero ticks inherit it).
            if (lastPrice > 0 && t.Price != lastPrice)
            {
                tickSign = t.Price > lastPrice ? 1 : -1;
            }
            lastPrice = t.Price;

            var sign = 0;
            if (t.Side != AggressorSide.Unknown)
            {
                sign = (int)t.Side;
                reported += t.Size;
            }
            else if (haveQuote)
            {
                var mid = 0.5 * (bid + ask);
                sign = t.Price > mid ? 1 : t.Price < mid ? -1 : tickSign;
                if (t.Price != mid)
                {
                    byQuote += t.Size;
                }
                else if (sign != 0)
                {
                    byTick += t.Size;
                }
            }
            else
            {
                sign = tickSign;
                if (sign != 0)
                {
                    byTick += t.Size;
                }
            }

            if (haveQuote)
            {
                var mid = 0.5 * (bid + ask);
                effectiveWeighted += 2 * Math.Abs(t.Price - mid) / mid * t.Size;
                effectiveVolume += t.Size;
            }

            volume += t.Size;
            if (sign > 0)
            {
                buy += t.Size;
            }
            else if (sign < 0)
            {
                sell += t.Size;
            }
            profile ??= new VolumeProfileBuilder(options.BucketFraction * t.Price);
            profile.Add(t.Price, t.Size);
            kyle.Add(ticks, t.Price, sign * t.Size);
        }

        m.TradeCount = used;
        m.DroppedTrades = trades.Length - used;
        if (used == 0)
        {
            return;
        }
        m.SpotPrice = lastPrice;
        m.SessionVolume = volume;
        m.BuyVolume = buy;
        m.SellVolume = sell;
        m.ReportedSideVolume = reported;
        m.QuoteRuleVolume = byQuote;
        m.TickRuleVolume = byTick;
        m.ClassifiedVolumeShare = (buy + sell) / volume;
        if (buy + sell > 0)
        {
            m.Ofi = (buy - sell) / (buy + sell);
        }
        if (effectiveVolume > 0)
        {
            m.EffectiveSpreadBps = effectiveWeighted / effectiveVolume * 1e4;
        }
        m.Kyle = kyle.Fit(options.MinKyleIntervals);
        var built = profile!.Build()!;
        built.Analyze(options.ValueAreaShare, options.HighVolumeNodeMultiple, options.LowVolumeNodeMultiple);
        m.Profile = built;
    }
}
