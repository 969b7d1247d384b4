using System.Globalization;
using Azure;
using Azure.Data.Tables;
using SuperGnosis.Azure;
using SuperGnosis.Server.Jobs;

namespace SuperGnosis.Functions.Storage;

/// <summary>
/// Daily ledger metrics in a table (<see cref="FeedbackTimerOptions.MetricsTable"/>): partition <c>daily</c>, row key
/// the New York date (<c>yyyy-MM-dd</c>), the headline figures as typed columns (<c>Runs</c>, <c>Symbols</c>,
/// <c>TradeIdeas</c>, <c>TradeIdeasPerRun</c>, <c>RunsWithIdeasRate</c>, <c>DegradedRunRate</c>,
/// <c>MeanCompositeConfidence</c>, <c>ComputedAt</c>) and the whole <see cref="LedgerDayMetrics.ToJson"/> document in
/// <c>Json</c>. A save replaces the row (the figures are derived, recomputing them is idempotent).
/// </summary>
public sealed class TableLedgerMetricsStore : ILedgerMetricsStore
{
    public const string DailyPartition = "daily";

    private readonly TableClient _table;
    private volatile bool _created;

    public TableLedgerMetricsStore(TableServiceClient tables, string tableName)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(AzureStorageNames.EnsureTableName(tableName, "ledger metrics table"));
    }

    public TableClient Table => _table;

    public async Task SaveAsync(LedgerDayMetrics metrics, DateTimeOffset computedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(DailyPartition, RowKey(metrics.Date))
        {
            ["Runs"] = metrics.Runs,
            ["Symbols"] = metrics.Metrics.Activity.Symbols,
            ["TradeIdeas"] = metrics.Metrics.Activity.TradeIdeas,
            ["ClosedTrades"] = metrics.Metrics.ClosedTrades,
            ["TotalPnl"] = metrics.Metrics.TotalPnl,
            ["DegradedRunRate"] = metrics.Metrics.Activity.DegradedRunRate,
            ["MeanCompositeConfidence"] = metrics.Metrics.Activity.MeanCompositeConfidence,
            ["ComputedAt"] = computedAt.ToUniversalTime(),
            ["Json"] = metrics.ToJson(),
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetJsonAsync(DateOnly date, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var entity = await _table.GetEntityAsync<TableEntity>(DailyPartition, RowKey(date), ["Json"], cancellationToken).ConfigureAwait(false);
            return entity.Value.GetString("Json");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Creates the table on first use (idempotent; a failure is retried by the next call).</summary>
    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
    }

    public static string RowKey(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
