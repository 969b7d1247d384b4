using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Ports;

// Store ports: where a host keeps what runs produce (docs/architecture.md, "Ports").

/// <summary>The append-only decision ledger: one record per run.</summary>
public interface ILedgerStore
{
    /// <summary>
    /// Appends one record durably, idempotent per run id (<see cref="LedgerRecord.RunId"/>): when a record of the
    /// same run is already in the ledger nothing is written and false is returned. Records are never rewritten.
    /// </summary>
    Task<bool> AppendAsync(LedgerRecord record, CancellationToken cancellationToken);

    /// <summary>Reads every intact record in append order; unreadable lines are reported, not thrown.</summary>
    Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records matching <paramref name="query"/>, newest first (by record timestamp, then run id). This default
    /// reads the whole ledger; stores with an index (Azure Tables) answer a symbol's history or one day's
    /// records with one cheap query instead.
    /// </summary>
    async Task<IReadOnlyList<LedgerRecord>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var all = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        return [.. query.Apply(all.Records)];
    }
}

/// <summary>Ledger contents plus warnings for lines that could not be read (e.g. a torn last line).</summary>
public sealed record LedgerReadResult(IReadOnlyList<LedgerRecord> Records, IReadOnlyList<string> Warnings);

/// <summary>
/// A ledger query: records of <see cref="Symbol"/> (any when null) with timestamps in [<see cref="From"/>,
/// <see cref="To"/>) (open when null), newest first, at most <see cref="Limit"/> (all when null).
/// </summary>
public sealed record LedgerQuery(string? Symbol = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int? Limit = null)
{
    public string? Symbol { get; } = Symbol is null ? null : ContractValidation.Symbol(Symbol);

    public int? Limit { get; } = Limit is null or > 0 ? Limit : throw new ArgumentException("limit must be positive", nameof(Limit));

    public bool Matches(LedgerRecord record) =>
        (Symbol is null || record.Symbol == Symbol)
        && (From is null || record.Timestamp >= From)
        && (To is null || record.Timestamp < To);

    /// <summary>Filters, orders newest first (timestamp, then run id, both descending) and limits.</summary>
    public IEnumerable<LedgerRecord> Apply(IEnumerable<LedgerRecord> records)
    {
        var ordered = records.Where(Matches)
            .OrderByDescending(r => r.Timestamp)
            .ThenByDescending(r => r.RunId, StringComparer.Ordinal);
        return Limit is { } limit ? ordered.Take(limit) : ordered;
    }
}

/// <summary>
/// Where parameter versions of the feedback loop are kept (docs/metrics.md, "Feedback"). Versions are immutable once
/// saved; the newest version with status <c>accepted</c> is the one runs use.
/// </summary>
public interface IParameterStore
{
    /// <summary>Saves a new version; false (nothing written) when that version number exists already.</summary>
    Task<bool> SaveAsync(Ledger.ParameterVersion version, CancellationToken cancellationToken);

    /// <summary>The newest version (highest number), accepted or not; null when none is stored.</summary>
    Task<Ledger.ParameterVersion?> GetLatestAsync(CancellationToken cancellationToken);

    /// <summary>The newest version whose status is accepted; null when none is.</summary>
    Task<Ledger.ParameterVersion?> GetLatestAcceptedAsync(CancellationToken cancellationToken);
}
