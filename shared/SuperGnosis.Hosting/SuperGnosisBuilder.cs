using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Hosting;

/// <summary>
/// The extension point of <see cref="SuperGnosisServiceCollectionExtensions.AddSuperGnosis"/>: a host adds market-data
/// sources and storage kinds that configuration can then select by name, or replaces a port outright. Everything
/// registered here is applied after the defaults, so it wins.
/// </summary>
public sealed class SuperGnosisBuilder
{
    internal SuperGnosisBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    public IServiceCollection Services { get; }

    public IConfiguration Configuration { get; }

    /// <summary>A source <c>SuperGnosis:MarketData:Source</c> can name (<see cref="IMarketDataSourceFactory.Name"/>).</summary>
    public SuperGnosisBuilder AddMarketDataSource(IMarketDataSourceFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>
    /// A kind of data location (<c>scheme://...</c>) that <c>SuperGnosis:MarketData:DataDirectory</c> and
    /// <c>SuperGnosis:Archive:Location</c> can name besides local folders, e.g. <c>az://container</c> for a blob container.
    /// </summary>
    public SuperGnosisBuilder AddDataLocationScheme(string scheme, Func<string, string?> problem, Func<string, IServiceProvider, IDataFileStore> open)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(open);
        Services.AddSingleton(new DataLocationScheme(scheme.ToLowerInvariant(), problem, open));
        return this;
    }

    /// <summary>A ledger <c>SuperGnosis:Ledger:Kind</c> can name (e.g. "table" for Azure Tables).</summary>
    public SuperGnosisBuilder AddLedgerKind(string name, Func<IServiceProvider, ILedgerStore> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        Services.AddSingleton(new LedgerKind(name, create));
        return this;
    }

    /// <summary>A run-state kind <c>SuperGnosis:RunState:Kind</c> can name: its run state store and market capture store.</summary>
    public SuperGnosisBuilder AddRunStateKind(string name, Func<IServiceProvider, IRunStateStore> runState, Func<IServiceProvider, IMarketCaptureStore> capture)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(runState);
        ArgumentNullException.ThrowIfNull(capture);
        Services.AddSingleton(new RunStateKind(name, runState, capture));
        return this;
    }

    /// <summary>Replaces the ledger whatever <c>SuperGnosis:Ledger:Kind</c> says.</summary>
    public SuperGnosisBuilder UseLedgerStore(Func<IServiceProvider, ILedgerStore> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.Replace(ServiceDescriptor.Singleton(sp => new LedgerSelection(create(sp), "custom", null)));
        return this;
    }

    /// <summary>Uses <paramref name="create"/>'s parameter store whatever <c>SuperGnosis:Parameters:Kind</c> says (the Functions app: blobs).</summary>
    public SuperGnosisBuilder UseParameterStore(Func<IServiceProvider, IParameterStore> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.Replace(ServiceDescriptor.Singleton(sp => new ParameterStoreSelection(create(sp), Hosting.Configuration.ParametersOptions.CustomKind, null)));
        return this;
    }

    /// <summary>Replaces the run state store whatever <c>SuperGnosis:RunState:Kind</c> says.</summary>
    public SuperGnosisBuilder UseRunStateStore(Func<IServiceProvider, IRunStateStore> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.Replace(ServiceDescriptor.Singleton(create));
        return this;
    }

    /// <summary>Replaces the market capture store whatever <c>SuperGnosis:RunState:Kind</c> says.</summary>
    public SuperGnosisBuilder UseMarketCaptureStore(Func<IServiceProvider, IMarketCaptureStore> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.Replace(ServiceDescriptor.Singleton(create));
        return this;
    }

    /// <summary>Registers the transport's message sender (Storage Queues, MassTransit, an in-process loop).</summary>
    public SuperGnosisBuilder UseMessageSender(Func<IServiceProvider, IPipelineMessageSender> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Services.Replace(ServiceDescriptor.Singleton(create));
        return this;
    }
}
