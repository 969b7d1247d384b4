using System.Runtime.InteropServices;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>Why a chain row was not used; each dropped row is counted under its first failing reason.</summary>
public enum DropReason
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
public sealed class HygieneReport
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
/// Validates a chain and returns the usable rows in canonical order (expiry, strike, call before put),
/// so every later sum is independent of the input row order. Rules, in order: non-finite strike, open
/// interest, or an infinite price, IV or Greek (NaN only marks a missing optional value); strike &lt;= 0; open interest
/// &lt; 0; bid &gt; ask; expired (settlement at or before as-of); duplicates of (expiry, strike, right),
/// of which the row with the largest open interest is kept (ties by bid, ask, then IV), so the choice does
/// not depend on row order either.
/// </summary>
public static class ChainHygiene
{
    public static int[] UsableRows(OptionChain chain, DateTimeOffset asOf, TimeOnly settlement, HygieneReport report)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var quotes = chain.Quotes.IsDefault ? [] : chain.Quotes.AsSpan();
        report.RowsIn = quotes.Length;
        var candidates = new List<int>(quotes.Length);
        for (var i = 0; i < quotes.Length; i++)
        {
            ref readonly var q = ref quotes[i];
            if (!double.IsFinite(q.Strike) || !double.IsFinite(q.OpenInterest) || HasInfinity(q))
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
            else if (UsEquityCalendar.AtNewYork(q.Expiry, settlement) <= asOf)
            {
                report.Drop(DropReason.Expired);
            }
            else
            {
                candidates.Add(i);
            }
        }

        var rows = candidates.ToArray();
        var comparer = new CanonicalOrder(chain.Quotes.IsDefault ? [] : ImmutableCollectionsMarshal.AsArray(chain.Quotes)!);
        Array.Sort(rows, comparer);
        var kept = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            if (kept > 0 && comparer.SameContract(rows[kept - 1], rows[i]))
            {
                report.Drop(DropReason.Duplicate);
                continue;
            }
            rows[kept++] = rows[i];
        }
        Array.Resize(ref rows, kept);
        report.RowsUsed = kept;
        return rows;
    }

    /// <summary>NaN marks a missing optional value; an infinite price, IV or Greek is corrupt.</summary>
    private static bool HasInfinity(in OptionQuote q) =>
        double.IsInfinity(q.Bid) || double.IsInfinity(q.Ask) || double.IsInfinity(q.Mid) || double.IsInfinity(q.ImpliedVol)
        || double.IsInfinity(q.Gamma) || double.IsInfinity(q.Vanna) || double.IsInfinity(q.Charm) || double.IsInfinity(q.Volume);

    private sealed class CanonicalOrder(OptionQuote[] quotes) : IComparer<int>
    {
        public bool SameContract(int a, int b) =>
            quotes[a].Expiry == quotes[b].Expiry && quotes[a].Strike == quotes[b].Strike && quotes[a].Right == quotes[b].Right;

        public int Compare(int a, int b)
        {
            ref readonly var x = ref quotes[a];
            ref readonly var y = ref quotes[b];
            var c = x.Expiry.CompareTo(y.Expiry);
            if (c == 0) { c = x.Strike.CompareTo(y.Strike); }
            if (c == 0) { c = x.Right.CompareTo(y.Right); }
            if (c == 0) { c = y.OpenInterest.CompareTo(x.OpenInterest); }
            if (c == 0) { c = y.Bid.CompareTo(x.Bid); }
            if (c == 0) { c = y.Ask.CompareTo(x.Ask); }
            if (c == 0) { c = y.ImpliedVol.CompareTo(x.ImpliedVol); }
            return c == 0 ? a.CompareTo(b) : c;
        }
    }
}
