using System.Globalization;

namespace SuperGnosis.Core.MarketData;

/// <summary>
/// A market calendar driven by a data table of holidays and early closes (the way trading platforms ship
/// market-hours databases), in New York time. <see cref="Nyse"/> is the embedded NYSE table
/// (MarketData/Calendars/nyse.csv, 2000-2050); <see cref="Load"/> reads a user's own table in the same format:
/// <code>
/// # comment lines start with '#'
/// years=2000-2050          first and last calendar year covered (required)
/// session=09:30-16:00      regular open and close, New York wall clock (required)
/// date,kind,close,name     header, then one row per non-regular weekday, ascending by date
/// 2026-11-26,holiday,,Thanksgiving Day
/// 2026-11-27,early_close,13:00,Day after Thanksgiving
/// </code>
/// Weekdays not listed trade the regular session; weekends never trade. A malformed table is rejected with a
/// <see cref="FormatException"/> naming the source and line. Dates outside the covered years throw
/// <see cref="ArgumentOutOfRangeException"/> naming the range: the calendar never guesses.
/// </summary>
public sealed class MarketCalendar : IMarketCalendar
{
    private const string Header = "date,kind,close,name";
    private const string NyseResource = "SuperGnosis.Core.MarketData.Calendars.nyse.csv";

    private static readonly Lazy<MarketCalendar> NyseTable = new(LoadNyse);

    private readonly string _name;
    private readonly Dictionary<DateOnly, MarketClosure> _closures;
    private readonly bool[] _trades;

    private MarketCalendar(string name, DateOnly first, DateOnly last, TimeOnly open, TimeOnly close, Dictionary<DateOnly, MarketClosure> closures)
    {
        _name = name;
        FirstDate = first;
        LastDate = last;
        RegularOpen = open;
        RegularClose = close;
        _closures = closures;
        _trades = new bool[last.DayNumber - first.DayNumber + 1];
        for (var i = 0; i < _trades.Length; i++)
        {
            var date = first.AddDays(i);
            _trades[i] = date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
                && !(closures.TryGetValue(date, out var c) && c.Kind == ClosureKind.Holiday);
        }
    }

    /// <summary>The NYSE calendar (embedded table, 2000-01-01..2050-12-31), loaded once.</summary>
    public static MarketCalendar Nyse => NyseTable.Value;

    public DateOnly FirstDate { get; }

    public DateOnly LastDate { get; }

    public TimeOnly RegularOpen { get; }

    public TimeOnly RegularClose { get; }

    /// <summary>Every listed holiday and early close, ascending by date.</summary>
    public IReadOnlyList<MarketClosure> Closures => [.. _closures.Values.OrderBy(c => c.Date)];

    public bool IsTradingDay(DateOnly date) => _trades[Index(date)];

    public MarketClosure? ClosureOn(DateOnly date)
    {
        Index(date);
        return _closures.TryGetValue(date, out var closure) ? closure : null;
    }

    public TradingSession? SessionOf(DateOnly date)
    {
        if (!_trades[Index(date)])
        {
            return null;
        }
        var early = _closures.TryGetValue(date, out var closure) && closure.Kind == ClosureKind.EarlyClose;
        var close = early ? closure.Close!.Value : RegularClose;
        return new TradingSession(date, NewYorkTime.At(date, RegularOpen), NewYorkTime.At(date, close), early);
    }

    public DateOnly NextTradingDay(DateOnly date)
    {
        for (var i = Index(date) + 1; i < _trades.Length; i++)
        {
            if (_trades[i])
            {
                return FirstDate.AddDays(i);
            }
        }
        throw OutOfRange(date.AddDays(1), "no trading day after " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public DateOnly PreviousTradingDay(DateOnly date)
    {
        for (var i = Index(date) - 1; i >= 0; i--)
        {
            if (_trades[i])
            {
                return FirstDate.AddDays(i);
            }
        }
        throw OutOfRange(date.AddDays(-1), "no trading day before " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    public DateOnly MonthlyExpiry(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var friday = first.AddDays((((int)DayOfWeek.Friday - (int)first.DayOfWeek + 7) % 7) + 14);
        return IsTradingDay(friday) ? friday : PreviousTradingDay(friday);
    }

    public override string ToString() => $"{_name} ({FirstDate:yyyy-MM-dd}..{LastDate:yyyy-MM-dd})";

    /// <summary>Reads a calendar table (format in the class summary); <paramref name="source"/> names it in errors.</summary>
    public static MarketCalendar Load(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        (int First, int Last)? years = null;
        (TimeOnly Open, TimeOnly Close)? session = null;
        var headerSeen = false;
        var closures = new Dictionary<DateOnly, MarketClosure>();
        DateOnly? previous = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            FormatException Error(string message) => new($"{source} line {lineNumber}: {message}");
            if (!headerSeen)
            {
                if (line == Header)
                {
                    if (years is null || session is null)
                    {
                        throw Error("the 'years=' and 'session=' lines must come before the header");
                    }
                    headerSeen = true;
                }
                else if (line.StartsWith("years=", StringComparison.Ordinal))
                {
                    years = ParseYears(line["years=".Length..]) ?? throw Error($"expected years=YYYY-YYYY (first <= last), got '{line}'");
                }
                else if (line.StartsWith("session=", StringComparison.Ordinal))
                {
                    session = ParseSession(line["session=".Length..]) ?? throw Error($"expected session=HH:MM-HH:MM (open before close), got '{line}'");
                }
                else
                {
                    throw Error($"expected 'years=', 'session=' or the header '{Header}', got '{line}'");
                }
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 4)
            {
                throw Error($"expected 4 fields ({Header}), got {fields.Length}");
            }
            if (!DateOnly.TryParseExact(fields[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw Error($"date '{fields[0]}' is not YYYY-MM-DD");
            }
            if (date.Year < years!.Value.First || date.Year > years.Value.Last)
            {
                throw Error($"{date:yyyy-MM-dd} is outside years={years.Value.First}-{years.Value.Last}");
            }
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                throw Error($"{date:yyyy-MM-dd} is a {date.DayOfWeek}: list the weekday a holiday is observed on");
            }
            if (previous is { } p && date <= p)
            {
                throw Error(date == p ? $"{date:yyyy-MM-dd} is listed twice" : $"{date:yyyy-MM-dd} is out of order (rows ascend by date)");
            }
            var name = fields[3].Trim();
            if (name.Length == 0)
            {
                throw Error("the name is empty");
            }
            var closeText = fields[2].Trim();
            MarketClosure closure;
            switch (fields[1].Trim())
            {
                case "holiday":
                    if (closeText.Length != 0)
                    {
                        throw Error($"a holiday has no close time, got '{closeText}'");
                    }
                    closure = new MarketClosure(date, ClosureKind.Holiday, null, name);
                    break;
                case "early_close":
                    if (!TimeOnly.TryParseExact(closeText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close))
                    {
                        throw Error($"early close time '{closeText}' is not HH:MM");
                    }
                    if (close <= session!.Value.Open || close >= session.Value.Close)
                    {
                        throw Error($"early close {closeText} is not between the regular open {session.Value.Open:HH:mm} and close {session.Value.Close:HH:mm}");
                    }
                    closure = new MarketClosure(date, ClosureKind.EarlyClose, close, name);
                    break;
                default:
                    throw Error($"kind '{fields[1]}' is not holiday or early_close");
            }
            closures.Add(date, closure);
            previous = date;
        }
        if (!headerSeen)
        {
            throw new FormatException($"{source}: no header line '{Header}' (after 'years=' and 'session=')");
        }
        return new MarketCalendar(source, new DateOnly(years!.Value.First, 1, 1), new DateOnly(years.Value.Last, 12, 31),
            session!.Value.Open, session.Value.Close, closures);
    }

    /// <summary>Reads a calendar table from a file (format in the class summary).</summary>
    public static MarketCalendar LoadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Load(reader, path);
    }

    private static MarketCalendar LoadNyse()
    {
        using var stream = typeof(MarketCalendar).Assembly.GetManifestResourceStream(NyseResource)
            ?? throw new InvalidOperationException($"embedded calendar {NyseResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return Load(reader, "NYSE calendar (nyse.csv)");
    }

    private int Index(DateOnly date)
    {
        var index = date.DayNumber - FirstDate.DayNumber;
        return (uint)index < (uint)_trades.Length ? index : throw OutOfRange(date, null);
    }

    private ArgumentOutOfRangeException OutOfRange(DateOnly date, string? context) =>
        new("date", date, $"{_name} covers {FirstDate:yyyy-MM-dd}..{LastDate:yyyy-MM-dd}; {date:yyyy-MM-dd} is outside it"
            + (context is null ? "" : " (" + context + ")") + ". Extend the table (docs/options-math.md, \"Market calendar\").");

    private static (int, int)? ParseYears(string text)
    {
        var parts = text.Split('-');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            && first is >= 1900 and <= 2200 && last is >= 1900 and <= 2200 && first <= last
            ? (first, last) : null;
    }

    private static (TimeOnly, TimeOnly)? ParseSession(string text)
    {
        var parts = text.Split('-');
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var open)
            && TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close)
            && open < close
            ? (open, close) : null;
    }
}
