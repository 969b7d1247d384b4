using Microsoft.Extensions.Configuration;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Files;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// Where <c>--data</c> and <c>--out</c> point: a local folder, or a blob container <c>az://container[/folder]</c> opened
/// with the storage connection named by <c>SuperGnosis:MarketData:StorageConnection</c> (default <c>AzureWebJobsStorage</c>;
/// a connection string such as <c>UseDevelopmentStorage=true</c>, or identity-based <c>__blobServiceUri</c> settings), read
/// from the environment (<c>SuperGnosis__MarketData__StorageConnection</c>, <c>AzureWebJobsStorage</c>).
/// </summary>
public static class CliDataLocation
{
    /// <summary>True when <paramref name="location"/> is a blob container location (<c>az://...</c>).</summary>
    public static bool IsBlob(string? location) => BlobDataFileStore.IsBlobLocation(location);

    /// <summary>
    /// The store of an existing local folder (usage error when missing or a file) or of an <c>az://</c> location, whose
    /// connection is read from the environment with <paramref name="overrides"/> on top (<see cref="CliContext.Configuration"/>).
    /// </summary>
    public static IDataFileStore Open(string location, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (IsBlob(location))
        {
            return OpenBlob(location, Environment(overrides));
        }
        var full = Path.GetFullPath(location);
        return Directory.Exists(full) ? new LocalDataFileStore(full)
            : File.Exists(full) ? throw new CliUsageException($"{full} is a file, not a directory")
            : throw new CliUsageException($"{full}: no such directory");
    }

    /// <summary>The blob store of <c>az://container[/folder]</c>; usage errors name a bad location or a missing connection setting.</summary>
    public static IDataFileStore OpenBlob(string location, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (BlobDataFileStore.Problem(location) is { } problem)
        {
            throw new CliUsageException(problem);
        }
        var setting = configuration[SuperGnosisSections.MarketData + ":StorageConnection"] is { Length: > 0 } name ? name : new MarketDataOptions().StorageConnection;
        try
        {
            return BlobDataFileStore.Open(AzureStorageConnection.FromConfiguration(configuration, setting).CreateBlobServiceClient(), location);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new CliUsageException($"{location}: {ex.Message}");
        }
    }

    /// <summary>Registers <c>az://</c> as a data location of the composition root (data directory, archive).</summary>
    public static void AddBlobScheme(SuperGnosisBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDataLocationScheme(BlobDataFileStore.Scheme, BlobDataFileStore.Problem, (location, _) => OpenBlob(location, configuration));
    }

    private static IConfiguration Environment(IReadOnlyDictionary<string, string?>? overrides) =>
        new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides ?? new Dictionary<string, string?>()).Build();
}
