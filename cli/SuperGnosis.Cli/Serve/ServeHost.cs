using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Telemetry;
using SuperGnosis.Messaging;
using SuperGnosis.Server.Http;
using SuperGnosis.Server.Scheduling;
using SuperGnosis.Server.Storage;

namespace SuperGnosis.Cli.Serve;

/// <summary>
/// What <c>gnosis serve</c> was asked for: the address and port Kestrel listens on (127.0.0.1:5080 by default: only
/// this machine can call it; 0 as the port picks a free one), the bus transport and the storage kind.
/// </summary>
public sealed record ServeSettings(IPAddress Address, int Port, string Transport, StorageKind Storage)
{
    public const int DefaultPort = 5080;

    /// <summary><c>--transport inmemory</c>: MassTransit's in-memory transport, every stage consumer in this process.</summary>
    public const string InMemoryTransport = "inmemory";

    /// <summary><c>--transport rabbitmq</c>: RabbitMQ (<c>RabbitMq:*</c> settings); <c>gnosis worker</c> processes can share the stages.</summary>
    public const string RabbitMqTransport = "rabbitmq";

    public static ServeSettings Default { get; } = new(IPAddress.Loopback, DefaultPort, InMemoryTransport, StorageKind.Local);

    /// <summary>The configuration keys the flags set (they win over the environment).</summary>
    public IReadOnlyDictionary<string, string?> ConfigurationKeys() => new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        [BusOptions.Section + ":Transport"] = Transport switch
        {
            InMemoryTransport => BusOptions.InMemoryTransport,
            RabbitMqTransport => BusOptions.RabbitMqTransport,
            _ => throw new ArgumentOutOfRangeException(nameof(Transport), Transport, "unknown transport"),
        },
        [StorageOptions.Section + ":Kind"] = ServerStorage.NameOf(Storage),
    };
}

/// <summary>
/// The <c>gnosis serve</c> process: one ASP.NET Core host composed through the hosting root on the MassTransit bus
/// (<see cref="SuperGnosisBusServiceCollectionExtensions.AddSuperGnosisBus"/>: every stage consumer), with the storage
/// of <see cref="ServeSettings.Storage"/> (<see cref="ServerStorage"/>), the HTTP API the Functions app serves
/// (<see cref="PipelineApiEndpoints"/>: the same handlers, without function keys), the market-hours scheduler and the
/// stuck-run sweeper as hosted services, and OpenTelemetry. docs/self-hosting.md describes it.
/// </summary>
public static class ServeHost
{
    /// <summary>
    /// Builds the host. <paramref name="configuration"/> holds every setting (environment plus flags);
    /// <paramref name="configureServices"/> runs last (tests replace the clock or the logging); <paramref name="configure"/>
    /// is the composition root's hook (tests wrap the message sender). Composition errors (an unknown storage kind, a
    /// storage setting that conflicts with it) throw <see cref="InvalidOperationException"/>; option values are
    /// validated by <see cref="Validate"/> or when the host starts.
    /// </summary>
    public static WebApplication Build(
        IConfiguration configuration,
        ServeSettings settings,
        Action<IServiceCollection>? configureServices = null,
        Action<SuperGnosisBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "gnosis-serve", ContentRootPath = AppContext.BaseDirectory });
        // Only the settings given: no appsettings.json from the working folder, no command-line parsing by the host.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.Address, settings.Port));

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);

        builder.Services.AddSuperGnosisBus(configuration, sg =>
        {
            sg.UseServerStorage(settings.Storage);
            configure?.Invoke(sg);
        });
        builder.Services.AddSuperGnosisScheduling(configuration);
        builder.Services.AddSuperGnosisTelemetry(configuration);
        builder.Services.AddSuperGnosisApi();
        builder.Services.AddSingleton<IHealthProbe, BusHealthProbe>();
        builder.Services.AddSuperGnosisTimerServices();
        builder.Services.AddSuperGnosisDashboard(configuration);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapSuperGnosisApi();
        app.MapSuperGnosisDashboard();
        return app;
    }

    /// <summary>How long a stop (Ctrl+C, SIGTERM) waits for requests, consumers and timers in flight.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Checks every option and resolves the stores, so a bad setting fails before anything listens:
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the keys, or
    /// <see cref="InvalidOperationException"/> for an unreadable storage connection.
    /// </summary>
    public static SelectedStorage Validate(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.ValidateSuperGnosisOptions();
        return app.Services.GetRequiredService<SelectedStorage>();
    }

    /// <summary>The address Kestrel listens on once started (the real port when 0 was asked for).</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return new Uri(addresses.FirstOrDefault() ?? throw new InvalidOperationException("the server has not started"));
    }
}

/// <summary><c>GET /api/health</c> check <c>bus</c>: the MassTransit bus and its receive endpoints are started and healthy.</summary>
public sealed class BusHealthProbe(IBusControl bus) : IHealthProbe
{
    public string Name => "bus";

    public Task CheckAsync(CancellationToken cancellationToken)
    {
        var health = bus.CheckHealth();
        return health.Status == BusHealthStatus.Healthy
            ? Task.CompletedTask
            : throw new InvalidOperationException($"the bus is {health.Status.ToString().ToLowerInvariant()}");
    }
}
