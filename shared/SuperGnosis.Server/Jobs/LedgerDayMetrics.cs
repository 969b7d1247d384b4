using System.Globalization;
using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Server.Jobs;

/// <summary>
/// The Core <see cref="LedgerMetrics"/> (docs/metrics.md) of the ledger records of one New York trading date (the date
/// of each record's timestamp in America/New_York), as the feedback timer stores them per date.
/// </summary>
public sealed record LedgerDayMetrics(DateOnly Date, LedgerMetricsReport Metrics)
{
    /// <summary>Runs (records) of the date.</summary>
    public int Runs => Metrics.Activity.Runs;

    /// <summary>The metrics of <paramref name="date"/> over <paramref name="records"/> (records of other dates are ignored).</summary>
    public static LedgerDayMetrics Compute(DateOnly date, IEnumerable<LedgerRecord> records, LedgerMetricsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        return new LedgerDayMetrics(date, LedgerMetrics.Compute(records.Where(r => NewYorkTime.DateOf(r.Timestamp) == date), options));
    }

    /// <summary>One JSON object: <c>date</c> followed by the fields of <see cref="LedgerMetricsReport.ToJson"/>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("date", Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WritePropertyName("metrics");
            Metrics.WriteTo(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
