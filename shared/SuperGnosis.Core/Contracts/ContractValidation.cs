using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// Validation shared by every contract record. Each failure throws <see cref="ArgumentException"/>
/// whose message and <c>ParamName</c> name the offending snake_case field.
/// </summary>
public static partial class ContractValidation
{
    /// <summary>
    /// Upper-case tickers, optionally prefixed by <c>^</c> for indices, with <c>.</c>, <c>-</c> or <c>/</c>
    /// class separators: <c>SPY</c>, <c>^SPX</c>, <c>BRK.B</c>, <c>ES/M</c>. At most 20 characters.
    /// </summary>
    [GeneratedRegex(@"^\^?[A-Z0-9][A-Z0-9./\-]{0,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex SymbolPattern();

    public static bool IsValidSymbol(string? symbol) => symbol is not null && SymbolPattern().IsMatch(symbol);

    public static string Symbol(string? symbol, string field = "symbol")
    {
        if (!IsValidSymbol(symbol))
        {
            throw new ArgumentException(
                $"{field} must be an upper-case ticker such as SPY, ^SPX or BRK.B (got '{symbol}')", field);
        }
        return symbol!;
    }

    /// <summary>Run ids: 1-128 letters, digits, '-', '_' or '.', starting with a letter or digit (safe as a table key and a blob name).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdPattern();

    /// <summary>Suggestion layers: lower-case snake_case such as <c>primary_hedge</c>, at most 64 characters.</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerPattern();

    public static string RunId(string? runId, string field = "run_id") =>
        runId is not null && RunIdPattern().IsMatch(runId)
            ? runId
            : throw new ArgumentException($"{field} must be 1-128 letters, digits, '-', '_' or '.' (got '{runId}')", field);

    public static string Layer(string? layer, string field = "layer") =>
        layer is not null && LayerPattern().IsMatch(layer)
            ? layer
            : throw new ArgumentException($"{field} must be lower-case snake_case such as primary_hedge (got '{layer}')", field);

    public static double Confidence(double value, string field = "confidence")
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new ArgumentException($"{field} must be in [0, 1] (got {value})", field);
        }
        return value;
    }

    public static double Finite(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{field} must be a finite number (got {value})", field);
        }
        return value;
    }

    public static double? FiniteOrNull(double? value, string field) =>
        value is null ? null : Finite(value.Value, field);

    public static double NonNegative(double value, string field)
    {
        Finite(value, field);
        if (value < 0)
        {
            throw new ArgumentException($"{field} must be >= 0 (got {value})", field);
        }
        return value;
    }

    public static string NotBlank(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{field} must not be empty", field);
        }
        return value;
    }

    public static T Defined<T>(T value, string field) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException($"{field} has an unknown value '{value}'", field);
        }
        return value;
    }

    /// <summary>Copies a feature map, rejecting blank names and non-finite values (message names the key).</summary>
    public static ImmutableSortedDictionary<string, double> Features(
        IReadOnlyDictionary<string, double>? features, string field)
    {
        if (features is null)
        {
            return ImmutableSortedDictionary<string, double>.Empty.WithComparers(StringComparer.Ordinal);
        }
        var builder = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in features)
        {
            NotBlank(key, $"{field} key");
            Finite(value, $"{field}.{key}");
            builder[key] = value;
        }
        return builder.ToImmutable();
    }

    public static ImmutableSortedDictionary<string, string> Metadata(
        IReadOnlyDictionary<string, string>? metadata, string field = "metadata")
    {
        if (metadata is null)
        {
            return ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        }
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            NotBlank(key, $"{field} key");
            builder[key] = value ?? throw new ArgumentException($"{field}.{key} must not be null", field);
        }
        return builder.ToImmutable();
    }

    public static ImmutableArray<T> List<T>(IEnumerable<T>? items, string field) where T : class
    {
        if (items is null)
        {
            return [];
        }
        var array = items.ToImmutableArray();
        for (var i = 0; i < array.Length; i++)
        {
            if (array[i] is null)
            {
                throw new ArgumentException($"{field}[{i}] must not be null", field);
            }
        }
        return array;
    }

    public static DateTimeOffset Timestamp(DateTimeOffset value, string field = "timestamp")
    {
        if (value == default)
        {
            throw new ArgumentException($"{field} must be set", field);
        }
        return value;
    }
}
