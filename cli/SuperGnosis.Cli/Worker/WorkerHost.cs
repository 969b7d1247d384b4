using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Telemetry;
using SuperGnosis.Messaging;
using SuperGnosis.Server.Storage;

namespace SuperGnosis.Cli.Worker;

/// <summary>
/// The <c>gnosis worker</c> process: a generic host composed through the hosting root on the RabbitMQ bus
/// (<see cref="SuperGnosisBusServiceCollectionExtensions.AddSuperGnosisBus"/> with <c>SuperGnosis:Bus:Stages</c> naming the
/// stage consumers it runs), the shared storage of <see cref="ServerStorage"/> (Azure Tables and Blobs: workers share run
/// state and the ledger with every other process) and OpenTelemetry. No HTTP, no timers: <c>gnosis serve</c> keeps those.
/// </summary>
public static class WorkerHost
{
    /// <summary>
    /// Builds the host over <paramref name="configuration"/> (environment plus flags). Logs go to <paramref name="log"/>;
    /// <paramref name="configure"/> is the composition root's hook (tests).
    /// </summary>
    public static IHost Build(IConfiguration configuration, StorageKind storage, WorkerLog log, Action<SuperGnosisBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(log);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "gnosis-worker",
            ContentRootPath = AppContext.BaseDirectory,
            Configuration = new ConfigurationManager(),
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(log);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout(configuration));

        builder.Services.AddSuperGnosisBus(configuration, sg =>
        {
            sg.UseServerStorage(storage);
            configure?.Invoke(sg);
        });
        builder.Services.AddSuperGnosisTelemetry(configuration);
        return builder.Build();
    }

    /// <summary>The host's stop budget: the consumers' stop timeout plus time to close the broker connection.</summary>
    private static TimeSpan ShutdownTimeout(IConfiguration configuration) =>
        (configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions()).ConsumerStopTimeout + TimeSpan.FromSeconds(15);
}
