using System.Globalization;
using System.Text.RegularExpressions;

namespace SuperGnosis.Core.MarketData;

/// <summary>An as-of text that is not a valid instant; the CLI maps it to exit code 2, an HTTP API to 400.</summary>
public sealed class AsOfFormatException(string text, string message) : FormatException(message)
{
    /// <summary>The text as given.</summary>
    public string Text { get; } = text;
}

/// <summary>
/// The one reading of an as-of instant for every host (docs/data-formats.md, "As-of instants"):
/// <list type="bullet">
/// <item>an ISO-8601 date-time with <c>Z</c> or an offset (<c>+02:00</c>, <c>+0200</c>, <c>+02</c>) is that instant;</item>
/// <item>a date-time without an offset is New York exchange time (America/New_York, DST-aware); a wall time that
/// does not exist (the spring-forward hour) is rejected; a wall time that occurs twice (the fall-back hour) is the
/// earlier instant, daylight time (EDT);</item>
/// <item>a date alone (<c>YYYY-MM-DD</c>) is 00:00 New York time of that date;</item>
/// <item>an absent value (null) means "not given" (<see cref="Parse"/> then takes the clock's now); an empty or
/// blank value given explicitly is an error.</item>
/// </list>
/// The date and time separator is <c>T</c> or a space; seconds and up to 7 fractional digits are optional; other
/// spellings (week dates, ordinal dates, "11/24/2026") are rejected.
/// </summary>
public static partial class AsOfText
{
    /// <summary>The rule in one sentence, for <c>--help</c> texts.</summary>
    public const string HelpRule =
        "ISO-8601: with Z or an offset it is that instant; a date-time without an offset is New York time (America/New_York, DST-aware); a date alone is 00:00 New York time";

    /// <summary>An example shown in error messages.</summary>
    public const string Example = "2026-11-24T15:30:00Z";

    /// <summary>Date, optional time (seconds and up to 7 fractional digits optional) and optional <c>Z</c> or <c>±hh[[:]mm]</c>.</summary>
    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[Tt ](?<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,7})?)?)(?:(?<z>[Zz])|(?<sign>[+-])(?<hh>[0-9]{2})(?::?(?<mm>[0-9]{2}))?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();

    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    /// <summary>The instant of <paramref name="text"/>, or now from <paramref name="time"/> when it is null.</summary>
    /// <exception cref="AsOfFormatException">The text is blank, malformed or a New York wall time that does not exist.</exception>
    public static DateTimeOffset Parse(string? text, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ParseOptional(text) ?? time.GetUtcNow();
    }

    /// <summary>The instant of <paramref name="text"/>, or null when it is null (the caller picks the default).</summary>
    /// <exception cref="AsOfFormatException">The text is blank, malformed or a New York wall time that does not exist.</exception>
    public static DateTimeOffset? ParseOptional(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new AsOfFormatException(text, $"must not be empty: give an ISO-8601 date or instant such as {Example}, or leave the option out");
        }
        var match = Iso8601().Match(trimmed);
        if (!match.Success
            || !DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Malformed(text);
        }
        var time = TimeOnly.MinValue;
        if (match.Groups["time"].Success
            && !TimeOnly.TryParseExact(match.Groups["time"].Value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            throw Malformed(text);
        }
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (match.Groups["z"].Success)
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }
        if (match.Groups["sign"].Success)
        {
            var hours = int.Parse(match.Groups["hh"].Value, CultureInfo.InvariantCulture);
            var minutes = match.Groups["mm"].Success ? int.Parse(match.Groups["mm"].Value, CultureInfo.InvariantCulture) : 0;
            var offset = new TimeSpan(hours, minutes, 0);
            if (minutes >= 60 || offset > TimeSpan.FromHours(14))
            {
                throw Malformed(text);
            }
            return new DateTimeOffset(local, match.Groups["sign"].Value == "-" ? -offset : offset);
        }
        return NewYorkWallTime(text, local);
    }

    /// <summary>New York wall time to an instant: the spring-forward gap is an error, the fall-back overlap takes EDT (the earlier instant).</summary>
    private static DateTimeOffset NewYorkWallTime(string text, DateTime local) =>
        NewYorkTime.TryAtStrict(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), out var instant)
            ? instant
            : throw new AsOfFormatException(text,
                $"'{text}' does not exist in New York time (the clocks skip that hour when daylight saving time starts); give an offset, e.g. {local:yyyy-MM-dd'T'HH:mm}-05:00");

    private static AsOfFormatException Malformed(string text) =>
        new(text, $"must be an ISO-8601 date or instant such as {Example} (got '{text}')");
}
