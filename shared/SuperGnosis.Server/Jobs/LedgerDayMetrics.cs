using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Server.Jobs;

/// <summary>
/// Figures over the ledger records of one New York trading date (the date of each record's timestamp in
/// America/New_York), computed by the feedback timer until a feedback engine exists (docs/functions.md, "Ledger metrics").
/// Rates are fractions of <see cref="Runs"/> in [0, 1]; with no runs every rate is 0.
/// </summary>
public sealed record LedgerDayMetrics(
    DateOnly Date,
    int Runs,
    int Symbols,
    int TradeIdeas,
    double TradeIdeasPerRun,
    double RunsWithIdeasRate,
    IReadOnlyDictionary<string, int> Stances,
    double MeanCompositeConfidence,
    double DegradedRunRate,
    IReadOnlyDictionary<string, double> EngineDegradedRates,
    IReadOnlyDictionary<string, int> StageFailures)
{
    /// <summary>Stance key of a run without a composite suggestion.</summary>
    public const string NoStance = "none";

    /// <summary>The engines whose status is read from <c>engine_status.&lt;kind&gt;</c>.</summary>
    public static IReadOnlyList<string> EngineNames { get; } = ["hedge", "liquidity", "sentiment", "elasticity"];

    /// <summary>Stance keys in output order: the suggestion actions, then <see cref="NoStance"/>.</summary>
    public static IReadOnlyList<string> StanceNames { get; } = ["long", "short", "flat", "spread", "complex", NoStance];

    /// <summary>
    /// The metrics of <paramref name="date"/> over <paramref name="records"/> (records of other dates are ignored):
    /// <list type="bullet">
    /// <item><c>runs</c>: records (one per run); <c>symbols</c>: distinct symbols;</item>
    /// <item><c>trade_ideas</c>: ideas over all runs; <c>trade_ideas_per_run</c>: their mean per run;
    /// <c>runs_with_ideas_rate</c>: runs with at least one idea;</item>
    /// <item><c>stances</c>: runs per composite action (long, short, flat, spread, complex) and <c>none</c> when the
    /// run has no composite suggestion; <c>mean_composite_confidence</c>: over runs that have one (0 when none do);</item>
    /// <item><c>degraded_run_rate</c>: runs whose snapshot lists any degraded engine (<c>degraded_engines</c> metadata);
    /// <c>engine_degraded_rates.&lt;kind&gt;</c>: runs whose <c>engine_status.&lt;kind&gt;</c> is <c>degraded:…</c> or
    /// <c>failed:…</c>;</item>
    /// <item><c>stage_failures.&lt;stage&gt;</c>: runs whose <c>stage_status.&lt;stage&gt;</c> starts with <c>failed</c>
    /// (only stages that failed at least once appear).</item>
    /// </list>
    /// </summary>
    public static LedgerDayMetrics Compute(DateOnly date, IEnumerable<LedgerRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var day = records.Where(r => NewYorkTime.DateOf(r.Timestamp) == date).ToList();
        var runs = day.Count;
        double Rate(int count) => runs == 0 ? 0 : (double)count / runs;

        var stances = StanceNames.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var record in day)
        {
            stances[record.CompositeSuggestion is { } c ? ActionName(c.Action) : NoStance]++;
        }
        var composites = day.Where(r => r.CompositeSuggestion is not null).Select(r => r.CompositeSuggestion!.Confidence).ToList();
        var ideas = day.Sum(r => r.TradeIdeas.Count);

        var engineRates = EngineNames.ToDictionary(
            e => e,
            e => Rate(day.Count(r => r.Snapshot.Metadata.TryGetValue(SnapshotMetadataKeys.EngineStatusPrefix + e, out var s)
                && (s.StartsWith("degraded", StringComparison.Ordinal) || s.StartsWith("failed", StringComparison.Ordinal)))),
            StringComparer.Ordinal);

        var stageFailures = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in day)
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

        return new LedgerDayMetrics(
            date,
            runs,
            day.Select(r => r.Symbol).Distinct(StringComparer.Ordinal).Count(),
            ideas,
            runs == 0 ? 0 : (double)ideas / runs,
            Rate(day.Count(r => r.TradeIdeas.Count > 0)),
            stances,
            composites.Count == 0 ? 0 : composites.Average(),
            Rate(day.Count(r => r.Snapshot.Metadata.TryGetValue(SnapshotMetadataKeys.DegradedEngines, out var d) && !string.IsNullOrWhiteSpace(d))),
            engineRates,
            stageFailures);
    }

    /// <summary>The metrics as one JSON object (snake_case, the field names of the list above).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("date", Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("runs", Runs);
            w.WriteNumber("symbols", Symbols);
            w.WriteNumber("trade_ideas", TradeIdeas);
            w.WriteNumber("trade_ideas_per_run", TradeIdeasPerRun);
            w.WriteNumber("runs_with_ideas_rate", RunsWithIdeasRate);
            w.WriteStartObject("stances");
            foreach (var (key, value) in Stances)
            {
                w.WriteNumber(key, value);
            }
            w.WriteEndObject();
            w.WriteNumber("mean_composite_confidence", MeanCompositeConfidence);
            w.WriteNumber("degraded_run_rate", DegradedRunRate);
            w.WriteStartObject("engine_degraded_rates");
            foreach (var (key, value) in EngineDegradedRates)
            {
                w.WriteNumber(key, value);
            }
            w.WriteEndObject();
            w.WriteStartObject("stage_failures");
            foreach (var (key, value) in StageFailures)
            {
                w.WriteNumber(key, value);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
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
