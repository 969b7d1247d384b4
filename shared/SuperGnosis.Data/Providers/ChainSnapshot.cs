using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Providers;

/// <summary>
/// A provider's latest option chain as read: the chain with the rows the mapping skipped (<see cref="ChainFileResult"/>,
/// as for a chain file), its stamp (the newest instant the data carries, docs/providers.md) and the provider's name.
/// </summary>
public sealed record ChainSnapshot(ChainFileResult Read, DateTimeOffset Stamp, string Provider);

/// <summary>A source whose chains are a provider's latest snapshot (what <c>gnosis gex SYMBOL --source cboe</c> reads).</summary>
public interface IChainSnapshotSource
{
    /// <summary>Name of the provider serving the snapshot.</summary>
    string SnapshotProvider { get; }

    /// <summary>The latest snapshot of <paramref name="symbol"/> (cached for the provider's TTL), not yet checked against an as-of.</summary>
    Task<ChainSnapshot> GetSnapshotAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the snapshot may be served as of <paramref name="asOf"/> (<see cref="PointInTime.Check"/>): throws
    /// <see cref="MarketDataProviderException"/> (<see cref="ProviderFailure.NotPointInTime"/>) when it may not.
    /// </summary>
    void CheckPointInTime(ChainSnapshot snapshot, string symbol, DateTimeOffset asOf);
}

/// <summary>
/// The point-in-time rule of the live providers (docs/providers.md, "Point in time"). Data stamped after the as-of is
/// never served as of it, except a "now"-only answer (a chain snapshot, Tradier's quote) when the market was closed
/// throughout from the as-of to the stamp: no session traded in between, so the snapshot is what the as-of would have
/// seen but for after-hours quote updates. That exception is flagged (<c>chain_after_as_of</c>) and can be turned off.
/// </summary>
public static class PointInTime
{
    /// <summary>True when no regular session of <paramref name="calendar"/> traded in (<paramref name="asOf"/>, <paramref name="stamp"/>].</summary>
    public static bool ClosedBetween(IMarketCalendar calendar, DateTimeOffset asOf, DateTimeOffset stamp)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (stamp <= asOf)
        {
            return true;
        }
        try
        {
            return calendar.LastCloseWhenClosed(stamp) is { } lastClose && lastClose <= asOf;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// Throws <see cref="MarketDataProviderException"/> (<see cref="ProviderFailure.NotPointInTime"/>) when data stamped
    /// <paramref name="stamp"/> may not be served as of <paramref name="asOf"/>.
    /// </summary>
    public static void Check(string provider, string what, string symbol, DateTimeOffset stamp, DateTimeOffset asOf, bool allowWhileClosed, IMarketCalendar calendar)
    {
        if (stamp <= asOf || (allowWhileClosed && ClosedBetween(calendar, asOf, stamp)))
        {
            return;
        }
        var why = allowWhileClosed ? "and the market traded in between" : "(AllowSnapshotAfterAsOfWhileClosed is off)";
        throw new MarketDataProviderException(provider, ProviderFailure.NotPointInTime,
            $"{provider} {what} for {symbol}: the provider serves only its latest data, stamped {Utc(stamp)}, which is after the as-of {Utc(asOf)} {why}; "
            + "a live source cannot answer for the past: replay captured snapshots with --source files");
    }

    /// <summary>An instant as <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
