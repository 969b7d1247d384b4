using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SuperGnosis.Infra.Tests;

/// <summary>azure.yaml and infra/main.parameters.json as azd reads them.</summary>
public static partial class AzdFiles
{
    /// <summary>
    /// azure.yaml as nested maps. Only the block-mapping subset azure.yaml uses here (<c>key: value</c>, <c>key:</c>
    /// with an indented block, comments); anything else (lists, flow style, anchors) is rejected rather than misread.
    /// </summary>
    public static IReadOnlyDictionary<string, object> AzureYaml()
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        var stack = new List<(int Indent, Dictionary<string, object> Map)> { (-1, root) };
        var lineNumber = 0;
        foreach (var raw in InfraTemplate.RepoFile("azure.yaml").Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var content = line.TrimStart();
            if (content.Length == 0 || content.StartsWith('#'))
            {
                continue;
            }
            var match = YamlEntry().Match(content);
            if (!match.Success || content.StartsWith('-') || content.Contains('{', StringComparison.Ordinal) || content.Contains('&', StringComparison.Ordinal))
            {
                throw new FormatException($"azure.yaml line {lineNumber}: '{content}' is outside the YAML subset these tests read");
            }
            var indent = line.Length - content.Length;
            while (stack[^1].Indent >= indent)
            {
                stack.RemoveAt(stack.Count - 1);
            }
            var key = match.Groups["key"].Value;
            var value = match.Groups["value"].Value.Trim();
            if (value.Length == 0)
            {
                var child = new Dictionary<string, object>(StringComparer.Ordinal);
                stack[^1].Map[key] = child;
                stack.Add((indent, child));
            }
            else
            {
                stack[^1].Map[key] = value.Trim('"', '\'');
            }
        }
        return root;
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9_.-]+):(?<value>(\s.*)?)$")]
    private static partial Regex YamlEntry();

    public static IReadOnlyDictionary<string, object> Map(this IReadOnlyDictionary<string, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is IReadOnlyDictionary<string, object> child
            ? child
            : throw new KeyNotFoundException($"azure.yaml has no block '{key}'");

    public static string Scalar(this IReadOnlyDictionary<string, object> map, string key) =>
        map.TryGetValue(key, out var value) && value is string text ? text : throw new KeyNotFoundException($"azure.yaml has no value '{key}'");

    /// <summary>The one service of azure.yaml (the Functions app), whose name tags the site (azd-service-name).</summary>
    public static string ServiceName => AzureYaml().Map("services").Keys.Single();

    /// <summary>infra/main.parameters.json: parameter → value text (with azd's <c>${VAR}</c> / <c>${VAR=default}</c> references).</summary>
    public static IReadOnlyDictionary<string, string> ParameterFile()
    {
        var file = JsonNode.Parse(InfraTemplate.RepoFile("infra/main.parameters.json"))!;
        return file["parameters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!["value"]!.GetValue<string>(), StringComparer.Ordinal);
    }

    /// <summary>
    /// What azd passes for a parameter file value: each <c>${NAME}</c> or <c>${NAME=default}</c> replaced by the
    /// environment variable, else the default, else empty; then converted to the parameter's declared type.
    /// </summary>
    public static object? Substitute(string value, IReadOnlyDictionary<string, string> environment, string parameterType)
    {
        var text = Reference().Replace(value, m =>
            environment.TryGetValue(m.Groups["name"].Value, out var set) ? set
            : m.Groups["default"].Success ? m.Groups["default"].Value
            : "");
        return parameterType.ToLowerInvariant() switch
        {
            "int" => long.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
            "bool" => bool.Parse(text),
            _ => text,
        };
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<default>[^}]*))?\}")]
    public static partial Regex Reference();
}
