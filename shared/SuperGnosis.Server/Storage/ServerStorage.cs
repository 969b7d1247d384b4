using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Storage;
using SuperGnosis.Server.Http;

namespace SuperGnosis.Server.Storage;

/// <summary>Where a self-hosted process (<c>gnosis serve</c>, <c>gnosis worker</c>) keeps run state, captures and the ledger.</summary>
public enum StorageKind
{
    /// <summary>Run state and captures in process memory, the ledger in the JSON-lines file the CLI writes: nothing to install.</summary>
    Local,

    /// <summary>The Azure stores on Azurite: the connection setting, or <c>UseDevelopmentStorage=true</c> (Azurite's default ports) when it is absent.</summary>
    Azurite,

    /// <summary>The Azure stores on an Azure storage account: the connection setting is required (a connection string or identity-based settings).</summary>
    Azure,
}

/// <summary>
/// <c>SuperGnosis:Storage</c>: the storage kind of a self-hosted process and, for the Azure kinds, the name of the
/// setting that holds the account's connection (read like the Functions host reads one: a connection string as the value,
/// or identity-based settings <c>&lt;name&gt;__tableServiceUri</c>, <c>__blobServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__credential</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "SuperGnosis:Storage";

    /// <summary><c>local</c> (default), <c>azurite</c> or <c>azure</c>.</summary>
    public string Kind { get; set; } = ServerStorage.LocalName;

    /// <summary>The setting that holds the storage account's connection (default <c>AzureWebJobsStorage</c>, as in the Functions app).</summary>
    public string Connection { get; set; } = AzureStorageConnection.DefaultSettingName;
}

/// <summary>
/// What <see cref="ServerStorage.UseServerStorage(SuperGnosisBuilder, StorageKind?)"/> selected, for the host's start-up
/// lines. Resolving it checks the storage settings (the connection and, for the Azure kinds, every service client).
/// </summary>
public sealed record SelectedStorage(StorageKind Kind, string RunState, string Ledger);

/// <summary>
/// The storage choice of a self-hosted process as one composition piece: run state, captures, the ledger, the payload
/// store and the health probes for a <see cref="StorageKind"/>. The kind decides the stores: <c>SuperGnosis:RunState:Kind</c>
/// and <c>SuperGnosis:Ledger:Kind</c> follow from it (memory + jsonl for <see cref="StorageKind.Local"/>, table + table for
/// the Azure kinds); a conflicting explicit setting is a start-up error rather than silently overridden.
/// </summary>
public static class ServerStorage
{
    public const string LocalName = "local";
    public const string AzuriteName = "azurite";
    public const string AzureName = "azure";

    /// <summary>Azurite on its default ports, used by <see cref="StorageKind.Azurite"/> when the connection setting is absent.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The names <c>--storage</c> and <c>SuperGnosis:Storage:Kind</c> accept.</summary>
    public static IReadOnlyList<string> Names { get; } = [LocalName, AzuriteName, AzureName];

    /// <summary>Parses a storage kind name (case-insensitive, trimmed).</summary>
    public static bool TryParse(string? text, out StorageKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case LocalName:
                kind = StorageKind.Local;
                return true;
            case AzuriteName:
                kind = StorageKind.Azurite;
                return true;
            case AzureName:
                kind = StorageKind.Azure;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>The configuration name of <paramref name="kind"/>.</summary>
    public static string NameOf(StorageKind kind) => kind switch
    {
        StorageKind.Local => LocalName,
        StorageKind.Azurite => AzuriteName,
        StorageKind.Azure => AzureName,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown storage kind"),
    };

    /// <summary>
    /// <c>SuperGnosis:Storage</c> from <paramref name="configuration"/>, checked: an unknown key, an unknown kind or an
    /// empty connection name throws <see cref="InvalidOperationException"/> naming the key.
    /// </summary>
    public static (StorageKind Kind, StorageOptions Options) Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StorageOptions.Section);
        var options = section.Exists()
            ? section.Get<StorageOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new StorageOptions()
            : new StorageOptions();
        if (!TryParse(options.Kind, out var kind))
        {
            throw new InvalidOperationException(
                $"{StorageOptions.Section}:Kind '{options.Kind}' is not a storage kind; allowed values: {string.Join(", ", Names)}");
        }
        if (string.IsNullOrWhiteSpace(options.Connection))
        {
            throw new InvalidOperationException($"{StorageOptions.Section}:Connection must name the setting that holds the storage connection (e.g. AzureWebJobsStorage)");
        }
        return (kind, options);
    }

    /// <summary>
    /// Registers the stores of <paramref name="kind"/> (or of <c>SuperGnosis:Storage:Kind</c> when null) inside
    /// <c>AddSuperGnosis</c>'s hook:
    /// <list type="bullet">
    /// <item><see cref="StorageKind.Local"/>: <c>RunState:Kind = memory</c> (<c>InMemoryRunStateStore</c>, <c>InMemoryMarketCaptureStore</c>),
    /// <c>Ledger:Kind = jsonl</c> (the file of <c>SuperGnosis:Ledger:Path</c>, default the CLI's ledger); health probe <c>ledger</c>
    /// (the file can be opened for writing).</item>
    /// <item><see cref="StorageKind.Azurite"/> and <see cref="StorageKind.Azure"/>: the account of the
    /// <c>SuperGnosis:Storage:Connection</c> setting (Azurite falls back to <see cref="DevelopmentStorage"/>), the Azure
    /// clients and payload stores (<see cref="AzureStorageServices"/>), <c>RunState:Kind = table</c>, <c>Ledger:Kind = table</c>;
    /// health probes <c>tables</c> and <c>blobs</c>.</item>
    /// </list>
    /// Throws <see cref="InvalidOperationException"/> naming the key when <c>SuperGnosis:RunState:Kind</c> or
    /// <c>SuperGnosis:Ledger:Kind</c> is set to something else than the kind implies.
    /// </summary>
    public static SuperGnosisBuilder UseServerStorage(this SuperGnosisBuilder builder, StorageKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (configured, options) = Read(builder.Configuration);
        var chosen = kind ?? configured;
        var services = builder.Services;
        switch (chosen)
        {
            case StorageKind.Local:
                Require(builder.Configuration, chosen, SuperGnosisSections.RunState, RunStateOptions.MemoryKind);
                Require(builder.Configuration, chosen, SuperGnosisSections.Ledger, LedgerOptions.JsonLinesKind);
                services.Configure<RunStateOptions>(o => o.Kind = RunStateOptions.MemoryKind);
                services.Configure<LedgerOptions>(o => o.Kind = LedgerOptions.JsonLinesKind);
                services.AddSingleton<IHealthProbe>(sp => new LedgerFileProbe(sp.GetRequiredService<IOptions<LedgerOptions>>().Value.EffectivePath()));
                services.AddSingleton(sp => new SelectedStorage(chosen, "memory (this process)",
                    "jsonl " + sp.GetRequiredService<LedgerSelection>().Location));
                break;
            case StorageKind.Azurite:
            case StorageKind.Azure:
                Require(builder.Configuration, chosen, SuperGnosisSections.RunState, AzureStorageServices.TableKind);
                Require(builder.Configuration, chosen, SuperGnosisSections.Ledger, AzureStorageServices.TableKind);
                var configuration = builder.Configuration;
                services.AddAzureStorageClients(_ => Connect(configuration, chosen, options.Connection));
                builder.AddAzureTableKinds();
                services.Configure<RunStateOptions>(o => o.Kind = AzureStorageServices.TableKind);
                services.Configure<LedgerOptions>(o => o.Kind = AzureStorageServices.TableKind);
                services.AddSingleton<IHealthProbe>(sp => StorageHealthProbe.Tables(sp.GetRequiredService<global::Azure.Data.Tables.TableServiceClient>()));
                services.AddSingleton<IHealthProbe>(sp => StorageHealthProbe.Blobs(sp.GetRequiredService<global::Azure.Storage.Blobs.BlobServiceClient>()));
                services.AddSingleton(sp =>
                {
                    // Creating the clients checks the settings each service needs (no network call), so an incomplete
                    // identity-based connection fails here, at start, naming the missing setting.
                    sp.GetRequiredService<global::Azure.Data.Tables.TableServiceClient>();
                    sp.GetRequiredService<global::Azure.Storage.Blobs.BlobServiceClient>();
                    var account = sp.GetRequiredService<AzureStorageConnection>().ToString();
                    return new SelectedStorage(chosen, $"table 'runs' + blobs 'sg-captures' on {account}", $"table 'ledger' on {account}");
                });
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), chosen, "unknown storage kind");
        }
        return builder;
    }

    /// <summary>
    /// The account of <paramref name="settingName"/>; for <see cref="StorageKind.Azurite"/> an absent setting is
    /// <see cref="DevelopmentStorage"/>. For <see cref="StorageKind.Azure"/> the setting is required (the message says how to set it).
    /// </summary>
    public static AzureStorageConnection Connect(IConfiguration configuration, StorageKind kind, string settingName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(settingName);
        var absent = string.IsNullOrWhiteSpace(section.Value) && !section.GetChildren().Any();
        return kind == StorageKind.Azurite && absent
            ? AzureStorageConnection.FromConnectionString(DevelopmentStorage, settingName)
            : AzureStorageConnection.FromConfiguration(configuration, settingName);
    }

    private static void Require(IConfiguration configuration, StorageKind kind, string section, string expected)
    {
        var key = section + ":Kind";
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value) && !string.Equals(value.Trim(), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{key} = '{value}' does not go with storage kind '{NameOf(kind)}', which uses '{expected}'; remove the setting or choose another storage kind");
        }
    }
}

/// <summary>
/// <c>GET /api/health</c> check of the JSON-lines ledger: its folder exists (created if missing) and the file opens for
/// writing (an absent file is created empty, which is what the first append would do).
/// </summary>
public sealed class LedgerFileProbe(string path) : IHealthProbe
{
    public string Name => "ledger";

    public string FilePath { get; } = Path.GetFullPath(path);

    public Task CheckAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        using var stream = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        return Task.CompletedTask;
    }
}
