using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Hosting.Pipeline;

/// <summary>
/// The canonical text of an options object for the run-id fingerprint: every public instance property in name order
/// (ordinal), <c>Name=value;</c>, nested records in braces, lists in brackets in their order, dictionaries in brackets
/// sorted by key (ordinal), doubles as shortest round-trip invariant text, time spans as <c>c</c>, enums by name, a
/// market calendar by its type and covered dates; a property marked with <see cref="DefaultValueAttribute"/> is left out
/// while it holds that default (settings added after run ids were recorded). Two option objects with equal settings give equal text; any
/// different setting gives a different text. Reflection over property lists only (no serializer), so it costs little
/// at start-up.
/// </summary>
public static class CanonicalSettings
{
    public static string Of(object? settings)
    {
        var text = new StringBuilder();
        Write(text, settings, depth: 0);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value, int depth)
    {
        if (depth > 8)
        {
            throw new InvalidOperationException("settings nest deeper than 8 levels; a cycle?");
        }
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                return;
            case double d:
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            case float f:
                text.Append(f.ToString("R", CultureInfo.InvariantCulture));
                return;
            case bool b:
                text.Append(b ? "true" : "false");
                return;
            case TimeSpan t:
                text.Append(t.ToString("c", CultureInfo.InvariantCulture));
                return;
            case Enum e:
                text.Append(e.ToString());
                return;
            case IFormattable formattable when value.GetType().IsPrimitive || value is decimal or DateTimeOffset or DateOnly or TimeOnly:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case IMarketCalendar calendar:
                text.Append(calendar.GetType().FullName).Append('(').Append(calendar.FirstDate.ToString("O", CultureInfo.InvariantCulture))
                    .Append("..").Append(calendar.LastDate.ToString("O", CultureInfo.InvariantCulture)).Append(')');
                return;
            case IDictionary dictionary:
                var entries = new List<(string Key, object? Value)>();
                foreach (DictionaryEntry entry in dictionary)
                {
                    entries.Add((Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "", entry.Value));
                }
                WriteEntries(text, entries, depth);
                return;
            case IEnumerable sequence when ReadOnlyDictionaryEntries(sequence) is { } pairs:
                WriteEntries(text, pairs, depth);
                return;
            case IEnumerable sequence:
                text.Append('[');
                var first = true;
                foreach (var item in sequence)
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    Write(text, item, depth + 1);
                }
                text.Append(']');
                return;
            default:
                text.Append('{');
                foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                    .OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    var propertyValue = property.GetValue(value);
                    if (AtDeclaredDefault(property, propertyValue))
                    {
                        continue;
                    }
                    text.Append(property.Name).Append('=');
                    Write(text, propertyValue, depth + 1);
                    text.Append(';');
                }
                text.Append('}');
                return;
        }
    }

    /// <summary>
    /// True when a property carries <see cref="DefaultValueAttribute"/> and holds that value: such settings (added after
    /// run ids were recorded) are written only when set, so the run ids of runs that did not use them stay the same.
    /// </summary>
    private static bool AtDeclaredDefault(PropertyInfo property, object? value) =>
        property.GetCustomAttribute<DefaultValueAttribute>() is { } declared && Equals(declared.Value, value);

    private static void WriteEntries(StringBuilder text, List<(string Key, object? Value)> entries, int depth)
    {
        text.Append('[');
        foreach (var (key, item) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Write(text, key, depth + 1);
            text.Append(':');
            Write(text, item, depth + 1);
            text.Append(',');
        }
        text.Append(']');
    }

    /// <summary>The entries of a sequence of <see cref="KeyValuePair{TKey, TValue}"/> (read-only dictionaries), or null.</summary>
    private static List<(string Key, object? Value)>? ReadOnlyDictionaryEntries(IEnumerable sequence)
    {
        var pairType = sequence.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                && i.GetGenericArguments()[0] is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
            ?.GetGenericArguments()[0];
        if (pairType is null)
        {
            return null;
        }
        var keyProperty = pairType.GetProperty("Key")!;
        var valueProperty = pairType.GetProperty("Value")!;
        var entries = new List<(string, object?)>();
        foreach (var pair in sequence)
        {
            entries.Add((Convert.ToString(keyProperty.GetValue(pair), CultureInfo.InvariantCulture) ?? "", valueProperty.GetValue(pair)));
        }
        return entries;
    }
}
