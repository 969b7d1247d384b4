using System.Collections.Immutable;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Azure;

/// <summary>
/// Every queue, table and blob container name the product uses, and Azure's naming rules for each kind.
/// Names are checked here once so that a bad name fails at start-up with a message, not as a 400 from the service.
/// </summary>
public static class AzureStorageNames
{
    /// <summary>Run state: one partition per run (<see cref="Tables.TableRunStateStore"/>).</summary>
    public const string RunsTable = "runs";

    /// <summary>The decision ledger (<see cref="Tables.TableLedgerStore"/>).</summary>
    public const string LedgerTable = "ledger";

    /// <summary>Claim-check payloads: queue bodies, table payloads over the entity limit.</summary>
    public const string PayloadsContainer = "sg-payloads";

    /// <summary>Market data captured once per run (<see cref="Blobs.BlobMarketCaptureStore"/>).</summary>
    public const string CapturesContainer = "sg-captures";

    /// <summary>Snapshots and model artifacts kept for people and later runs.</summary>
    public const string ArtifactsContainer = "sg-artifacts";

    /// <summary>
    /// Scheduled runs' captured inputs in the files layout (<c>&lt;SYMBOL&gt;/chains/...</c>, <c>bars/...</c>; docs/data-formats.md,
    /// "Run archive"), readable as <c>--data az://sg-archive</c>.
    /// </summary>
    public const string ArchiveContainer = "sg-archive";

    /// <summary>The suffix the Functions host appends to a queue for messages past the max dequeue count.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>The primary agent layers the product ships (one agent stage queue each).</summary>
    public static ImmutableArray<string> DefaultAgentLayers { get; } = ["primary_hedge", "primary_liquidity", "primary_sentiment"];

    public static ImmutableArray<string> Tables { get; } = [RunsTable, LedgerTable];

    public static ImmutableArray<string> Containers { get; } = [PayloadsContainer, CapturesContainer, ArtifactsContainer, ArchiveContainer];

    /// <summary>
    /// Every stage address of a run with the given engines and agent layers: one queue per engine and per layer,
    /// the snapshot fan-in, composer, trade, ledger and run-events queues.
    /// </summary>
    public static IReadOnlyList<StageAddress> StageAddresses(IEnumerable<EngineKind> engines, IEnumerable<string> agentLayers)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(agentLayers);
        var addresses = new List<StageAddress>();
        addresses.AddRange(engines.Distinct().Select(StageAddress.Engine));
        addresses.Add(StageAddress.SnapshotFanIn);
        addresses.AddRange(agentLayers.Distinct(StringComparer.Ordinal).Select(l => StageAddress.Agent(ContractValidation.Layer(l))));
        addresses.Add(StageAddress.Composer);
        addresses.Add(StageAddress.Trade);
        addresses.Add(StageAddress.Ledger);
        addresses.Add(StageAddress.RunEvents);
        return addresses;
    }

    /// <summary>Queue names of <see cref="StageAddresses"/>, each followed by its <c>-poison</c> queue.</summary>
    public static IReadOnlyList<string> QueueNames(IEnumerable<EngineKind> engines, IEnumerable<string> agentLayers) =>
        [.. StageAddresses(engines, agentLayers).SelectMany(a => new[] { a.QueueName, a.QueueName + PoisonSuffix })];

    /// <summary>Queue names for every engine kind and <see cref="DefaultAgentLayers"/>.</summary>
    public static IReadOnlyList<string> DefaultQueueNames() => QueueNames(Enum.GetValues<EngineKind>(), DefaultAgentLayers);

    /// <summary>Queues 3-63 characters: lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static bool IsValidQueueName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("--", StringComparison.Ordinal);

    /// <summary>Tables 3-63 alphanumeric characters starting with a letter (case-insensitive; not "tables").</summary>
    public static bool IsValidTableName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && char.IsAsciiLetter(name[0])
        && name.All(char.IsAsciiLetterOrDigit)
        && !string.Equals(name, "tables", StringComparison.OrdinalIgnoreCase);

    /// <summary>Containers 3-63 characters: lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static bool IsValidContainerName(string? name) => IsValidQueueName(name);

    public static string EnsureQueueName(string? name, string what = "queue name") =>
        IsValidQueueName(name)
            ? name!
            : throw new ArgumentException($"{what} '{name}' is not a valid Azure queue name (3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit)", nameof(name));

    public static string EnsureTableName(string? name, string what = "table name") =>
        IsValidTableName(name)
            ? name!
            : throw new ArgumentException($"{what} '{name}' is not a valid Azure table name (3-63 letters and digits, starting with a letter)", nameof(name));

    public static string EnsureContainerName(string? name, string what = "container name") =>
        IsValidContainerName(name)
            ? name!
            : throw new ArgumentException($"{what} '{name}' is not a valid Azure blob container name (3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit)", nameof(name));
}
