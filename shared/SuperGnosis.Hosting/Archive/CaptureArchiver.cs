using Microsoft.Extensions.Logging;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Files;
using SuperGnosis.Hosting.MarketData;

namespace SuperGnosis.Hosting.Archive;

/// <summary>
/// Writes a run's captured inputs into the files layout (<see cref="MarketSnapshotWriter"/>): the capture's chain, daily
/// bars, trades, quotes and headlines (each with the window the run asked for), plus the minute bars of the as-of's
/// session when it has opened (fetched through the same capture, so a run fetches them once too: they make the
/// session's partial daily bar when the archive is replayed with <c>--source files</c>). Items of other kinds (option
/// prints, off-exchange shares) have no place in the layout and are left out.
/// </summary>
public sealed class CaptureArchiver(MarketDataSources sources, ILogger<CaptureArchiver> logger, IMarketCalendar? calendar = null)
{
    private readonly IMarketCalendar _calendar = calendar ?? MarketCalendar.Nyse;

    /// <summary>
    /// Writes the capture <paramref name="captureId"/> (a run's: <c>SYMBOL|ticks</c>) into <paramref name="target"/>.
    /// Null when the store cannot list its items or the id is not a run's. Conflicts with files already there throw
    /// (<see cref="SnapshotConflictException"/>), as do unreadable files (<see cref="DataFileException"/>) and storage errors.
    /// </summary>
    public async Task<SnapshotWriteResult?> ArchiveAsync(IMarketCaptureStore capture, string captureId, IDataFileStore target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(target);
        if (capture is not IMarketCaptureContents contents || !CapturedMarketData.TryParseCaptureId(captureId, out var symbol, out var asOf))
        {
            return null;
        }
        var items = await contents.ReadCaptureAsync(captureId, cancellationToken).ConfigureAwait(false);
        var snapshot = ToSnapshot(symbol, asOf, items);
        var notes = new List<string>();
        if (snapshot.MinuteBars is null && snapshot.DailyBars is not null
            && _calendar.SessionOf(NewYorkTime.DateOf(asOf)) is { } session && session.Open < asOf)
        {
            var until = asOf < session.Close ? asOf : session.Close;
            try
            {
                var minutes = await new CapturedMarketData(capture, marketData: sources.Market)
                    .GetBarsAsync(symbol, BarInterval.OneMinute, session.Open, until, cancellationToken).ConfigureAwait(false);
                snapshot = snapshot with { MinuteBars = new SnapshotWindow<Bar>(session.Open, minutes) };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Archive of {Symbol} as of {AsOf:O}: the source gave no minute bars ({Error}); the session's partial daily bar is not archived", symbol, asOf, ex.Message);
                notes.Add($"minute bars: not archived ({ex.GetType().Name}: {ex.Message})");
            }
        }
        var written = await new MarketSnapshotWriter(target, _calendar).WriteAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return notes.Count == 0 ? written : written with { Notes = [.. written.Notes, .. notes] };
    }

    /// <summary>
    /// The snapshot of a capture's items: for each kind the item of the widest window (the earliest <c>from</c>; a
    /// point-in-time source's answer for a later <c>from</c> is part of it).
    /// </summary>
    public static MarketSnapshot ToSnapshot(string symbol, DateTimeOffset asOf, IReadOnlyList<CapturedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        SnapshotWindow<T>? Widest<T>(string method)
        {
            SnapshotWindow<T>? best = null;
            foreach (var item in items)
            {
                if (CapturedMarketData.TryParseItemKey(item.Key, out var m, out var from) && m == method && from is { } f
                    && item.Value is IReadOnlyList<T> rows && (best is null || f < best.From))
                {
                    best = new SnapshotWindow<T>(f, rows);
                }
            }
            return best;
        }
        return new MarketSnapshot(symbol, asOf)
        {
            Chain = items.FirstOrDefault(i => i.Key == "chain")?.Value as OptionChain,
            DailyBars = Widest<Bar>("bars.daily"),
            MinuteBars = Widest<Bar>("bars.1m"),
            Trades = Widest<Trade>("trades"),
            Quotes = Widest<Quote>("quotes"),
            News = Widest<NewsHeadline>("news"),
        };
    }
}
