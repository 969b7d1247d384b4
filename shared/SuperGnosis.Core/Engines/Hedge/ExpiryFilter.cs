using System.Globalization;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>Which expiries the hedge engine analyses (<see cref="HedgeEngineOptions.Expiries"/>; docs/hedge-engine.md, "Expiry filters").</summary>
public enum ExpirySelection
{
    /// <summary>Every expiry (default: no filter).</summary>
    All,

    /// <summary>Only contracts expiring on the as-of's New York date (and not yet settled at as-of).</summary>
    ZeroDte,

    /// <summary>Every expiry that is not a standard monthly.</summary>
    Weekly,

    /// <summary>Only the standard monthly expiry (<see cref="IMarketCalendar.MonthlyExpiry"/>; AM-settled where a root distinguishes it).</summary>
    Monthly,
}

/// <summary>A chain after the expiry filter: the kept rows, how many were excluded and how many kept rows are still live at as-of.</summary>
public sealed record FilteredChain(OptionChain Chain, int RowsExcluded, int LiveRowsKept);

/// <summary>
/// The expiry filter applied to a chain before every hedge feature (docs/hedge-engine.md, "Expiry filters").
/// DTE is calendar days from the as-of's New York date to the expiry date (0 on the expiry date). Rows whose expiry the
/// market calendar does not cover, and rows already settled at as-of, are left to the engine's hygiene (which counts
/// them as dropped) and are never "live".
/// </summary>
public static class ExpiryFilter
{
    /// <summary>True when the options filter expiries at all (otherwise the engine's input and output are as without a filter).</summary>
    public static bool IsSet(HedgeEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Expiries != ExpirySelection.All || options.MaxDte is not null;
    }

    /// <summary>The option spelling of a selection: all, 0dte, weekly or monthly.</summary>
    public static string Name(ExpirySelection selection) => selection switch
    {
        ExpirySelection.ZeroDte => "0dte",
        ExpirySelection.Weekly => "weekly",
        ExpirySelection.Monthly => "monthly",
        _ => "all",
    };

    /// <summary>Parses all, 0dte, weekly or monthly (case-insensitive); null when the text is none of them.</summary>
    public static ExpirySelection? Parse(string? text) => (text ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "all" => ExpirySelection.All,
        "0dte" => ExpirySelection.ZeroDte,
        "weekly" => ExpirySelection.Weekly,
        "monthly" => ExpirySelection.Monthly,
        _ => null,
    };

    /// <summary>The filter in words, as recorded in metadata and errors: <c>expiry_filter=weekly;max_dte=7</c>.</summary>
    public static string Describe(HedgeEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = HedgeMetadataKeys.ExpiryFilter + "=" + Name(options.Expiries);
        return options.MaxDte is { } max ? text + ";" + HedgeMetadataKeys.MaxDte + "=" + max.ToString(CultureInfo.InvariantCulture) : text;
    }

    /// <summary>Calendar days from the as-of's New York date to <paramref name="expiry"/> (0 on the expiry date, negative once past).</summary>
    public static int DaysToExpiry(DateOnly expiry, DateTimeOffset asOf) => expiry.DayNumber - NewYorkTime.DateOf(asOf).DayNumber;

    /// <summary>
    /// True when <paramref name="quote"/> is a standard monthly contract: its expiry is the calendar's monthly expiry of
    /// its month (third Friday, or the session before when that Friday is a holiday), and it is not the PM series of an
    /// index whose monthly is AM-settled: neither a weekly-series root (<see cref="OptionContractTerms.IsWeeklySeriesRoot"/>,
    /// e.g. SPXW) nor a PM-settled contract on a date where the chain also lists AM-settled contracts
    /// (<paramref name="amSettledDates"/>). Equity and ETF options (one root, PM) on that date are all monthly.
    /// </summary>
    public static bool IsMonthly(OptionChain chain, in OptionQuote quote, IMarketCalendar calendar, IReadOnlySet<DateOnly> amSettledDates)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(amSettledDates);
        var expiry = quote.Expiry;
        if (expiry != calendar.MonthlyExpiry(expiry.Year, expiry.Month))
        {
            return false;
        }
        if (quote.Settlement == OptionSettlement.Am)
        {
            return true;
        }
        return !OptionContractTerms.IsWeeklySeriesRoot(chain.RootOf(quote)) && !amSettledDates.Contains(expiry);
    }

    /// <summary>Dates (within the calendar) on which the chain lists AM-settled contracts.</summary>
    public static IReadOnlySet<DateOnly> AmSettledDates(OptionChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var dates = new HashSet<DateOnly>();
        foreach (var q in chain.Quotes.IsDefault ? [] : chain.Quotes)
        {
            if (q.Settlement == OptionSettlement.Am)
            {
                dates.Add(q.Expiry);
            }
        }
        return dates;
    }

    /// <summary>True when the contract passes the options' selection and maximum DTE.</summary>
    public static bool Keeps(OptionChain chain, in OptionQuote quote, DateTimeOffset asOf, HedgeEngineOptions options, IReadOnlySet<DateOnly> amSettledDates)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dte = DaysToExpiry(quote.Expiry, asOf);
        if (options.MaxDte is { } max && dte > max)
        {
            return false;
        }
        return options.Expiries switch
        {
            ExpirySelection.ZeroDte => dte == 0,
            ExpirySelection.Weekly => !IsMonthly(chain, quote, options.Calendar, amSettledDates),
            ExpirySelection.Monthly => IsMonthly(chain, quote, options.Calendar, amSettledDates),
            _ => true,
        };
    }

    /// <summary>The chain with only the contracts the filter keeps (rows outside the calendar's years are kept for the hygiene to count).</summary>
    public static FilteredChain Apply(OptionChain chain, DateTimeOffset asOf, HedgeEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        var quotes = chain.Quotes.IsDefault ? [] : chain.Quotes;
        var calendar = options.Calendar;
        var amDates = AmSettledDates(chain);
        var clock = new ExpiryClock(asOf, calendar);
        var kept = System.Collections.Immutable.ImmutableArray.CreateBuilder<OptionQuote>(quotes.Length);
        var live = 0;
        foreach (var q in quotes)
        {
            if (q.Expiry < calendar.FirstDate || q.Expiry > calendar.LastDate)
            {
                kept.Add(q);
                continue;
            }
            if (Keeps(chain, q, asOf, options, amDates))
            {
                kept.Add(q);
                live += clock.SettlementOf(q.Expiry, q.Settlement) > asOf ? 1 : 0;
            }
        }
        var excluded = quotes.Length - kept.Count;
        return new FilteredChain(chain with { Quotes = kept.DrainToImmutable() }, excluded, live);
    }

    /// <summary>The unexpired expiries of a chain with their DTE and kind, for messages: <c>2026-04-02 (4 DTE, monthly), ...</c>.</summary>
    public static string ListExpiries(OptionChain chain, DateTimeOffset asOf, IMarketCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(calendar);
        var amDates = AmSettledDates(chain);
        var clock = new ExpiryClock(asOf, calendar);
        var entries = new SortedSet<(DateOnly Date, bool Monthly)>();
        foreach (var q in chain.Quotes.IsDefault ? [] : chain.Quotes)
        {
            if (q.Expiry >= calendar.FirstDate && q.Expiry <= calendar.LastDate && clock.SettlementOf(q.Expiry, q.Settlement) > asOf)
            {
                entries.Add((q.Expiry, IsMonthly(chain, q, calendar, amDates)));
            }
        }
        return entries.Count == 0
            ? "none unexpired"
            : string.Join(", ", entries.Select(e => string.Create(CultureInfo.InvariantCulture,
                $"{e.Date:yyyy-MM-dd} ({DaysToExpiry(e.Date, asOf)} DTE, {(e.Monthly ? "monthly" : "weekly")})")));
    }
}
