using NodaTime;
using NodaTime.TimeZones;

namespace SuperGnosis.Core.MarketData;

/// <summary>
/// America/New_York wall-clock time from NodaTime's embedded IANA time-zone database (TZDB), so the
/// answer does not depend on the host's ICU or zoneinfo files (the repository runs with invariant
/// globalization). A zone is a fact, not configuration: this is static.
/// <para>
/// DST rule of <see cref="At"/>: a wall time in the spring-forward gap (02:00-02:59 on the second Sunday
/// of March) is shifted forward by the length of the gap (02:30 becomes 03:30 EDT); an ambiguous wall time in
/// the fall-back overlap (01:00-01:59 on the first Sunday of November) resolves to the earlier instant
/// (EDT, UTC-4). <see cref="AtStrict"/> rejects a gap time instead and resolves the overlap the same way.
/// Market sessions (09:30-16:00) never touch either.
/// </para>
/// </summary>
public static class NewYorkTime
{
    /// <summary>America/New_York from the embedded TZDB.</summary>
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb["America/New_York"];

    /// <summary>The New York calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Zone).Date.ToDateOnly();

    /// <summary>The New York wall-clock date and time of an instant, with its UTC offset.</summary>
    public static DateTimeOffset ToNewYork(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(Zone).ToDateTimeOffset();

    /// <summary>The instant at a New York wall-clock time on a date (gap: shifted forward; overlap: the earlier instant).</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) =>
        Zone.ResolveLocal(Local(date, time), Resolvers.LenientResolver).ToDateTimeOffset();

    /// <summary>
    /// As <see cref="At"/>, but a wall time that does not exist (the spring-forward gap) is an error, for parsers of
    /// user input: <see cref="ArgumentException"/> naming the date and time. Overlap: the earlier instant.
    /// </summary>
    public static DateTimeOffset AtStrict(DateOnly date, TimeOnly time)
    {
        var mapping = Zone.MapLocal(Local(date, time));
        if (mapping.Count == 0)
        {
            throw new ArgumentException(
                $"{date:yyyy-MM-dd} {time:HH:mm:ss} does not exist in New York (clocks skip from 02:00 to 03:00 that day)", nameof(time));
        }
        return mapping.First().ToDateTimeOffset();
    }

    /// <summary>Parser form of <see cref="AtStrict"/>: false (and default) for a wall time in the spring-forward gap.</summary>
    public static bool TryAtStrict(DateOnly date, TimeOnly time, out DateTimeOffset instant)
    {
        var mapping = Zone.MapLocal(Local(date, time));
        instant = mapping.Count == 0 ? default : mapping.First().ToDateTimeOffset();
        return mapping.Count != 0;
    }

    private static LocalDateTime Local(DateOnly date, TimeOnly time) =>
        LocalDate.FromDateOnly(date).At(LocalTime.FromTimeOnly(time));
}
