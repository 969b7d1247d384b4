using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SuperGnosis.Cli.Worker;
using SuperGnosis.Hosting;
using SuperGnosis.Messaging;
using SuperGnosis.Server.Storage;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis worker --stages hedge,liquidity,... [--transport rabbitmq] [--storage azurite|azure]</c>: only the chosen
/// stage consumers (<see cref="StageSelection"/>), on RabbitMQ (<c>RabbitMq:*</c> settings), with run state and ledger
/// in Azure storage shared with the other processes (<see cref="WorkerHost"/>). Runs until Ctrl+C or SIGTERM, then lets
/// in-flight messages finish (up to <c>SuperGnosis:Bus:ConsumerStopTimeout</c>; a message still running then is returned
/// to its queue) and exits 0. Unknown stages or bad settings: one line, exit code 2. Broker unreachable within
/// <c>RabbitMq:ConnectTimeout</c>: one line, exit code 1.
/// </summary>
public static class WorkerCommand
{
    public const string Name = "worker";

    public const string RabbitMqTransport = "rabbitmq";

    public static Command Create(CliContext context)
    {
        var stages = new Option<string>("--stages")
        {
            Description = "Stage consumers to run, comma-separated: engine kinds (hedge, liquidity, sentiment, elasticity), snapshot, "
                + "agent-primary-hedge, agent-primary-liquidity, agent-primary-sentiment, composer, trade, ledger, or the groups engines, agents, all",
            Required = true,
        };
        var transport = new Option<string>("--transport")
        {
            Description = "Message broker shared with the other processes: rabbitmq (default rabbitmq; settings RabbitMq:Host, Port, VirtualHost, Username, Password)",
            DefaultValueFactory = _ => RabbitMqTransport,
        };
        transport.AcceptOnlyFromAmong(RabbitMqTransport);
        var storage = new Option<StorageKind?>("--storage")
        {
            Description = "Run state, captures and ledger shared with the other processes: azurite (Azure Tables/Blobs on Azurite) or azure "
                + "(a storage account; connection in AzureWebJobsStorage) (default: SuperGnosis:Storage:Kind, else azurite)",
            CustomParser = result =>
            {
                var token = string.Join(" ", result.Tokens.Select(t => t.Value));
                if (ServerStorage.TryParse(token, out var kind) && kind != StorageKind.Local)
                {
                    return kind;
                }
                result.AddError($"--storage must be azurite or azure (got '{token}'): a worker shares run state with other processes, so local storage cannot work");
                return null;
            },
        };
        var command = new Command(Name, "Run only the chosen stage consumers on RabbitMQ until stopped, so stages scale out over processes and machines.")
        {
            stages, transport, storage,
        };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(stages)!, parse.GetValue(storage), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string stages, StorageKind? storageFlag, CancellationToken ct)
    {
        var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        StorageKind storage;
        try
        {
            storage = storageFlag ?? ServerStorage.Read(environment).Kind switch
            {
                StorageKind.Local when environment[StorageOptions.Section + ":Kind"] is null => StorageKind.Azurite,
                StorageKind.Local => throw new InvalidOperationException(
                    $"{StorageOptions.Section}:Kind 'local' cannot be shared with other processes; a worker needs azurite or azure"),
                var kind => kind,
            };
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException("configuration: " + ex.Message);
        }
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [BusOptions.Section + ":Transport"] = BusOptions.RabbitMqTransport,
                [BusOptions.Section + ":Stages"] = stages,
                // A worker waits for no run: it does not listen for outcomes.
                [BusOptions.Section + ":RunOutcomes"] = "false",
                [StorageOptions.Section + ":Kind"] = ServerStorage.NameOf(storage),
            })
            .Build();

        var log = new WorkerLog(context.Error, context.Time);
        IHost host;
        try
        {
            host = WorkerHost.Build(configuration, storage, log);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException)
        {
            throw new CliUsageException("configuration: " + OneLine(ex.Message));
        }
        using (host)
        {
            StageEndpoints endpoints;
            SelectedStorage stores;
            RabbitMqOptions broker;
            try
            {
                endpoints = host.Services.GetRequiredService<StageEndpoints>();
                host.Services.ValidateSuperGnosisOptions();
                stores = host.Services.GetRequiredService<SelectedStorage>();
                broker = host.Services.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException("--stages: " + OneLine(ex.Message.Split(" (Parameter", 2)[0]));
            }
            catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException)
            {
                throw new CliUsageException("configuration: " + OneLine(ex.Message));
            }
            if (endpoints.Hosted.Count == 0)
            {
                throw new CliUsageException("--stages: 'none' leaves a worker nothing to do; name the stages it should run");
            }

            if (await RabbitMqReachability.ProblemAsync(broker, ct).ConfigureAwait(false) is { } unreachable)
            {
                await context.Error.WriteLineAsync("error: " + RabbitMqReachability.Unreachable(broker, unreachable)).ConfigureAwait(false);
                return GnosisCli.RunFailed;
            }
            try
            {
                await host.StartAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Reachable but not started (credentials, virtual host, permissions): the transport's own log is held back.
                log.Discard();
                await context.Error.WriteLineAsync("error: " + RabbitMqReachability.Unreachable(broker, OneLine(Reason(ex)))).ConfigureAwait(false);
                await StopQuietlyAsync(host).ConfigureAwait(false);
                return GnosisCli.RunFailed;
            }
            log.Open();
            await context.Out.WriteLineAsync(
                $"gnosis worker consuming {string.Join(", ", endpoints.Hosted.Select(a => a.QueueName))} on {broker.Describe()} (Ctrl+C or SIGTERM stops it)").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"  storage: {ServerStorage.NameOf(stores.Kind)}: run state {stores.RunState}; ledger {stores.Ledger}").ConfigureAwait(false);
            await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync("gnosis worker stopped").ConfigureAwait(false);
            return GnosisCli.Ok;
        }
    }

    /// <summary>Why the start failed, without the wrappers (aggregate, cancellation) around the transport's exception.</summary>
    private static string Reason(Exception exception)
    {
        var inner = exception;
        while (inner is AggregateException or OperationCanceledException && inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }
        return inner is OperationCanceledException ? "no connection was established" : inner.GetType().Name + ": " + inner.Message;
    }

    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or AggregateException or IOException)
        {
            // The start failed; the process exits anyway.
        }
    }

    /// <summary>Validation messages list failures on several lines; the CLI's error is one line.</summary>
    private static string OneLine(string message) =>
        string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
