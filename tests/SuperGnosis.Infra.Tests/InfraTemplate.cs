using System.Text.Json.Nodes;
using SuperGnosis.Infra.Tests.Arm;

namespace SuperGnosis.Infra.Tests;

/// <summary>
/// The compiled infrastructure (infra/main.bicep → infra/main.json, built and linted by tools/SuperGnosis.Bicep) and the
/// repository files next to it, deployed on paper with <see cref="ArmDeployment"/>.
/// </summary>
public static class InfraTemplate
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string SubscriptionId = "66666666-7777-8888-9999-000000000000";
    public const string EnvironmentName = "sg-test";
    public const string Location = "eastus2";
    public const string DeployerObjectId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, relative);

    public static string RepoFile(string relative) => File.ReadAllText(Path(System.IO.Path.Combine("repo", relative)));

    /// <summary>A fresh copy of the compiled template (tests may change it to prove a check fails).</summary>
    public static JsonObject Compiled() => JsonNode.Parse(File.ReadAllText(Path("infra/main.json")))!.AsObject();

    /// <summary>The parameters <c>azd up</c> passes for a user with object id <see cref="DeployerObjectId"/>, plus <paramref name="overrides"/>.</summary>
    public static Dictionary<string, object?> Parameters(IReadOnlyDictionary<string, object?>? overrides = null)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["environmentName"] = EnvironmentName,
            ["location"] = Location,
            ["principalId"] = DeployerObjectId,
            ["principalType"] = "User",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, object?>())
        {
            parameters[key] = value;
        }
        return parameters;
    }

    public static ArmScope Scope => new(TenantId, SubscriptionId, null, Location, "supergnosis-deployment");

    public static ArmDeploymentResult Deploy(IReadOnlyDictionary<string, object?>? overrides = null, JsonObject? template = null) =>
        ArmDeployment.Deploy(template ?? Compiled(), Parameters(overrides), Scope);

    private static readonly Lazy<ArmDeploymentResult> DefaultDeployment = new(() => Deploy());

    /// <summary>The deployment with the default parameters (shared: results are read-only).</summary>
    public static ArmDeploymentResult Default => DefaultDeployment.Value;
}

/// <summary>Typed views of an evaluated deployment.</summary>
public static class DeploymentViews
{
    public static ArmResource Single(this ArmDeploymentResult deployment, string type)
    {
        var matches = deployment.OfType(type).ToList();
        return matches.Count == 1 ? matches[0] : throw new InvalidOperationException($"{matches.Count} resources of type {type}, expected 1");
    }

    /// <summary>The app settings (name → value) of the Functions app's <c>config/appsettings</c> resource.</summary>
    public static IReadOnlyDictionary<string, string> AppSettings(this ArmDeploymentResult deployment)
    {
        var config = deployment.OfType("Microsoft.Web/sites/config").Single(r => r.ShortName == "appsettings");
        return config.Properties.ToDictionary(p => p.Key, p => p.Value as string ?? throw new InvalidOperationException($"app setting {p.Key} is not a string"), StringComparer.OrdinalIgnoreCase);
    }

    public static string Text(this ArmObject obj, params string[] path)
    {
        object? current = obj;
        foreach (var key in path)
        {
            current = current is ArmObject o && o.TryGetValue(key, out var next) ? next : null;
        }
        return current as string ?? ArmEvaluator.ToText(current);
    }

    public static object? Value(this ArmObject obj, params string[] path)
    {
        object? current = obj;
        foreach (var key in path)
        {
            current = current is ArmObject o && o.TryGetValue(key, out var next) ? next : null;
        }
        return current;
    }

    public static IReadOnlyList<string> Strings(this ArmObject obj, params string[] path) =>
        obj.Value(path) is List<object?> list ? [.. list.Select(ArmEvaluator.ToText)] : [];
}
