using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Functions;
using SuperGnosis.Functions.Stages;
using SuperGnosis.Functions.Storage;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Telemetry;
using SuperGnosis.Infra.Tests.Arm;

namespace SuperGnosis.Infra.Tests;

/// <summary>
/// The app settings the template produces, fed to the Functions app's own composition root: every key binds (strict
/// binding: a key the options do not have is an error), every option validates, and the storage connection and the
/// Service Bus publisher come out identity-based. Key Vault references stay literal here (the platform resolves them).
/// </summary>
public sealed class AppSettingsBindingTests
{
    private static IConfiguration Configuration(IReadOnlyDictionary<string, string> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();

    private static ServiceProvider Compose(IReadOnlyDictionary<string, string> settings)
    {
        // As Program.cs composes the worker.
        var configuration = Configuration(settings);
        var services = new ServiceCollection();
        services.AddSuperGnosisFunctions(configuration);
        services.AddSuperGnosisTelemetry(configuration);
        var provider = services.BuildServiceProvider();
        provider.ValidateSuperGnosisOptions();
        return provider;
    }

    [Fact]
    public async Task The_deployed_settings_start_the_app_with_identity_based_storage_and_service_bus()
    {
        var d = InfraTemplate.Default;
        var identity = d.Single(InfraChecks.IdentityType);
        var account = d.Single(InfraChecks.StorageType).Name;
        await using var provider = Compose(d.AppSettings());

        var storage = provider.GetRequiredService<AzureStorageConnection>();
        Assert.Equal(StorageAuthentication.Identity, storage.Authentication);
        Assert.Equal(new Uri($"https://{account}.queue.core.windows.net/"), storage.QueueServiceUri);
        Assert.Equal(new Uri($"https://{account}.table.core.windows.net/"), storage.TableServiceUri);
        Assert.Equal(new Uri($"https://{account}.blob.core.windows.net/"), storage.BlobServiceUri);
        Assert.Equal($"ManagedIdentityCredential (client id {RuntimeState.ClientId(identity.Name)})", storage.CredentialDescription);

        Assert.IsType<ServiceBusTradeIdeas>(provider.GetRequiredService<ITradeIdeaPublisher>());
        Assert.Equal(["SPY", "QQQ"], provider.GetRequiredService<IOptions<SchedulerOptions>>().Value.Watchlist);
        Assert.Equal("table", provider.GetRequiredService<IOptions<LedgerOptions>>().Value.Kind);
        Assert.Equal("ledgermetrics", provider.GetRequiredService<IOptions<FunctionsOptions>>().Value.Feedback.MetricsTable);
        Assert.Equal("supergnosis-functions", provider.GetRequiredService<IOptions<SuperGnosis.Hosting.Configuration.TelemetryOptions>>().Value.ServiceName);
    }

    [Theory]
    [InlineData("SuperGnosis__Sweeper__StuckAftr", "00:10:00")]
    [InlineData("SuperGnosis__Functions__Feedback__Schedul", "0 30 21 * * 1-5")]
    [InlineData("AzureWebJobsStorage__accountKey", "abc")]
    public void A_misspelt_setting_would_stop_the_app_so_the_binding_check_can_fail(string key, string value)
    {
        var settings = new Dictionary<string, string>(InfraTemplate.Default.AppSettings(), StringComparer.OrdinalIgnoreCase) { [key] = value };
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var provider = Compose(settings);
            provider.GetRequiredService<AzureStorageConnection>();
        });
        Assert.Contains(key.Split("__")[^1], error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("polygon", "SuperGnosis:Data:Polygon")]
    [InlineData("tradier", "SuperGnosis:Data:Tradier")]
    [InlineData("alpaca", "SuperGnosis:Data:Alpaca")]
    public async Task A_live_provider_source_starts_with_its_keys_as_key_vault_references(string source, string section)
    {
        var settings = InfraTemplate.Deploy(new Dictionary<string, object?> { ["marketDataSource"] = source }).AppSettings();
        Assert.Equal(source, settings["SuperGnosis__MarketData__Source"]);
        Assert.Contains(settings, s => s.Key.StartsWith(section.Replace(":", "__", StringComparison.Ordinal), StringComparison.Ordinal)
            && s.Value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal));
        await using var provider = Compose(settings);
        // Without the references the provider's credentials would be missing and the app would not start.
        var withoutKeys = settings.Where(s => !s.Value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value);
        var error = Assert.ThrowsAny<Exception>(() => Compose(withoutKeys).Dispose());
        Assert.Contains(section, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_combination_of_providers_starts_and_the_files_source_does_not()
    {
        await using (Compose(InfraTemplate.Deploy(new Dictionary<string, object?> { ["marketDataSource"] = "cboe+polygon" }).AppSettings()))
        {
        }
        // The files source needs a data folder, which an instance does not have: the app stops at start naming the key.
        var error = Assert.ThrowsAny<Exception>(() => Compose(InfraTemplate.Deploy(new Dictionary<string, object?> { ["marketDataSource"] = "files" }).AppSettings()).Dispose());
        Assert.Contains("DataDirectory", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_the_app_rejects_fails_the_binding_check()
    {
        var settings = InfraTemplate.Deploy(new Dictionary<string, object?> { ["sweeperSchedule"] = "every five minutes" }).AppSettings();
        var error = Assert.Throws<OptionsValidationException>(() => Compose(settings).Dispose());
        Assert.Contains("SuperGnosis:Sweeper:Schedule", error.Message, StringComparison.Ordinal);
    }
}
