using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting;

namespace SuperGnosis.Messaging;

/// <summary>The pipeline's stage handlers hosted on MassTransit 8 (in-memory or RabbitMQ transport).</summary>
public static class SuperGnosisBusServiceCollectionExtensions
{
    /// <summary>
    /// Registers SuperGnosis (<see cref="SuperGnosisServiceCollectionExtensions.AddSuperGnosis"/>) with
    /// <see cref="MassTransitMessageSender"/> as its message sender, and the bus on the transport
    /// <c>SuperGnosis:Bus:Transport</c> names: a durable receive endpoint per hosted stage (<c>SuperGnosis:Bus:Stages</c>,
    /// all by default), each with <see cref="StageFailureFilter"/> outside an exponential retry for transient failures and
    /// <see cref="StageConsumer"/>; and, when <c>SuperGnosis:Bus:RunOutcomes</c> is on, a temporary endpoint receiving
    /// the published run outcomes. <paramref name="configure"/> runs after the sender is set, so a host can still wrap
    /// or replace it. The bus starts with the host (MassTransit's hosted service: it waits until the broker answers, at
    /// most <c>RabbitMq:ConnectTimeout</c>, and on stop gives in-flight messages <c>SuperGnosis:Bus:ConsumerStopTimeout</c>)
    /// or with <c>IBusControl.StartAsync</c>. Options are validated at start (<c>ValidateOnStart</c>).
    /// </summary>
    public static IServiceCollection AddSuperGnosisBus(this IServiceCollection services, IConfiguration configuration, Action<SuperGnosisBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var transport = (configuration[BusOptions.Section + ":Transport"] ?? BusOptions.InMemoryTransport).Trim().ToLowerInvariant();
        if (!BusOptions.Transports.Contains(transport))
        {
            throw new InvalidOperationException(
                $"{BusOptions.Section}:Transport '{transport}' is not a known transport; allowed values: {string.Join(", ", BusOptions.Transports)}");
        }

        services.AddSuperGnosis(configuration, builder =>
        {
            builder.UseMessageSender(sp => sp.GetRequiredService<MassTransitMessageSender>());
            configure?.Invoke(builder);
        });
        services.AddOptions<BusOptions>()
            .Bind(configuration.GetSection(BusOptions.Section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BusOptions>, BusOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BusOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<BusOptions>().Retry);
        services.AddSingleton<MassTransitMessageSender>();
        services.AddSingleton<RunCompletionSignal>();
        services.AddSingleton<StageEndpoints>();
        services.AddSingleton<StageFailureFilter>();
        services.AddSingleton<PipelineBusClient>();

        if (transport == BusOptions.RabbitMqTransport)
        {
            services.AddOptions<RabbitMqOptions>()
                .Bind(configuration.GetSection(RabbitMqOptions.Section), binder => binder.ErrorOnUnknownConfiguration = true)
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<RabbitMqOptions>, RabbitMqOptionsValidator>();
        }
        services.AddOptions<MassTransitHostOptions>().Configure<IServiceProvider>((host, sp) =>
        {
            var bus = sp.GetRequiredService<IOptions<BusOptions>>().Value;
            host.WaitUntilStarted = true;
            host.ConsumerStopTimeout = bus.ConsumerStopTimeout;
            host.StopTimeout = bus.ConsumerStopTimeout + TimeSpan.FromSeconds(10);
            if (transport == BusOptions.RabbitMqTransport)
            {
                host.StartTimeout = sp.GetRequiredService<IOptions<RabbitMqOptions>>().Value.ConnectTimeout;
            }
        });

        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<StageConsumer>();
            bus.AddConsumer<RunOutcomeConsumer>();
            if (transport == BusOptions.RabbitMqTransport)
            {
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    var options = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                    rabbit.Host(options.Host.Trim(), (ushort)options.Port, options.VirtualHost, host =>
                    {
                        host.Username(options.Username);
                        host.Password(options.Password);
                        host.RequestedConnectionTimeout(options.ConnectTimeout);
                        host.Heartbeat(options.Heartbeat);
                    });
                    ConfigureEndpoints(context, rabbit, prefetch: true);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) => ConfigureEndpoints(context, memory, prefetch: false));
            }
        });
        return services;
    }

    private static void ConfigureEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator transport, bool prefetch)
    {
        var options = context.GetRequiredService<BusOptions>();
        var failures = context.GetRequiredService<StageFailureFilter>();
        foreach (var address in context.GetRequiredService<StageEndpoints>().Hosted)
        {
            transport.ReceiveEndpoint(address.QueueName, endpoint =>
            {
                // Messages reach a stage only by being sent to its queue: no binding to the envelope's publish exchange.
                endpoint.ConfigureConsumeTopology = false;
                endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                if (prefetch)
                {
                    endpoint.PrefetchCount = options.ConcurrentMessageLimit;
                }
                // Outside the retry: sees only what the retries could not fix.
                endpoint.UseFilter(failures);
                endpoint.ConfigureConsumer<StageConsumer>(context, consumer => consumer.UseMessageRetry(retry =>
                {
                    retry.Exponential(options.Retry.Limit, options.Retry.MinInterval, options.Retry.MaxInterval, options.Retry.IntervalDelta);
                    // Not transient (StageFailureFilter.IsPermanent): a body that cannot be read, a queue or run that does not exist.
                    retry.Ignore<System.Text.Json.JsonException>();
                    retry.Ignore<ArgumentException>();
                    retry.Ignore<UnknownRunException>();
                }));
            });
        }
        if (options.RunOutcomes)
        {
            transport.ReceiveEndpoint(new TemporaryEndpointDefinition("sg-run-outcomes"), endpoint => endpoint.ConfigureConsumer<RunOutcomeConsumer>(context));
        }
    }
}
