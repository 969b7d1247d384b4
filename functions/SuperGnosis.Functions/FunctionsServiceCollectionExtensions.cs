using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SuperGnosis.Azure;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Queues;
using SuperGnosis.Azure.ServiceBus;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Azure.Tables;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Functions.Stages;
using SuperGnosis.Functions.Storage;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Server.Http;
using SuperGnosis.Server.Jobs;
using SuperGnosis.Server.Scheduling;
using SuperGnosis.Server.Storage;

namespace SuperGnosis.Functions;

/// <summary>
/// The Functions app's composition: the shared root (<see cref="SuperGnosisServiceCollectionExtensions.AddSuperGnosis"/>)
/// with the Azure storage kinds it can select (<see cref="AzureStorageServices"/>, shared with <c>gnosis serve</c>), the
/// queue sender, the shared HTTP API and timer jobs (SuperGnosis.Server), and the app's own services. Program.cs calls it; the
/// tests call it too, so the harness runs the functions over exactly the app's wiring.
/// </summary>
public static class FunctionsServiceCollectionExtensions
{
    /// <summary>The name of the Azure Tables kind for <c>SuperGnosis:Ledger:Kind</c> and <c>SuperGnosis:RunState:Kind</c>.</summary>
    public const string TableKind = AzureStorageServices.TableKind;

    public const string PayloadsKey = AzureStorageServices.PayloadsKey;
    public const string CapturesKey = AzureStorageServices.CapturesKey;
    public const string PoisonKey = "poison";
    public const string ArtifactsKey = "artifacts";

    /// <summary>Where the app archives scheduled runs' inputs by default: the archive container (<see cref="AzureStorageNames.ArchiveContainer"/>).</summary>
    public const string FunctionsArchiveLocation = BlobDataFileStore.Scheme + "://" + AzureStorageNames.ArchiveContainer;

    /// <param name="configure">Extra hooks after the app's own (tests wrap the sender to inject failures).</param>
    public static IServiceCollection AddSuperGnosisFunctions(this IServiceCollection services, IConfiguration configuration, Action<SuperGnosisBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<FunctionsOptions>()
            .Bind(configuration.GetSection(FunctionsOptions.Section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FunctionsOptions>, FunctionsOptionsValidator>();
        services.AddSingleton<IValidateOptions<LedgerOptions>, FunctionsStorageKindValidator>();
        services.AddSingleton<IValidateOptions<RunStateOptions>, FunctionsStorageKindValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // Storage: one account, read the way the Functions host reads a connection (string or identity-based settings).
        services.AddAzureStorageClients(sp => AzureStorageConnection.FromConfiguration(configuration, sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.StorageConnection));
        services.AddKeyedSingleton(ArtifactsKey, (sp, _) => new BlobPayloadStore(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.Feedback.ParametersContainer));
        services.AddKeyedSingleton(PoisonKey, (sp, _) => new BlobPayloadStore(sp.GetRequiredService<BlobServiceClient>(), sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.PoisonContainer));

        services.AddSuperGnosis(configuration, builder =>
        {
            builder.AddAzureTableKinds();
            builder.UseMessageSender(sp => new StorageQueueMessageSender(sp.GetRequiredService<AzureStorageConnection>(), Payloads(sp)));
            // az://container[/folder] on the app's storage account: the run archive (below) and a files data directory.
            builder.AddDataLocationScheme(BlobDataFileStore.Scheme, BlobDataFileStore.Problem,
                (location, sp) => BlobDataFileStore.Open(sp.GetRequiredService<BlobServiceClient>(), location));
            builder.UseParameterStore(sp => new BlobParameterStore(sp.GetRequiredKeyedService<BlobPayloadStore>(ArtifactsKey)));
            configure?.Invoke(builder);
        });
        // Scheduled runs archive their inputs (on by default in a scheduling host) to the archive container unless
        // SuperGnosis:Archive:Location names another place.
        services.PostConfigure<ArchiveOptions>(o => o.Location = string.IsNullOrWhiteSpace(o.Location) ? FunctionsArchiveLocation : o.Location);

        // Trade ideas to a Service Bus topic, only when a namespace or connection string is configured.
        var serviceBus = configuration.GetSection(ServiceBusTradeIdeas.Section).Get<ServiceBusTradeIdeaOptions>(b => b.ErrorOnUnknownConfiguration = true)
            ?? new ServiceBusTradeIdeaOptions();
        if (serviceBus.IsConfigured)
        {
            services.AddSingleton<ITradeIdeaPublisher>(_ => new ServiceBusTradeIdeas(ServiceBusTradeIdeaPublisher.Create(serviceBus)));
        }

        // Stage functions and poison handling; every queue exists before the host's listeners poll it.
        services.AddHostedService<QueueProvisioner>();
        services.AddSingleton(sp => new QueueMessageReader(Payloads(sp)));
        services.AddSingleton<StageDispatcher>();
        services.AddSingleton<IPoisonArchive>(sp => new BlobPoisonArchive(sp.GetRequiredKeyedService<BlobPayloadStore>(PoisonKey)));
        services.AddSingleton<PoisonHandler>();

        // HTTP API (shared with gnosis serve): the storage account's three services are its health checks.
        services.AddSuperGnosisApi();
        services.AddSingleton<IEnumerable<IHealthProbe>>(sp => StorageHealthProbe.For(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<QueueServiceClient>(), sp.GetRequiredService<BlobServiceClient>()).ToList());

        // Timers: scheduler and sweeper options, the NYSE market-hours schedule and the run planner come from the shared
        // root; the jobs from SuperGnosis.Server (gnosis serve fires the same jobs from hosted services).
        services.AddSuperGnosisScheduling(configuration);
        services.AddSuperGnosisTimerJobs();
        services.AddSingleton<ILedgerMetricsStore>(sp => new TableLedgerMetricsStore(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.Feedback.MetricsTable));
        services.AddSingleton(sp =>
        {
            var feedback = sp.GetRequiredService<IOptions<FunctionsOptions>>().Value.Feedback;
            return new LedgerMetricsWindow(feedback.LookbackDays, feedback.EvidenceDays, feedback.AutoAccept);
        });
        services.AddSingleton<LedgerMetricsJob>();
        return services;
    }

    private static BlobPayloadStore Payloads(IServiceProvider services) => AzureStorageServices.Payloads(services);
}

/// <summary>Start-up checks of <see cref="FunctionsOptions"/>, each failure naming its full configuration key.</summary>
public sealed class FunctionsOptionsValidator : IValidateOptions<FunctionsOptions>
{
    public ValidateOptionsResult Validate(string? name, FunctionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.StorageConnection))
        {
            failures.Add($"{FunctionsOptions.Section}:StorageConnection must name the storage connection setting (e.g. AzureWebJobsStorage)");
        }
        if (options.Feedback.EvidenceDays is < 1 or > 730)
        {
            failures.Add($"{FunctionsOptions.Section}:Feedback:EvidenceDays must be 1 to 730 (got {options.Feedback.EvidenceDays})");
        }
        if (options.Feedback.LookbackDays is < 1 or > 90)
        {
            failures.Add($"{FunctionsOptions.Section}:Feedback:LookbackDays must be 1 to 90 (got {options.Feedback.LookbackDays})");
        }
        if (!AzureStorageNames.IsValidContainerName(options.Feedback.ParametersContainer))
        {
            failures.Add($"{FunctionsOptions.Section}:Feedback:ParametersContainer '{options.Feedback.ParametersContainer}' is not a valid blob container name (3-63 lower-case letters, digits and single hyphens)");
        }
        if (!AzureStorageNames.IsValidContainerName(options.PoisonContainer))
        {
            failures.Add($"{FunctionsOptions.Section}:PoisonContainer '{options.PoisonContainer}' is not a valid blob container name (3-63 lower-case letters, digits and single hyphens)");
        }
        if (!AzureStorageNames.IsValidTableName(options.Feedback.MetricsTable))
        {
            failures.Add($"{FunctionsOptions.Section}:Feedback:MetricsTable '{options.Feedback.MetricsTable}' is not a valid table name (3-63 letters and digits, starting with a letter)");
        }
        if (string.IsNullOrWhiteSpace(options.Feedback.Schedule) || options.Feedback.Schedule.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            failures.Add($"{FunctionsOptions.Section}:Feedback:Schedule must be a six-field NCRONTAB expression (seconds first), e.g. 0 30 21 * * 1-5");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>
/// The Functions app runs on several instances that share nothing but storage: the ledger and the run state must be the
/// Azure Tables kind (<c>table</c>), not a local file or memory.
/// </summary>
public sealed class FunctionsStorageKindValidator : IValidateOptions<LedgerOptions>, IValidateOptions<RunStateOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options) =>
        string.Equals(options?.Kind, FunctionsServiceCollectionExtensions.TableKind, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SuperGnosisSections.Ledger}:Kind must be '{FunctionsServiceCollectionExtensions.TableKind}' in the Functions app (got '{options?.Kind}'): instances share the ledger through Azure Tables");

    public ValidateOptionsResult Validate(string? name, RunStateOptions options) =>
        string.Equals(options?.Kind, FunctionsServiceCollectionExtensions.TableKind, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{SuperGnosisSections.RunState}:Kind must be '{FunctionsServiceCollectionExtensions.TableKind}' in the Functions app (got '{options?.Kind}'): stages on different instances share run state through Azure Tables");
}
