using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using SuperGnosis.Azure;
using SuperGnosis.Azure.Queues;
using SuperGnosis.Azure.ServiceBus;
using SuperGnosis.Functions;
using SuperGnosis.Functions.Storage;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Infra.Tests;

/// <summary>
/// What the Functions app uses, enumerated from its code (attributes, constants, options types) and from its own
/// settings sample, never from a list copied into the tests: so a queue, setting or option added to the app without
/// the infrastructure fails these tests.
/// </summary>
public static class AppSurface
{
    /// <summary>The connection the Functions host uses when a trigger names none.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

    private static Assembly App => typeof(StageQueues).Assembly;

    private static IEnumerable<ParameterInfo> FunctionParameters() =>
        App.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters());

    /// <summary>Every queue a <c>[QueueTrigger]</c> in the app listens on, with its connection setting.</summary>
    public static IReadOnlyList<(string Queue, string Connection)> QueueTriggers() =>
        [.. FunctionParameters()
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>())
            .OfType<QueueTriggerAttribute>()
            .Select(q => (q.QueueName, string.IsNullOrEmpty(q.Connection) ? DefaultConnection : q.Connection))];

    /// <summary>Every app setting a <c>[TimerTrigger("%…%")]</c> reads, as an environment variable name (<c>:</c> → <c>__</c>).</summary>
    public static IReadOnlyList<string> TimerScheduleSettings() =>
        [.. FunctionParameters()
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>())
            .OfType<TimerTriggerAttribute>()
            .Select(t => t.Schedule.StartsWith('%') && t.Schedule.EndsWith('%')
                ? EnvironmentName(t.Schedule.Trim('%'))
                : throw new InvalidOperationException($"timer schedule '{t.Schedule}' is not read from an app setting"))];

    /// <summary>Every queue the app reads or writes: trigger queues, the stage queues the sender writes and their poison queues.</summary>
    public static IReadOnlySet<string> Queues() =>
        new HashSet<string>(QueueTriggers().Select(q => q.Queue).Concat(StageQueues.All).Concat(AzureStorageNames.DefaultQueueNames()), StringComparer.Ordinal);

    /// <summary>Every table: the stores' (<see cref="AzureStorageNames.Tables"/>) and the ledger metrics table.</summary>
    public static IReadOnlySet<string> Tables() =>
        new HashSet<string>(AzureStorageNames.Tables.Append(new FunctionsOptions().Feedback.MetricsTable), StringComparer.Ordinal);

    /// <summary>Every blob container: the stores' (<see cref="AzureStorageNames.Containers"/>) and the poison container.</summary>
    public static IReadOnlySet<string> Containers() =>
        new HashSet<string>(AzureStorageNames.Containers.Append(new FunctionsOptions().PoisonContainer), StringComparer.Ordinal);

    /// <summary>Blob prefix (container/path/) of queue claim checks, which may expire.</summary>
    public static string ClaimCheckBlobPrefix => $"{AzureStorageNames.PayloadsContainer}/{StorageQueueMessageSender.ClaimCheckPrefix}";

    public static string TradeIdeasTopic => ServiceBusTradeIdeaOptions.DefaultTopic;

    /// <summary>The connection the app's own stores read (<see cref="FunctionsOptions.StorageConnection"/>), given the settings.</summary>
    public static string PipelineConnection(IReadOnlyDictionary<string, string> settings) =>
        settings.TryGetValue(EnvironmentName($"{FunctionsOptions.Section}:{nameof(FunctionsOptions.StorageConnection)}"), out var name)
            ? name
            : new FunctionsOptions().StorageConnection;

    /// <summary>The settings of local.settings.sample.json ("every setting, pointing at Azurite").</summary>
    public static IReadOnlyDictionary<string, string> SampleSettings()
    {
        var sample = JsonNode.Parse(InfraTemplate.RepoFile("functions/SuperGnosis.Functions/local.settings.sample.json"))!;
        return sample["Values"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The .NET version the app targets (<c>10.0</c>), which the Flex Consumption runtime must match.</summary>
    public static string TargetDotnetVersion()
    {
        var framework = App.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName; // ".NETCoreApp,Version=v10.0"
        return framework[(framework.IndexOf("Version=v", StringComparison.Ordinal) + "Version=v".Length)..];
    }

    public static string EnvironmentName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>
    /// The options sections the Functions app binds that describe the host (not decision tuning), with their types.
    /// <see cref="TuningSections"/> are the rest; together they must cover every section constant of the composition
    /// root (checked by a test), so a new section is classified before it ships.
    /// </summary>
    public static IReadOnlyList<(string Section, Type Options)> HostSections { get; } =
    [
        (SuperGnosisSections.MarketData, typeof(MarketDataOptions)),
        (SuperGnosisSections.Ledger, typeof(LedgerOptions)),
        (SuperGnosisSections.RunState, typeof(RunStateOptions)),
        (SuperGnosisSections.Scheduler, typeof(SchedulerOptions)),
        (SuperGnosisSections.Sweeper, typeof(SweeperOptions)),
        (SuperGnosisSections.Telemetry, typeof(TelemetryOptions)),
        (FunctionsOptions.Section, typeof(FunctionsOptions)),
        (ServiceBusTradeIdeas.Section, typeof(ServiceBusTradeIdeaOptions)),
        .. ProviderSections(),
    ];

    /// <summary>The parent section of the live market-data providers (<c>SuperGnosis:Data:&lt;Provider&gt;</c>).</summary>
    public const string ProvidersSection = SuperGnosisSections.Root + ":Data";

    /// <summary>
    /// The live market-data providers' options (<c>SuperGnosis:Data:&lt;Provider&gt;</c>): every concrete type of the data
    /// library derived from <c>LiveProviderOptions</c>, its section named after the type (<c>PolygonOptions</c> →
    /// <c>SuperGnosis:Data:Polygon</c>). Found by reflection, so a provider added to the code is covered without a list here.
    /// </summary>
    public static IReadOnlyList<(string Section, Type Options)> ProviderSections() =>
        [.. typeof(SuperGnosis.Data.Ledger.JsonLinesLedgerStore).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && BaseTypes(t).Any(b => b.Name == "LiveProviderOptions") && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => ($"{ProvidersSection}:{t.Name[..^"Options".Length]}", t))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)];

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            yield return b;
        }
    }

    /// <summary>A host key that holds a credential (by its name: key, secret, token, password): a Key Vault reference in Azure.</summary>
    public static bool IsCredentialKey(string key)
    {
        var name = key.Split(':')[^1];
        return name.EndsWith("ApiKey", StringComparison.OrdinalIgnoreCase) || name.EndsWith("KeyId", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("SecretKey", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Secret", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("Token", StringComparison.OrdinalIgnoreCase) || name.EndsWith("Password", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The credential keys of the host sections (provider API keys): each must be a Key Vault reference.</summary>
    public static IReadOnlyList<string> CredentialKeys() =>
        [.. HostKeys().Select(k => k.Key).Where(IsCredentialKey)];

    /// <summary>Engine, agent and trade sections: every key has the Core record's default, and changing one changes every run id.</summary>
    public static IReadOnlyList<string> TuningSections { get; } =
    [
        SuperGnosisSections.HedgeEngine, SuperGnosisSections.LiquidityEngine, SuperGnosisSections.SentimentEngine,
        SuperGnosisSections.ElasticityEngine, SuperGnosisSections.HedgeAgent, SuperGnosisSections.LiquidityAgent,
        SuperGnosisSections.SentimentAgent, SuperGnosisSections.Composer, SuperGnosisSections.Trade,
        // The run archive: on in the app by default, into az://sg-archive (docs/data-formats.md, "Run archive").
        SuperGnosisSections.Archive,
    ];

    /// <summary>
    /// Sections the Functions app does not read, so the template sets none of their keys: <c>Backtest</c> (only
    /// <c>gnosis backtest</c> binds it) and <c>Parameters</c> (the app composes its own blob parameter store with
    /// <c>UseParameterStore</c>, which replaces the store this section selects).
    /// </summary>
    public static IReadOnlyList<string> SectionsTheAppDoesNotRead { get; } = [SuperGnosisSections.Backtest, SuperGnosisSections.Parameters];

    /// <summary>Every section constant of <see cref="SuperGnosisSections"/> (except the root).</summary>
    public static IReadOnlyList<string> DeclaredSections() =>
        [.. typeof(SuperGnosisSections).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(SuperGnosisSections.Root))
            .Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>
    /// Every leaf key of the host sections with whether its default is empty (null, empty string or empty list): a key
    /// with no default must be set by the deployment or be knowingly left out. Lists appear as <c>Key:0</c>.
    /// </summary>
    public static IReadOnlyList<(string Key, bool HasDefault)> HostKeys()
    {
        var keys = new List<(string, bool)>();
        foreach (var (section, type) in HostSections)
        {
            Walk(section, type, Activator.CreateInstance(type)!, keys);
        }
        return keys;
    }

    private static void Walk(string prefix, Type type, object instance, List<(string, bool)> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            var value = property.GetValue(instance);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType == typeof(string) || propertyType.IsPrimitive || propertyType.IsEnum
                || propertyType == typeof(TimeSpan) || propertyType == typeof(Uri) || propertyType == typeof(decimal))
            {
                keys.Add((key, value is not null && !(value is string s && s.Length == 0)));
            }
            else if (typeof(IList).IsAssignableFrom(propertyType))
            {
                keys.Add(($"{key}:0", value is IList { Count: > 0 }));
            }
            else if (propertyType.IsClass && value is not null)
            {
                Walk(key, propertyType, value, keys);
            }
            else
            {
                throw new NotSupportedException($"{key}: options property of type {propertyType.Name} is not classified by the infrastructure tests");
            }
        }
    }

    /// <summary>Reads a JSON file of the repository (infra/app-names.json and friends).</summary>
    public static JsonElement RepoJson(string relative)
    {
        using var document = JsonDocument.Parse(InfraTemplate.RepoFile(relative));
        return document.RootElement.Clone();
    }
}
