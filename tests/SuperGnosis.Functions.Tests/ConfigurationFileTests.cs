using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using SuperGnosis.Azure;
using SuperGnosis.Functions.Tests.Harness;
using SuperGnosis.Testing;

namespace SuperGnosis.Functions.Tests;

/// <summary>host.json, local.settings.sample.json and every storage name the app uses.</summary>
public sealed class ConfigurationFileTests
{
    private static JsonElement Load(string relative)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relative)));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Host_json_names_no_extension_bundle_and_matches_the_queue_settings_the_code_relies_on()
    {
        var host = Load("app/host.json");
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.False(host.TryGetProperty("extensionBundle", out _));
        var queues = host.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(QueueSettings.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(QueueSettings.MessageEncoding, queues.GetProperty("messageEncoding").GetString());
        Assert.True(queues.GetProperty("batchSize").GetInt32() is >= 1 and <= 32);
        Assert.True(TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > TimeSpan.Zero);
    }

    [Fact]
    public void The_settings_sample_exists_twice_identically_and_points_at_azurite()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "app/local.settings.sample.json")),
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "root/local.settings.sample.json")));
        var values = Load("app/local.settings.sample.json").GetProperty("Values");
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    [Fact]
    public void Every_timer_schedule_setting_is_in_the_sample_as_a_six_field_ncrontab()
    {
        var values = Load("app/local.settings.sample.json").GetProperty("Values");
        var schedules = typeof(StageQueues).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<TimerTriggerAttribute>())
            .OfType<TimerTriggerAttribute>()
            .Select(t => t.Schedule)
            .ToList();
        Assert.Equal(3, schedules.Count);
        foreach (var schedule in schedules)
        {
            Assert.StartsWith("%", schedule, StringComparison.Ordinal);
            Assert.EndsWith("%", schedule, StringComparison.Ordinal);
            var setting = schedule.Trim('%').Replace(":", "__", StringComparison.Ordinal);
            Assert.True(values.TryGetProperty(setting, out var cron), $"{setting} is missing from local.settings.sample.json");
            Assert.Equal(6, cron.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        }
    }

    [Fact]
    public void Every_queue_table_and_container_name_is_valid_in_azure()
    {
        foreach (var queue in StageQueues.All.Concat(AzureStorageNames.DefaultQueueNames()))
        {
            Assert.True(NameRules.IsValidQueueName(queue), $"queue '{queue}'");
        }
        Assert.Equal(AzureStorageNames.DefaultQueueNames().Order(StringComparer.Ordinal), StageQueues.All.Order(StringComparer.Ordinal));
        var options = new FunctionsOptions();
        foreach (var table in AzureStorageNames.Tables.Append(options.Feedback.MetricsTable))
        {
            Assert.True(NameRules.IsValidTableName(table), $"table '{table}'");
        }
        foreach (var container in AzureStorageNames.Containers.Append(options.PoisonContainer))
        {
            Assert.True(NameRules.IsValidContainerName(container), $"container '{container}'");
        }
        Assert.Contains(options.PoisonContainer, AzureStorageNames.Containers);
    }
}

/// <summary>The sample settings start the app (every key binds, every option validates) against Azurite.</summary>
[Collection("azurite")]
public sealed class SampleSettingsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_sample_settings_bind_and_validate()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "app/local.settings.sample.json")));
        var settings = document.RootElement.GetProperty("Values").EnumerateObject()
            .Where(p => p.Name != "AzureWebJobsStorage")
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
        await using var app = new TestApp(azurite, settings: settings);
        Assert.NotNull(app.Get<Server.Http.PipelineApi>());
        Assert.NotNull(app.Get<Server.Jobs.MarketHoursRunStarter>());
    }

    [Theory]
    [InlineData("SuperGnosis:Ledger:Kind", "jsonl")]
    [InlineData("SuperGnosis:RunState:Kind", "memory")]
    [InlineData("SuperGnosis:Functions:PoisonContainer", "Poison_Box")]
    [InlineData("SuperGnosis:Functions:Feedback:MetricsTable", "ledger-metrics")]
    [InlineData("SuperGnosis:Functions:Feedback:Schedule", "every day")]
    [InlineData("SuperGnosis:Functions:Unknown", "x")]
    [InlineData("SuperGnosis:Functions:Feedback:LookbackDays", "0")]
    [InlineData("SuperGnosis:Scheduler:Watchlist:0", "not a ticker")]
    [InlineData("SuperGnosis:Sweeper:Schedule", "often")]
    public void A_bad_setting_stops_the_app_at_start_naming_the_key(string key, string value)
    {
        var error = Assert.ThrowsAny<Exception>(() => new TestApp(azurite, settings: new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(key.Split(':')[^1], error.ToString(), StringComparison.Ordinal);
    }
}
