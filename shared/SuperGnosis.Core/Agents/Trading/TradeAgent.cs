using System.Globalization;
using System.Text;
using SuperGnosis.Core.Agents.Trading.Strategies;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Indicators;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// The ideas of one run plus the reasons behind what was (not) generated. <see cref="Outcome"/> is
/// <see cref="StageOutcome.Failed"/> when the option chain could not be fetched (no idea could be built) and
/// <see cref="StageOutcome.Degraded"/> when an optional input failed (daily bars: realized vol unknown);
/// <see cref="Reason"/> then says which input and why. "No feasible idea" on good inputs is ok, with notes.
/// </summary>
public sealed record TradeAgentResult(
    IReadOnlyList<TradeIdea> Ideas,
    IReadOnlyList<string> Notes,
    VolatilityView? Volatility,
    ChainFilterReport? Filter,
    StageOutcome Outcome = StageOutcome.Ok,
    string? Reason = null);

/// <summary>
/// Trade Agent v1: turns the composite suggestion and the live chain into priced <see cref="TradeIdea"/>s
/// (docs/trade-agent.md). Stateless about open positions: the same inputs always give the same ideas.
/// </summary>
public sealed class TradeAgent : ITradeAgent
{
    public const string Layer = "trade";
    public const string HorizonDays = "horizon_days";

    private readonly IOptionsChainSource _chains;
    private readonly IMarketDataSource? _marketData;
    private readonly TradeAgentOptions _options;

    public TradeAgent(IOptionsChainSource chains, IMarketDataSource? marketData = null, TradeAgentOptions? options = null)
    {
        _chains = chains ?? throw new ArgumentNullException(nameof(chains));
        _marketData = marketData;
        _options = options ?? new TradeAgentOptions();
    }

    public TradeAgentOptions Options => _options;

    /// <summary>The ideas; throws <see cref="InvalidOperationException"/> with the reason when the chain could not be fetched.</summary>
    public async Task<IReadOnlyList<TradeIdea>> GenerateIdeasAsync(Suggestion composite, StandardSnapshot snapshot, RunContext run, CancellationToken cancellationToken)
    {
        var result = await AnalyzeAsync(composite, snapshot, run, cancellationToken).ConfigureAwait(false);
        return result.Outcome == StageOutcome.Failed ? throw new InvalidOperationException(result.Reason) : result.Ideas;
    }

    /// <summary>The ideas with the typed outcome of <see cref="AnalyzeAsync"/> (what the pipeline records).</summary>
    public async Task<TradeStageResult> ProduceIdeasAsync(Suggestion composite, StandardSnapshot snapshot, RunContext run, CancellationToken cancellationToken)
    {
        var result = await AnalyzeAsync(composite, snapshot, run, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            StageOutcome.Failed => TradeStageResult.Failed(result.Reason!),
            StageOutcome.Degraded => TradeStageResult.Degraded(result.Ideas, result.Reason!),
            _ => TradeStageResult.Ok(result.Ideas),
        };
    }

    /// <summary>Fetches the chain (and daily bars for realized vol when a market-data source is given) and generates ideas.</summary>
    public async Task<TradeAgentResult> AnalyzeAsync(Suggestion composite, StandardSnapshot snapshot, RunContext run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        OptionChain chain;
        try
        {
            chain = await _chains.GetChainAsync(run.Symbol, run.AsOf, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = $"option chain unavailable: {ex.GetType().Name}: {ex.Message}";
            return new TradeAgentResult([], [reason], null, null, StageOutcome.Failed, reason);
        }
        var notes = new List<string>();
        var (realized, barsFailure) = await RealizedVolAsync(run, notes, cancellationToken).ConfigureAwait(false);
        var result = Generate(composite, snapshot, run, chain, realized);
        if (barsFailure is not null)
        {
            result = result with { Outcome = StageOutcome.Degraded, Reason = barsFailure };
        }
        return notes.Count == 0 ? result : result with { Notes = [.. notes, .. result.Notes] };
    }

    /// <summary>Generates ideas from a chain already in hand; <paramref name="realizedVol"/> is annualized (null when unknown).</summary>
    public TradeAgentResult Generate(Suggestion composite, StandardSnapshot snapshot, RunContext run, OptionChain? chain, double? realizedVol)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(run);
        var notes = new List<string>();
        if (chain is null || chain.IsEmpty)
        {
            return new TradeAgentResult([], ["option chain is empty: no idea"], null, null);
        }
        var spot = SpotOf(chain, snapshot);
        if (spot is not { } s)
        {
            return new TradeAgentResult([], ["no valid underlying price (chain, hedge spot or liquidity spot_price): no idea"], null, null);
        }
        var view = ChainView.Build(chain, s, run.AsOf, _options);
        var primary = view.Primary(_options, _options.TargetDte);
        if (primary is null)
        {
            return new TradeAgentResult([], [$"no usable quotes in the {_options.MinDte}-{_options.MaxDte} DTE window after filters ({view.Report}): no idea"], null, view.Report);
        }
        var atmIv = double.IsFinite(primary.AtmIv) ? primary.AtmIv
            : snapshot.Hedge.TryGetValue(HedgeFeatureNames.AtmIv, out var iv) ? iv : double.NaN;
        var vol = VolatilityView.Assess(atmIv, realizedVol, composite.Tags, _options);
        var back = view.BackOf(primary, _options);
        var inverted = back is not null && double.IsFinite(back.AtmIv) && primary.AtmIv > back.AtmIv;
        var plan = StrategyPlanner.Plan(composite, vol.State, inverted, _options, notes);

        var sigma = atmIv > 0 ? atmIv : _options.FallbackVolatility;
        var horizonDays = composite.Forecast.TryGetValue(HorizonDays, out var h) && h > 0 ? h : _options.DefaultHorizonDays;
        var horizonYears = horizonDays / 365;
        var context = new StrategyContext(view, primary, _options);
        var ideas = new List<TradeIdea>();
        foreach (var planned in plan)
        {
            if (ideas.Count >= _options.MaxIdeas)
            {
                break;
            }
            var legs = planned.Strategy.SelectLegs(context);
            if (legs.Legs is not { } selected)
            {
                notes.Add($"{planned.Strategy.Name} not built: {legs.Failure}");
                continue;
            }
            // A loss can only be unbounded as S -> infinity (S >= 0 bounds the downside): it is priced at the
            // upward stress move spot * exp(k sigma sqrt(h)).
            var stress = s * Math.Exp(_options.StressSigmas * sigma * Math.Sqrt(horizonYears));
            var economics = TradeEconomics.Evaluate(selected, s, sigma, horizonYears, stress, _options);
            ideas.Add(BuildIdea(composite, snapshot, run, ideas.Count, planned, selected, economics, vol, s, stress));
        }
        if (ideas.Count == 0 && plan.Count > 0)
        {
            notes.Add("no planned strategy was feasible on this chain: no idea");
        }
        return new TradeAgentResult(ideas, notes, vol, view.Report);
    }

    private TradeIdea BuildIdea(Suggestion composite, StandardSnapshot snapshot, RunContext run, int index, PlannedStrategy planned,
        IReadOnlyList<PricedLeg> legs, TradeEconomics economics, VolatilityView vol, double spot, double stress)
    {
        var strategy = planned.Strategy;
        var summary = economics.Summary;
        var scale = planned.Small ? _options.SmallStructureRiskScale : 1;
        var units = PositionSizing.Units(summary.MaxLoss, summary.LossUnbounded, _options, scale);
        var (target, stop, exitBasis) = ExitLevels.Compute(strategy.Side, spot, composite.Forecast, snapshot.Hedge);
        var quality = LiquidityQuality(legs);
        var confidence = Math.Clamp(composite.Confidence * quality, 0, 1);
        var g = economics.Greeks;
        var inv = CultureInfo.InvariantCulture;

        var tags = new List<string> { strategy.Name, summary.Cost >= 0 ? "debit" : "credit", vol.Tag };
        if (planned.Hinted)
        {
            tags.Add("hinted");
        }
        if (planned.Small)
        {
            tags.Add("small");
        }
        if (summary.LossUnbounded)
        {
            tags.Add("unbounded_loss");
        }
        if (economics.IsCalendar)
        {
            tags.Add("calendar_valuation_bsm_sticky_strike");
        }
        tags.Add(string.Format(inv, "mid_cost={0:0.00}", economics.MidCost));
        tags.Add(string.Format(inv, "pop={0:0.000}", economics.ProbabilityOfProfit));
        tags.Add(string.Format(inv, "net_delta={0:0.00}", g.Delta));
        tags.Add(string.Format(inv, "net_gamma={0:0.0000}", g.Gamma));
        tags.Add(string.Format(inv, "net_vega={0:0.00}", g.Vega));
        tags.Add(string.Format(inv, "net_theta={0:0.00}", g.Theta));
        tags.Add(string.Format(inv, "quality={0:0.000}", quality));

        var text = new StringBuilder();
        text.Append(inv, $"{strategy.Name} for a {composite.Action.ToString().ToLowerInvariant()} composite (confidence {composite.Confidence:0.###}); spot {spot:0.00}. Legs: ");
        text.AppendJoin("; ", legs.Select(l => DescribeLeg(l, inv)));
        text.Append(inv, $". Natural cost {summary.Cost:0.00} per unit (mid {economics.MidCost:0.00}); ");
        text.Append(summary.LossUnbounded
            ? string.Format(inv, "loss unbounded, {0:0.00} at the stress price {1:0.00}; ", summary.MaxLoss, stress)
            : string.Format(inv, "max loss {0:0.00}; ", summary.MaxLoss));
        text.Append(summary.MaxProfit is { } mp ? string.Format(inv, "max profit {0:0.00}; ", mp) : "max profit unbounded; ");
        text.Append("breakevens ").Append(summary.Breakevens.Count == 0 ? "none" : string.Join(", ", summary.Breakevens.Select(b => b.ToString("0.00", inv)))).Append("; ");
        text.Append(inv, $"P(profit) {economics.ProbabilityOfProfit:0.0%} (lognormal, ATM IV, {economics.ValuationYears * 365:0.#} days). ");
        text.Append(inv, $"Net delta {g.Delta:0.00} sh, gamma {g.Gamma:0.0000} sh/$, vega {g.Vega:0.00}/vol pt, theta {g.Theta:0.00}/day. ");
        text.Append(vol.Ratio is { } r
            ? string.Format(inv, "ATM IV {0:0.0%} vs realized {1:0.0%} (ratio {2:0.00}): {3}", vol.AtmIv, vol.RealizedVol, r, vol.Tag)
            : string.Format(inv, "ATM IV {0:0.0%}, no realized vol: {1}", vol.AtmIv, vol.Tag));
        text.Append(vol.FromTag ? " (from composite tag). " : ". ");
        text.Append(inv, $"Size {units} unit(s) = floor({_options.RiskFraction * scale:0.####} x {_options.AccountEquity:0} / max loss)");
        text.Append(summary.LossUnbounded && !_options.AllowUnboundedLoss ? ", 0 because the loss is unbounded. " : ". ");
        text.Append(exitBasis).Append(inv, $". Confidence = composite x liquidity quality {quality:0.000}.");

        return new TradeIdea(
            RunIds.ForArtifact(run.RunId, Layer, index), run.Symbol, strategy.Name, strategy.Side,
            [.. legs.Select(l => l.ToTradeLeg())], summary.Cost, summary.MaxLoss, summary.MaxProfit, summary.Breakevens,
            target, stop, units, confidence, text.ToString(), tags);
    }

    /// <summary>1 - 0.5 x (widest leg spread / maximum allowed spread): 1 for zero-width quotes, 0.5 at the filter limit.</summary>
    private double LiquidityQuality(IReadOnlyList<PricedLeg> legs)
    {
        var widest = legs.Where(l => l.IsOption).Select(l => l.SpreadPctOfMid).DefaultIfEmpty(0).Max();
        return Math.Clamp(1 - (0.5 * widest / _options.MaxSpreadPctOfMid), 0.5, 1);
    }

    private static string DescribeLeg(PricedLeg leg, CultureInfo inv) => leg.IsOption
        ? string.Format(inv, "{0} {1} {2} {3:0.##} {4:yyyy-MM-dd} @ {5:0.00} (mid {6:0.00}, IV {7:0.0%}, delta {8:0.00})",
            leg.Direction == LegDirection.Buy ? "buy" : "sell", leg.Qty, leg.Instrument == InstrumentType.Call ? "C" : "P",
            leg.Strike, leg.Expiry, leg.Fill, leg.Mid, leg.ImpliedVol, leg.Delta)
        : string.Format(inv, "{0} {1} shares @ {2:0.00} (hypothetical fill at the underlying price)",
            leg.Direction == LegDirection.Buy ? "buy" : "sell short", leg.Qty, leg.Fill);

    /// <summary>The chain's underlying price, else the snapshot's hedge spot, else the liquidity spot_price.</summary>
    private static double? SpotOf(OptionChain chain, StandardSnapshot snapshot)
    {
        if (chain.UnderlyingPrice > 0 && double.IsFinite(chain.UnderlyingPrice))
        {
            return chain.UnderlyingPrice;
        }
        if (snapshot.Hedge.TryGetValue(HedgeFeatureNames.Spot, out var h) && h > 0)
        {
            return h;
        }
        return snapshot.Liquidity.TryGetValue(LiquidityFeatureNames.SpotPrice, out var l) && l > 0 ? l : null;
    }

    /// <summary>
    /// 20-day close-to-close realized vol from daily bars up to as-of; null (with a note) when unavailable, and then
    /// also the failure when the bars source threw.
    /// </summary>
    private async Task<(double? Vol, string? Failure)> RealizedVolAsync(RunContext run, List<string> notes, CancellationToken cancellationToken)
    {
        if (_marketData is null)
        {
            return (null, null);
        }
        var from = run.AsOf.AddDays(-Math.Ceiling((_options.RealizedVolDays * 1.6) + 15));
        IReadOnlyList<Bar> bars;
        try
        {
            bars = await _marketData.GetBarsAsync(run.Symbol, BarInterval.Daily, from, run.AsOf, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = $"daily bars unavailable ({ex.GetType().Name}: {ex.Message}): realized vol unknown";
            notes.Add(failure);
            return (null, failure);
        }
        // A gap that looks like an unrecorded split is kept out of the realized volatility (SplitSuspicion).
        var ordered = bars.Where(b => b.Timestamp <= run.AsOf && b.Close > 0 && double.IsFinite(b.Close) && b.Open > 0 && double.IsFinite(b.Open))
            .OrderBy(b => b.Timestamp).ToArray();
        var closes = SplitSuspicion.WithoutSuspectGaps(ordered, out var suspects).Select(b => b.Close).ToArray();
        if (!suspects.IsEmpty)
        {
            notes.Add($"suspected unrecorded split(s) {string.Join(", ", suspects)}: gap kept out of realized vol");
        }
        var rv = closes.Length > _options.RealizedVolDays ? RealizedVolatility.CloseToClose(closes, _options.RealizedVolDays)[^1] : null;
        if (rv is not > 0)
        {
            notes.Add($"fewer than {_options.RealizedVolDays + 1} daily closes: realized vol unknown");
            return (null, null);
        }
        return (rv, null);
    }
}
