using System.Globalization;
using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Core.Ledger;

/// <summary>
/// Conventions of <see cref="LedgerMetrics"/> (docs/metrics.md): the capital the returns are measured on, the annual
/// risk-free rate, and the number of periods per year (inferred from the record spacing when null).
/// </summary>
public sealed record LedgerMetricsOptions
{
    /// <summary>Equity before the first record, in the underlying's currency (the trade agent's default account equity).</summary>
    public double InitialEquity { get; init; } = 100_000;

    /// <summary>Annual risk-free rate as a simple fraction; the per-period rate is this divided by the periods per year.</summary>
    public double RiskFreeRate { get; init; }

    /// <summary>Periods per year for annualisation; null infers it from the median spacing of the periods (docs/metrics.md).</summary>
    public double? PeriodsPerYear { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when a value is unusable.</summary>
    public LedgerMetricsOptions Validated()
    {
        if (!double.IsFinite(InitialEquity) || InitialEquity <= 0)
        {
            throw new ArgumentException($"initial_equity must be a positive number (got {InitialEquity})", "initial_equity");
        }
        if (!double.IsFinite(RiskFreeRate) || RiskFreeRate is < -1 or > 1)
        {
            throw new ArgumentException($"risk_free_rate must be an annual fraction in [-1, 1] (got {RiskFreeRate})", "risk_free_rate");
        }
        if (PeriodsPerYear is { } p && (!double.IsFinite(p) || p <= 0))
        {
            throw new ArgumentException($"periods_per_year must be positive (got {p})", "periods_per_year");
        }
        return this;
    }
}

/// <summary>How the ledger's runs went, independent of profit: counts, stances, degraded engines, failed stages.</summary>
public sealed record LedgerActivity(
    int Runs,
    int Symbols,
    int TradeIdeas,
    double TradeIdeasPerRun,
    double RunsWithIdeasRate,
    IReadOnlyDictionary<string, int> Stances,
    double MeanCompositeConfidence,
    double DegradedRunRate,
    IReadOnlyDictionary<string, double> EngineDegradedRates,
    IReadOnlyDictionary<string, int> StageFailures);

/// <summary>Closed-trade figures of one group (a strategy, or the records a layer agreed / disagreed with).</summary>
public sealed record TradeGroupStats(int Trades, int Wins, double Pnl)
{
    /// <summary>Wins / trades; null without trades.</summary>
    public double? HitRate => Trades == 0 ? null : (double)Wins / Trades;

    /// <summary>Pnl / trades; null without trades.</summary>
    public double? AvgPnl => Trades == 0 ? null : Pnl / Trades;
}

/// <summary>
/// Attribution of closed-trade P&amp;L to one primary layer (docs/metrics.md, "Attribution"): the trades where the layer
/// gave a suggestion, split by whether its action equalled the composite action, and its confidence share of the P&amp;L
/// of the trades it agreed with.
/// </summary>
public sealed record LayerAttribution(string Layer, TradeGroupStats Agreed, TradeGroupStats Dissented, double AttributedPnl)
{
    public int Trades => Agreed.Trades + Dissented.Trades;

    /// <summary>Agreed trades / trades; null without trades.</summary>
    public double? AgreementRate => Trades == 0 ? null : (double)Agreed.Trades / Trades;
}

/// <summary>The figures of <see cref="LedgerMetrics.Compute"/>; a null figure is undefined for the data (docs/metrics.md lists when).</summary>
public sealed record LedgerMetricsReport(
    DateTimeOffset? From,
    DateTimeOffset? To,
    int Periods,
    double PeriodsPerYear,
    double InitialEquity,
    double FinalEquity,
    double RiskFreeRate,
    int ClosedTrades,
    int OpenDecisions,
    double TotalPnl,
    double? Sharpe,
    double? Sortino,
    double? HitRate,
    double? MaxDrawdown,
    double? AvgTradePnl,
    double? ProfitFactor,
    double? Cagr,
    double Exposure,
    double Turnover,
    IReadOnlyList<LayerAttribution> Layers,
    IReadOnlyDictionary<string, TradeGroupStats> Strategies,
    LedgerActivity Activity)
{
    /// <summary>True when there are winning trades and no losing ones: profit factor is +infinity (<see cref="ProfitFactor"/> holds it, JSON writes null).</summary>
    public bool ProfitFactorInfinite => ProfitFactor is { } p && double.IsPositiveInfinity(p);

    /// <summary>The report as one JSON object (snake_case; docs/metrics.md). Undefined figures are null; an infinite profit factor is null with <c>profit_factor_infinite</c> true.</summary>
    public string ToJson(bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            WriteTo(w);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the report as one JSON object.</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        WriteTime(w, "from", From);
        WriteTime(w, "to", To);
        w.WriteNumber("periods", Periods);
        w.WriteNumber("periods_per_year", PeriodsPerYear);
        w.WriteNumber("initial_equity", InitialEquity);
        w.WriteNumber("final_equity", FinalEquity);
        w.WriteNumber("risk_free_rate", RiskFreeRate);
        w.WriteNumber("closed_trades", ClosedTrades);
        w.WriteNumber("open_decisions", OpenDecisions);
        w.WriteNumber("total_pnl", TotalPnl);
        WriteNumber(w, "sharpe", Sharpe);
        WriteNumber(w, "sortino", Sortino);
        WriteNumber(w, "hit_rate", HitRate);
        WriteNumber(w, "max_drawdown", MaxDrawdown);
        WriteNumber(w, "avg_trade_pnl", AvgTradePnl);
        WriteNumber(w, "profit_factor", ProfitFactorInfinite ? null : ProfitFactor);
        w.WriteBoolean("profit_factor_infinite", ProfitFactorInfinite);
        WriteNumber(w, "cagr", Cagr);
        w.WriteNumber("exposure", Exposure);
        w.WriteNumber("turnover", Turnover);
        w.WriteStartObject("layers");
        foreach (var layer in Layers)
        {
            w.WriteStartObject(layer.Layer);
            w.WriteNumber("trades", layer.Trades);
            WriteNumber(w, "agreement_rate", layer.AgreementRate);
            w.WriteNumber("attributed_pnl", layer.AttributedPnl);
            WriteGroup(w, "agreed", layer.Agreed);
            WriteGroup(w, "dissented", layer.Dissented);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("strategies");
        foreach (var (name, stats) in Strategies)
        {
            WriteGroup(w, name, stats);
        }
        w.WriteEndObject();
        w.WriteStartObject("activity");
        w.WriteNumber("runs", Activity.Runs);
        w.WriteNumber("symbols", Activity.Symbols);
        w.WriteNumber("trade_ideas", Activity.TradeIdeas);
        w.WriteNumber("trade_ideas_per_run", Activity.TradeIdeasPerRun);
        w.WriteNumber("runs_with_ideas_rate", Activity.RunsWithIdeasRate);
        WriteCounts(w, "stances", Activity.Stances);
        w.WriteNumber("mean_composite_confidence", Activity.MeanCompositeConfidence);
        w.WriteNumber("degraded_run_rate", Activity.DegradedRunRate);
        w.WriteStartObject("engine_degraded_rates");
        foreach (var (key, value) in Activity.EngineDegradedRates)
        {
            w.WriteNumber(key, value);
        }
        w.WriteEndObject();
        WriteCounts(w, "stage_failures", Activity.StageFailures);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter w, string name, TradeGroupStats stats)
    {
        w.WriteStartObject(name);
        w.WriteNumber("trades", stats.Trades);
        w.WriteNumber("wins", stats.Wins);
        w.WriteNumber("pnl", stats.Pnl);
        WriteNumber(w, "hit_rate", stats.HitRate);
        WriteNumber(w, "avg_pnl", stats.AvgPnl);
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in counts)
        {
            w.WriteNumber(key, value);
        }
        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } t)
        {
            w.WriteString(name, t.ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

/// <summary>
/// Performance and activity figures over a stream of <see cref="LedgerRecord"/>s. Every formula and convention is in
/// docs/metrics.md; in short:
/// <list type="bullet">
/// <item>A <b>closed trade</b> is a record with <c>realized_pnl</c> set and at least one trade idea; a win has P&amp;L &gt; 0.</item>
/// <item>A <b>period</b> is one distinct record timestamp; its P&amp;L is the sum of the realized P&amp;L of its records
/// (unset = 0). Equity starts at <see cref="LedgerMetricsOptions.InitialEquity"/>; the period return is
/// P&amp;L / equity before the period.</item>
/// <item>Sharpe = mean(r - rf/P) / sample sd(r) * sqrt(P); Sortino = mean(r - rf/P) / sqrt(mean(min(0, r - rf/P)^2)) * sqrt(P).</item>
/// </list>
/// </summary>
public static class LedgerMetrics
{
    /// <summary>Trading days per year (NYSE, rounded) used to annualise daily periods.</summary>
    public const double TradingDaysPerYear = 252;

    /// <summary>Length of the NYSE regular session, hours: intraday periods per day = this / median spacing.</summary>
    public const double SessionHours = 6.5;

    /// <summary>Stance key of a run without a composite suggestion.</summary>
    public const string NoStance = "none";

    /// <summary>The engines whose status is read from <c>engine_status.&lt;kind&gt;</c>.</summary>
    public static IReadOnlyList<string> EngineNames { get; } = ["hedge", "liquidity", "sentiment", "elasticity"];

    /// <summary>Stance keys in output order: the suggestion actions, then <see cref="NoStance"/>.</summary>
    public static IReadOnlyList<string> StanceNames { get; } = ["long", "short", "flat", "spread", "complex", NoStance];

    /// <summary>The figures of <paramref name="records"/> (any order; sorted by timestamp, then run id).</summary>
    public static LedgerMetricsReport Compute(IEnumerable<LedgerRecord> records, LedgerMetricsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var o = (options ?? new LedgerMetricsOptions()).Validated();
        var ordered = records.OrderBy(r => r.Timestamp).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();

        // Periods: one per distinct instant, P&L summed over the records of that instant.
        var periods = ordered.GroupBy(r => r.Timestamp.UtcTicks)
            .Select(g => (Time: g.First().Timestamp, Pnl: g.Sum(r => r.RealizedPnl ?? 0), Records: g.ToList()))
            .ToList();
        var periodsPerYear = o.PeriodsPerYear ?? InferPeriodsPerYear(periods.Select(p => p.Time).ToList());
        var rfPerPeriod = o.RiskFreeRate / periodsPerYear;

        var returns = new List<double>(periods.Count);
        var equity = o.InitialEquity;
        var peak = equity;
        var maxDrawdown = 0.0;
        var equitySum = 0.0;
        foreach (var period in periods)
        {
            // Once equity is gone, returns are undefined: the account is bust (drawdown 100%, no further returns).
            if (equity > 0)
            {
                returns.Add(period.Pnl / equity);
            }
            equity += period.Pnl;
            equitySum += equity;
            peak = Math.Max(peak, equity);
            maxDrawdown = Math.Max(maxDrawdown, peak <= 0 ? 1 : Math.Min(1, (peak - equity) / peak));
        }

        var closed = ordered.Where(IsClosedTrade).ToList();
        var wins = closed.Where(r => r.RealizedPnl!.Value > 0).Sum(r => r.RealizedPnl!.Value);
        var losses = -closed.Where(r => r.RealizedPnl!.Value < 0).Sum(r => r.RealizedPnl!.Value);
        double? profitFactor = closed.Count == 0 ? null
            : losses > 0 ? wins / losses
            : wins > 0 ? double.PositiveInfinity
            : null;

        double? cagr = null;
        if (periods.Count >= 2)
        {
            var years = (periods[^1].Time - periods[0].Time).TotalDays / 365.25;
            if (years > 0)
            {
                cagr = equity <= 0 ? -1 : Math.Pow(equity / o.InitialEquity, 1 / years) - 1;
            }
        }

        var sizedSteps = periods.Count(p => p.Records.Any(r => r.TradeIdeas.Any(i => i.RecommendedUnits > 0)));
        var premium = ordered.Sum(r => r.TradeIdeas.Sum(i => Math.Abs(i.CostPerUnit) * i.RecommendedUnits));
        var meanEquity = periods.Count == 0 ? o.InitialEquity : equitySum / periods.Count;

        return new LedgerMetricsReport(
            ordered.Count == 0 ? null : ordered[0].Timestamp,
            ordered.Count == 0 ? null : ordered[^1].Timestamp,
            periods.Count,
            periodsPerYear,
            o.InitialEquity,
            equity,
            o.RiskFreeRate,
            closed.Count,
            ordered.Count(r => r.RealizedPnl is null && r.TradeIdeas.Count > 0),
            periods.Sum(p => p.Pnl),
            Sharpe(returns, rfPerPeriod, periodsPerYear),
            Sortino(returns, rfPerPeriod, periodsPerYear),
            closed.Count == 0 ? null : (double)closed.Count(r => r.RealizedPnl!.Value > 0) / closed.Count,
            periods.Count == 0 ? null : maxDrawdown,
            closed.Count == 0 ? null : closed.Average(r => r.RealizedPnl!.Value),
            profitFactor,
            cagr,
            periods.Count == 0 ? 0 : (double)sizedSteps / periods.Count,
            meanEquity > 0 ? premium / meanEquity : 0,
            AttributeLayers(closed),
            AttributeStrategies(closed),
            Activity(ordered));
    }

    /// <summary>A record whose trades are closed: <c>realized_pnl</c> set and at least one trade idea.</summary>
    public static bool IsClosedTrade(LedgerRecord record) => record.RealizedPnl is not null && record.TradeIdeas.Count > 0;

    /// <summary>
    /// Periods per year from the median spacing of distinct instants: 252 when the median is at least 20 hours (daily
    /// decisions; weekends and holidays make the calendar spacing longer, not the trading one), otherwise
    /// 252 * 6.5 h / median spacing (e.g. 30-minute steps: 3,276). Fewer than two instants: 252.
    /// </summary>
    public static double InferPeriodsPerYear(IReadOnlyList<DateTimeOffset> instants)
    {
        ArgumentNullException.ThrowIfNull(instants);
        if (instants.Count < 2)
        {
            return TradingDaysPerYear;
        }
        var gaps = new List<double>(instants.Count - 1);
        for (var i = 1; i < instants.Count; i++)
        {
            gaps.Add((instants[i] - instants[i - 1]).TotalHours);
        }
        gaps.Sort();
        var median = gaps.Count % 2 == 1 ? gaps[gaps.Count / 2] : (gaps[gaps.Count / 2 - 1] + gaps[gaps.Count / 2]) / 2;
        return median >= 20 || median <= 0 ? TradingDaysPerYear : TradingDaysPerYear * Math.Max(1, SessionHours / median);
    }

    /// <summary>Annualised Sharpe ratio with the sample (n - 1) standard deviation; null with fewer than 2 returns or zero variance.</summary>
    public static double? Sharpe(IReadOnlyList<double> returns, double rfPerPeriod, double periodsPerYear)
    {
        ArgumentNullException.ThrowIfNull(returns);
        if (returns.Count < 2)
        {
            return null;
        }
        var mean = returns.Average();
        var variance = returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1);
        var sd = Math.Sqrt(variance);
        return sd <= 1e-15 * Math.Max(1, Math.Abs(mean)) ? null : (mean - rfPerPeriod) / sd * Math.Sqrt(periodsPerYear);
    }

    /// <summary>
    /// Annualised Sortino ratio: excess mean over the downside deviation sqrt(sum(min(0, r - rf)^2) / n) (target = the
    /// risk-free rate, all n periods in the denominator). Null with fewer than 2 returns or no period below the target.
    /// </summary>
    public static double? Sortino(IReadOnlyList<double> returns, double rfPerPeriod, double periodsPerYear)
    {
        ArgumentNullException.ThrowIfNull(returns);
        if (returns.Count < 2)
        {
            return null;
        }
        var excess = returns.Select(r => r - rfPerPeriod).ToList();
        var downside = Math.Sqrt(excess.Sum(e => e < 0 ? e * e : 0) / excess.Count);
        return downside <= 0 ? null : excess.Average() / downside * Math.Sqrt(periodsPerYear);
    }

    private static List<LayerAttribution> AttributeLayers(IReadOnlyList<LedgerRecord> closed)
    {
        var agreed = new SortedDictionary<string, (int Trades, int Wins, double Pnl)>(StringComparer.Ordinal);
        var dissented = new SortedDictionary<string, (int Trades, int Wins, double Pnl)>(StringComparer.Ordinal);
        var attributed = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var record in closed)
        {
            var pnl = record.RealizedPnl!.Value;
            var win = pnl > 0 ? 1 : 0;
            var composite = record.CompositeSuggestion?.Action;
            var agreeing = record.PrimarySuggestions.Where(s => composite is { } c && s.Action == c).ToList();
            var confidenceSum = agreeing.Sum(s => s.Confidence);
            foreach (var suggestion in record.PrimarySuggestions)
            {
                var target = composite is { } c && suggestion.Action == c ? agreed : dissented;
                var (t, w, p) = target.GetValueOrDefault(suggestion.Layer);
                target[suggestion.Layer] = (t + 1, w + win, p + pnl);
                (target == agreed ? dissented : agreed).TryAdd(suggestion.Layer, default);
                attributed.TryAdd(suggestion.Layer, 0);
            }
            foreach (var suggestion in agreeing)
            {
                // Confidence share among the layers that agreed; equal shares when all of them had confidence 0.
                attributed[suggestion.Layer] += pnl * (confidenceSum > 0 ? suggestion.Confidence / confidenceSum : 1.0 / agreeing.Count);
            }
        }
        return [.. attributed.Keys.Select(layer => new LayerAttribution(
            layer,
            Stats(agreed[layer]),
            Stats(dissented[layer]),
            attributed[layer]))];
    }

    private static SortedDictionary<string, TradeGroupStats> AttributeStrategies(IReadOnlyList<LedgerRecord> closed)
    {
        var groups = new SortedDictionary<string, (int Trades, int Wins, double Pnl)>(StringComparer.Ordinal);
        foreach (var record in closed)
        {
            // The record's P&L is split over its ideas by premium traded (|cost_per_unit| * units); equally when that is 0.
            var weights = record.TradeIdeas.Select(i => Math.Abs(i.CostPerUnit) * i.RecommendedUnits).ToList();
            var total = weights.Sum();
            for (var k = 0; k < record.TradeIdeas.Count; k++)
            {
                var share = record.RealizedPnl!.Value * (total > 0 ? weights[k] / total : 1.0 / weights.Count);
                var name = record.TradeIdeas[k].StrategyType;
                var (t, w, p) = groups.GetValueOrDefault(name);
                groups[name] = (t + 1, w + (share > 0 ? 1 : 0), p + share);
            }
        }
        return new SortedDictionary<string, TradeGroupStats>(
            groups.ToDictionary(g => g.Key, g => Stats(g.Value), StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static TradeGroupStats Stats((int Trades, int Wins, double Pnl) g) => new(g.Trades, g.Wins, g.Pnl);

    /// <summary>Run counts, stances, degraded engines and failed stages of <paramref name="records"/>.</summary>
    public static LedgerActivity Activity(IReadOnlyCollection<LedgerRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var runs = records.Count;
        double Rate(int count) => runs == 0 ? 0 : (double)count / runs;

        var stances = StanceNames.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var record in records)
        {
            stances[record.CompositeSuggestion is { } c ? ActionName(c.Action) : NoStance]++;
        }
        var composites = records.Where(r => r.CompositeSuggestion is not null).Select(r => r.CompositeSuggestion!.Confidence).ToList();
        var ideas = records.Sum(r => r.TradeIdeas.Count);

        var engineRates = EngineNames.ToDictionary(
            e => e,
            e => Rate(records.Count(r => r.Snapshot.Metadata.TryGetValue(SnapshotMetadataKeys.EngineStatusPrefix + e, out var s)
                && (s.StartsWith("degraded", StringComparison.Ordinal) || s.StartsWith("failed", StringComparison.Ordinal)))),
            StringComparer.Ordinal);

        var stageFailures = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            foreach (var (key, value) in record.Snapshot.Metadata)
            {
                if (key.StartsWith(PipelineRunner.StageStatusPrefix, StringComparison.Ordinal) && value.StartsWith("failed", StringComparison.Ordinal))
                {
                    var stage = key[PipelineRunner.StageStatusPrefix.Length..];
                    stageFailures[stage] = stageFailures.GetValueOrDefault(stage) + 1;
                }
            }
        }

        return new LedgerActivity(
            runs,
            records.Select(r => r.Symbol).Distinct(StringComparer.Ordinal).Count(),
            ideas,
            runs == 0 ? 0 : (double)ideas / runs,
            Rate(records.Count(r => r.TradeIdeas.Count > 0)),
            stances,
            composites.Count == 0 ? 0 : composites.Average(),
            Rate(records.Count(r => r.Snapshot.Metadata.TryGetValue(SnapshotMetadataKeys.DegradedEngines, out var d) && !string.IsNullOrWhiteSpace(d))),
            engineRates,
            stageFailures);
    }

    private static string ActionName(SuggestionAction action) => action switch
    {
        SuggestionAction.Long => "long",
        SuggestionAction.Short => "short",
        SuggestionAction.Flat => "flat",
        SuggestionAction.Spread => "spread",
        SuggestionAction.Complex => "complex",
        _ => action.ToString().ToLowerInvariant(),
    };
}
