using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Messaging;
using SuperGnosis.Server.Storage;
using SuperGnosis.Testing;

namespace SuperGnosis.Worker.Tests;

/// <summary>One RabbitMQ broker and one Azurite for the worker tests; each test has a virtual host and as-of instants of its own.</summary>
[CollectionDefinition("servers")]
public sealed class ServersCollection : ICollectionFixture<RabbitMqFixture>, ICollectionFixture<AzuriteFixture>;

/// <summary>
/// A test's share of the servers: a virtual host of its own, the environment of its <c>gnosis</c> processes (RabbitMQ
/// settings, the Azurite connection, a data folder), and a starter bus in the test process (no stage consumers, run
/// state on the same Azurite) that starts runs and reads their state.
/// </summary>
internal sealed class Topology : IAsyncDisposable
{
    public const string EngineStages = "engines";
    public const string RestStages = "snapshot,agents,composer,trade,ledger";

    private readonly IRabbitMqServer _rabbit;
    private readonly List<GnosisProcess> _processes = [];
    private ServiceProvider? _starter;

    private Topology(IRabbitMqServer rabbit, string virtualHost, Dictionary<string, string> environment)
    {
        _rabbit = rabbit;
        VirtualHost = virtualHost;
        Environment = environment;
    }

    public string VirtualHost { get; }

    public Dictionary<string, string> Environment { get; }

    public static async Task<Topology> CreateAsync(IRabbitMqServer rabbit, IAzuriteServer azurite)
    {
        var vhost = "sg-worker-" + Guid.NewGuid().ToString("N")[..8];
        await rabbit.AddVirtualHostAsync(vhost);
        var environment = new Dictionary<string, string>(rabbit.EnvironmentFor(vhost))
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["GNOSIS_DATA_DIR"] = Directory.CreateTempSubdirectory("sg-worker-").FullName,
            ["SuperGnosis__Bus__ConsumerStopTimeout"] = "00:00:10",
        };
        return new Topology(rabbit, vhost, environment);
    }

    /// <summary>Starts <c>gnosis worker --stages <paramref name="stages"/> --storage azurite</c> and waits until it consumes.</summary>
    public async Task<GnosisProcess> StartWorkerAsync(string stages)
    {
        var worker = GnosisProcess.Start(Environment, "worker", "--stages", stages, "--transport", "rabbitmq", "--storage", "azurite");
        _processes.Add(worker);
        await worker.WaitForOutputAsync("gnosis worker consuming", TimeSpan.FromSeconds(90));
        return worker;
    }

    public GnosisProcess StartProcess(IReadOnlyDictionary<string, string> extra, params string[] arguments)
    {
        var process = GnosisProcess.Start(new Dictionary<string, string>(Environment).Concat(extra).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>The starter: the bus on the broker with no stage consumers, the run state and ledger on Azurite.</summary>
    public async Task<IServiceProvider> StarterAsync()
    {
        if (_starter is not null)
        {
            return _starter;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            Environment.ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value)
                .Concat(new Dictionary<string, string?>
                {
                    ["SuperGnosis:Bus:Transport"] = "rabbitmq",
                    ["SuperGnosis:Bus:Stages"] = "none",
                    ["SuperGnosis:Storage:Kind"] = "azurite",
                })).Build();
        _starter = new ServiceCollection().AddSuperGnosisBus(configuration, sg => sg.UseServerStorage(StorageKind.Azurite)).BuildServiceProvider();
        _starter.ValidateSuperGnosisOptions();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _starter.GetRequiredService<IBusControl>().StartAsync(timeout.Token);
        return _starter;
    }

    /// <summary>Starts one run per as-of through the starter (messages sent, nothing awaited); returns their ids.</summary>
    public async Task<IReadOnlyList<string>> StartRunsAsync(string symbol, IEnumerable<DateTimeOffset> asOfs)
    {
        var client = (await StarterAsync()).GetRequiredService<PipelineBusClient>();
        var headers = await Task.WhenAll(asOfs.Select(a => client.StartAsync(symbol, a, CancellationToken.None)));
        return [.. headers.Select(h => h.RunId)];
    }

    public async Task<IReadOnlyList<RunHeader>> HeadersAsync(IEnumerable<string> runIds)
    {
        var runs = (await StarterAsync()).GetRequiredService<IRunStateStore>();
        var headers = await Task.WhenAll(runIds.Select(id => runs.GetRunAsync(id, CancellationToken.None)));
        return [.. headers.Select(h => h!.Header)];
    }

    /// <summary>Waits until one of the runs has <paramref name="key"/> recorded.</summary>
    public async Task WaitUntilAnyRecordedAsync(IEnumerable<string> runIds, StageKey key, TimeSpan timeout)
    {
        var runs = (await StarterAsync()).GetRequiredService<IRunStateStore>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            foreach (var id in runIds)
            {
                if (await runs.GetStageAsync(id, key, CancellationToken.None) is not null)
                {
                    return;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"no run recorded {key.Name} in time");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until every run is completed (fails on a failed run or the timeout).</summary>
    public async Task WaitUntilCompletedAsync(IReadOnlyList<string> runIds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var headers = await HeadersAsync(runIds);
            Assert.DoesNotContain(headers, h => h.Status == RunStatus.Failed);
            if (headers.All(h => h.Status == RunStatus.Completed))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"runs not completed in time: {string.Join(", ", headers.Select(h => $"{h.RunId} {h.Status}"))}\n"
                + string.Join("\n---\n", _processes.Select(p => p.ToString())));
            await Task.Delay(100);
        }
    }

    /// <summary>The ledger records of <paramref name="runIds"/>, by run id (a run with two records shows twice).</summary>
    public async Task<IReadOnlyList<string>> LedgerRunIdsAsync(IEnumerable<string> runIds)
    {
        var ids = runIds.ToHashSet(StringComparer.Ordinal);
        var ledger = (await StarterAsync()).GetRequiredService<ILedgerStore>();
        return [.. (await ledger.ReadAllAsync(CancellationToken.None)).Records.Select(r => r.RunId!).Where(id => ids.Contains(id)).Order(StringComparer.Ordinal)];
    }

    public Task<IReadOnlyList<RabbitMqQueue>> QueuesAsync() => _rabbit.ListQueuesAsync(VirtualHost);

    /// <summary>The in-process runner's report (contract JSON) for the same configuration.</summary>
    public static async Task<string> InProcessReportAsync(string symbol, DateTimeOffset asOf)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SuperGnosis:Ledger:Kind"] = "none" }).Build();
        await using var services = new ServiceCollection().AddSuperGnosis(configuration).BuildServiceProvider();
        var result = await services.GetRequiredService<PipelineRunnerFactory>().Create(symbol).RunOnceAsync(asOf);
        return JsonSerializer.Serialize(result.ToReport(), ContractJson.Compact.AnalysisReport);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        if (_starter is not null)
        {
            await _starter.GetRequiredService<IBusControl>().StopAsync(CancellationToken.None);
            await _starter.DisposeAsync();
        }
        try
        {
            Directory.Delete(Environment["GNOSIS_DATA_DIR"], recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
