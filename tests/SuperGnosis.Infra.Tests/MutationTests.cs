using System.Text.Json;
using System.Text.Json.Nodes;

namespace SuperGnosis.Infra.Tests;

/// <summary>
/// Each check fails on a template broken the way the issue names (a removed role, shared keys back on, a queue the app
/// uses but the template does not create, ...): a copy of the compiled template is changed and the check must report it.
/// </summary>
public sealed class MutationTests
{
    private static JsonObject Module(JsonObject template, string name) =>
        template["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == name)!["properties"]!["template"]!.AsObject();

    private static JsonObject Resource(JsonObject module, string type) =>
        module["resources"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == type)!.AsObject();

    /// <summary>The content of app-names.json as Bicep inlined it (loadJsonContent becomes a variable holding the object).</summary>
    private static JsonObject Names(JsonObject template) =>
        template["variables"]!.AsObject().Select(v => v.Value).OfType<JsonObject>().Single(v => v.ContainsKey("queues"));

    public static TheoryData<string> Mutations => new(Cases.Keys);

    private static readonly Dictionary<string, (Action<JsonObject> Break, Func<SuperGnosis.Infra.Tests.Arm.ArmDeploymentResult, IReadOnlyList<string>> Check, string Expected)> Cases = new()
    {
        ["shared key access on"] = (
            t => Resource(Module(t, "storage"), "Microsoft.Storage/storageAccounts")["properties"]!["allowSharedKeyAccess"] = true,
            InfraChecks.Storage, "allowSharedKeyAccess must be false"),
        ["blob public access on"] = (
            t => Resource(Module(t, "storage"), "Microsoft.Storage/storageAccounts")["properties"]!["allowBlobPublicAccess"] = true,
            InfraChecks.Storage, "allowBlobPublicAccess must be false"),
        ["TLS 1.0 allowed"] = (
            t => Resource(Module(t, "storage"), "Microsoft.Storage/storageAccounts")["properties"]!["minimumTlsVersion"] = "TLS1_0",
            InfraChecks.Storage, "minimumTlsVersion must be TLS1_2"),
        ["a poison queue not created"] = (
            t => Names(t)["queues"]!.AsArray().Remove(Names(t)["queues"]!.AsArray().Single(q => q!.GetValue<string>() == "sg-trade-poison")),
            InfraChecks.Storage, "queue 'sg-trade-poison' is used by the app but not created"),
        ["the metrics table not created"] = (
            t => Names(t)["tables"]!.AsArray().Remove(Names(t)["tables"]!.AsArray().Single(q => q!.GetValue<string>() == "ledgermetrics")),
            InfraChecks.Storage, "table 'ledgermetrics' is used by the app but not created"),
        ["lifecycle rule on the whole payload container"] = (
            t => Names(t)["claimCheckPrefix"] = "",
            InfraChecks.Storage, "holds data that must be kept"),
        ["a queue role removed"] = (
            t => Module(t, "app-roles")["variables"]!["storageRoles"]!.AsArray().RemoveAt(1),
            d => InfraChecks.RoleAssignments(d, InfraTemplate.DeployerObjectId), "app identity: role 'Storage Queue Data Contributor' on the Microsoft.Storage/storageAccounts is missing"),
        ["metrics publisher off"] = (
            t => t["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "app-roles")!["properties"]!["parameters"]!["monitoringMetricsPublisher"]!["value"] = false,
            d => InfraChecks.RoleAssignments(d, InfraTemplate.DeployerObjectId), "app identity: role 'Monitoring Metrics Publisher'"),
        ["wrong role id"] = (
            t => Module(t, "app-roles")["variables"]!["roleIds"]!["Key Vault Secrets User"] = "00000000-0000-0000-0000-000000000001",
            d => InfraChecks.RoleAssignments(d, InfraTemplate.DeployerObjectId), "unknown role definition"),
        ["service bus keys on"] = (
            t => Resource(Module(t, "service-bus"), "Microsoft.ServiceBus/namespaces")["properties"]!["disableLocalAuth"] = false,
            InfraChecks.ServiceBus, "disableLocalAuth must be true"),
        ["no duplicate detection"] = (
            t => Resource(Module(t, "service-bus"), "Microsoft.ServiceBus/namespaces/topics")["properties"]!["requiresDuplicateDetection"] = false,
            InfraChecks.ServiceBus, "duplicate detection"),
        ["application insights keys on"] = (
            t => Resource(Module(t, "monitoring"), "Microsoft.Insights/components")["properties"]!["DisableLocalAuth"] = false,
            InfraChecks.Monitoring, "Application Insights DisableLocalAuth must be true"),
        ["key vault with access policies"] = (
            t => Resource(Module(t, "key-vault"), "Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"] = false,
            InfraChecks.KeyVault, "RBAC mode"),
        ["runtime .NET 8"] = (
            t => Resource(Module(t, "function-app"), "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!["version"] = "8.0",
            InfraChecks.FunctionApp, "runtime version must be the app's .NET 10.0"),
        ["consumption plan instead of flex"] = (
            t => Resource(Module(t, "function-app"), "Microsoft.Web/serverfarms")["sku"] = new JsonObject { ["name"] = "Y1", ["tier"] = "Dynamic" },
            InfraChecks.FunctionApp, "sku must be FC1"),
        ["a timer schedule not set"] = (
            t => Module(t, "function-app")["variables"]!["baseSettings"]!.AsObject().Remove("SuperGnosis__Sweeper__Schedule"),
            InfraChecks.Settings, "timer schedule setting SuperGnosis__Sweeper__Schedule is not set"),
        ["a sample setting not set"] = (
            t => Module(t, "function-app")["variables"]!["baseSettings"]!.AsObject().Remove("SuperGnosis__Ledger__Kind"),
            InfraChecks.Settings, "setting SuperGnosis__Ledger__Kind (in local.settings.sample.json) is not set"),
        ["a connection string for storage"] = (
            t => Module(t, "function-app")["variables"]!["baseSettings"]!["AzureWebJobsStorage"] = "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=eHh4",
            InfraChecks.Settings, "AccountKey="),
        ["system identity for storage"] = (
            t => Module(t, "function-app")["variables"]!["baseSettings"]!.AsObject().Remove("[format('{0}__clientId', variables('storageConnection'))]"),
            InfraChecks.Settings, "AzureWebJobsStorage__clientId must be the user-assigned identity's client id"),
        ["a setting the app does not read"] = (
            t => Module(t, "function-app")["variables"]!["baseSettings"]!["SuperGnosis__Scheduler__Intervalminutez"] = "15",
            InfraChecks.Settings, "the app does not read it"),
        ["a deprecated flex setting"] = (
            t => Module(t, "function-app")["variables"]!["baseSettings"]!["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            InfraChecks.Settings, "deprecated on Flex Consumption"),
        ["a secret in clear"] = (
            t => Module(t, "function-app")["variables"]!["baseSettings"]!["SuperGnosis__TradeIdeas__ServiceBus__ConnectionString"] = "Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=abc",
            InfraChecks.Settings, "must be a Key Vault reference"),
        ["an untagged resource"] = (
            t => Resource(Module(t, "key-vault"), "Microsoft.KeyVault/vaults").Remove("tags"),
            InfraChecks.ResourceGroupAndTags, "lacks the azd-env-name tag"),
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_broken_template_fails_its_check(string mutation)
    {
        var (breakIt, check, expected) = Cases[mutation];
        Assert.Empty(check(InfraTemplate.Default));
        var template = InfraTemplate.Compiled();
        breakIt(template);
        var violations = check(InfraTemplate.Deploy(template: template));
        Assert.True(violations.Any(v => v.Contains(expected, StringComparison.Ordinal)),
            $"expected a violation containing '{expected}', got:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public void A_names_file_missing_a_queue_the_code_uses_fails()
    {
        var names = JsonNode.Parse(InfraTemplate.RepoFile("infra/app-names.json"))!;
        names["queues"]!.AsArray().RemoveAt(0);
        names["tables"]!.AsArray().Add("extra");
        using var document = JsonDocument.Parse(names.ToJsonString());
        var violations = InfraChecks.Names(document.RootElement);
        Assert.Contains("app-names.json queues: 'sg-engine-hedge' is used by the app but missing", violations);
        Assert.Contains("app-names.json tables: 'extra' is not used by the app", violations);
    }
}
