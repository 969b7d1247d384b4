using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Agents;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Ledger;
using SuperGnosis.Data.Parameters;
using SuperGnosis.Data.Providers;
using SuperGnosis.Data.Providers.Alpaca;
using SuperGnosis.Data.Providers.Cboe;
using SuperGnosis.Data.Providers.Polygon;
using SuperGnosis.Data.Providers.Tradier;
using SuperGnosis.Hosting.Archive;
using SuperGnosis.Hosting.Backtesting;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Hosting.Scheduling;
using SuperGnosis.Hosting.Storage;
using SuperGnosis.Hosting.Telemetry;
using SuperGnosis.Sentiment;

namespace SuperGnosis.Hosting;

/// <summary>
/// The composition root every host uses (CLI, Functions app, self-hosted service): options bound from the
/// <c>SuperGnosis</c> section and validated at start, the market-data source wrapped in the run's capture
/// (<see cref="CapturedMarketData"/>), the four engines, the three primary agents, the composer, the trade agent, the
/// ledger, the run state and capture stores (in memory by default), <see cref="PipelineComponents"/>, the run-id
/// fingerprint, <see cref="PipelineStages"/> (and their instrumented handlers) and the in-process runner factory.
/// docs/operations.md lists every key.
/// </summary>
public static class SuperGnosisServiceCollectionExtensions
{
    /// <summary>
    /// Registers SuperGnosis. <paramref name="configure"/> is the host's hook (<see cref="SuperGnosisBuilder"/>): add
    /// market-data sources or storage kinds, or replace the ledger, run state, capture store or message sender.
    /// Options are validated at start: a host built with <c>Host</c> does it when it starts; any other host calls
    /// <see cref="ValidateSuperGnosisOptions"/> once the provider is built.
    /// </summary>
    public static IServiceCollection AddSuperGnosis(this IServiceCollection services, IConfiguration configuration, Action<SuperGnosisBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton<PipelineTelemetry>();

        AddOptions(services, configuration);

        // Market data: the configured source, created once and shared by every engine and the trade agent.
        services.AddSingleton<IMarketDataSourceFactory, SyntheticMarketDataSourceFactory>();
        services.AddSingleton<IMarketDataSourceFactory, FilesMarketDataSourceFactory>();
        services.TryAddSingleton<DataLocations>();
        // Live providers (docs/providers.md): typed HttpClients with resilience handlers, options under SuperGnosis:Data.
        services.AddMarketDataProviderClients();
        services.AddSingleton<IMarketDataSourceFactory, CboeMarketDataSourceFactory>();
        services.AddSingleton<IMarketDataSourceFactory, PolygonMarketDataSourceFactory>();
        services.AddSingleton<IMarketDataSourceFactory, TradierMarketDataSourceFactory>();
        services.AddSingleton<IMarketDataSourceFactory, AlpacaMarketDataSourceFactory>();
        // Source names one registered source or several joined by '+': each kind of data from the first that serves it.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MarketDataOptions>>().Value;
            var factories = sp.GetServices<IMarketDataSourceFactory>().ToList();
            return MarketDataComposition.Compose([.. MarketDataSelection.Parts(options.Source)
                .Select(part => factories.Last(f => string.Equals(f.Name, part, StringComparison.OrdinalIgnoreCase)).Create(options, sp))]);
        });

        // Models: the bundled headline model, loaded on the first headline, scores remembered across runs.
        services.AddSingleton<IHeadlineSentimentModel>(_ => new MemoizedHeadlineModel(() => BundledSentimentModel.Instance));

        // Run state and captures: the configured kind ("memory" built in).
        services.AddSingleton(new RunStateKind(RunStateOptions.MemoryKind, _ => new InMemoryRunStateStore(), _ => new InMemoryMarketCaptureStore()));
        services.AddSingleton(sp => SelectRunState(sp).CreateRunState(sp));
        services.AddSingleton(sp => SelectRunState(sp).CreateCapture(sp));

        // Every engine and the trade agent read the source through the run's capture (one fetch per item per run),
        // unless MarketData:Capture is false (then straight from the source). With Archive:Enabled the capture is written to
        // the archive when the run's ledger stage releases it.
        services.AddSingleton(sp => new CaptureArchiver(sp.GetRequiredService<MarketDataSources>(), sp.GetRequiredService<ILogger<CaptureArchiver>>()));
        services.AddSingleton(sp =>
        {
            var sources = sp.GetRequiredService<MarketDataSources>();
            if (!Value<MarketDataOptions>(sp).Capture)
            {
                return new StageMarketData(sources.Chains, sources.Market, sources.News, sources.Prints, null, null);
            }
            var store = Archived(sp, sp.GetRequiredService<IMarketCaptureStore>());
            var captured = new CapturedMarketData(store, sources.Chains, sources.Market, sources.News, sources.Prints);
            return new StageMarketData(captured.Chains!, captured.MarketData!, captured.News, captured.OptionPrints, captured.OffExchangeVolume, store);
        });

        // Engines in the order hedge, liquidity, sentiment, elasticity.
        services.AddSingleton(sp =>
        {
            var data = sp.GetRequiredService<StageMarketData>();
            return new HedgeEngineBySymbol(data.Chains, data.Market, sp.GetRequiredService<MarketDataSources>(), Value<HedgeEngineOptions>(sp), Value<HedgeMarketInputs>(sp));
        });
        // Each engine's output also carries what the source left out of the data it read, when the source reports it.
        services.AddSingleton<IEngine>(sp => WithDataQuality(sp, sp.GetRequiredService<HedgeEngineBySymbol>()));
        services.AddSingleton<IEngine>(sp =>
        {
            var data = sp.GetRequiredService<StageMarketData>();
            return WithDataQuality(sp, new LiquidityEngine(data.Market, Value<LiquidityEngineOptions>(sp), data.OffExchangeVolume));
        });
        services.AddSingleton<IEngine>(sp =>
        {
            var data = sp.GetRequiredService<StageMarketData>();
            return WithDataQuality(sp, new SentimentEngine(sp.GetRequiredService<IHeadlineSentimentModel>(), data.News, data.Chains, data.Market, data.Prints, Value<SentimentEngineOptions>(sp)));
        });
        services.AddSingleton<IEngine>(sp => WithDataQuality(sp, new ElasticityEngine(sp.GetRequiredService<StageMarketData>().Market, Value<ElasticityEngineOptions>(sp))));

        // Agents: three primary agents, the composer, the trade agent.
        services.AddSingleton<IPrimaryAgent>(sp => new HedgeAgentV3(Value<HedgeAgentRules>(sp)));
        services.AddSingleton<IPrimaryAgent>(sp => new LiquidityAgentV1(Value<LiquidityAgentRules>(sp)));
        services.AddSingleton<IPrimaryAgent>(sp => new SentimentAgentV1(Value<SentimentAgentRules>(sp)));
        // Composer and trade agent run with the newest accepted parameter version, when a parameter store is configured.
        services.AddSingleton(sp => new ParameterStoreSelection(
            string.Equals(Value<ParametersOptions>(sp).Kind, ParametersOptions.FilesKind, StringComparison.OrdinalIgnoreCase)
                ? new FileParameterStore(Value<ParametersOptions>(sp).EffectiveDirectory())
                : null,
            Value<ParametersOptions>(sp).Kind,
            string.Equals(Value<ParametersOptions>(sp).Kind, ParametersOptions.FilesKind, StringComparison.OrdinalIgnoreCase)
                ? Value<ParametersOptions>(sp).EffectiveDirectory()
                : null));
        services.AddSingleton(sp =>
        {
            var selection = sp.GetRequiredService<ParameterStoreSelection>();
            var active = ActiveParameters.Load(Value<ComposerOptions>(sp), Value<TradeAgentOptions>(sp), selection.Store);
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("SuperGnosis.Parameters");
            if (active.LoadError is { } error)
            {
                logger?.LogWarning("Parameter store {Kind} could not be read; running with the configured options: {Error}", selection.Kind, error);
            }
            else if (active.Version is { } version)
            {
                logger?.LogInformation("Running with parameter version {Version} from {Kind}", ParameterVersion.Label(version.Version), selection.Kind);
            }
            return active;
        });
        services.AddSingleton<IComposerAgent>(sp =>
        {
            var active = sp.GetRequiredService<ActiveParameters>();
            return new ComposerV1(active.Composer, active.Label);
        });
        services.AddSingleton<ITradeAgent>(sp =>
        {
            var data = sp.GetRequiredService<StageMarketData>();
            return new TradeAgent(data.Chains, data.Market, sp.GetRequiredService<ActiveParameters>().Trade);
        });

        // Ledger: the configured kind; ILedgerStore resolves to null when Kind = none.
        services.AddSingleton(new LedgerKind(LedgerOptions.JsonLinesKind, sp => new JsonLinesLedgerStore(Value<LedgerOptions>(sp).EffectivePath())));
        services.AddSingleton(SelectLedger);
        services.AddSingleton(sp => sp.GetRequiredService<LedgerSelection>().Store!);

        // The pipeline: components, fingerprint, the stage handlers every host runs and the in-process runner.
        services.AddSingleton(sp => new PipelineComponents(
            [.. sp.GetServices<IEngine>()],
            [.. sp.GetServices<IPrimaryAgent>()],
            sp.GetRequiredService<IComposerAgent>(),
            sp.GetRequiredService<ITradeAgent>(),
            sp.GetRequiredService<LedgerSelection>().Store,
            sp.GetRequiredService<StageMarketData>().Capture));
        services.AddSingleton(sp => new DecisionSettings(
            Value<HedgeEngineOptions>(sp), Value<HedgeMarketInputs>(sp), Value<LiquidityEngineOptions>(sp), Value<SentimentEngineOptions>(sp),
            Value<ElasticityEngineOptions>(sp), Value<HedgeAgentRules>(sp), Value<LiquidityAgentRules>(sp), Value<SentimentAgentRules>(sp),
            sp.GetRequiredService<ActiveParameters>().Composer, sp.GetRequiredService<ActiveParameters>().Trade, SentimentModelHashes.All, sp.GetRequiredService<MarketDataSources>().Identity));
        services.AddSingleton(sp => RunFingerprint.Of(sp.GetRequiredService<DecisionSettings>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PipelineStages(
            sp.GetRequiredService<PipelineComponents>(),
            sp.GetRequiredService<IRunStateStore>(),
            new PipelineStagesOptions { ConfigurationFingerprint = sp.GetRequiredService<RunFingerprint>().Value, TimeProvider = sp.GetRequiredService<TimeProvider>() }));
        services.AddSingleton<InstrumentedPipelineStages>();
        services.AddSingleton<PipelineRunnerFactory>();
        services.AddSingleton<BacktestRunnerFactory>();

        configure?.Invoke(new SuperGnosisBuilder(services, configuration));
        return services;
    }

    /// <summary>
    /// The market-hours scheduler and the stuck-run sweeper of the hosts that run timers (Functions app, local host):
    /// <c>SuperGnosis:Scheduler</c> and <c>SuperGnosis:Sweeper</c> validated at start (ranges, watchlist symbols,
    /// NCRONTAB expressions), <see cref="MarketHoursSchedule"/> on the NYSE calendar and <see cref="ScheduledRunPlanner"/>. The CLI
    /// does not schedule, so it neither registers nor validates these sections.
    /// </summary>
    public static IServiceCollection AddSuperGnosisScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SchedulerOptions>().BindIfPresent(configuration, SuperGnosisSections.Scheduler).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        services.AddOptions<SweeperOptions>().BindIfPresent(configuration, SuperGnosisSections.Sweeper).ValidateOnStart();
        // Scheduled runs archive their inputs unless SuperGnosis:Archive:Enabled says otherwise.
        services.PostConfigure<ArchiveOptions>(o => o.Enabled ??= true);
        services.AddSingleton<IValidateOptions<SweeperOptions>, SweeperOptionsValidator>();
        services.TryAddSingleton(_ => new MarketHoursSchedule(MarketCalendar.Nyse));
        services.TryAddSingleton<ScheduledRunPlanner>();
        return services;
    }

    /// <summary>
    /// Runs every start-up validation registered with <c>ValidateOnStart</c> (what <c>Host.StartAsync</c> does), for
    /// hosts without a generic host such as the CLI. Throws <see cref="OptionsValidationException"/> listing every
    /// failure by configuration key (several failing sections are reported together in one exception).
    /// </summary>
    public static IServiceProvider ValidateSuperGnosisOptions(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            var failures = ex.InnerExceptions.Cast<OptionsValidationException>().ToList();
            throw new OptionsValidationException(failures[0].OptionsName, failures[0].OptionsType, [.. failures.SelectMany(f => f.Failures)]);
        }
        return services;
    }

    private static void AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketDataOptions>().BindIfPresent(configuration, SuperGnosisSections.MarketData).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MarketDataOptions>, MarketDataOptionsValidator>();

        services.AddOptions<HedgeEngineOptions>().BindIfPresent(configuration, SuperGnosisSections.HedgeEngine).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HedgeEngineOptions>, HedgeEngineOptionsValidator>();
        // The same section again: only RiskFreeRate and DividendYield, null when absent (then the source's values apply).
        services.AddOptions<HedgeMarketInputs>().BindIfPresent(configuration, SuperGnosisSections.HedgeEngine, strict: false).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HedgeMarketInputs>, HedgeMarketInputsValidator>();

        services.AddOptions<LiquidityEngineOptions>().BindIfPresent(configuration, SuperGnosisSections.LiquidityEngine).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiquidityEngineOptions>, LiquidityEngineOptionsValidator>();
        services.AddOptions<SentimentEngineOptions>().BindIfPresent(configuration, SuperGnosisSections.SentimentEngine).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SentimentEngineOptions>, SentimentEngineOptionsValidator>();
        services.AddOptions<ElasticityEngineOptions>().BindIfPresent(configuration, SuperGnosisSections.ElasticityEngine).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ElasticityEngineOptions>, ElasticityEngineOptionsValidator>();

        services.AddOptions<HedgeAgentRules>().BindIfPresent(configuration, SuperGnosisSections.HedgeAgent).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HedgeAgentRules>, HedgeAgentRulesValidator>();
        services.AddOptions<LiquidityAgentRules>().BindIfPresent(configuration, SuperGnosisSections.LiquidityAgent).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiquidityAgentRules>, LiquidityAgentRulesValidator>();
        services.AddOptions<SentimentAgentRules>().BindIfPresent(configuration, SuperGnosisSections.SentimentAgent).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SentimentAgentRules>, SentimentAgentRulesValidator>();
        services.AddOptions<ComposerOptions>().BindIfPresent(configuration, SuperGnosisSections.Composer).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ComposerOptions>, ComposerOptionsValidator>();
        services.AddOptions<TradeAgentOptions>().BindIfPresent(configuration, SuperGnosisSections.Trade).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TradeAgentOptions>, TradeAgentOptionsValidator>();

        services.AddOptions<ArchiveOptions>().BindIfPresent(configuration, SuperGnosisSections.Archive).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ArchiveOptions>, ArchiveOptionsValidator>();

        services.AddOptions<BacktestOptions>().BindIfPresent(configuration, SuperGnosisSections.Backtest).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BacktestOptions>, BacktestOptionsValidator>();
        AddProvider<CboeOptions>(services, configuration, SuperGnosisSections.Cboe, CboeClient.Name);
        AddProvider<PolygonOptions>(services, configuration, SuperGnosisSections.Polygon, PolygonClient.Name);
        AddProvider<TradierOptions>(services, configuration, SuperGnosisSections.Tradier, TradierClient.Name);
        AddProvider<AlpacaOptions>(services, configuration, SuperGnosisSections.Alpaca, AlpacaClient.Name);
        // Credentials also from the variables the vendors' own SDKs read (when the section leaves them unset).
        services.PostConfigure<PolygonOptions>(o => o.ApiKey = Blank(o.ApiKey) ? configuration["POLYGON_API_KEY"] : o.ApiKey);
        services.PostConfigure<AlpacaOptions>(o =>
        {
            o.KeyId = Blank(o.KeyId) ? configuration["APCA_API_KEY_ID"] : o.KeyId;
            o.SecretKey = Blank(o.SecretKey) ? configuration["APCA_API_SECRET_KEY"] : o.SecretKey;
        });

        services.AddOptions<LedgerOptions>().BindIfPresent(configuration, SuperGnosisSections.Ledger).ValidateOnStart();
        services.AddOptions<ParametersOptions>().BindIfPresent(configuration, SuperGnosisSections.Parameters).ValidateOnStart()
            .Validate(o => o.Kind is not null && (string.Equals(o.Kind, ParametersOptions.NoneKind, StringComparison.OrdinalIgnoreCase)
                || string.Equals(o.Kind, ParametersOptions.FilesKind, StringComparison.OrdinalIgnoreCase)
                || string.Equals(o.Kind, ParametersOptions.CustomKind, StringComparison.OrdinalIgnoreCase)),
                $"{SuperGnosisSections.Parameters}:Kind must be 'none' or 'files' (or a store the host registers)");
        services.AddSingleton<IValidateOptions<RunStateOptions>, RunStateOptionsValidator>();
        services.AddOptions<RunStateOptions>().BindIfPresent(configuration, SuperGnosisSections.RunState).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LedgerOptions>, LedgerOptionsValidator>();
    }

    /// <summary><c>SuperGnosis:Data:&lt;Provider&gt;</c>: bound when present, validated at start (credentials only when selected).</summary>
    private static void AddProvider<T>(IServiceCollection services, IConfiguration configuration, string section, string provider)
        where T : LiveProviderOptions
    {
        services.AddOptions<T>().BindIfPresent(configuration, section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(sp => new LiveProviderOptionsValidator<T>(section, provider, sp.GetRequiredService<IOptions<MarketDataOptions>>()));
    }

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>
    /// Binds <paramref name="section"/> when the configuration has it; an absent section leaves the type's defaults without
    /// running the binder at all (its reflection over every property costs start-up time in a one-shot process). Strict
    /// binding: a key the options type does not have is a start-up error (a typo must not be ignored). Options are read
    /// once at start (<see cref="IOptions{TOptions}"/>): a section added to a reloading source later is not picked up.
    /// </summary>
    private static OptionsBuilder<T> BindIfPresent<T>(this OptionsBuilder<T> builder, IConfiguration configuration, string section, bool strict = true)
        where T : class
    {
        var values = configuration.GetSection(section);
        return values.Exists() ? builder.Bind(values, binder => binder.ErrorOnUnknownConfiguration = strict) : builder;
    }

    /// <summary>The engine annotated with the source's data-quality report (<see cref="DataQualityEngine"/>), or itself when the source reports none.</summary>
    private static IEngine WithDataQuality(IServiceProvider services, IEngine engine) =>
        services.GetRequiredService<MarketDataSources>().Quality is { } quality
            ? new DataQualityEngine(engine, quality, Value<MarketDataOptions>(services).ChainStalenessLimit)
            : engine;

    /// <summary>
    /// The capture store with the run archive's hook when <c>SuperGnosis:Archive</c> is on (<see cref="ArchivingMarketCaptureStore"/>;
    /// a local folder is created when missing), else the store itself.
    /// </summary>
    private static IMarketCaptureStore Archived(IServiceProvider services, IMarketCaptureStore store)
    {
        var options = Value<ArchiveOptions>(services);
        if (!options.IsEnabled)
        {
            return store;
        }
        var location = options.EffectiveLocation();
        if (DataLocations.SchemeOf(location) is null)
        {
            Directory.CreateDirectory(Path.GetFullPath(location));
        }
        var archive = services.GetRequiredService<DataLocations>().Open(location);
        return new ArchivingMarketCaptureStore(store, services.GetRequiredService<CaptureArchiver>(), archive,
            services.GetRequiredService<ILogger<ArchivingMarketCaptureStore>>());
    }

    private static T Value<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;

    private static RunStateKind SelectRunState(IServiceProvider services)
    {
        var kind = Value<RunStateOptions>(services).Kind;
        return services.GetServices<RunStateKind>().Last(k => string.Equals(k.Name, kind, StringComparison.OrdinalIgnoreCase));
    }

    private static LedgerSelection SelectLedger(IServiceProvider services)
    {
        var options = Value<LedgerOptions>(services);
        if (string.Equals(options.Kind, LedgerOptions.NoneKind, StringComparison.OrdinalIgnoreCase))
        {
            return new LedgerSelection(null, LedgerOptions.NoneKind, null);
        }
        var kind = services.GetServices<LedgerKind>().Last(k => string.Equals(k.Name, options.Kind, StringComparison.OrdinalIgnoreCase));
        var store = kind.Create(services);
        var location = store is JsonLinesLedgerStore file ? file.FilePath : null;
        return new LedgerSelection(store, kind.Name, location);
    }
}
