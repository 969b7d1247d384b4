using SuperGnosis.Functions;
using SuperGnosis.Infra.Tests.Arm;

namespace SuperGnosis.Infra.Tests;

/// <summary>The compiled template, deployed on paper with the parameters azd passes, against everything issue 17 lists.</summary>
public sealed class InfraTemplateTests
{
    private static ArmDeploymentResult D => InfraTemplate.Default;

    private static void NoViolations(IReadOnlyList<string> violations) =>
        Assert.True(violations.Count == 0, "violations:\n" + string.Join("\n", violations));

    [Fact]
    public void The_template_was_compiled_by_the_pinned_bicep_cli() =>
        Assert.StartsWith("0.49.2.", InfraTemplate.Compiled()["metadata"]!["_generator"]!["version"]!.GetValue<string>(), StringComparison.Ordinal);

    [Fact]
    public void Resource_group_is_named_and_tagged_from_the_azd_environment() => NoViolations(InfraChecks.ResourceGroupAndTags(D));

    [Fact]
    public void The_names_file_equals_the_names_the_app_code_uses() => NoViolations(InfraChecks.Names());

    [Fact]
    public void Storage_is_keyless_private_tls12_and_creates_every_queue_table_and_container_the_app_uses()
    {
        NoViolations(InfraChecks.Storage(D));
        // The figures of docs/azure-storage.md: 12 stage queues each with its poison queue, 3 tables, 4 app containers (payloads,
        // captures, artifacts, the run archive) + the package.
        Assert.Equal(24, D.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Count());
        Assert.Equal(["ledger", "ledgermetrics", "runs"], D.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => t.ShortName).Order());
        Assert.Equal(5, D.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Count());
        var rule = Assert.Single(D.OfType("Microsoft.Storage/storageAccounts/managementPolicies"));
        Assert.Equal(14L, Assert.IsType<ArmObject>(Assert.Single(Assert.IsType<List<object?>>(rule.Properties.Value("policy", "rules"))))
            .Value("definition", "actions", "baseBlob", "delete", "daysAfterModificationGreaterThan"));
    }

    [Fact]
    public void Function_app_runs_on_flex_consumption_with_dotnet_isolated_10_and_its_identity()
    {
        NoViolations(InfraChecks.FunctionApp(D));
        var site = D.Single(InfraChecks.SiteType);
        Assert.Equal("dotnet-isolated", site.Properties.Text("functionAppConfig", "runtime", "name"));
        Assert.Equal("10.0", site.Properties.Text("functionAppConfig", "runtime", "version"));
        Assert.Equal(2048L, site.Properties.Value("functionAppConfig", "scaleAndConcurrency", "instanceMemoryMB"));
        Assert.Equal(40L, site.Properties.Value("functionAppConfig", "scaleAndConcurrency", "maximumInstanceCount"));
        Assert.Equal("api", site.Tags.Text("azd-service-name"));
    }

    [Fact]
    public void Instance_memory_and_maximum_instance_count_are_parameters()
    {
        var d = InfraTemplate.Deploy(new Dictionary<string, object?> { ["instanceMemoryMB"] = 4096L, ["maximumInstanceCount"] = 5L });
        var site = d.Single(InfraChecks.SiteType);
        Assert.Equal(4096L, site.Properties.Value("functionAppConfig", "scaleAndConcurrency", "instanceMemoryMB"));
        Assert.Equal(5L, site.Properties.Value("functionAppConfig", "scaleAndConcurrency", "maximumInstanceCount"));
        var error = Assert.Throws<ArgumentException>(() => InfraTemplate.Deploy(new Dictionary<string, object?> { ["instanceMemoryMB"] = 1024L }));
        Assert.Contains("instanceMemoryMB", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => InfraTemplate.Deploy(new Dictionary<string, object?> { ["maximumInstanceCount"] = 0L }));
        Assert.Throws<ArgumentException>(() => InfraTemplate.Deploy(new Dictionary<string, object?> { ["claimCheckRetentionDays"] = 3L }));
    }

    [Fact]
    public void Service_bus_has_local_auth_off_and_the_trade_ideas_topic_with_duplicate_detection() => NoViolations(InfraChecks.ServiceBus(D));

    [Fact]
    public void Log_analytics_and_application_insights_have_local_auth_off() => NoViolations(InfraChecks.Monitoring(D));

    [Fact]
    public void Key_vault_is_in_rbac_mode_and_holds_no_secret_from_the_template() => NoViolations(InfraChecks.KeyVault(D));

    [Fact]
    public void The_identity_and_the_deploying_user_get_exactly_their_roles_each_on_its_resource()
    {
        NoViolations(InfraChecks.RoleAssignments(D, InfraTemplate.DeployerObjectId));
        Assert.Equal(InfraChecks.AppRoles.Count + InfraChecks.DeployerRoles.Count, D.OfType(InfraChecks.RoleAssignmentType).Count());
    }

    [Fact]
    public void Without_a_deploying_user_only_the_identity_gets_roles()
    {
        var d = InfraTemplate.Deploy(new Dictionary<string, object?> { ["principalId"] = "" });
        NoViolations(InfraChecks.RoleAssignments(d, deployerObjectId: null));
        Assert.Equal(InfraChecks.AppRoles.Count, d.OfType(InfraChecks.RoleAssignmentType).Count());
        Assert.All(d.OfType(InfraChecks.RoleAssignmentType), a => Assert.Equal("ServicePrincipal", a.Properties.Text("principalType")));
    }

    [Fact]
    public void The_app_is_deployed_after_its_roles_exist()
    {
        // Role assignments take effect before the app starts polling queues and resolving Key Vault references.
        var module = InfraTemplate.Compiled()["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "function-app")!;
        var dependsOn = module["dependsOn"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        Assert.Contains(dependsOn, x => x.Contains("'app-roles'", StringComparison.Ordinal));
    }

    [Fact]
    public void App_settings_cover_everything_the_app_reads_identity_based_with_no_secret_in_clear() => NoViolations(InfraChecks.Settings(D));

    [Fact]
    public void App_settings_have_the_documented_values()
    {
        var settings = D.AppSettings();
        Assert.Equal("table", settings["SuperGnosis__Ledger__Kind"]);
        Assert.Equal("table", settings["SuperGnosis__RunState__Kind"]);
        Assert.Equal("synthetic", settings["SuperGnosis__MarketData__Source"]);
        Assert.Equal("0 */15 * * * 1-5", settings["SuperGnosis__Scheduler__Schedule"]);
        Assert.Equal("0 */5 * * * *", settings["SuperGnosis__Sweeper__Schedule"]);
        Assert.Equal("0 30 21 * * 1-5", settings["SuperGnosis__Functions__Feedback__Schedule"]);
        Assert.Equal("SPY", settings["SuperGnosis__Scheduler__Watchlist__0"]);
        Assert.Equal("QQQ", settings["SuperGnosis__Scheduler__Watchlist__1"]);
        Assert.False(settings.ContainsKey("SuperGnosis__Scheduler__Watchlist__2"));
        Assert.Equal("AzureWebJobsStorage", settings["SuperGnosis__Functions__StorageConnection"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("trade-ideas", settings["SuperGnosis__TradeIdeas__ServiceBus__TopicName"]);
    }

    [Fact]
    public void The_template_schedules_default_to_the_apps_own_defaults()
    {
        var settings = D.AppSettings();
        Assert.Equal(new SuperGnosis.Hosting.Configuration.SchedulerOptions().Schedule, settings["SuperGnosis__Scheduler__Schedule"]);
        Assert.Equal(new SuperGnosis.Hosting.Configuration.SweeperOptions().Schedule, settings["SuperGnosis__Sweeper__Schedule"]);
        Assert.Equal(new FunctionsOptions().Feedback.Schedule, settings["SuperGnosis__Functions__Feedback__Schedule"]);
    }

    [Theory]
    [InlineData(" spy, qqq ,,IWM ", new[] { "SPY", "QQQ", "IWM" })]
    [InlineData("BRK.B", new[] { "BRK.B" })]
    [InlineData("", new string[0])]
    public void The_watchlist_parameter_becomes_numbered_settings(string watchlist, string[] expected)
    {
        var settings = InfraTemplate.Deploy(new Dictionary<string, object?> { ["watchlist"] = watchlist }).AppSettings();
        var actual = settings.Where(s => s.Key.StartsWith("SuperGnosis__Scheduler__Watchlist__", StringComparison.Ordinal))
            .OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Schedules_and_source_are_parameters()
    {
        var settings = InfraTemplate.Deploy(new Dictionary<string, object?>
        {
            ["schedulerSchedule"] = "0 */5 13-21 * * 1-5",
            ["sweeperSchedule"] = "0 */10 * * * *",
            ["feedbackSchedule"] = "0 0 22 * * 1-5",
        }).AppSettings();
        Assert.Equal("0 */5 13-21 * * 1-5", settings["SuperGnosis__Scheduler__Schedule"]);
        Assert.Equal("0 */10 * * * *", settings["SuperGnosis__Sweeper__Schedule"]);
        Assert.Equal("0 0 22 * * 1-5", settings["SuperGnosis__Functions__Feedback__Schedule"]);
        Assert.Throws<ArgumentException>(() => InfraTemplate.Deploy(new Dictionary<string, object?> { ["marketDataSource"] = "" }));
    }

    [Fact]
    public void Every_resource_the_template_reads_is_one_it_deploys() => NoViolations(InfraChecks.References(D));

    [Fact]
    public void Outputs_name_the_app_its_endpoint_and_the_resources_it_reads() => NoViolations(InfraChecks.Outputs(D));

    [Fact]
    public void Resource_names_are_valid_in_azure_stable_per_environment_and_distinct_across_environments()
    {
        var again = InfraTemplate.Deploy();
        var other = InfraTemplate.Deploy(new Dictionary<string, object?> { ["environmentName"] = "sg-other" });
        foreach (var type in new[] { InfraChecks.StorageType, InfraChecks.KeyVaultType, InfraChecks.ServiceBusType, InfraChecks.SiteType, InfraChecks.IdentityType })
        {
            Assert.Equal(D.Single(type).Name, again.Single(type).Name);
            Assert.NotEqual(D.Single(type).Name, other.Single(type).Name);
        }
        var storage = D.Single(InfraChecks.StorageType).Name;
        Assert.Matches("^[a-z0-9]{3,24}$", storage);
        Assert.Matches("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", D.Single(InfraChecks.KeyVaultType).Name);
        Assert.Matches("^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$", D.Single(InfraChecks.ServiceBusType).Name);
        Assert.Matches("^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$", D.Single(InfraChecks.SiteType).Name);
        var container = InfraChecks.DeploymentContainer(D);
        Assert.True(SuperGnosis.Azure.AzureStorageNames.IsValidContainerName(container), container);
    }

    [Fact]
    public void The_app_surface_enumeration_finds_every_trigger()
    {
        // 12 stage queues + 12 poison queues, 3 timers (docs/functions.md): the enumeration the checks rely on sees them all.
        Assert.Equal(24, AppSurface.QueueTriggers().Count);
        Assert.Equal(StageQueues.All.Order(StringComparer.Ordinal), AppSurface.QueueTriggers().Select(q => q.Queue).Order(StringComparer.Ordinal));
        Assert.Equal(3, AppSurface.TimerScheduleSettings().Count);
        Assert.Contains("SuperGnosis__Functions__Feedback__Schedule", AppSurface.TimerScheduleSettings());
    }

    [Fact]
    public void Every_options_section_of_the_composition_root_is_classified()
    {
        var classified = AppSurface.HostSections.Select(s => s.Section).Concat(AppSurface.TuningSections).Concat(AppSurface.SectionsTheAppDoesNotRead)
            .Append(AppSurface.ProvidersSection).ToHashSet(StringComparer.Ordinal);
        foreach (var section in AppSurface.DeclaredSections())
        {
            Assert.True(classified.Contains(section), $"{section} is neither a host section (whose keys the template must set), a tuning section nor a section the app does not read");
        }
    }

    [Fact]
    public void Host_keys_without_a_default_are_found()
    {
        var missing = AppSurface.HostKeys().Where(k => !k.HasDefault).Select(k => k.Key).ToList();
        Assert.Contains("SuperGnosis:Scheduler:Watchlist:0", missing);
        Assert.Contains("SuperGnosis:TradeIdeas:ServiceBus:FullyQualifiedNamespace", missing);
        Assert.Contains("SuperGnosis:TradeIdeas:ServiceBus:ConnectionString", missing);
        Assert.DoesNotContain("SuperGnosis:Sweeper:Schedule", missing);
        Assert.All(InfraChecks.KeysLeftUnset.Keys, k => Assert.Contains(k, missing));
    }

    [Fact]
    public void Every_provider_credential_the_app_reads_is_a_key_vault_reference_and_the_file_lists_no_other()
    {
        // The credential keys come from the providers' options types (reflection); infra/api-key-secrets.json must list
        // exactly those, each with its own secret name.
        var files = InfraChecks.ApiKeySettings();
        Assert.Equal(AppSurface.CredentialKeys().Select(AppSurface.EnvironmentName).Order(StringComparer.OrdinalIgnoreCase),
            files.Keys.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(files.Count, files.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(files.Values, secret => Assert.Matches("^[0-9a-zA-Z-]{1,127}$", secret));
    }
}
