using System.Buffers;
using System.Runtime.InteropServices;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>Why a chain row was not used; each dropped row is counted under its first failing reason.</summary>
internal enum DropReason
{
    NonFinite,
    BadStrike,
    NegativeOpenInterest,
    Crossed,
    Expired,
    Duplicate,
    MissingGreeks,
}

/// <summary>Rows in, rows used and the count per drop reason (metadata <c>rows_in</c>, <c>rows_used</c>, <c>dropped_&lt;reason&gt;</c>).</summary>
internal sealed class HygieneReport
{
    private readonly int[] _dropped = new int[Enum.GetValues<DropReason>().Length];

    public int RowsIn { get; internal set; }

    public int RowsUsed { get; internal set; }

    public int Dropped(DropReason reason) => _dropped[(int)reason];

    internal void Drop(DropReason reason) => _dropped[(int)reason]++;

    public static string MetadataKey(DropReason reason) => reason switch
    {
        DropReason.NonFinite => "dropped_non_finite",
        DropReason.BadStrike => "dropped_bad_strike",
        DropReason.NegativeOpenInterest => "dropped_negative_open_interest",
        DropReason.Crossed => "dropped_crossed_quote",
        DropReason.Expired => "dropped_expired",
        DropReason.Duplicate => "dropped_duplicate",
        DropReason.MissingGreeks => "dropped_missing_greeks",
        _ => "dropped_" + reason.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// Validates a chain and returns the usable rows in canonical order (expiry, AM before PM, strike, call before put),
/// so every later sum is independent of the input row order. Rules, in order: non-finite strike, open
/// interest, or an infinite price, IV or Greek (NaN only marks a missing optional value), or one beyond the plausible
/// range (<see cref="MaxMagnitude"/>, <see cref="MaxImpliedVol"/>, or an expiry outside the market calendar's years;
/// counted as non-finite); strike &lt;= 0; open interest
/// &lt; 0; bid &gt; ask; expired (settlement at or before as-of: the session close of the expiry date for PM, its open for AM);
/// duplicates of (expiry, settlement, strike, right),
/// of which the row with the largest open interest is kept (ties by bid, ask, then IV), so the choice does
/// not depend on row order either. Strikes are keyed to the micro-dollar.
/// </summary>
internal static class ChainHygiene
{
    public static int[] UsableRows(OptionChain chain, DateTimeOffset asOf, IMarketCalendar calendar, HygieneReport report)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var quotes = chain.Quotes.IsDefault ? [] : chain.Quotes.AsSpan();
        report.RowsIn = quotes.Length;
        // Canonical order by a packed key: expiry day (20 bits) | PM flag (AM settles first) | strike in micro-dollars
        // (41 bits) | put flag. Strikes closer than one micro-dollar count as the same contract; an AM and a PM contract
        // on one date are different contracts (SPX and SPXW), two roots with the same settlement are duplicates.
        var pool = ArrayPool<long>.Shared;
        var keys = pool.Rent(Math.Max(1, quotes.Length));
        var rows = ArrayPool<int>.Shared.Rent(Math.Max(1, quotes.Length));
        try
        {
            var count = 0;
            var ascending = true;
            var clock = new ExpiryClock(asOf, calendar);
            for (var i = 0; i < quotes.Length; i++)
            {
                ref readonly var q = ref quotes[i];
                if (!double.IsFinite(q.Strike) || !double.IsFinite(q.OpenInterest) || HasInfinity(q) || BeyondRange(q)
                    || q.Expiry < calendar.FirstDate || q.Expiry > calendar.LastDate)
                {
                    report.Drop(DropReason.NonFinite);
                }
                else if (q.Strike <= 0)
                {
                    report.Drop(DropReason.BadStrike);
                }
                else if (q.OpenInterest < 0)
                {
                    report.Drop(DropReason.NegativeOpenInterest);
                }
                else if (q.Bid > q.Ask)
                {
                    report.Drop(DropReason.Crossed);
                }
                else if (clock.SettlementOf(q.Expiry, q.Settlement) <= asOf)
                {
                    report.Drop(DropReason.Expired);
                }
                else
                {
                    var key = ((long)q.Expiry.DayNumber << 43) | (q.Settlement == OptionSettlement.Pm ? 1L << 42 : 0L)
                        | ((long)Math.Round(q.Strike * 1e6) << 1) | (q.Right == OptionRight.Put ? 1L : 0L);
                    ascending &= count == 0 || key > keys[count - 1];
                    keys[count] = key;
                    rows[count++] = i;
                }
            }
            // Rows that already arrive in canonical order with distinct keys (the readers emit chains sorted) need no
            // sort: the sort would leave them as they are. Otherwise the same sort as ever (its order of equal keys
            // decides among duplicates that tie on every compared value).
            if (!ascending)
            {
                Array.Sort(keys, rows, 0, count);
            }
            return Deduplicate(keys.AsSpan(0, count), rows.AsSpan(0, count), chain, report);
        }
        finally
        {
            pool.Return(keys);
            ArrayPool<int>.Shared.Return(rows);
        }
    }

    private static int[] Deduplicate(ReadOnlySpan<long> keys, Span<int> rows, OptionChain chain, HygieneReport report)
    {
        var all = chain.Quotes.IsDefault ? [] : ImmutableCollectionsMarshal.AsArray(chain.Quotes)!;
        // Duplicates: within a run of equal keys keep the row with the largest open interest (ties: bid, ask, IV),
        // so the choice depends on the values, not on the input order.
        var kept = 0;
        for (var i = 0; i < rows.Length;)
        {
            var best = rows[i];
            var j = i + 1;
            for (; j < rows.Length && keys[j] == keys[i]; j++)
            {
                report.Drop(DropReason.Duplicate);
                if (Preferred(all[rows[j]], all[best]))
                {
                    best = rows[j];
                }
            }
            rows[kept++] = best;
            i = j;
        }
        report.RowsUsed = kept;
        return rows[..kept].ToArray();
    }

    private static bool Preferred(in OptionQuote a, in OptionQuote b)
    {
        var c = a.OpenInterest.CompareTo(b.OpenInterest);
        if (c == 0) { c = a.Bid.CompareTo(b.Bid); }
        if (c == 0) { c = a.Ask.CompareTo(b.Ask); }
        if (c == 0) { c = a.ImpliedVol.CompareTo(b.ImpliedVol); }
        return c > 0;
    }

    /// <summary>NaN marks a missing optional value; an infinite price, IV or Greek is corrupt.</summary>
    /// <summary>The largest strike, open interest, price or Greek magnitude a row may have; beyond it the exposure sums
    /// (open interest x gamma x multiplier x spot squared) would overflow to Infinity or NaN.</summary>
    public const double MaxMagnitude = 1e9;

    /// <summary>The largest implied volatility a row may have (10000%, as the decimal 100).</summary>
    public const double MaxImpliedVol = 100;

    /// <summary>A value no real contract has (<see cref="MaxMagnitude"/>, <see cref="MaxImpliedVol"/>): counted with the
    /// non-finite rows, as it would overflow the sums.</summary>
    private static bool BeyondRange(in OptionQuote q) =>
        q.Strike > MaxMagnitude || q.OpenInterest > MaxMagnitude || q.ImpliedVol > MaxImpliedVol
        || Math.Abs(q.Bid) > MaxMagnitude || Math.Abs(q.Ask) > MaxMagnitude || Math.Abs(q.Mid) > MaxMagnitude
        || Math.Abs(q.Gamma) > MaxMagnitude || Math.Abs(q.Vanna) > MaxMagnitude || Math.Abs(q.Charm) > MaxMagnitude
        || Math.Abs(q.Volume) > MaxMagnitude * 1e3;

    private static bool HasInfinity(in OptionQuote q) =>
        double.IsInfinity(q.Bid) || double.IsInfinity(q.Ask) || double.IsInfinity(q.Mid) || double.IsInfinity(q.ImpliedVol)
        || double.IsInfinity(q.Gamma) || double.IsInfinity(q.Vanna) || double.IsInfinity(q.Charm) || double.IsInfinity(q.Volume);
}
