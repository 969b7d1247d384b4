using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting;

namespace SuperGnosis.Messaging;

/// <summary>The pipeline's stage handlers hosted on MassTransit.</summary>
public static class SuperGnosisBusServiceCollectionExtensions
{
    /// <summary>
    /// Registers SuperGnosis (<see cref="SuperGnosisServiceCollectionExtensions.AddSuperGnosis"/>) with
    /// <see cref="MassTransitMessageSender"/> as its message sender, and the bus: one receive endpoint per stage address of
    /// the configured plan plus the run events, each served by <see cref="StageConsumer"/> with message retry for transient
    /// failures. <paramref name="configure"/> runs after the sender is set, so a host can still wrap or replace it.
    /// The bus starts with the host (MassTransit's hosted service) or with <c>IBusControl.StartAsync</c>.
    /// </summary>
    public static IServiceCollection AddSuperGnosisBus(this IServiceCollection services, IConfiguration configuration, Action<SuperGnosisBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ReadOptions(configuration);

        services.AddSuperGnosis(configuration, builder =>
        {
            builder.UseMessageSender(sp => sp.GetRequiredService<MassTransitMessageSender>());
            configure?.Invoke(builder);
        });
        services.AddSingleton(options);
        services.AddSingleton<MassTransitMessageSender>();
        services.AddSingleton<RunCompletionSignal>();
        services.AddSingleton(sp => new StageEndpoints(sp.GetRequiredService<PipelineStages>()));
        services.AddSingleton<PipelineBusClient>();

        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<StageConsumer>();
            // The transport switch: RabbitMQ (MassTransit.RabbitMQ 8.x, UsingRabbitMq) goes here as a second case.
            switch (options.Transport)
            {
                case BusOptions.InMemoryTransport:
                    bus.UsingInMemory((context, transport) => ConfigureEndpoints(context, transport, options));
                    break;
                default:
                    throw new InvalidOperationException(
                        $"{BusOptions.Section}:Transport '{options.Transport}' is not supported; allowed values: {BusOptions.InMemoryTransport}");
            }
        });
        return services;
    }

    private static BusOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(BusOptions.Section);
        var transport = section["Transport"];
        return string.IsNullOrWhiteSpace(transport)
            ? new BusOptions()
            : new BusOptions { Transport = transport.Trim().ToLowerInvariant() };
    }

    private static void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator transport, BusOptions options)
    {
        foreach (var address in context.GetRequiredService<StageEndpoints>().Addresses)
        {
            transport.ReceiveEndpoint(address.QueueName, endpoint =>
            {
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Intervals([.. options.RetryIntervals]);
                    // Not transient: a body that cannot be read, a queue or run that does not exist. Redelivery cannot help.
                    retry.Ignore<JsonException>();
                    retry.Ignore<ArgumentException>();
                    retry.Ignore<UnknownRunException>();
                });
                endpoint.ConfigureConsumer<StageConsumer>(context);
            });
        }
    }
}
