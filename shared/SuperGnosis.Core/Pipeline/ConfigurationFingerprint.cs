using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// Builds the configuration fingerprint that goes into every run id (<see cref="RunIds.ForRun"/>), so that anything
/// that changes a decision changes the run id: engine options, agent options, trade options, model file hashes and
/// the data source's identity. Parts are named; <see cref="Compute"/> hashes them (SHA-256, lower-case hex) in a
/// canonical order (by category in the order above, then by name, ordinal), so the order they were added in does not
/// matter. Each part is length-prefixed, so no two different sets of parts hash the same text. Values are the
/// caller's canonical text of the settings (e.g. the options record as JSON); a name may be given once per category.
/// </summary>
public sealed class ConfigurationFingerprint
{
    private readonly SortedDictionary<(Category, string), string> _parts = new(Comparer<(Category, string)>.Create(
        (a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2)));

    /// <summary>The categories, in canonical order.</summary>
    private enum Category
    {
        Engine,
        Agent,
        Trade,
        Model,
        DataSource,
    }

    /// <summary>Settings of one engine, e.g. <c>("hedge", json of HedgeEngineOptions)</c>.</summary>
    public ConfigurationFingerprint WithEngineOptions(string engine, string settings) => Add(Category.Engine, engine, settings);

    /// <summary>Settings (rules) of one agent layer or of the composer, e.g. <c>("primary_hedge", ...)</c>.</summary>
    public ConfigurationFingerprint WithAgentOptions(string layer, string settings) => Add(Category.Agent, layer, settings);

    /// <summary>Settings of the trade agent.</summary>
    public ConfigurationFingerprint WithTradeOptions(string settings) => Add(Category.Trade, "trade", settings);

    /// <summary>A model file by its content hash (e.g. from <see cref="HashOf(Stream)"/>).</summary>
    public ConfigurationFingerprint WithModelFile(string name, string contentHash) => Add(Category.Model, name, contentHash);

    /// <summary>A model file by its content: the stream is read to its end and hashed.</summary>
    public ConfigurationFingerprint WithModelFile(string name, Stream content) => Add(Category.Model, name, HashOf(content));

    /// <summary>The market-data source: kind and what makes its answers differ (e.g. <c>synthetic-seed-7</c>, a provider and feed).</summary>
    public ConfigurationFingerprint WithDataSource(string identity) => Add(Category.DataSource, "source", identity);

    /// <summary>The fingerprint: SHA-256 of the canonical text of the parts, 64 lower-case hex digits.</summary>
    public string Compute() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText())));

    /// <summary>The text that is hashed: one <c>category:name:value</c> line per part, each field length-prefixed.</summary>
    public string CanonicalText()
    {
        var text = new StringBuilder();
        foreach (var ((category, name), value) in _parts)
        {
            Field(text, CategoryName(category));
            Field(text, name);
            Field(text, value);
            text.Append('\n');
        }
        return text.ToString();
    }

    public override string ToString() => Compute();

    /// <summary>SHA-256 of a stream's remaining content, lower-case hex.</summary>
    public static string HashOf(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Convert.ToHexStringLower(SHA256.HashData(content));
    }

    private ConfigurationFingerprint Add(Category category, string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!_parts.TryAdd((category, name), value))
        {
            throw new ArgumentException($"the fingerprint already has a {CategoryName(category)} part named '{name}'", nameof(name));
        }
        return this;
    }

    private static void Field(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');

    private static string CategoryName(Category category) => category switch
    {
        Category.Engine => "engine",
        Category.Agent => "agent",
        Category.Trade => "trade",
        Category.Model => "model",
        Category.DataSource => "data_source",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };
}
