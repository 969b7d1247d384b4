using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace SuperGnosis.Azure.Storage;

/// <summary>How a storage connection authenticates.</summary>
public enum StorageAuthentication
{
    /// <summary>A connection string (Azurite's <c>UseDevelopmentStorage=true</c>, an account key or a SAS).</summary>
    ConnectionString,
    /// <summary>Service URIs plus an Entra ID token credential (Azure.Identity), as the Functions host reads them.</summary>
    Identity,
}

/// <summary>
/// Where the product's Tables, Queues and Blobs live and how to authenticate, read the way the Azure Functions host
/// reads a storage connection named <c>&lt;name&gt;</c>:
/// <list type="bullet">
/// <item>a connection string as the value of <c>&lt;name&gt;</c> itself (e.g. <c>AzureWebJobsStorage=UseDevelopmentStorage=true</c>), or</item>
/// <item>identity-based settings under the section <c>&lt;name&gt;</c> (environment variables <c>&lt;name&gt;__tableServiceUri</c>,
/// <c>__queueServiceUri</c>, <c>__blobServiceUri</c>, or <c>__accountName</c> for the public cloud's default endpoints;
/// <c>__credential=managedidentity</c> with an optional <c>__clientId</c> selects a managed identity, anything absent
/// selects <see cref="DefaultAzureCredential"/>).</item>
/// </list>
/// Secrets (account keys, SAS tokens, whole connection strings) never appear in <see cref="ToString"/> or in exception messages.
/// </summary>
public sealed class AzureStorageConnection
{
    /// <summary>The setting the Functions host uses for its own storage.</summary>
    public const string DefaultSettingName = "AzureWebJobsStorage";

    private readonly string? connectionString;

    private AzureStorageConnection(
        string settingName,
        StorageAuthentication authentication,
        string? connectionString,
        string? accountName,
        Uri? tableServiceUri,
        Uri? queueServiceUri,
        Uri? blobServiceUri,
        TokenCredential? credential,
        string? credentialDescription)
    {
        SettingName = settingName;
        Authentication = authentication;
        this.connectionString = connectionString;
        AccountName = accountName;
        TableServiceUri = tableServiceUri;
        QueueServiceUri = queueServiceUri;
        BlobServiceUri = blobServiceUri;
        Credential = credential;
        CredentialDescription = credentialDescription;
    }

    /// <summary>The configuration name this connection was read from (used in error messages).</summary>
    public string SettingName { get; }

    public StorageAuthentication Authentication { get; }

    /// <summary>The storage account name when known (always for connection strings; for identity when given or derivable).</summary>
    public string? AccountName { get; }

    /// <summary>The Table service endpoint, or null when this connection has none.</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>The Queue service endpoint, or null when this connection has none.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>The Blob service endpoint, or null when this connection has none.</summary>
    public Uri? BlobServiceUri { get; }

    /// <summary>The token credential of an identity-based connection; null for a connection string.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>Which credential was chosen (e.g. <c>ManagedIdentityCredential(client id 1234…)</c>), without secrets.</summary>
    public string? CredentialDescription { get; }

    /// <summary>
    /// Reads the connection named <paramref name="name"/> from <paramref name="configuration"/> (a key holding a
    /// connection string, or a section with identity-based settings; <c>:</c> separates nested names, e.g.
    /// <c>SuperGnosis:Storage</c>). Throws <see cref="InvalidOperationException"/> naming the missing or bad setting.
    /// </summary>
    public static AzureStorageConnection FromConfiguration(IConfiguration configuration, string name = DefaultSettingName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(section.Value, name);
        }
        var settings = section.GetChildren()
            .Where(c => c.Value is not null)
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.OrdinalIgnoreCase);
        if (settings.Count == 0)
        {
            throw new InvalidOperationException(
                $"storage connection '{name}' is not configured: set '{name}' to a connection string (UseDevelopmentStorage=true for Azurite) "
                + $"or set '{name}__tableServiceUri', '{name}__queueServiceUri' and '{name}__blobServiceUri' for an identity-based connection");
        }
        return FromIdentitySettings(settings, name);
    }

    /// <summary>
    /// A connection from a connection string: <c>UseDevelopmentStorage=true</c> (Azurite on its default ports) or
    /// <c>DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...</c> with optional <c>EndpointSuffix</c>,
    /// <c>BlobEndpoint</c>, <c>QueueEndpoint</c>, <c>TableEndpoint</c> or <c>SharedAccessSignature</c>.
    /// </summary>
    public static AzureStorageConnection FromConnectionString(string connectionString, string settingName = DefaultSettingName)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"storage connection '{settingName}': the connection string is empty", nameof(connectionString));
        }
        var parts = ParseConnectionString(connectionString, settingName);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev))
        {
            if (!string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"storage connection '{settingName}': UseDevelopmentStorage must be 'true'");
            }
            var host = parts.TryGetValue("DevelopmentStorageProxyUri", out var proxy) && Uri.TryCreate(proxy, UriKind.Absolute, out var p)
                ? p.Host
                : "127.0.0.1";
            return new AzureStorageConnection(
                settingName, StorageAuthentication.ConnectionString, connectionString, DevelopmentAccountName,
                new Uri($"http://{host}:10002/{DevelopmentAccountName}"),
                new Uri($"http://{host}:10001/{DevelopmentAccountName}"),
                new Uri($"http://{host}:10000/{DevelopmentAccountName}"),
                credential: null, credentialDescription: null);
        }

        parts.TryGetValue("AccountName", out var account);
        var hasKey = parts.ContainsKey("AccountKey");
        var hasSas = parts.ContainsKey("SharedAccessSignature");
        if (!hasKey && !hasSas)
        {
            throw new InvalidOperationException(
                $"storage connection '{settingName}': the connection string has neither AccountKey nor SharedAccessSignature "
                + "(for an identity-based connection set the service URIs as separate settings instead)");
        }
        if (hasKey && string.IsNullOrWhiteSpace(account))
        {
            throw new InvalidOperationException($"storage connection '{settingName}': the connection string has an AccountKey but no AccountName");
        }
        var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var proto) ? proto.ToLowerInvariant() : "https";
        if (protocol is not ("http" or "https"))
        {
            throw new InvalidOperationException($"storage connection '{settingName}': DefaultEndpointsProtocol must be http or https");
        }
        var suffix = parts.TryGetValue("EndpointSuffix", out var s) ? s : "core.windows.net";

        Uri? Endpoint(string key, string service)
        {
            if (parts.TryGetValue(key, out var explicitEndpoint))
            {
                return Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? uri
                    : throw new InvalidOperationException($"storage connection '{settingName}': {key} is not an absolute http(s) URI");
            }
            return string.IsNullOrWhiteSpace(account) ? null : new Uri($"{protocol}://{account}.{service}.{suffix}");
        }

        return new AzureStorageConnection(
            settingName, StorageAuthentication.ConnectionString, connectionString, account,
            Endpoint("TableEndpoint", "table"), Endpoint("QueueEndpoint", "queue"), Endpoint("BlobEndpoint", "blob"),
            credential: null, credentialDescription: null);
    }

    /// <summary>
    /// A connection from identity-based settings (keys as the Functions host names them, case-insensitive):
    /// <c>tableServiceUri</c>, <c>queueServiceUri</c>, <c>blobServiceUri</c>, <c>accountName</c>, <c>credential</c>,
    /// <c>clientId</c>. <paramref name="credential"/> overrides the credential the settings would choose.
    /// </summary>
    public static AzureStorageConnection FromIdentitySettings(
        IReadOnlyDictionary<string, string> settings, string settingName = DefaultSettingName, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var s = new Dictionary<string, string>(settings.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)), StringComparer.OrdinalIgnoreCase);
        var known = new[] { "tableServiceUri", "queueServiceUri", "blobServiceUri", "accountName", "credential", "clientId" };
        var unknown = s.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"storage connection '{settingName}': unknown setting(s) {string.Join(", ", unknown.Select(k => $"'{settingName}__{k}'"))}; "
                + $"expected {string.Join(", ", known.Select(k => $"__{k}"))}");
        }
        s.TryGetValue("accountName", out var account);

        Uri? Endpoint(string key, string service)
        {
            if (s.TryGetValue(key, out var text))
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    throw new InvalidOperationException($"storage connection '{settingName}': '{settingName}__{key}' is not an absolute http(s) URI");
                }
                if (!string.IsNullOrEmpty(uri.Query))
                {
                    throw new InvalidOperationException(
                        $"storage connection '{settingName}': '{settingName}__{key}' must not carry a query string (a SAS belongs in a connection string)");
                }
                return uri;
            }
            return string.IsNullOrWhiteSpace(account) ? null : new Uri($"https://{account}.{service}.core.windows.net");
        }

        var table = Endpoint("tableServiceUri", "table");
        var queue = Endpoint("queueServiceUri", "queue");
        var blob = Endpoint("blobServiceUri", "blob");
        if (table is null && queue is null && blob is null)
        {
            throw new InvalidOperationException(
                $"storage connection '{settingName}': no service URI: set '{settingName}__tableServiceUri', '__queueServiceUri', "
                + "'__blobServiceUri' (or '__accountName'), or set the connection string itself");
        }
        account ??= AccountFromHost(blob ?? queue ?? table!);

        s.TryGetValue("clientId", out var clientId);
        s.TryGetValue("credential", out var credentialKind);
        string description;
        if (credential is not null)
        {
            description = credential.GetType().Name + " (given)";
        }
        else if (credentialKind is null)
        {
            var options = new DefaultAzureCredentialOptions();
            if (clientId is not null)
            {
                options.ManagedIdentityClientId = clientId;
            }
            credential = new DefaultAzureCredential(options);
            description = clientId is null ? "DefaultAzureCredential" : $"DefaultAzureCredential (managed identity client id {clientId})";
        }
        else if (string.Equals(credentialKind, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            credential = clientId is null
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            description = clientId is null ? "ManagedIdentityCredential (system-assigned)" : $"ManagedIdentityCredential (client id {clientId})";
        }
        else
        {
            throw new InvalidOperationException(
                $"storage connection '{settingName}': '{settingName}__credential' must be 'managedidentity' or absent (got '{credentialKind}')");
        }

        return new AzureStorageConnection(settingName, StorageAuthentication.Identity, null, account, table, queue, blob, credential, description);
    }

    /// <summary>A Table service client for this connection.</summary>
    public TableServiceClient CreateTableServiceClient(TableClientOptions? options = null) =>
        Authentication == StorageAuthentication.ConnectionString
            ? Wrap(() => new TableServiceClient(connectionString!, options ?? new TableClientOptions()), "Table")
            : new TableServiceClient(Require(TableServiceUri, "tableServiceUri"), Credential!, options ?? new TableClientOptions());

    /// <summary>
    /// A Queue service client for this connection whose messages are Base64-encoded, as the Functions queue trigger
    /// expects (<see cref="QueueClientOptions.MessageEncoding"/> is forced to <see cref="QueueMessageEncoding.Base64"/>).
    /// </summary>
    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions? options = null)
    {
        options ??= new QueueClientOptions();
        options.MessageEncoding = QueueMessageEncoding.Base64;
        return Authentication == StorageAuthentication.ConnectionString
            ? Wrap(() => new QueueServiceClient(connectionString!, options), "Queue")
            : new QueueServiceClient(Require(QueueServiceUri, "queueServiceUri"), Credential!, options);
    }

    /// <summary>A Blob service client for this connection.</summary>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? options = null) =>
        Authentication == StorageAuthentication.ConnectionString
            ? Wrap(() => new BlobServiceClient(connectionString!, options ?? new BlobClientOptions()), "Blob")
            : new BlobServiceClient(Require(BlobServiceUri, "blobServiceUri"), Credential!, options ?? new BlobClientOptions());

    /// <summary>Describes the connection without secrets.</summary>
    public override string ToString() => Authentication == StorageAuthentication.ConnectionString
        ? $"{SettingName}: connection string (account {AccountName ?? "?"}; table {TableServiceUri}; queue {QueueServiceUri}; blob {BlobServiceUri})"
        : $"{SettingName}: identity {CredentialDescription} (account {AccountName ?? "?"}; table {TableServiceUri}; queue {QueueServiceUri}; blob {BlobServiceUri})";

    private const string DevelopmentAccountName = "devstoreaccount1";

    private Uri Require(Uri? uri, string key) =>
        uri ?? throw new InvalidOperationException($"storage connection '{SettingName}': '{SettingName}__{key}' is not set");

    private T Wrap<T>(Func<T> create, string service)
    {
        try
        {
            return create();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message may quote the connection string: do not pass it (or the inner exception) on.
            throw new InvalidOperationException(
                $"storage connection '{SettingName}': the connection string is not accepted by the {service} client ({e.GetType().Name})");
        }
    }

    private static Dictionary<string, string> ParseConnectionString(string connectionString, string settingName)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidOperationException(
                    $"storage connection '{settingName}': the connection string has a segment that is not key=value");
            }
            var key = segment[..eq].Trim();
            if (!parts.TryAdd(key, segment[(eq + 1)..].Trim()))
            {
                throw new InvalidOperationException($"storage connection '{settingName}': the connection string repeats '{key}'");
            }
        }
        return parts;
    }

    private static string? AccountFromHost(Uri uri)
    {
        // https://<account>.blob.core.windows.net, or Azurite-style http://127.0.0.1:10000/<account>
        var labels = uri.Host.Split('.');
        if (labels.Length > 2 && uri.HostNameType == UriHostNameType.Dns)
        {
            return labels[0];
        }
        var path = uri.AbsolutePath.Trim('/');
        return path.Length > 0 ? path.Split('/')[0] : null;
    }
}
