using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SuperGnosis.Infra.Tests.Arm;

/// <summary>An ARM object: property names compare case-insensitively, as in ARM; insertion order is kept.</summary>
public sealed class ArmObject : Dictionary<string, object?>
{
    public ArmObject()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public ArmObject(IEnumerable<KeyValuePair<string, object?>> entries)
        : base(StringComparer.OrdinalIgnoreCase)
    {
        foreach (var (key, value) in entries)
        {
            this[key] = value;
        }
    }
}

/// <summary>A <c>lambda(...)</c> value: parameter names, body, and the lambda variables it closes over.</summary>
public sealed record ArmLambda(IReadOnlyList<string> Parameters, ArmExpression Body, IReadOnlyDictionary<string, object?> Captured);

/// <summary>What an expression can see besides its arguments: parameters, variables, references, copy loops, scope.</summary>
public interface IArmContext
{
    ArmScope Scope { get; }

    object? Parameter(string name);

    object? Variable(string name);

    /// <summary><c>reference(resourceId, apiVersion?, 'Full'?)</c>: a nested deployment's result or a resource's runtime state.</summary>
    object? Reference(string resourceId, bool full);

    /// <summary>The current iteration of the copy loop <paramref name="loop"/> (null: the resource's own loop).</summary>
    long CopyIndex(string? loop);
}

/// <summary>Where a template is deployed: tenant, subscription and (for resource-group deployments) the group.</summary>
public sealed record ArmScope(string TenantId, string SubscriptionId, string? ResourceGroup, string Location, string DeploymentName)
{
    public string SubscriptionResourceId => $"/subscriptions/{SubscriptionId}";

    public string? ResourceGroupId => ResourceGroup is null ? null : $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}";
}

/// <summary>
/// Evaluates ARM template language expressions: the functions Bicep 0.49 emits for infra/ (parameters, variables,
/// format, concat, union, lambdas, resource ids, reference, ...). An unknown function throws
/// <see cref="NotSupportedException"/> naming it, so a template change that needs more fails loudly, never silently.
/// <c>uniqueString</c> and <c>guid</c> are deterministic hashes with the right shape, not Azure's exact algorithms:
/// names differ from a real deployment's, relations between them do not.
/// </summary>
public sealed class ArmEvaluator(IArmContext context)
{
    private readonly Stack<IReadOnlyDictionary<string, object?>> lambdaFrames = new();

    /// <summary>Evaluates a template JSON value: expression strings are evaluated, keys of objects too.</summary>
    public object? EvaluateNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var result = new ArmObject();
                foreach (var (key, value) in obj)
                {
                    result[ToText(EvaluateString(key))] = EvaluateNode(value);
                }
                return result;
            case JsonArray array:
                return array.Select(EvaluateNode).ToList();
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => EvaluateString(value.GetValue<string>()),
                    JsonValueKind.Number => value.TryGetValue<long>(out var l) ? (object)l : value.GetValue<double>(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => null,
                };
            default:
                throw new NotSupportedException($"JSON node {node.GetType().Name}");
        }
    }

    /// <summary>A template string: evaluated when it is an expression, else the literal (with <c>[[</c> unescaped).</summary>
    public object? EvaluateString(string value) =>
        ArmExpression.IsExpression(value) ? Evaluate(ArmExpression.Parse(value[1..^1])) : ArmExpression.Unescape(value);

    public object? Evaluate(ArmExpression expression) => expression switch
    {
        ArmExpression.Literal literal => literal.Value,
        ArmExpression.Property property => Member(Evaluate(property.Target), property.Name),
        ArmExpression.Index index => Element(Evaluate(index.Target), Evaluate(index.Key)),
        ArmExpression.Call call => Call(call.Name, call.Arguments),
        _ => throw new NotSupportedException(expression.GetType().Name),
    };

    /// <summary>Converts an evaluated value from JSON (parameter values, parameter files) without evaluating anything.</summary>
    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new ArmObject(obj.Select(p => new KeyValuePair<string, object?>(p.Key, FromJson(p.Value)))),
        JsonArray array => array.Select(FromJson).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.TryGetValue<long>(out var l) ? (object)l : value.GetValue<double>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    public static string ToText(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        null => "",
        _ => JsonSerializer.Serialize(ToJson(value)),
    };

    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        ArmObject o => new JsonObject(o.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, ToJson(p.Value)))),
        List<object?> a => new JsonArray([.. a.Select(ToJson)]),
        _ => throw new NotSupportedException($"value of type {value.GetType().Name} has no JSON form"),
    };

    private static object? Member(object? target, string name) => target switch
    {
        ArmObject obj when obj.TryGetValue(name, out var value) => value,
        ArmObject obj => throw new KeyNotFoundException($"the object has no property '{name}' (it has: {string.Join(", ", obj.Keys)})"),
        _ => throw new InvalidOperationException($"'.{name}' on a {Describe(target)}"),
    };

    private static object? Element(object? target, object? key) => (target, key) switch
    {
        (List<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
        (List<object?> list, long i) => throw new IndexOutOfRangeException($"index {i} of an array of {list.Count}"),
        (ArmObject obj, string name) => Member(obj, name),
        _ => throw new InvalidOperationException($"[{Describe(key)}] on a {Describe(target)}"),
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"string '{s}'",
        long l => $"int {l}",
        bool b => $"bool {b}",
        ArmObject => "object",
        List<object?> => "array",
        ArmLambda => "lambda",
        _ => value.GetType().Name,
    };

    private object? Call(string name, IReadOnlyList<ArmExpression> arguments)
    {
        // Functions whose arguments are not all evaluated up front.
        switch (name.ToLowerInvariant())
        {
            case "if":
                Arity(name, arguments, 3);
                return Bool(Evaluate(arguments[0])) ? Evaluate(arguments[1]) : Evaluate(arguments[2]);
            case "lambda":
                if (arguments.Count < 2)
                {
                    throw new ArgumentException("lambda needs parameter names and a body");
                }
                var parameters = arguments.Take(arguments.Count - 1).Select(a => Text(Evaluate(a))).ToList();
                return new ArmLambda(parameters, arguments[^1], CurrentLambdaVariables());
            case "and":
                return arguments.All(a => Bool(Evaluate(a)));
            case "or":
                return arguments.Any(a => Bool(Evaluate(a)));
        }

        var args = arguments.Select(Evaluate).ToList();
        switch (name.ToLowerInvariant())
        {
            case "parameters":
                return context.Parameter(Text(Single(name, args)));
            case "variables":
                return context.Variable(Text(Single(name, args)));
            case "lambdavariables":
                var variable = Text(Single(name, args));
                return lambdaFrames.Count > 0 && lambdaFrames.Peek().TryGetValue(variable, out var bound)
                    ? bound
                    : throw new InvalidOperationException($"lambdaVariables('{variable}') outside its lambda");
            case "copyindex":
                return CopyIndex(args);
            case "reference":
                if (args.Count is < 1 or > 3)
                {
                    throw new ArgumentException("reference takes 1-3 arguments");
                }
                return context.Reference(Text(args[0]), args.Count == 3 && string.Equals(Text(args[2]), "Full", StringComparison.OrdinalIgnoreCase));
            case "format":
                return Format(args);
            case "concat":
                return args.Count > 0 && args.All(a => a is List<object?>)
                    ? args.Cast<List<object?>>().SelectMany(a => a).ToList()
                    : string.Concat(args.Select(a => a is string s ? s : ToText(a)));
            case "string":
                return ToText(Single(name, args));
            case "int":
                return Single(name, args) switch
                {
                    long l => l,
                    string s => long.Parse(s, CultureInfo.InvariantCulture),
                    var other => throw new InvalidOperationException($"int({Describe(other)})"),
                };
            case "bool":
                return Single(name, args) switch
                {
                    bool b => b,
                    string s => bool.Parse(s),
                    long l => l != 0,
                    var other => throw new InvalidOperationException($"bool({Describe(other)})"),
                };
            case "json":
                return FromJson(JsonNode.Parse(Text(Single(name, args))));
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
            case "not":
                return !Bool(Single(name, args));
            case "equals":
                Arity(name, args, 2);
                return ValueEquals(args[0], args[1]);
            case "empty":
                return Single(name, args) switch
                {
                    null => true,
                    string s => s.Length == 0,
                    List<object?> a => a.Count == 0,
                    ArmObject o => o.Count == 0,
                    _ => false,
                };
            case "length":
                return Single(name, args) switch
                {
                    string s => (long)s.Length,
                    List<object?> a => (long)a.Count,
                    ArmObject o => (long)o.Count,
                    var other => throw new InvalidOperationException($"length({Describe(other)})"),
                };
            case "coalesce":
                return args.FirstOrDefault(a => a is not null);
            case "contains":
                Arity(name, args, 2);
                return args[0] switch
                {
                    string s => s.Contains(Text(args[1]), StringComparison.OrdinalIgnoreCase),
                    List<object?> a => a.Any(e => ValueEquals(e, args[1])),
                    ArmObject o => o.ContainsKey(Text(args[1])),
                    var other => throw new InvalidOperationException($"contains({Describe(other)})"),
                };
            case "startswith":
                Arity(name, args, 2);
                return Text(args[0]).StartsWith(Text(args[1]), StringComparison.OrdinalIgnoreCase);
            case "endswith":
                Arity(name, args, 2);
                return Text(args[0]).EndsWith(Text(args[1]), StringComparison.OrdinalIgnoreCase);
            case "tolower":
                return Text(Single(name, args)).ToLowerInvariant();
            case "toupper":
                return Text(Single(name, args)).ToUpperInvariant();
            case "trim":
                return Text(Single(name, args)).Trim();
            case "replace":
                Arity(name, args, 3);
                return Text(args[0]).Replace(Text(args[1]), Text(args[2]), StringComparison.Ordinal);
            case "split":
                Arity(name, args, 2);
                var separators = args[1] is List<object?> many ? many.Select(Text).ToArray() : [Text(args[1])];
                return Text(args[0]).Split(separators, StringSplitOptions.None).Select(s => (object?)s).ToList();
            case "substring":
                var text = Text(args[0]);
                var start = (int)Long(args[1]);
                return args.Count > 2 ? text.Substring(start, (int)Long(args[2])) : text[start..];
            case "take":
                Arity(name, args, 2);
                var count = (int)Math.Max(0, Long(args[1]));
                return args[0] switch
                {
                    string s => s[..Math.Min(count, s.Length)],
                    List<object?> a => a.Take(count).ToList(),
                    var other => throw new InvalidOperationException($"take({Describe(other)})"),
                };
            case "first":
                return Single(name, args) switch
                {
                    string s => s.Length == 0 ? "" : s[..1],
                    List<object?> a => a.Count == 0 ? null : a[0],
                    var other => throw new InvalidOperationException($"first({Describe(other)})"),
                };
            case "last":
                return Single(name, args) switch
                {
                    string s => s.Length == 0 ? "" : s[^1..],
                    List<object?> a => a.Count == 0 ? null : a[^1],
                    var other => throw new InvalidOperationException($"last({Describe(other)})"),
                };
            case "range":
                Arity(name, args, 2);
                return Enumerable.Range(0, (int)Long(args[1])).Select(i => (object?)(Long(args[0]) + i)).ToList();
            case "createarray":
                return args.ToList();
            case "createobject":
                if (args.Count % 2 != 0)
                {
                    throw new ArgumentException("createObject takes name/value pairs");
                }
                var created = new ArmObject();
                for (var i = 0; i < args.Count; i += 2)
                {
                    created[Text(args[i])] = args[i + 1];
                }
                return created;
            case "union":
                return Union(args);
            case "items":
                return Object(Single(name, args))
                    .OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(p => (object?)new ArmObject { ["key"] = p.Key, ["value"] = p.Value })
                    .ToList();
            case "map":
                Arity(name, args, 2);
                return Array(args[0]).Select(e => Invoke(args[1], e)).ToList();
            case "filter":
                Arity(name, args, 2);
                return Array(args[0]).Where(e => Bool(Invoke(args[1], e))).ToList();
            case "toobject":
                if (args.Count is < 2 or > 3)
                {
                    throw new ArgumentException("toObject takes 2 or 3 arguments");
                }
                var mapped = new ArmObject();
                foreach (var element in Array(args[0]))
                {
                    mapped[Text(Invoke(args[1], element))] = args.Count == 3 ? Invoke(args[2], element) : element;
                }
                return mapped;
            case "uniquestring":
                return UniqueString(args.Select(Text));
            case "guid":
                return Guid(args.Select(Text));
            case "resourceid":
                return ResourceId(args.Select(Text).ToList());
            case "subscriptionresourceid":
                return SubscriptionResourceId(args.Select(Text).ToList());
            case "tenantresourceid":
                return "/providers/" + TypeAndNames(args.Select(Text).ToList());
            case "extensionresourceid":
                return $"{Text(args[0])}/providers/{TypeAndNames(args.Skip(1).Select(Text).ToList())}";
            case "subscription":
                return new ArmObject
                {
                    ["id"] = context.Scope.SubscriptionResourceId,
                    ["subscriptionId"] = context.Scope.SubscriptionId,
                    ["tenantId"] = context.Scope.TenantId,
                    ["displayName"] = "test subscription",
                };
            case "resourcegroup":
                return context.Scope.ResourceGroup is { } group
                    ? new ArmObject
                    {
                        ["id"] = context.Scope.ResourceGroupId,
                        ["name"] = group,
                        ["type"] = "Microsoft.Resources/resourceGroups",
                        ["location"] = context.Scope.Location,
                    }
                    : throw new InvalidOperationException("resourceGroup() in a subscription-scope template");
            case "tenant":
                return new ArmObject { ["tenantId"] = context.Scope.TenantId, ["id"] = $"/tenants/{context.Scope.TenantId}" };
            case "deployment":
                return new ArmObject { ["name"] = context.Scope.DeploymentName, ["location"] = context.Scope.Location };
            case "environment":
                return AzureCloud();
            default:
                throw new NotSupportedException($"ARM function '{name}' is not implemented by the test evaluator");
        }
    }

    private object? Invoke(object? lambda, params object?[] arguments)
    {
        if (lambda is not ArmLambda l)
        {
            throw new InvalidOperationException($"a lambda was expected, got a {Describe(lambda)}");
        }
        if (l.Parameters.Count != arguments.Length)
        {
            throw new ArgumentException($"lambda takes {l.Parameters.Count} argument(s), called with {arguments.Length}");
        }
        var frame = new Dictionary<string, object?>(l.Captured, StringComparer.Ordinal);
        for (var i = 0; i < arguments.Length; i++)
        {
            frame[l.Parameters[i]] = arguments[i];
        }
        lambdaFrames.Push(frame);
        try
        {
            return Evaluate(l.Body);
        }
        finally
        {
            lambdaFrames.Pop();
        }
    }

    private IReadOnlyDictionary<string, object?> CurrentLambdaVariables() =>
        lambdaFrames.Count > 0 ? lambdaFrames.Peek() : new Dictionary<string, object?>();

    private long CopyIndex(List<object?> args) => args.Count switch
    {
        0 => context.CopyIndex(null),
        1 when args[0] is long offset => context.CopyIndex(null) + offset,
        1 => context.CopyIndex(Text(args[0])),
        2 => context.CopyIndex(Text(args[0])) + Long(args[1]),
        _ => throw new ArgumentException("copyIndex takes at most 2 arguments"),
    };

    private static string Format(List<object?> args)
    {
        var template = Text(args[0]);
        var values = args.Skip(1).Select(a => a switch
        {
            string or long or double => a,
            bool b => b ? "True" : "False",
            null => "",
            _ => ToText(a),
        }).ToArray();
        return string.Format(CultureInfo.InvariantCulture, template, values);
    }

    private static object? Union(List<object?> args)
    {
        if (args.All(a => a is ArmObject))
        {
            var merged = new ArmObject();
            foreach (var obj in args.Cast<ArmObject>())
            {
                foreach (var (key, value) in obj)
                {
                    // Nested objects merge recursively; anything else is replaced by the later argument.
                    merged[key] = merged.TryGetValue(key, out var existing) && existing is ArmObject a && value is ArmObject b
                        ? Union([a, b])
                        : value;
                }
            }
            return merged;
        }
        if (args.All(a => a is List<object?>))
        {
            var result = new List<object?>();
            foreach (var element in args.Cast<List<object?>>().SelectMany(a => a))
            {
                if (!result.Any(e => ValueEquals(e, element)))
                {
                    result.Add(element);
                }
            }
            return result;
        }
        throw new InvalidOperationException("union of values that are not all objects or all arrays");
    }

    private string ResourceId(List<string> args)
    {
        var typeAt = args.FindIndex(a => a.Contains('/', StringComparison.Ordinal));
        if (typeAt is < 0 or > 2)
        {
            throw new ArgumentException($"resourceId({string.Join(", ", args)}): no resource type");
        }
        var subscription = typeAt == 2 ? args[0] : context.Scope.SubscriptionId;
        var group = typeAt switch
        {
            2 => args[1],
            1 => args[0],
            _ => context.Scope.ResourceGroup,
        };
        var rest = TypeAndNames(args.Skip(typeAt).ToList());
        return group is null
            ? $"/subscriptions/{subscription}/providers/{rest}"
            : $"/subscriptions/{subscription}/resourceGroups/{group}/providers/{rest}";
    }

    private string SubscriptionResourceId(List<string> args)
    {
        var typeAt = args.FindIndex(a => a.Contains('/', StringComparison.Ordinal));
        var subscription = typeAt == 1 ? args[0] : context.Scope.SubscriptionId;
        return $"/subscriptions/{subscription}/providers/{TypeAndNames(args.Skip(typeAt).ToList())}";
    }

    /// <summary><c>Ns.Provider/t1/t2</c> with names n1, n2 → <c>Ns.Provider/t1/n1/t2/n2</c>.</summary>
    public static string TypeAndNames(IReadOnlyList<string> typeThenNames)
    {
        var segments = typeThenNames[0].Split('/');
        var names = typeThenNames.Skip(1).ToList();
        if (segments.Length - 1 != names.Count)
        {
            throw new ArgumentException($"resource type {typeThenNames[0]} needs {segments.Length - 1} name(s), got {names.Count}");
        }
        var id = new StringBuilder(segments[0]);
        for (var i = 1; i < segments.Length; i++)
        {
            id.Append('/').Append(segments[i]).Append('/').Append(names[i - 1]);
        }
        return id.ToString();
    }

    /// <summary>13 lower-case base-32 characters from the arguments' hash (the shape of ARM's uniqueString).</summary>
    public static string UniqueString(IEnumerable<string> parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0001", parts)));
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var value = BitConverter.ToUInt64(hash, 0);
        var chars = new char[13];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(value % 32)];
            value /= 32;
        }
        return new string(chars);
    }

    /// <summary>A deterministic GUID from the arguments' hash (the shape of ARM's guid).</summary>
    public static string Guid(IEnumerable<string> parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("guid\u0001" + string.Join("\u0001", parts)));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }

    private static ArmObject AzureCloud() => new()
    {
        ["name"] = "AzureCloud",
        ["suffixes"] = new ArmObject
        {
            ["storage"] = "core.windows.net",
            ["keyvaultDns"] = ".vault.azure.net",
            ["sqlServerHostname"] = ".database.windows.net",
            ["acrLoginServer"] = ".azurecr.io",
        },
        ["resourceManager"] = "https://management.azure.com/",
        ["authentication"] = new ArmObject { ["loginEndpoint"] = "https://login.microsoftonline.com/" },
    };

    public static bool ValueEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase),
        (long x, long y) => x == y,
        (bool x, bool y) => x == y,
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => ValueEquals(p.First, p.Second)),
        (ArmObject x, ArmObject y) => x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && ValueEquals(p.Value, v)),
        _ => false,
    };

    private static object? Single(string name, List<object?> args)
    {
        Arity(name, args, 1);
        return args[0];
    }

    private static void Arity<T>(string name, IReadOnlyList<T> args, int count)
    {
        if (args.Count != count)
        {
            throw new ArgumentException($"{name} takes {count} argument(s), got {args.Count}");
        }
    }

    private static string Text(object? value) => value as string ?? throw new InvalidOperationException($"a string was expected, got a {Describe(value)}");

    private static long Long(object? value) => value is long l ? l : throw new InvalidOperationException($"an int was expected, got a {Describe(value)}");

    private static bool Bool(object? value) => value is bool b ? b : throw new InvalidOperationException($"a bool was expected, got a {Describe(value)}");

    private static List<object?> Array(object? value) => value as List<object?> ?? throw new InvalidOperationException($"an array was expected, got a {Describe(value)}");

    private static ArmObject Object(object? value) => value as ArmObject ?? throw new InvalidOperationException($"an object was expected, got a {Describe(value)}");
}
