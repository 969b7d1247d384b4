using System.Text.Json.Nodes;

namespace SuperGnosis.Infra.Tests.Arm;

/// <summary>One resource a deployment would create or update, with every expression evaluated.</summary>
public sealed record ArmResource(
    string Type,
    string Name,
    string Id,
    string? ResourceGroup,
    string DeploymentPath,
    ArmObject Declaration)
{
    /// <summary>The last segment of the name (<c>account/default/queue</c> → <c>queue</c>).</summary>
    public string ShortName => Name.Split('/')[^1];

    public ArmObject Properties => Declaration.TryGetValue("properties", out var p) && p is ArmObject o ? o : new ArmObject();

    public ArmObject Tags => Declaration.TryGetValue("tags", out var t) && t is ArmObject o ? o : new ArmObject();

    public object? this[string key] => Declaration.TryGetValue(key, out var value) ? value : null;

    /// <summary>Full id of the resource an extension resource (a role assignment) applies to; null for ordinary resources.</summary>
    public string? ScopeId { get; init; }
}

/// <summary>The evaluated result of a deployment and of every deployment nested in it.</summary>
public sealed class ArmDeploymentResult
{
    public required string Name { get; init; }

    public required ArmScope Scope { get; init; }

    /// <summary>Resources of this deployment and of every nested one (nested deployment resources themselves included).</summary>
    public required IReadOnlyList<ArmResource> Resources { get; init; }

    public required ArmObject Outputs { get; init; }

    /// <summary>Every resource id passed to <c>reference()</c> other than a deployment's, anywhere in the tree.</summary>
    public required IReadOnlyCollection<string> ReferencedResourceIds { get; init; }

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public object? Output(string name) => Outputs.TryGetValue(name, out var o) && o is ArmObject obj ? obj["value"] : throw new KeyNotFoundException($"output {name}");
}

/// <summary>
/// Deploys an ARM template on paper: parameters (supplied or defaults, checked against allowedValues, min/max value
/// and length), variables, conditions, copy loops, nested deployments with inner expression scope, outputs, and
/// <c>reference()</c>: a nested deployment's outputs, or for a resource the runtime properties Azure would report
/// (<see cref="RuntimeState"/>: endpoints derived from the name, client and principal ids as deterministic GUIDs).
/// Nothing is sent anywhere.
/// </summary>
public sealed class ArmDeployment : IArmContext
{
    private readonly JsonObject template;
    private readonly IReadOnlyDictionary<string, object?> suppliedParameters;
    private readonly Dictionary<string, object?> parameters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object?> variables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> evaluating = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, NestedDeployment> nested = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> referenced;
    private readonly ArmEvaluator evaluator;
    private readonly string path;
    private long? copyIndex;

    private ArmDeployment(JsonObject template, IReadOnlyDictionary<string, object?> parameters, ArmScope scope, string path, HashSet<string> referenced)
    {
        this.template = template;
        suppliedParameters = parameters;
        Scope = scope;
        this.path = path;
        this.referenced = referenced;
        evaluator = new ArmEvaluator(this);
    }

    public ArmScope Scope { get; }

    /// <summary>Deploys <paramref name="template"/> with <paramref name="parameters"/> (name → value) at <paramref name="scope"/>.</summary>
    public static ArmDeploymentResult Deploy(JsonObject template, IReadOnlyDictionary<string, object?> parameters, ArmScope scope)
    {
        ArgumentNullException.ThrowIfNull(template);
        var referenced = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return new ArmDeployment(template, parameters, scope, scope.DeploymentName, referenced).Run();
    }

    private ArmDeploymentResult Run()
    {
        var declared = Section("parameters");
        foreach (var name in suppliedParameters.Keys.Where(k => !declared.ContainsKey(k)))
        {
            throw new ArgumentException($"{path}: parameter '{name}' is not declared by the template");
        }
        foreach (var (name, _) in declared)
        {
            Parameter(name);
        }

        var resources = new List<ArmResource>();
        var declarations = template["resources"] as JsonArray ?? [];
        // Nested deployments first (by name), so that reference() to one declared later can run it on demand.
        foreach (var declaration in declarations.OfType<JsonObject>().Where(IsNestedDeployment))
        {
            foreach (var index in Iterations(declaration))
            {
                copyIndex = index;
                if (!Condition(declaration))
                {
                    continue;
                }
                var name = ArmEvaluator.ToText(evaluator.EvaluateNode(declaration["name"]));
                nested[name] = new NestedDeployment(declaration, index);
            }
            copyIndex = null;
        }
        foreach (var declaration in declarations.OfType<JsonObject>())
        {
            if (IsNestedDeployment(declaration))
            {
                continue;
            }
            foreach (var index in Iterations(declaration))
            {
                copyIndex = index;
                if (Condition(declaration))
                {
                    resources.Add(Resource(declaration));
                }
            }
            copyIndex = null;
        }
        foreach (var (name, deployment) in nested)
        {
            var result = RunNested(name, deployment);
            resources.Add(new ArmResource("Microsoft.Resources/deployments", name, DeploymentId(deployment.ResourceGroup, name), deployment.ResourceGroup, path, deployment.Evaluated!));
            resources.AddRange(result.Resources);
        }

        var outputs = new ArmObject();
        foreach (var (name, output) in Section("outputs"))
        {
            outputs[name] = new ArmObject
            {
                ["type"] = output!["type"]?.GetValue<string>(),
                ["value"] = evaluator.EvaluateNode(output["value"]),
            };
        }
        return new ArmDeploymentResult
        {
            Name = path,
            Scope = Scope,
            Resources = resources,
            Outputs = outputs,
            ReferencedResourceIds = referenced,
        };
    }

    private static bool IsNestedDeployment(JsonObject declaration) =>
        string.Equals(declaration["type"]?.GetValue<string>(), "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
        && declaration["properties"]?["template"] is JsonObject;

    private IEnumerable<long?> Iterations(JsonObject declaration)
    {
        if (declaration["copy"] is not JsonObject copy)
        {
            return [null];
        }
        var count = evaluator.EvaluateNode(copy["count"]) as long? ?? throw new InvalidOperationException($"{path}: copy count is not an int");
        return Enumerable.Range(0, (int)count).Select(i => (long?)i).ToList();
    }

    private bool Condition(JsonObject declaration) =>
        declaration["condition"] is not { } condition || evaluator.EvaluateNode(condition) is true;

    private ArmResource Resource(JsonObject declaration)
    {
        var evaluated = new ArmObject();
        foreach (var (key, value) in declaration)
        {
            if (key is "copy" or "condition" or "dependsOn")
            {
                continue;
            }
            evaluated[key] = evaluator.EvaluateNode(value);
        }
        var type = ArmEvaluator.ToText(evaluated["type"]);
        var name = ArmEvaluator.ToText(evaluated["name"]);
        var group = Scope.ResourceGroup;
        string? scopeId = null;
        string id;
        if (evaluated.TryGetValue("scope", out var scope) && scope is string relative)
        {
            // An extension resource (role assignment): scope is relative to the group, or a full id.
            scopeId = relative.StartsWith('/') ? relative : $"{Scope.ResourceGroupId ?? Scope.SubscriptionResourceId}/providers/{relative}";
            id = $"{scopeId}/providers/{ArmEvaluator.TypeAndNames([type, .. name.Split('/')])}";
        }
        else if (string.Equals(type, "Microsoft.Resources/resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            id = $"{Scope.SubscriptionResourceId}/resourceGroups/{name}";
            group = name;
        }
        else
        {
            var prefix = Scope.ResourceGroupId ?? Scope.SubscriptionResourceId;
            id = $"{prefix}/providers/{ArmEvaluator.TypeAndNames([type, .. name.Split('/')])}";
        }
        return new ArmResource(type, name, id, group, path, evaluated) { ScopeId = scopeId };
    }

    private ArmDeploymentResult RunNested(string name, NestedDeployment deployment)
    {
        if (deployment.Result is { } done)
        {
            return done;
        }
        if (!evaluating.Add("deployment:" + name))
        {
            throw new InvalidOperationException($"{path}: nested deployment '{name}' references itself");
        }
        var saved = copyIndex;
        copyIndex = deployment.CopyIndex;
        var declaration = deployment.Declaration;
        var properties = declaration["properties"]!.AsObject();
        if (properties["expressionEvaluationOptions"]?["scope"]?.GetValue<string>() is not "inner")
        {
            throw new NotSupportedException($"{path}/{name}: only inner-scope nested deployments are evaluated (Bicep modules)");
        }
        var group = declaration["resourceGroup"] is { } g ? ArmEvaluator.ToText(evaluator.EvaluateNode(g)) : Scope.ResourceGroup;
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (parameter, value) in properties["parameters"] as JsonObject ?? [])
        {
            values[parameter] = evaluator.EvaluateNode(value!["value"]);
        }
        var evaluated = new ArmObject
        {
            ["type"] = "Microsoft.Resources/deployments",
            ["name"] = name,
            ["resourceGroup"] = group,
            ["parameters"] = new ArmObject(values),
        };
        copyIndex = saved;
        var scope = Scope with { ResourceGroup = group, DeploymentName = name };
        var result = new ArmDeployment(properties["template"]!.AsObject(), values, scope, $"{path}/{name}", referenced).Run();
        deployment.Result = result;
        deployment.ResourceGroup = group;
        deployment.Evaluated = evaluated;
        evaluating.Remove("deployment:" + name);
        return result;
    }

    private string DeploymentId(string? group, string name) =>
        group is null
            ? $"{Scope.SubscriptionResourceId}/providers/Microsoft.Resources/deployments/{name}"
            : $"{Scope.SubscriptionResourceId}/resourceGroups/{group}/providers/Microsoft.Resources/deployments/{name}";

    public object? Parameter(string name)
    {
        if (parameters.TryGetValue(name, out var known))
        {
            return known;
        }
        var declaration = Section("parameters")[name] as JsonObject
            ?? throw new KeyNotFoundException($"{path}: parameters('{name}') is not declared");
        if (!evaluating.Add("parameter:" + name))
        {
            throw new InvalidOperationException($"{path}: parameter '{name}' depends on itself");
        }
        object? value;
        if (suppliedParameters.TryGetValue(name, out var supplied))
        {
            value = supplied;
        }
        else if (declaration.ContainsKey("defaultValue"))
        {
            value = evaluator.EvaluateNode(declaration["defaultValue"]);
        }
        else
        {
            throw new ArgumentException($"{path}: parameter '{name}' has no value and no default");
        }
        evaluating.Remove("parameter:" + name);
        Validate(name, declaration, value);
        parameters[name] = value;
        return value;
    }

    private void Validate(string name, JsonObject declaration, object? value)
    {
        var type = declaration["type"]?.GetValue<string>()?.ToLowerInvariant();
        var ok = type switch
        {
            "string" or "securestring" => value is string,
            "int" => value is long,
            "bool" => value is bool,
            "object" or "secureobject" => value is ArmObject,
            "array" => value is List<object?>,
            _ => true,
        };
        if (!ok)
        {
            throw new ArgumentException($"{path}: parameter '{name}' must be {type}, got {value?.GetType().Name ?? "null"}");
        }
        if (declaration["allowedValues"] is JsonArray allowed && !allowed.Any(a => ArmEvaluator.ValueEquals(ArmEvaluator.FromJson(a), value)))
        {
            throw new ArgumentException($"{path}: parameter '{name}' = {ArmEvaluator.ToText(value)} is not one of the allowed values");
        }
        if (value is long number)
        {
            if (declaration["minValue"] is { } min && number < min.GetValue<long>())
            {
                throw new ArgumentException($"{path}: parameter '{name}' = {number} is below its minimum {min}");
            }
            if (declaration["maxValue"] is { } max && number > max.GetValue<long>())
            {
                throw new ArgumentException($"{path}: parameter '{name}' = {number} is above its maximum {max}");
            }
        }
        var length = value switch
        {
            string s => s.Length,
            List<object?> a => a.Count,
            _ => (int?)null,
        };
        if (length is { } n)
        {
            if (declaration["minLength"] is { } minLength && n < minLength.GetValue<long>())
            {
                throw new ArgumentException($"{path}: parameter '{name}' is shorter than {minLength}");
            }
            if (declaration["maxLength"] is { } maxLength && n > maxLength.GetValue<long>())
            {
                throw new ArgumentException($"{path}: parameter '{name}' is longer than {maxLength}");
            }
        }
    }

    public object? Variable(string name)
    {
        if (variables.TryGetValue(name, out var known))
        {
            return known;
        }
        var declarations = Section("variables");
        if (declarations.ContainsKey("copy"))
        {
            throw new NotSupportedException($"{path}: variable copy loops are not evaluated");
        }
        if (!declarations.ContainsKey(name))
        {
            throw new KeyNotFoundException($"{path}: variables('{name}') is not declared");
        }
        if (!evaluating.Add("variable:" + name))
        {
            throw new InvalidOperationException($"{path}: variable '{name}' depends on itself");
        }
        var value = evaluator.EvaluateNode(declarations[name]);
        evaluating.Remove("variable:" + name);
        variables[name] = value;
        return value;
    }

    public object? Reference(string resourceId, bool full)
    {
        const string marker = "/providers/Microsoft.Resources/deployments/";
        var at = resourceId.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
        {
            var name = resourceId[(at + marker.Length)..];
            if (!nested.TryGetValue(name, out var deployment))
            {
                throw new KeyNotFoundException($"{path}: reference to deployment '{name}', which this template does not declare (or its condition is false)");
            }
            var result = RunNested(name, deployment);
            return new ArmObject { ["outputs"] = result.Outputs };
        }
        referenced.Add(resourceId);
        var state = RuntimeState.Of(resourceId, Scope);
        return full ? new ArmObject { ["id"] = resourceId, ["properties"] = state } : state;
    }

    public long CopyIndex(string? loop) =>
        copyIndex ?? throw new InvalidOperationException($"{path}: copyIndex({loop}) outside a copy loop");

    private JsonObject Section(string name) => template[name] as JsonObject ?? [];

    private sealed class NestedDeployment(JsonObject declaration, long? copyIndex)
    {
        public JsonObject Declaration { get; } = declaration;

        public long? CopyIndex { get; } = copyIndex;

        public ArmDeploymentResult? Result { get; set; }

        public string? ResourceGroup { get; set; }

        public ArmObject? Evaluated { get; set; }
    }
}

/// <summary>
/// What <c>reference()</c> returns for the resource types infra/ reads at deployment time: the runtime properties Azure
/// reports, derived from the resource's name (public-cloud endpoints) or as deterministic GUIDs (identity ids).
/// </summary>
public static class RuntimeState
{
    public static ArmObject Of(string resourceId, ArmScope scope)
    {
        var (type, name) = TypeAndName(resourceId);
        return type.ToLowerInvariant() switch
        {
            "microsoft.managedidentity/userassignedidentities" => new ArmObject
            {
                ["clientId"] = ClientId(name),
                ["principalId"] = PrincipalId(name),
                ["tenantId"] = scope.TenantId,
            },
            "microsoft.storage/storageaccounts" => new ArmObject
            {
                ["primaryEndpoints"] = new ArmObject
                {
                    ["blob"] = $"https://{name}.blob.core.windows.net/",
                    ["queue"] = $"https://{name}.queue.core.windows.net/",
                    ["table"] = $"https://{name}.table.core.windows.net/",
                    ["file"] = $"https://{name}.file.core.windows.net/",
                    ["dfs"] = $"https://{name}.dfs.core.windows.net/",
                    ["web"] = $"https://{name}.z13.web.core.windows.net/",
                },
            },
            "microsoft.insights/components" => new ArmObject
            {
                ["InstrumentationKey"] = InstrumentationKey(name),
                ["ConnectionString"] = ConnectionString(name, scope.Location),
            },
            "microsoft.keyvault/vaults" => new ArmObject { ["vaultUri"] = $"https://{name}.vault.azure.net/" },
            "microsoft.web/sites" => new ArmObject { ["defaultHostName"] = $"{name}.azurewebsites.net" },
            "microsoft.servicebus/namespaces" => new ArmObject { ["serviceBusEndpoint"] = $"https://{name}.servicebus.windows.net:443/" },
            "microsoft.operationalinsights/workspaces" => new ArmObject { ["customerId"] = ArmEvaluator.Guid(["workspace", name]) },
            _ => throw new NotSupportedException($"reference() to {type} has no runtime state in the test evaluator"),
        };
    }

    public static string ClientId(string identityName) => ArmEvaluator.Guid(["client-id", identityName]);

    public static string PrincipalId(string identityName) => ArmEvaluator.Guid(["principal-id", identityName]);

    public static string InstrumentationKey(string componentName) => ArmEvaluator.Guid(["instrumentation-key", componentName]);

    public static string ConnectionString(string componentName, string location) =>
        $"InstrumentationKey={InstrumentationKey(componentName)};IngestionEndpoint=https://{location}-1.in.applicationinsights.azure.com/;LiveEndpoint=https://{location}.livediagnostics.monitor.azure.com/";

    /// <summary>The type and name of the last resource in an id (<c>.../providers/A.B/t1/n1/t2/n2</c> → <c>A.B/t1/t2</c>, <c>n2</c>).</summary>
    public static (string Type, string Name) TypeAndName(string resourceId)
    {
        const string providers = "/providers/";
        var at = resourceId.LastIndexOf(providers, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            throw new ArgumentException($"'{resourceId}' is not a resource id");
        }
        var segments = resourceId[(at + providers.Length)..].Split('/');
        if (segments.Length < 3 || segments.Length % 2 == 0)
        {
            throw new ArgumentException($"'{resourceId}' is not a resource id");
        }
        var type = segments[0] + string.Concat(Enumerable.Range(0, (segments.Length - 1) / 2).Select(i => "/" + segments[1 + (2 * i)]));
        return (type, segments[^1]);
    }
}
