using System.Text.Json;
using SuperGnosis.Infra.Tests.Arm;

namespace SuperGnosis.Infra.Tests;

/// <summary>
/// What the deployment must contain, as checks that return every violation found (empty: all good). Tests assert the
/// real template gives none and that a broken copy (a role removed, shared keys on, a queue missing, ...) gives the
/// expected one, so each check is shown to be able to fail.
/// </summary>
public static class InfraChecks
{
    /// <summary>Built-in role definition ids, transcribed from Azure's built-in roles reference (the same in every subscription).</summary>
    public static IReadOnlyDictionary<string, string> BuiltInRoles { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Azure Service Bus Data Sender"] = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
        ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
        ["Key Vault Secrets Officer"] = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
    };

    public const string StorageType = "Microsoft.Storage/storageAccounts";
    public const string ServiceBusType = "Microsoft.ServiceBus/namespaces";
    public const string KeyVaultType = "Microsoft.KeyVault/vaults";
    public const string AppInsightsType = "Microsoft.Insights/components";
    public const string WorkspaceType = "Microsoft.OperationalInsights/workspaces";
    public const string IdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string SiteType = "Microsoft.Web/sites";
    public const string PlanType = "Microsoft.Web/serverfarms";
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    /// <summary>App settings Flex Consumption deprecates (functionAppConfig replaces them, or the plan has no such thing).</summary>
    public static IReadOnlyList<string> FlexDeprecatedSettings { get; } =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "FUNCTIONS_WORKER_RUNTIME_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTOVERVNET", "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
        "WEBSITE_TIME_ZONE", "TZ", "SCM_DO_BUILD_DURING_DEPLOYMENT", "ENABLE_ORYX_BUILD", "WEBSITE_NODE_DEFAULT_VERSION",
    ];

    /// <summary>Host keys with no default that the deployment deliberately does not set, each with the reason.</summary>
    public static IReadOnlyDictionary<string, string> KeysLeftUnset { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["SuperGnosis:MarketData:DataDirectory"] = "the files source reads a local folder; a Functions instance has none",
        ["SuperGnosis:Ledger:Path"] = "the jsonl ledger file; the Functions app requires the table ledger",
        ["SuperGnosis:Telemetry:OtlpEndpoint"] = "optional OTLP exporter; in Azure the host sends logs to Application Insights",
        ["SuperGnosis:Telemetry:OtlpHeaders"] = "OTLP exporter headers (a secret), only with an OTLP endpoint",
        ["SuperGnosis:TradeIdeas:ServiceBus:ConnectionString"] = "a shared-key secret: the namespace has local auth off and the app uses its identity",
    };

    /// <summary>Why a host key with no default is not set (null: it must be set).</summary>
    public static string? LeftUnset(string key) =>
        KeysLeftUnset.TryGetValue(key, out var reason) ? reason
        : key.StartsWith(AppSurface.ProvidersSection + ":", StringComparison.OrdinalIgnoreCase) && key.EndsWith(":BaseUrl", StringComparison.OrdinalIgnoreCase)
            ? "null means the provider's documented API root (tests point it at a local fake)"
            : null;

    /// <summary>Every check, in one list.</summary>
    public static IReadOnlyList<string> All(ArmDeploymentResult d, string? deployerObjectId = InfraTemplate.DeployerObjectId) =>
    [
        .. ResourceGroupAndTags(d), .. Names(), .. Storage(d), .. FunctionApp(d), .. ServiceBus(d), .. Monitoring(d), .. KeyVault(d),
        .. RoleAssignments(d, deployerObjectId), .. Settings(d), .. References(d), .. Outputs(d),
    ];

    public static IReadOnlyList<string> ResourceGroupAndTags(ArmDeploymentResult d)
    {
        var v = new Violations();
        var groups = d.OfType("Microsoft.Resources/resourceGroups").ToList();
        v.Expect(groups.Count == 1, $"{groups.Count} resource groups, expected 1");
        var environment = d.Output("AZURE_RESOURCE_GROUP") is string ? InfraTemplate.EnvironmentName : null;
        foreach (var group in groups)
        {
            v.Expect(group.Name == $"rg-{InfraTemplate.EnvironmentName}", $"resource group '{group.Name}' is not rg-<environment>");
            v.Expect(group.Tags.Text("azd-env-name") == environment, "the resource group lacks the azd-env-name tag");
        }
        // Every top-level resource carries the tag (child resources, role assignments and deployments cannot).
        foreach (var resource in d.Resources.Where(r => !r.Name.Contains('/', StringComparison.Ordinal)
            && r.Type != "Microsoft.Resources/deployments" && r.ScopeId is null))
        {
            v.Expect(resource.Tags.Text("azd-env-name") == InfraTemplate.EnvironmentName, $"{resource.Type} '{resource.Name}' lacks the azd-env-name tag");
            v.Expect(resource.ResourceGroup == groups.FirstOrDefault()?.Name, $"{resource.Type} '{resource.Name}' is outside the environment's resource group");
        }
        return v;
    }

    /// <summary>infra/app-names.json equals the names the app's code uses.</summary>
    public static IReadOnlyList<string> Names() => Names(AppSurface.RepoJson("infra/app-names.json"));

    public static IReadOnlyList<string> Names(JsonElement names)
    {
        var v = new Violations();
        v.SameSet("app-names.json queues", Strings(names, "queues"), AppSurface.Queues());
        v.SameSet("app-names.json tables", Strings(names, "tables"), AppSurface.Tables());
        v.SameSet("app-names.json containers", Strings(names, "containers"), AppSurface.Containers());
        v.Expect($"{names.GetProperty("payloadsContainer").GetString()}/{names.GetProperty("claimCheckPrefix").GetString()}" == AppSurface.ClaimCheckBlobPrefix,
            $"app-names.json claim-check prefix is not {AppSurface.ClaimCheckBlobPrefix}");
        v.Expect(names.GetProperty("poisonContainer").GetString() == new Functions.FunctionsOptions().PoisonContainer, "app-names.json poisonContainer differs from FunctionsOptions.PoisonContainer");
        v.Expect(names.GetProperty("metricsTable").GetString() == new Functions.FunctionsOptions().Feedback.MetricsTable, "app-names.json metricsTable differs from FunctionsOptions.Feedback.MetricsTable");
        v.Expect(names.GetProperty("tradeIdeasTopic").GetString() == AppSurface.TradeIdeasTopic, "app-names.json tradeIdeasTopic differs from ServiceBusTradeIdeaOptions.DefaultTopic");
        return v;
    }

    public static IReadOnlyList<string> Storage(ArmDeploymentResult d)
    {
        var v = new Violations();
        var accounts = d.OfType(StorageType).ToList();
        if (!v.Expect(accounts.Count == 1, $"{accounts.Count} storage accounts, expected 1"))
        {
            return v;
        }
        var account = accounts[0];
        var p = account.Properties;
        v.Expect(p.Value("allowSharedKeyAccess") is false, "storage: allowSharedKeyAccess must be false (identity-based access only)");
        v.Expect(p.Value("allowBlobPublicAccess") is false, "storage: allowBlobPublicAccess must be false");
        v.Expect(p.Text("minimumTlsVersion") == "TLS1_2", "storage: minimumTlsVersion must be TLS1_2");
        v.Expect(p.Value("supportsHttpsTrafficOnly") is true, "storage: supportsHttpsTrafficOnly must be true");
        v.Expect(p.Value("defaultToOAuthAuthentication") is true, "storage: defaultToOAuthAuthentication must be true");
        foreach (var service in new[] { "blobServices", "queueServices", "tableServices" })
        {
            v.Expect(d.OfType($"{StorageType}/{service}").Any(s => s.Name == $"{account.Name}/default"), $"storage: no {service}");
        }

        var queues = d.OfType($"{StorageType}/queueServices/queues").Select(q => q.ShortName).ToList();
        var tables = d.OfType($"{StorageType}/tableServices/tables").Select(t => t.ShortName).ToList();
        var containers = d.OfType($"{StorageType}/blobServices/containers").ToList();
        v.Expect(queues.Count == queues.Distinct().Count(), "storage: a queue is declared twice");
        foreach (var queue in AppSurface.Queues().Where(q => !queues.Contains(q)))
        {
            v.Add($"storage: queue '{queue}' is used by the app but not created");
        }
        foreach (var queue in queues.Where(q => !AppSurface.Queues().Contains(q)))
        {
            v.Add($"storage: queue '{queue}' is created but the app does not use it");
        }
        foreach (var table in AppSurface.Tables().Where(t => !tables.Contains(t)))
        {
            v.Add($"storage: table '{table}' is used by the app but not created");
        }
        foreach (var table in tables.Where(t => !AppSurface.Tables().Contains(t)))
        {
            v.Add($"storage: table '{table}' is created but the app does not use it");
        }
        var deploymentContainer = DeploymentContainer(d);
        foreach (var container in AppSurface.Containers().Append(deploymentContainer).Where(c => !containers.Any(r => r.ShortName == c)))
        {
            v.Add($"storage: container '{container}' is used but not created");
        }
        foreach (var container in containers.Where(c => c.ShortName != deploymentContainer && !AppSurface.Containers().Contains(c.ShortName)))
        {
            v.Add($"storage: container '{container.ShortName}' is created but the app does not use it");
        }
        foreach (var container in containers.Where(c => c.Properties.Text("publicAccess") != "None"))
        {
            v.Add($"storage: container '{container.ShortName}' must have publicAccess None");
        }

        var rules = d.OfType($"{StorageType}/managementPolicies").SelectMany(m => m.Properties.Value("policy", "rules") as List<object?> ?? []).OfType<ArmObject>().ToList();
        var claimChecks = rules.Where(r => r.Strings("definition", "filters", "prefixMatch").Contains(AppSurface.ClaimCheckBlobPrefix)).ToList();
        v.Expect(claimChecks.Count == 1, $"storage: no lifecycle rule on {AppSurface.ClaimCheckBlobPrefix}");
        foreach (var rule in rules)
        {
            // Only claim checks may expire: run payloads and ledger records in the same container must stay.
            foreach (var prefix in rule.Strings("definition", "filters", "prefixMatch").Where(x => x != AppSurface.ClaimCheckBlobPrefix))
            {
                v.Add($"storage: lifecycle rule '{rule.Text("name")}' deletes under '{prefix}', which holds data that must be kept");
            }
            v.Expect(rule.Strings("definition", "filters", "prefixMatch").Count > 0, $"storage: lifecycle rule '{rule.Text("name")}' has no prefix filter (it would delete every blob)");
            v.Expect(rule.Value("definition", "actions", "baseBlob", "delete", "daysAfterModificationGreaterThan") is long days && days >= 7,
                $"storage: lifecycle rule '{rule.Text("name")}' deletes before the 7-day queue message lifetime");
        }
        return v;
    }

    /// <summary>The deployment package container named by functionAppConfig (the part after the blob endpoint).</summary>
    public static string DeploymentContainer(ArmDeploymentResult d)
    {
        var site = d.OfType(SiteType).Single();
        var value = site.Properties.Text("functionAppConfig", "deployment", "storage", "value");
        return value[(value.LastIndexOf('/') + 1)..];
    }

    public static IReadOnlyList<string> FunctionApp(ArmDeploymentResult d)
    {
        var v = new Violations();
        var plans = d.OfType(PlanType).ToList();
        var sites = d.OfType(SiteType).ToList();
        if (!v.Expect(plans.Count == 1 && sites.Count == 1, $"{plans.Count} plans and {sites.Count} sites, expected one of each"))
        {
            return v;
        }
        var plan = plans[0];
        var site = sites[0];
        var identity = d.OfType(IdentityType).SingleOrDefault();
        var account = d.OfType(StorageType).SingleOrDefault();
        v.Expect(plan.Declaration.Value("sku") is ArmObject sku && sku.Text("name") == "FC1" && sku.Text("tier") == "FlexConsumption", "plan: sku must be FC1 / FlexConsumption");
        v.Expect(plan.Properties.Value("reserved") is true, "plan: reserved must be true (Linux)");
        v.Expect(site.Declaration.Text("kind") == "functionapp,linux", "site: kind must be functionapp,linux");
        v.Expect(site.Properties.Text("serverFarmId") == plan.Id, "site: serverFarmId is not the Flex Consumption plan");
        v.Expect(site.Tags.Text("azd-service-name") == AzdFiles.ServiceName, $"site: tag azd-service-name must be the azure.yaml service '{AzdFiles.ServiceName}'");
        v.Expect(site.Properties.Value("httpsOnly") is true, "site: httpsOnly must be true");
        v.Expect(site.Properties.Text("siteConfig", "minTlsVersion") == "1.2", "site: minTlsVersion must be 1.2");
        if (identity is not null)
        {
            v.Expect(site.Declaration.Text("identity", "type") == "UserAssigned", "site: identity must be UserAssigned only");
            v.Expect(site.Declaration.Value("identity", "userAssignedIdentities") is ArmObject ids && ids.Count == 1 && ids.ContainsKey(identity.Id), "site: the user-assigned identity is not attached");
            v.Expect(site.Properties.Text("keyVaultReferenceIdentity") == identity.Id, "site: keyVaultReferenceIdentity must be the user-assigned identity (Key Vault references)");
        }
        else
        {
            v.Add("no user-assigned identity");
        }
        var config = site.Properties.Value("functionAppConfig") as ArmObject ?? new ArmObject();
        v.Expect(config.Text("runtime", "name") == AppSurface.SampleSettings()["FUNCTIONS_WORKER_RUNTIME"], "site: runtime name must be the app's worker runtime (dotnet-isolated)");
        v.Expect(config.Text("runtime", "version") == AppSurface.TargetDotnetVersion(), $"site: runtime version must be the app's .NET {AppSurface.TargetDotnetVersion()}");
        v.Expect(config.Text("deployment", "storage", "type") == "blobContainer", "site: deployment storage must be a blob container");
        if (account is not null)
        {
            v.Expect(config.Text("deployment", "storage", "value") == $"https://{account.Name}.blob.core.windows.net/{DeploymentContainer(d)}",
                "site: deployment container is not in the app's storage account");
        }
        v.Expect(config.Text("deployment", "storage", "authentication", "type") == "UserAssignedIdentity"
            && config.Text("deployment", "storage", "authentication", "userAssignedIdentityResourceId") == identity?.Id,
            "site: the deployment package must be read with the user-assigned identity");
        v.Expect(config.Value("scaleAndConcurrency", "instanceMemoryMB") is long, "site: instanceMemoryMB is not set");
        v.Expect(config.Value("scaleAndConcurrency", "maximumInstanceCount") is long, "site: maximumInstanceCount is not set");
        foreach (var policy in new[] { "ftp", "scm" })
        {
            v.Expect(d.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").Any(r => r.ShortName == policy && r.Properties.Value("allow") is false),
                $"site: basic-auth {policy} publishing must be off");
        }
        return v;
    }

    public static IReadOnlyList<string> ServiceBus(ArmDeploymentResult d)
    {
        var v = new Violations();
        var namespaces = d.OfType(ServiceBusType).ToList();
        if (!v.Expect(namespaces.Count == 1, $"{namespaces.Count} Service Bus namespaces, expected 1"))
        {
            return v;
        }
        var ns = namespaces[0];
        v.Expect(ns.Properties.Value("disableLocalAuth") is true, "service bus: disableLocalAuth must be true");
        v.Expect(ns.Declaration.Text("sku", "name") is "Standard" or "Premium", "service bus: topics need the Standard or Premium tier");
        v.Expect(ns.Properties.Text("minimumTlsVersion") == "1.2", "service bus: minimumTlsVersion must be 1.2");
        var topic = d.OfType($"{ServiceBusType}/topics").SingleOrDefault(t => t.ShortName == AppSurface.TradeIdeasTopic);
        if (v.Expect(topic is not null, $"service bus: no '{AppSurface.TradeIdeasTopic}' topic"))
        {
            v.Expect(topic!.Properties.Value("requiresDuplicateDetection") is true, "service bus: the topic must have duplicate detection");
        }
        return v;
    }

    public static IReadOnlyList<string> Monitoring(ArmDeploymentResult d)
    {
        var v = new Violations();
        var workspace = d.OfType(WorkspaceType).SingleOrDefault();
        var insights = d.OfType(AppInsightsType).SingleOrDefault();
        if (!v.Expect(workspace is not null && insights is not null, "monitoring: Log Analytics and Application Insights are both required"))
        {
            return v;
        }
        v.Expect(workspace!.Properties.Value("features", "disableLocalAuth") is true, "monitoring: Log Analytics disableLocalAuth must be true");
        v.Expect(insights!.Properties.Value("DisableLocalAuth") is true, "monitoring: Application Insights DisableLocalAuth must be true");
        v.Expect(insights.Properties.Text("WorkspaceResourceId") == workspace.Id, "monitoring: Application Insights is not on the workspace");
        return v;
    }

    public static IReadOnlyList<string> KeyVault(ArmDeploymentResult d)
    {
        var v = new Violations();
        var vault = d.OfType(KeyVaultType).SingleOrDefault();
        if (!v.Expect(vault is not null, "no Key Vault"))
        {
            return v;
        }
        v.Expect(vault!.Properties.Value("enableRbacAuthorization") is true, "key vault: must be in RBAC mode");
        v.Expect(vault.Properties.Value("accessPolicies") is null or List<object?> { Count: 0 }, "key vault: no access policies in RBAC mode");
        v.Expect(vault.Properties.Text("tenantId") == InfraTemplate.TenantId, "key vault: tenantId must be the deployment's tenant");
        v.Expect(!d.OfType($"{KeyVaultType}/secrets").Any(), "key vault: the template must not create secrets (their values would sit in the deployment history)");
        return v;
    }

    /// <summary>The roles each principal must have, by the type of the resource they are scoped to.</summary>
    public static IReadOnlyList<(string Role, string ScopeType)> AppRoles { get; } =
    [
        ("Storage Blob Data Owner", StorageType),
        ("Storage Queue Data Contributor", StorageType),
        ("Storage Table Data Contributor", StorageType),
        ("Azure Service Bus Data Sender", ServiceBusType),
        ("Key Vault Secrets User", KeyVaultType),
        ("Monitoring Metrics Publisher", AppInsightsType),
    ];

    public static IReadOnlyList<(string Role, string ScopeType)> DeployerRoles { get; } =
    [
        ("Storage Blob Data Owner", StorageType),
        ("Storage Queue Data Contributor", StorageType),
        ("Storage Table Data Contributor", StorageType),
        ("Azure Service Bus Data Sender", ServiceBusType),
        ("Key Vault Secrets Officer", KeyVaultType),
    ];

    public static IReadOnlyList<string> RoleAssignments(ArmDeploymentResult d, string? deployerObjectId)
    {
        var v = new Violations();
        var identity = d.OfType(IdentityType).SingleOrDefault();
        if (!v.Expect(identity is not null, "no user-assigned identity"))
        {
            return v;
        }
        var assignments = d.OfType(RoleAssignmentType).ToList();
        v.Expect(assignments.Select(a => a.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count() == assignments.Count, "role assignments: two share an id");
        var byRoleId = BuiltInRoles.ToDictionary(r => $"/subscriptions/{InfraTemplate.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{r.Value}", r => r.Key, StringComparer.OrdinalIgnoreCase);

        (string Role, string ScopeType)? Describe(ArmResource a)
        {
            if (!byRoleId.TryGetValue(a.Properties.Text("roleDefinitionId"), out var role))
            {
                v.Add($"role assignment {a.Name}: unknown role definition {a.Properties.Text("roleDefinitionId")}");
                return null;
            }
            var scope = d.Resources.FirstOrDefault(r => string.Equals(r.Id, a.ScopeId, StringComparison.OrdinalIgnoreCase) && r.ScopeId is null);
            if (scope is null)
            {
                v.Add($"role assignment '{role}': its scope {a.ScopeId} is not a resource of this deployment");
                return null;
            }
            return (role, scope.Type);
        }

        void ExpectExactly(string who, string principalId, string principalType, IReadOnlyList<(string Role, string ScopeType)> expected)
        {
            var mine = assignments.Where(a => a.Properties.Text("principalId") == principalId).ToList();
            foreach (var a in mine.Where(a => a.Properties.Text("principalType") != principalType))
            {
                v.Add($"{who}: role assignment {a.Name} has principalType {a.Properties.Text("principalType")}, expected {principalType}");
            }
            var actual = mine.Select(Describe).OfType<(string, string)>().ToList();
            foreach (var missing in expected.Where(e => !actual.Contains(e)))
            {
                v.Add($"{who}: role '{missing.Role}' on the {missing.ScopeType} is missing");
            }
            foreach (var extra in actual.Where(a => !expected.Contains(a)))
            {
                v.Add($"{who}: unexpected role '{extra.Item1}' on the {extra.Item2}");
            }
            v.Expect(actual.Count == actual.Distinct().Count(), $"{who}: a role is assigned twice");
        }

        var appPrincipal = RuntimeState.PrincipalId(identity!.Name);
        ExpectExactly("app identity", appPrincipal, "ServicePrincipal", AppRoles);
        if (deployerObjectId is { Length: > 0 })
        {
            ExpectExactly("deploying user", deployerObjectId, "User", DeployerRoles);
        }
        foreach (var a in assignments.Where(a => a.Properties.Text("principalId") != appPrincipal && a.Properties.Text("principalId") != deployerObjectId))
        {
            v.Add($"role assignment {a.Name} is for an unexpected principal {a.Properties.Text("principalId")}");
        }
        return v;
    }

    public static IReadOnlyList<string> Settings(ArmDeploymentResult d)
    {
        var v = new Violations();
        var settings = d.AppSettings();
        var sample = AppSurface.SampleSettings();
        var identity = d.OfType(IdentityType).Single();
        var clientId = RuntimeState.ClientId(identity.Name);
        var account = d.OfType(StorageType).Single();
        var site = d.OfType(SiteType).Single();

        // 1. Every setting of the sample ("every setting") is set; the two the Flex plan owns map to its properties.
        foreach (var (key, value) in sample)
        {
            if (key == AppSurface.DefaultConnection)
            {
                continue; // a connection string in the sample (Azurite); identity-based in Azure, checked below
            }
            if (key == "FUNCTIONS_WORKER_RUNTIME")
            {
                v.Expect(site.Properties.Text("functionAppConfig", "runtime", "name") == value, $"FUNCTIONS_WORKER_RUNTIME={value} is not functionAppConfig.runtime.name");
                continue;
            }
            v.Expect(settings.ContainsKey(key), $"setting {key} (in local.settings.sample.json) is not set by the template");
        }

        // 2. Timer schedules: every %setting% of a timer trigger is set, six-field NCRONTAB.
        foreach (var schedule in AppSurface.TimerScheduleSettings())
        {
            if (v.Expect(settings.TryGetValue(schedule, out var cron), $"timer schedule setting {schedule} is not set"))
            {
                v.Expect(cron!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6, $"{schedule} '{cron}' is not six-field NCRONTAB");
            }
        }

        // 3. Connections: the triggers' and the pipeline's, identity-based only.
        var connections = AppSurface.QueueTriggers().Select(q => q.Connection).Append(AppSurface.DefaultConnection).Append(AppSurface.PipelineConnection(settings)).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var connection in connections)
        {
            v.Expect(!settings.ContainsKey(connection), $"connection {connection} is set as a connection string; only identity-based settings are allowed");
            v.Expect(settings.GetValueOrDefault($"{connection}__credential") == "managedidentity", $"{connection}__credential must be managedidentity");
            v.Expect(settings.GetValueOrDefault($"{connection}__clientId") == clientId, $"{connection}__clientId must be the user-assigned identity's client id");
            foreach (var service in new[] { "blob", "queue", "table" })
            {
                v.Expect(settings.GetValueOrDefault($"{connection}__{service}ServiceUri") == $"https://{account.Name}.{service}.core.windows.net/",
                    $"{connection}__{service}ServiceUri must be the storage account's {service} endpoint");
            }
        }

        // 4. Application Insights with Entra ID (local auth is off).
        var insights = d.OfType(AppInsightsType).Single();
        v.Expect(settings.GetValueOrDefault("APPLICATIONINSIGHTS_CONNECTION_STRING") == RuntimeState.ConnectionString(insights.Name, InfraTemplate.Location),
            "APPLICATIONINSIGHTS_CONNECTION_STRING must be the component's connection string");
        v.Expect(settings.GetValueOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING") == $"ClientId={clientId};Authorization=AAD",
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING must name the identity's client id with Authorization=AAD");

        // 5. Service Bus publishing on, with the identity.
        var ns = d.OfType(ServiceBusType).Single();
        v.Expect(settings.GetValueOrDefault("SuperGnosis__TradeIdeas__ServiceBus__FullyQualifiedNamespace") == $"{ns.Name}.servicebus.windows.net", "the trade-ideas namespace setting is not the namespace's host name");
        v.Expect(settings.GetValueOrDefault("SuperGnosis__TradeIdeas__ServiceBus__ClientId") == clientId, "the trade-ideas client id is not the identity's");
        v.Expect(d.OfType($"{ServiceBusType}/topics").Any(t => t.ShortName == settings.GetValueOrDefault("SuperGnosis__TradeIdeas__ServiceBus__TopicName")), "the trade-ideas topic setting names no deployed topic");

        // 6. Names in settings exist.
        v.Expect(d.OfType($"{StorageType}/blobServices/containers").Any(c => c.ShortName == settings.GetValueOrDefault("SuperGnosis__Functions__PoisonContainer")), "the poison container setting names no deployed container");
        v.Expect(d.OfType($"{StorageType}/tableServices/tables").Any(t => t.ShortName == settings.GetValueOrDefault("SuperGnosis__Functions__Feedback__MetricsTable")), "the metrics table setting names no deployed table");

        // 7. Every host key with no default is set or knowingly left unset; the unset ones are really absent.
        foreach (var (key, hasDefault) in AppSurface.HostKeys().Where(k => !k.HasDefault))
        {
            var name = AppSurface.EnvironmentName(key);
            if (LeftUnset(key) is { } reason)
            {
                v.Expect(!settings.ContainsKey(name), $"{name} must not be set: {reason}");
            }
            else
            {
                v.Expect(settings.ContainsKey(name), $"{name} has no default in the app and is not set by the template");
            }
        }

        // 8. The template sets only what the app (or its host) reads.
        var readable = new HashSet<string>(sample.Keys, StringComparer.OrdinalIgnoreCase);
        readable.UnionWith(AppSurface.HostKeys().Select(k => AppSurface.EnvironmentName(k.Key)));
        readable.UnionWith(ApiKeySettings().Keys);
        readable.UnionWith(["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        foreach (var connection in connections)
        {
            readable.UnionWith(new[] { "credential", "clientId", "blobServiceUri", "queueServiceUri", "tableServiceUri" }.Select(s => $"{connection}__{s}"));
        }
        var watchlistPrefix = AppSurface.EnvironmentName("SuperGnosis:Scheduler:Watchlist:");
        foreach (var key in settings.Keys.Where(k => !readable.Contains(k) && !k.StartsWith(watchlistPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            v.Add($"setting {key} is set by the template but the app does not read it");
        }
        var watchlist = settings.Keys.Where(k => k.StartsWith(watchlistPrefix, StringComparison.OrdinalIgnoreCase)).Select(k => k[watchlistPrefix.Length..]).ToList();
        v.Expect(watchlist.Order().SequenceEqual(Enumerable.Range(0, watchlist.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order()),
            "watchlist settings must be numbered 0..n-1");

        // 9. No secret in clear: no keys or SAS, secrets only as Key Vault references to this vault.
        var vault = d.OfType(KeyVaultType).Single();
        foreach (var (key, value) in settings)
        {
            foreach (var marker in new[] { "AccountKey=", "SharedAccessKey=", "SharedAccessSignature=", "sig=", "Password=" })
            {
                v.Expect(!value.Contains(marker, StringComparison.OrdinalIgnoreCase), $"setting {key} carries a credential ({marker})");
            }
            var configurationKey = key.Replace("__", ":", StringComparison.Ordinal);
            if (AppSurface.IsCredentialKey(configurationKey)
                || configurationKey.EndsWith("ConnectionString", StringComparison.OrdinalIgnoreCase) && key != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            {
                v.Expect(value.StartsWith($"@Microsoft.KeyVault(VaultName={vault.Name};SecretName=", StringComparison.Ordinal), $"secret setting {key} must be a Key Vault reference to {vault.Name}");
            }
        }
        foreach (var (setting, secret) in ApiKeySettings())
        {
            v.Expect(settings.GetValueOrDefault(setting) == $"@Microsoft.KeyVault(VaultName={vault.Name};SecretName={secret})", $"API key setting {setting} must reference secret {secret} in {vault.Name}");
        }

        // 10. Nothing the Flex Consumption plan deprecates.
        foreach (var deprecated in FlexDeprecatedSettings.Where(settings.ContainsKey))
        {
            v.Add($"setting {deprecated} is deprecated on Flex Consumption");
        }
        return v;
    }

    /// <summary>infra/api-key-secrets.json: app setting → Key Vault secret name.</summary>
    public static IReadOnlyDictionary<string, string> ApiKeySettings() =>
        AppSurface.RepoJson("infra/api-key-secrets.json").GetProperty("secrets").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every resource read with reference() (or an existing-resource declaration) is deployed by the template.</summary>
    public static IReadOnlyList<string> References(ArmDeploymentResult d)
    {
        var v = new Violations();
        var ids = new HashSet<string>(d.Resources.Select(r => r.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var id in d.ReferencedResourceIds.Where(id => !ids.Contains(id)))
        {
            v.Add($"reference to {id}, which the deployment does not create");
        }
        return v;
    }

    public static IReadOnlyList<string> Outputs(ArmDeploymentResult d)
    {
        var v = new Violations();
        var site = d.OfType(SiteType).Single();
        v.Expect(d.Output("SERVICE_API_NAME") as string == site.Name, "output SERVICE_API_NAME is not the function app");
        v.Expect(d.Output("SERVICE_API_ENDPOINT") as string == $"https://{site.Name}.azurewebsites.net", "output SERVICE_API_ENDPOINT is not the app's https endpoint");
        v.Expect(d.Output("AZURE_STORAGE_ACCOUNT_NAME") as string == d.OfType(StorageType).Single().Name, "output AZURE_STORAGE_ACCOUNT_NAME");
        v.Expect(d.Output("AZURE_SERVICEBUS_NAMESPACE") as string == $"{d.OfType(ServiceBusType).Single().Name}.servicebus.windows.net", "output AZURE_SERVICEBUS_NAMESPACE");
        v.Expect(d.Output("AZURE_KEY_VAULT_NAME") as string == d.OfType(KeyVaultType).Single().Name, "output AZURE_KEY_VAULT_NAME");
        v.Expect(d.Output("AZURE_RESOURCE_GROUP") as string == $"rg-{InfraTemplate.EnvironmentName}", "output AZURE_RESOURCE_GROUP");
        return v;
    }

    private static IReadOnlyList<string> Strings(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];

    private sealed class Violations : List<string>
    {
        public bool Expect(bool condition, string message)
        {
            if (!condition)
            {
                Add(message);
            }
            return condition;
        }

        public void SameSet(string what, IReadOnlyList<string> actual, IReadOnlySet<string> expected)
        {
            Expect(actual.Count == actual.Distinct().Count(), $"{what}: a name appears twice");
            foreach (var name in expected.Where(e => !actual.Contains(e)))
            {
                Add($"{what}: '{name}' is used by the app but missing");
            }
            foreach (var name in actual.Where(a => !expected.Contains(a)))
            {
                Add($"{what}: '{name}' is not used by the app");
            }
        }
    }
}
