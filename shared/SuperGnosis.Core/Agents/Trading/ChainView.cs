using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Agents.Trading;

/// <summary>Why a quote cannot be a leg; each rejected quote counts under its first failing rule.</summary>
public enum QuoteRejection
{
    BadStrike,
    OutsideDteWindow,
    NoBid,
    StaleAsk,
    Crossed,
    WideSpread,
    LowOpenInterest,
    LowVolume,
    NoImpliedVol,
    Duplicate,
}

/// <summary>
/// A quote that passed every filter, with the values leg selection and economics use. <see cref="Mid"/> =
/// (bid + ask) / 2; <see cref="ImpliedVol"/> is the chain's IV, or the IV solved from the mid when the chain
/// has none; <see cref="Delta"/> is the chain's delta, or the BSM delta at that IV when the chain has none;
/// gamma, vega (per 1.00) and theta (per year) are BSM at that IV.
/// </summary>
internal readonly record struct CandidateQuote(
    OptionQuote Quote,
    double Mid,
    double SpreadPctOfMid,
    double ImpliedVol,
    double Delta,
    double Gamma,
    double Vega,
    double Theta)
{
    public double Strike => Quote.Strike;

    public double AbsDelta => Math.Abs(Delta);
}

/// <summary>
/// The usable quotes of one expiry, calls and puts each sorted by strike ascending. The quote-level filters
/// run for the whole chain up front; implied vols, Greeks and duplicate removal run lazily, the first time
/// <see cref="Calls"/> or <see cref="Puts"/> is read (only the primary expiry and a calendar's back month
/// ever are), so a large chain costs one IV solve per quote of the expiries actually used. Not thread-safe.
/// </summary>
internal sealed class ExpirySlice
{
    private readonly List<OptionQuote> _rawCalls;
    private readonly List<OptionQuote> _rawPuts;
    private readonly SliceInputs _inputs;
    private CandidateQuote[]? _calls;
    private CandidateQuote[]? _puts;
    private double? _atmIv;

    internal ExpirySlice(DateOnly expiry, OptionSettlement settlement, string root, string? legRoot, double years,
        List<OptionQuote> rawCalls, List<OptionQuote> rawPuts, SliceInputs inputs)
    {
        Expiry = expiry;
        Settlement = settlement;
        Root = root;
        LegRoot = legRoot;
        Years = years;
        _rawCalls = rawCalls;
        _rawPuts = rawPuts;
        _inputs = inputs;
    }

    public DateOnly Expiry { get; }

    /// <summary>AM (time runs to the open of <see cref="Expiry"/>) or PM (to its close).</summary>
    public OptionSettlement Settlement { get; }

    /// <summary>OCC root of every quote in the slice (a slice never mixes roots).</summary>
    public string Root { get; }

    /// <summary><see cref="Root"/> when it differs from the chain symbol (recorded on trade legs), else null.</summary>
    public string? LegRoot { get; }

    /// <summary>ACT/365 years to the settlement instant.</summary>
    public double Years { get; }

    public double Dte => Years * 365;

    /// <summary>Quotes that passed the quote-level filters (before the IV rule and duplicate removal).</summary>
    public int QuoteCount => _rawCalls.Count + _rawPuts.Count;

    public IReadOnlyList<CandidateQuote> Calls => _calls ??= Materialize(_rawCalls, OptionRight.Call);

    public IReadOnlyList<CandidateQuote> Puts => _puts ??= Materialize(_rawPuts, OptionRight.Put);

    /// <summary>
    /// ATM implied vol: mean IV of the filtered call and put at the strike nearest the forward S e^{(r-q)T}
    /// (the chain's IV, else solved from the mid); NaN when neither has an IV.
    /// </summary>
    public double AtmIv => _atmIv ??= ComputeAtmIv();

    private CandidateQuote[] Materialize(List<OptionQuote> raw, OptionRight right)
    {
        var inputs = _inputs;
        var list = new List<CandidateQuote>(raw.Count);
        foreach (var quote in raw)
        {
            var iv = inputs.ImpliedVol(quote, Years);
            if (!(iv > 0) || !double.IsFinite(iv))
            {
                inputs.Report.Reject(QuoteRejection.NoImpliedVol);
                continue;
            }
            var g = BlackScholes.GreeksUnchecked(right, inputs.Spot, quote.Strike, Years, inputs.Rate, inputs.Div, iv);
            var delta = double.IsFinite(quote.Delta) ? quote.Delta : g.Delta;
            var mid = 0.5 * (quote.Bid + quote.Ask);
            list.Add(new CandidateQuote(quote, mid, (quote.Ask - quote.Bid) / mid, iv, delta, g.Gamma, g.Vega, g.Theta));
        }
        var kept = Dedupe(list, inputs.Report);
        inputs.Report.QuotesUsable += kept.Length;
        return kept;
    }

    private double ComputeAtmIv()
    {
        var forward = _inputs.Spot * Math.Exp((_inputs.Rate - _inputs.Div) * Years);
        double? strike = null;
        foreach (var q in _rawCalls.Concat(_rawPuts))
        {
            if ((strike is null || Math.Abs(q.Strike - forward) < Math.Abs(strike.Value - forward)) && _inputs.ImpliedVol(q, Years) > 0)
            {
                strike = q.Strike;
            }
        }
        if (strike is null)
        {
            return double.NaN;
        }
        var sum = 0.0;
        var n = 0;
        foreach (var q in _rawCalls.Concat(_rawPuts))
        {
            if (q.Strike == strike && _inputs.ImpliedVol(q, Years) is var iv && iv > 0 && double.IsFinite(iv))
            {
                sum += iv;
                n++;
            }
        }
        return sum / n;
    }

    private static CandidateQuote[] Dedupe(List<CandidateQuote> side, ChainFilterReport report)
    {
        side.Sort((a, b) => a.Strike != b.Strike ? a.Strike.CompareTo(b.Strike)
            : a.Quote.OpenInterest != b.Quote.OpenInterest ? b.Quote.OpenInterest.CompareTo(a.Quote.OpenInterest)
            : a.SpreadPctOfMid.CompareTo(b.SpreadPctOfMid));
        var kept = new List<CandidateQuote>(side.Count);
        foreach (var c in side)
        {
            if (kept.Count > 0 && kept[^1].Strike == c.Strike)
            {
                report.Reject(QuoteRejection.Duplicate);
                continue;
            }
            kept.Add(c);
        }
        return [.. kept];
    }

    public IReadOnlyList<CandidateQuote> Side(OptionRight right) => right == OptionRight.Call ? Calls : Puts;

    /// <summary>Index of the quote whose |delta| is nearest <paramref name="target"/> within [min, max]; -1 if none.</summary>
    public int ByDelta(OptionRight right, double target, double min, double max)
    {
        var side = Side(right);
        var best = -1;
        var bestGap = double.PositiveInfinity;
        for (var i = 0; i < side.Count; i++)
        {
            var d = side[i].AbsDelta;
            if (d >= min && d <= max && Math.Abs(d - target) < bestGap)
            {
                best = i;
                bestGap = Math.Abs(d - target);
            }
        }
        return best;
    }

    /// <summary>Index of the quote with the strike nearest <paramref name="price"/> (lower strike on ties); -1 if the side is empty.</summary>
    public int NearestStrike(OptionRight right, double price)
    {
        var side = Side(right);
        var best = -1;
        var bestGap = double.PositiveInfinity;
        for (var i = 0; i < side.Count; i++)
        {
            var gap = Math.Abs(side[i].Strike - price);
            if (gap < bestGap)
            {
                best = i;
                bestGap = gap;
            }
        }
        return best;
    }

    /// <summary>
    /// The index <paramref name="steps"/> usable strikes away from <paramref name="from"/> in direction
    /// <paramref name="direction"/> (+1 up, -1 down), or the furthest one when fewer exist; -1 if none exists.
    /// </summary>
    public int StepsAway(OptionRight right, int from, int steps, int direction)
    {
        var count = Side(right).Count;
        var target = from + (direction * Math.Max(steps, 1));
        var clamped = Math.Clamp(target, 0, count - 1);
        return clamped == from ? -1 : clamped;
    }

    /// <summary>Index of the quote at exactly <paramref name="strike"/> (to 1e-9); -1 if absent.</summary>
    public int AtStrike(OptionRight right, double strike)
    {
        var side = Side(right);
        for (var i = 0; i < side.Count; i++)
        {
            if (Math.Abs(side[i].Strike - strike) <= 1e-9 * Math.Max(1, strike))
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>Counts of rejected quotes by rule.</summary>
public sealed class ChainFilterReport
{
    private readonly int[] _counts = new int[Enum.GetValues<QuoteRejection>().Length];

    public int QuotesIn { get; internal set; }

    /// <summary>Quotes that passed the quote-level filters and the DTE window.</summary>
    public int QuotesPassingQuoteFilters { get; internal set; }

    /// <summary>Usable quotes (IV known, duplicates removed) in the expiries examined so far.</summary>
    public int QuotesUsable { get; internal set; }

    public int Rejected(QuoteRejection reason) => _counts[(int)reason];

    internal void Reject(QuoteRejection reason) => _counts[(int)reason]++;

    public override string ToString() =>
        $"{QuotesPassingQuoteFilters} of {QuotesIn} quotes pass the quote filters and DTE window, {QuotesUsable} usable in the expiries examined"
        + string.Concat(Enum.GetValues<QuoteRejection>()
            .Where(r => Rejected(r) > 0).Select(r => $", {Rejected(r)} {r}"));
}

/// <summary>
/// The chain reduced to quotes that may become legs. Rules, in order: finite strike &gt; 0; expiry with
/// DTE in [MinDte, max(MaxDte, CalendarMaxBackDte)] (DTE = ACT/365 years to the settlement instant x 365: the calendar's session close of the expiry date for PM
/// settlement, its open for AM); one slice per (expiry, settlement, root), so a strategy's legs never mix roots;
/// bid finite and &gt; 0; ask finite and &gt; 0 (stale otherwise); bid &lt;= ask; (ask - bid)/mid &lt;= max spread;
/// open interest &gt;= min; volume &gt;= min; an implied vol (the chain's, or solved from the mid).
/// Duplicates of (strike, right) within a slice keep the quote with the larger open interest, then the tighter spread.
/// The last two rules run lazily per expiry (see <see cref="ExpirySlice"/>); <see cref="MaterializeAll"/> forces them.
/// </summary>
internal sealed class ChainView
{
    private ChainView(double spot, IReadOnlyList<ExpirySlice> slices, ChainFilterReport report)
    {
        Spot = spot;
        Slices = slices;
        Report = report;
    }

    public double Spot { get; }

    /// <summary>Expiries with at least one usable quote, ascending.</summary>
    public IReadOnlyList<ExpirySlice> Slices { get; }

    public ChainFilterReport Report { get; }

    /// <summary>Whether a quote passes the quote-level rules (everything but the DTE window, IV and duplicates).</summary>
    public static QuoteRejection? Check(in OptionQuote q, TradeAgentOptions options)
    {
        if (!double.IsFinite(q.Strike) || q.Strike <= 0)
        {
            return QuoteRejection.BadStrike;
        }
        if (!double.IsFinite(q.Bid) || q.Bid <= 0)
        {
            return QuoteRejection.NoBid;
        }
        if (!double.IsFinite(q.Ask) || q.Ask <= 0)
        {
            return QuoteRejection.StaleAsk;
        }
        if (q.Bid > q.Ask)
        {
            return QuoteRejection.Crossed;
        }
        var mid = 0.5 * (q.Bid + q.Ask);
        if ((q.Ask - q.Bid) / mid > options.MaxSpreadPctOfMid)
        {
            return QuoteRejection.WideSpread;
        }
        if (!(q.OpenInterest >= options.MinOpenInterest))
        {
            return QuoteRejection.LowOpenInterest;
        }
        return q.Volume >= options.MinVolume ? null : QuoteRejection.LowVolume;
    }

    public static ChainView Build(OptionChain chain, double spot, DateTimeOffset asOf, TradeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        var report = new ChainFilterReport();
        var quotes = chain.Quotes.IsDefault ? [] : chain.Quotes.AsSpan();
        report.QuotesIn = quotes.Length;
        var maxDte = Math.Max(options.MaxDte, options.CalendarMaxBackDte);
        var years = new Dictionary<(DateOnly, OptionSettlement), double>();
        var byExpiry = new Dictionary<(DateOnly Expiry, OptionSettlement Settlement, string Root), (List<OptionQuote> Calls, List<OptionQuote> Puts)>();
        // Chains usually arrive grouped by expiry: remember the last slice's time and lists.
        (DateOnly Expiry, OptionSettlement Settlement, string Root)? lastKey = null;
        var t = 0.0;
        (List<OptionQuote> Calls, List<OptionQuote> Puts)? current = null;
        foreach (ref readonly var quote in quotes)
        {
            if (lastKey is not { } last || quote.Expiry != last.Expiry || quote.Settlement != last.Settlement
                || !string.Equals(chain.RootOf(quote), last.Root, StringComparison.Ordinal))
            {
                if (!years.TryGetValue((quote.Expiry, quote.Settlement), out t))
                {
                    t = YearFraction.ToExpiry(options.Calendar, asOf, quote.Expiry, quote.Settlement);
                    years[(quote.Expiry, quote.Settlement)] = t;
                }
                current = null;
                lastKey = (quote.Expiry, quote.Settlement, chain.RootOf(quote));
            }
            var dte = t * 365;
            var rejection = Check(quote, options) ?? (dte >= options.MinDte && dte <= maxDte ? null : QuoteRejection.OutsideDteWindow);
            if (rejection is { } reason)
            {
                report.Reject(reason);
                continue;
            }
            if (current is null)
            {
                if (!byExpiry.TryGetValue(lastKey!.Value, out var found))
                {
                    found = ([], []);
                    byExpiry[lastKey.Value] = found;
                }
                current = found;
            }
            (quote.Right == OptionRight.Call ? current.Value.Calls : current.Value.Puts).Add(quote);
            report.QuotesPassingQuoteFilters++;
        }
        var inputs = new SliceInputs(spot, options.RiskFreeRate, options.DividendYield, report);
        // By settlement instant (AM before PM on one date), then the chain's own root first, then root name.
        var slices = byExpiry
            .OrderBy(e => years[(e.Key.Expiry, e.Key.Settlement)])
            .ThenBy(e => e.Key.Root == chain.Symbol ? 0 : 1)
            .ThenBy(e => e.Key.Root, StringComparer.Ordinal)
            .Select(e => new ExpirySlice(e.Key.Expiry, e.Key.Settlement, e.Key.Root, e.Key.Root == chain.Symbol ? null : e.Key.Root,
                years[(e.Key.Expiry, e.Key.Settlement)], e.Value.Calls, e.Value.Puts, inputs))
            .ToList();
        return new ChainView(spot, slices, report);
    }

    /// <summary>Runs the lazy IV, Greeks and duplicate rules on every expiry (complete <see cref="Report"/> counts).</summary>
    public void MaterializeAll()
    {
        foreach (var slice in Slices)
        {
            _ = slice.Calls;
            _ = slice.Puts;
        }
    }

    /// <summary>The slice with DTE in [MinDte, MaxDte] nearest <paramref name="targetDte"/> (earlier on ties); null if none.</summary>
    public ExpirySlice? Primary(TradeAgentOptions options, double targetDte)
    {
        ExpirySlice? best = null;
        foreach (var slice in Slices)
        {
            if (slice.Dte >= options.MinDte && slice.Dte <= options.MaxDte
                && (best is null || Math.Abs(slice.Dte - targetDte) < Math.Abs(best.Dte - targetDte)))
            {
                best = slice;
            }
        }
        return best;
    }

    /// <summary>The calendar back month for <paramref name="front"/>: DTE in [front + min gap, CalendarMaxBackDte], nearest front + target gap.</summary>
    public ExpirySlice? BackOf(ExpirySlice front, TradeAgentOptions options)
    {
        ExpirySlice? best = null;
        var target = front.Dte + options.CalendarTargetGapDays;
        foreach (var slice in Slices)
        {
            if (slice.Dte >= front.Dte + options.CalendarMinGapDays && slice.Dte <= options.CalendarMaxBackDte
                && (best is null || Math.Abs(slice.Dte - target) < Math.Abs(best.Dte - target)))
            {
                best = slice;
            }
        }
        return best;
    }
}

/// <summary>What lazy slice materialization needs: spot, rates and the shared report.</summary>
internal sealed class SliceInputs(double spot, double rate, double div, ChainFilterReport report)
{
    public double Spot { get; } = spot;

    public double Rate { get; } = rate;

    public double Div { get; } = div;

    public ChainFilterReport Report { get; } = report;

    /// <summary>The chain's IV when finite and positive, else the IV solved from the mid (NaN when unsolvable).</summary>
    public double ImpliedVol(in OptionQuote quote, double years)
    {
        var iv = quote.ImpliedVol;
        if (iv > 0 && double.IsFinite(iv))
        {
            return iv;
        }
        return Spot > 0 ? ImpliedVolatility.European(quote.Right, 0.5 * (quote.Bid + quote.Ask), Spot, quote.Strike, years, Rate, Div).Volatility : double.NaN;
    }
}
