using System.Globalization;
using System.Text.Json;

namespace SuperGnosis.Data.Providers;

/// <summary>Reading provider JSON leniently where the documents allow it (a missing or null number is NaN, a number
/// given as a string is read) and describing what is there when the shape is not the documented one.</summary>
public static class ProviderJson
{
    /// <summary>A number field: a JSON number or a numeric string; NaN when absent, null or anything else.</summary>
    public static double Number(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return double.NaN;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => double.NaN,
        };
    }

    /// <summary>An integer field (epoch times in s, ms or ns), or null.</summary>
    public static long? Integer(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.Number when value.TryGetDouble(out var d) && double.IsFinite(d) && Math.Abs(d) < 9.2e18 => (long)d,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>A string field, or null.</summary>
    public static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An object field, or null.</summary>
    public static JsonElement? Object(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>An RFC 3339 / ISO-8601 instant field (<c>2024-03-06T19:45:00Z</c>), or null.</summary>
    public static DateTimeOffset? Instant(JsonElement obj, string name) =>
        Text(obj, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;

    /// <summary>Epoch nanoseconds as an instant (tick precision: 100 ns).</summary>
    public static DateTimeOffset FromNanoseconds(long nanoseconds) => DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);

    /// <summary>An instant as epoch nanoseconds.</summary>
    public static long ToNanoseconds(DateTimeOffset instant) => (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>
    /// The array under a dotted path (<c>results</c>, <c>options.option</c>). A JSON <c>null</c> on the path is an empty array
    /// (<paramref name="nullIsEmpty"/>, how providers say "no data"); <paramref name="missingIsEmpty"/>: so is a missing last key.
    /// <paramref name="singleIsOne"/>: one value (an object, a string) is an array of one (Tradier's XML-born JSON). Anything else that is not the
    /// documented shape throws <see cref="FormatException"/> saying what is there instead.
    /// </summary>
    public static IReadOnlyList<JsonElement> Array(JsonElement root, string path, bool missingIsEmpty = false, bool singleIsOne = false, bool nullIsEmpty = true)
    {
        var current = root;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var soFar = string.Join('.', parts[..i]);
            if (current.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{(soFar.Length == 0 ? "the body" : soFar)} is {Kind(current)}, expected an object holding '{parts[i]}'");
            }
            if (!current.TryGetProperty(parts[i], out var next) || next.ValueKind == JsonValueKind.Null)
            {
                var isNull = current.TryGetProperty(parts[i], out _);
                if ((isNull && (nullIsEmpty || missingIsEmpty)) || (!isNull && missingIsEmpty && i == parts.Length - 1))
                {
                    return [];
                }
                throw new FormatException($"{string.Join('.', parts[..(i + 1)])} missing ({(soFar.Length == 0 ? "the body" : soFar)} has: {Keys(current)})");
            }
            current = next;
        }
        return current.ValueKind switch
        {
            JsonValueKind.Array => [.. current.EnumerateArray()],
            JsonValueKind.Object or JsonValueKind.String or JsonValueKind.Number when singleIsOne => [current],
            _ => throw new FormatException($"{path} is {Kind(current)}, expected an array"),
        };
    }

    /// <summary>The keys of an object, comma separated (at most 12), for messages.</summary>
    public static string Keys(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return Kind(obj);
        }
        var names = obj.EnumerateObject().Select(p => p.Name).ToList();
        return names.Count == 0 ? "no keys" : string.Join(", ", names.Take(12)) + (names.Count > 12 ? ", ..." : string.Empty);
    }

    /// <summary>"an object", "a string", ... for messages.</summary>
    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
