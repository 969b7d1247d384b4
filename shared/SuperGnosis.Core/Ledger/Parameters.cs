using System.Globalization;
using System.Text.Json;
using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;

namespace SuperGnosis.Core.Ledger;

/// <summary>
/// The tunable parameters the feedback loop may change, by canonical name (docs/metrics.md, "Feedback"):
/// <c>composer.weights.&lt;layer&gt;</c> (<see cref="ComposerOptions.Weights"/>), <c>trade.risk_fraction</c>
/// (<see cref="TradeAgentOptions.RiskFraction"/>) and <c>trade.min_confidence</c> (<see cref="TradeAgentOptions.MinConfidence"/>).
/// </summary>
public static class ParameterNames
{
    public const string ComposerWeightPrefix = "composer.weights.";
    public const string RiskFraction = "trade.risk_fraction";
    public const string MinConfidence = "trade.min_confidence";

    public static string ComposerWeight(string layer) => ComposerWeightPrefix + layer;
}

/// <summary>A set of parameter values by canonical name (<see cref="ParameterNames"/>); every value finite.</summary>
public sealed record ParameterSet
{
    public ParameterSet(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"parameter {name} must be finite (got {value})", name);
            }
        }
        Values = new SortedDictionary<string, double>(values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>The parameters as configured: the composer's weights of its listed layers, the trade agent's risk fraction and minimum confidence.</summary>
    public static ParameterSet From(ComposerOptions composer, TradeAgentOptions trade)
    {
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(trade);
        var values = composer.Weights.ToDictionary(kv => ParameterNames.ComposerWeight(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        values[ParameterNames.RiskFraction] = trade.RiskFraction;
        values[ParameterNames.MinConfidence] = trade.MinConfidence;
        return new ParameterSet(values);
    }

    /// <summary><paramref name="composer"/> with the weights of this set (layers this set does not name keep theirs).</summary>
    public ComposerOptions ApplyTo(ComposerOptions composer)
    {
        ArgumentNullException.ThrowIfNull(composer);
        var weights = composer.Weights.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (name, value) in Values)
        {
            if (name.StartsWith(ParameterNames.ComposerWeightPrefix, StringComparison.Ordinal))
            {
                weights[name[ParameterNames.ComposerWeightPrefix.Length..]] = value;
            }
        }
        return composer with { Weights = weights };
    }

    /// <summary><paramref name="trade"/> with the risk fraction and minimum confidence of this set (when it names them).</summary>
    public TradeAgentOptions ApplyTo(TradeAgentOptions trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        return trade with
        {
            RiskFraction = Values.GetValueOrDefault(ParameterNames.RiskFraction, trade.RiskFraction),
            MinConfidence = Values.GetValueOrDefault(ParameterNames.MinConfidence, trade.MinConfidence),
        };
    }

    public bool Equals(ParameterSet? other) =>
        other is not null && Values.Count == other.Values.Count
        && Values.All(kv => other.Values.TryGetValue(kv.Key, out var v) && v.Equals(kv.Value));

    public override int GetHashCode() => Values.Count;
}

/// <summary>One proposed change: <see cref="From"/> -> <see cref="To"/>, the default it shrinks toward, the evidence and why.</summary>
public sealed record ParameterChange(string Name, double From, double To, double Default, double Target, int Evidence, string Reason);

/// <summary>Status of a stored parameter version: only <c>accepted</c> versions are used by runs.</summary>
public enum ParameterVersionStatus
{
    Proposed,
    Accepted,
}

/// <summary>
/// A versioned parameter diff (docs/metrics.md, "Feedback"): version <see cref="Version"/> (1, 2, ...) derived from
/// <see cref="ParentVersion"/> (0 = the configured defaults), the full <see cref="Parameters"/> after the change, the
/// <see cref="Changes"/>, and the metrics it was computed from. The caller persists it; nothing here mutates configuration.
/// </summary>
public sealed record ParameterVersion(
    int Version,
    int ParentVersion,
    DateTimeOffset CreatedAt,
    ParameterVersionStatus Status,
    ParameterSet Parameters,
    IReadOnlyList<ParameterChange> Changes,
    int ClosedTrades,
    double? Sharpe,
    double? HitRate,
    double? MaxDrawdown)
{
    /// <summary>The snapshot metadata key that records which version made a decision (<c>parameter_version</c>; <c>0</c> = configured defaults).</summary>
    public const string MetadataKey = "parameter_version";

    /// <summary>The version's label in metadata and file names: <c>v000001</c>.</summary>
    public static string Label(int version) => "v" + version.ToString("D6", CultureInfo.InvariantCulture);

    public string ToJson(bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", Version);
            w.WriteNumber("parent_version", ParentVersion);
            w.WriteString("created_at", CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("status", Status == ParameterVersionStatus.Accepted ? "accepted" : "proposed");
            w.WriteStartObject("parameters");
            foreach (var (name, value) in Parameters.Values)
            {
                w.WriteNumber(name, value);
            }
            w.WriteEndObject();
            w.WriteStartArray("changes");
            foreach (var c in Changes)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteNumber("from", c.From);
                w.WriteNumber("to", c.To);
                w.WriteNumber("default", c.Default);
                w.WriteNumber("target", c.Target);
                w.WriteNumber("evidence", c.Evidence);
                w.WriteString("reason", c.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("metrics");
            w.WriteNumber("closed_trades", ClosedTrades);
            Nullable(w, "sharpe", Sharpe);
            Nullable(w, "hit_rate", HitRate);
            Nullable(w, "max_drawdown", MaxDrawdown);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Parses <see cref="ToJson"/> output; a malformed document throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static ParameterVersion Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var p in root.GetProperty("parameters").EnumerateObject())
            {
                parameters[p.Name] = p.Value.GetDouble();
            }
            var changes = root.GetProperty("changes").EnumerateArray().Select(c => new ParameterChange(
                c.GetProperty("name").GetString()!, c.GetProperty("from").GetDouble(), c.GetProperty("to").GetDouble(),
                c.GetProperty("default").GetDouble(), c.GetProperty("target").GetDouble(), c.GetProperty("evidence").GetInt32(),
                c.GetProperty("reason").GetString() ?? "")).ToList();
            var metrics = root.GetProperty("metrics");
            var status = root.GetProperty("status").GetString() switch
            {
                "accepted" => ParameterVersionStatus.Accepted,
                "proposed" => ParameterVersionStatus.Proposed,
                var s => throw new FormatException($"status must be 'accepted' or 'proposed' (got '{s}')"),
            };
            var version = root.GetProperty("version").GetInt32();
            return version < 1
                ? throw new FormatException($"version must be at least 1 (got {version})")
                : new ParameterVersion(
                    version,
                    root.GetProperty("parent_version").GetInt32(),
                    DateTimeOffset.Parse(root.GetProperty("created_at").GetString()!, CultureInfo.InvariantCulture),
                    status,
                    new ParameterSet(parameters),
                    changes,
                    metrics.GetProperty("closed_trades").GetInt32(),
                    OptionalDouble(metrics, "sharpe"),
                    OptionalDouble(metrics, "hit_rate"),
                    OptionalDouble(metrics, "max_drawdown"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not a parameter version document: {e.Message}", e);
        }
    }

    private static double? OptionalDouble(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static void Nullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
