using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SuperGnosis.Cli.Serve;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Messaging;
using SuperGnosis.Server.Http;
using SuperGnosis.Server.Storage;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis serve [--port 5080] [--bind 127.0.0.1] [--transport inmemory] [--storage local|azurite|azure]</c>: the
/// HTTP API, the bus with every stage consumer, the market-hours scheduler and the sweeper in one process
/// (<see cref="ServeHost"/>). Runs until Ctrl+C or SIGTERM, then stops cleanly (exit code 0). Bad options or settings:
/// one line, exit code 2; the port taken or not allowed: one line, exit code 1.
/// </summary>
public static class ServeCommand
{
    public const string Name = "serve";

    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port")
        {
            Description = $"TCP port of the HTTP API, 0 to 65535 (0: any free port) (default {ServeSettings.DefaultPort})",
            DefaultValueFactory = _ => ServeSettings.DefaultPort,
            CustomParser = result =>
            {
                var token = Token(result.Tokens);
                if (int.TryParse(token.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= IPEndPoint.MaxPort)
                {
                    return value;
                }
                result.AddError($"--port must be a whole number from 0 to 65535 (got '{token}')");
                return ServeSettings.DefaultPort;
            },
        };
        var bind = new Option<IPAddress>("--bind")
        {
            Description = "IP address to listen on (default 127.0.0.1: only this machine can call the API, which has no authentication; "
                + "0.0.0.0 or :: listen on every interface, see docs/self-hosting.md before doing so)",
            DefaultValueFactory = _ => IPAddress.Loopback,
            CustomParser = result =>
            {
                var token = Token(result.Tokens);
                if (IPAddress.TryParse(token.Trim(), out var address))
                {
                    return address;
                }
                result.AddError($"--bind must be an IP address such as 127.0.0.1, 0.0.0.0 or :: (got '{token}')");
                return IPAddress.Loopback;
            },
        };
        var transport = new Option<string>("--transport")
        {
            Description = "Message bus between the stages: inmemory (every stage consumer in this process) or rabbitmq (RabbitMq:* settings; "
                + "workers started with gnosis worker share the stages) (default inmemory)",
            DefaultValueFactory = _ => ServeSettings.InMemoryTransport,
            CustomParser = result =>
            {
                var token = Token(result.Tokens).Trim().ToLowerInvariant();
                if (token is ServeSettings.InMemoryTransport or ServeSettings.RabbitMqTransport)
                {
                    return token;
                }
                result.AddError($"--transport must be {ServeSettings.InMemoryTransport} or {ServeSettings.RabbitMqTransport} (got '{Token(result.Tokens)}')");
                return ServeSettings.InMemoryTransport;
            },
        };
        var storage = new Option<StorageKind?>("--storage")
        {
            Description = "Where run state, captures and the ledger live: local (memory + the JSON-lines ledger file), azurite "
                + "(Azure Tables/Blobs on Azurite), azure (a storage account) (default: SuperGnosis:Storage:Kind, else local)",
            CustomParser = result =>
            {
                var token = Token(result.Tokens);
                if (ServerStorage.TryParse(token, out var kind))
                {
                    return kind;
                }
                result.AddError($"--storage must be one of {string.Join(", ", ServerStorage.Names)} (got '{token}')");
                return null;
            },
        };
        var command = new Command(Name, "Serve the HTTP API, the stage consumers on the bus, the market-hours scheduler and the sweeper in one process until stopped.")
        {
            port, bind, transport, storage,
        };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(bind)!, parse.GetValue(port), parse.GetValue(transport)!, parse.GetValue(storage), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, IPAddress address, int port, string transport, StorageKind? storageFlag, CancellationToken ct)
    {
        var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        StorageKind storage;
        try
        {
            storage = storageFlag ?? ServerStorage.Read(environment).Kind;
        }
        catch (InvalidOperationException ex)
        {
            throw new CliUsageException("configuration: " + ex.Message);
        }
        var settings = new ServeSettings(address, port, transport, storage);
        // Checked before anything starts, so a taken port is one line rather than the host's start-up failure log.
        if (ListenProblem(address, port) is { } problem)
        {
            await context.Error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
            return GnosisCli.RunFailed;
        }
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings.ConfigurationKeys())
            .Build();

        WebApplication app;
        SelectedStorage stores;
        try
        {
            app = ServeHost.Build(configuration, settings);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException)
        {
            throw new CliUsageException("configuration: " + OneLine(ex.Message));
        }
        await using (app.ConfigureAwait(false))
        {
            try
            {
                stores = ServeHost.Validate(app);
            }
            catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException or ArgumentException)
            {
                throw new CliUsageException("configuration: " + OneLine(ex.Message));
            }
            if (settings.Transport == ServeSettings.RabbitMqTransport
                && app.Services.GetRequiredService<IOptions<RabbitMqOptions>>().Value is var broker
                && await RabbitMqReachability.ProblemAsync(broker, ct).ConfigureAwait(false) is { } unreachable)
            {
                // Checked before the bus starts, so a broker that is down is one line rather than the transport's retry log.
                await context.Error.WriteLineAsync("error: " + RabbitMqReachability.Unreachable(broker, unreachable)).ConfigureAwait(false);
                return GnosisCli.RunFailed;
            }
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is AddressInUseException || (ex.InnerException as SocketException)?.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Taken between the check above and the start.
                await context.Error.WriteLineAsync("error: " + InUse(address, port)).ConfigureAwait(false);
                await StopQuietlyAsync(app).ConfigureAwait(false);
                return GnosisCli.RunFailed;
            }
            catch (IOException ex)
            {
                await context.Error.WriteLineAsync($"error: cannot listen on {address}:{port}: {OneLine(ex.InnerException?.Message ?? ex.Message)}").ConfigureAwait(false);
                await StopQuietlyAsync(app).ConfigureAwait(false);
                return GnosisCli.RunFailed;
            }
            await WriteBannerAsync(context, app, settings, stores).ConfigureAwait(false);
            await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync("gnosis serve stopped").ConfigureAwait(false);
            return GnosisCli.Ok;
        }
    }

    private static async Task WriteBannerAsync(CliContext context, WebApplication app, ServeSettings settings, SelectedStorage stores)
    {
        var services = app.Services;
        var url = ServeHost.BaseAddress(app).ToString().TrimEnd('/');
        var endpoints = services.GetRequiredService<StageEndpoints>().Hosted.Count;
        var scheduler = services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        var sweeper = services.GetRequiredService<IOptions<SweeperOptions>>().Value;
        var lines = new List<string>
        {
            $"gnosis serve listening on {url} (API under {url}/api; Ctrl+C or SIGTERM stops it)",
            $"  bus:       {settings.Transport}, {endpoints} stage consumers in this process (SuperGnosis:Bus:Stages), run outcomes heard here",
            $"  storage:   {ServerStorage.NameOf(stores.Kind)}: run state {stores.RunState}; ledger {stores.Ledger}",
            scheduler.Watchlist.Count == 0
                ? $"  scheduler: '{scheduler.Schedule}' UTC, watchlist empty (set SuperGnosis__Scheduler__Watchlist__0=SPY, ...): starts nothing"
                : $"  scheduler: '{scheduler.Schedule}' UTC, watchlist {string.Join(", ", scheduler.Watchlist)}, runs only while the NYSE session is open",
            $"  sweeper:   '{sweeper.Schedule}' UTC, a run not updated for {sweeper.StuckAfter} is re-driven, failed after {sweeper.MaxRedrives} re-drives",
            DashboardLine(url, services),
        };
        if (!IPAddress.IsLoopback(settings.Address))
        {
            lines.Add($"  warning:   listening on {settings.Address}: the API has no authentication; anyone who can reach this port can start runs and read the ledger");
        }
        foreach (var line in lines)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
        await context.Out.FlushAsync().ConfigureAwait(false);
    }

    private static string DashboardLine(string url, IServiceProvider services)
    {
        var dashboard = services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var symbol = services.GetRequiredService<StartupAnalysisService>().Symbol;
        return dashboard.AnalyzeOnStart
            ? $"  dashboard: {url}/ (an empty ledger gets one analysis of {symbol} at start)"
            : $"  dashboard: {url}/";
    }

    /// <summary>Null when <paramref name="address"/>:<paramref name="port"/> can be listened on now; else why not, in one line.</summary>
    internal static string? ListenProblem(IPAddress address, int port)
    {
        if (port == 0)
        {
            return null;
        }
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return InUse(address, port);
        }
        catch (SocketException ex)
        {
            return $"cannot listen on {address}:{port}: {ex.Message}";
        }
        finally
        {
            listener.Stop();
        }
    }

    private static string InUse(IPAddress address, int port) =>
        $"port {port} on {address} is already in use (another gnosis serve?); choose another with --port";

    private static async Task StopQuietlyAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException or AggregateException)
        {
            // The start failed; what did start is stopped as far as it can be, the process exits anyway.
        }
    }

    private static string Token(IReadOnlyList<System.CommandLine.Parsing.Token> tokens) => string.Join(" ", tokens.Select(t => t.Value));

    /// <summary>Validation messages list failures on several lines; the CLI's error is one line.</summary>
    private static string OneLine(string message) => string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
