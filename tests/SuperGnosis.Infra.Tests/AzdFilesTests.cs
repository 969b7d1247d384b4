using System.Text.Json.Nodes;
using SuperGnosis.Functions;

namespace SuperGnosis.Infra.Tests;

/// <summary>azure.yaml, infra/main.parameters.json and the deploy workflow, as azd and GitHub read them.</summary>
public sealed class AzdFilesTests
{
    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_a_dotnet_function_service()
    {
        var yaml = AzdFiles.AzureYaml();
        var api = yaml.Map("services").Map("api");
        Assert.Equal("./functions/SuperGnosis.Functions", api.Scalar("project"));
        Assert.Equal(typeof(StageQueues).Assembly.GetName().Name, api.Scalar("project").Split('/')[^1]);
        Assert.Equal("dotnet", api.Scalar("language"));
        Assert.Equal("function", api.Scalar("host"));
        Assert.Equal("bicep", yaml.Map("infra").Scalar("provider"));
        Assert.Equal("infra", yaml.Map("infra").Scalar("path"));
        Assert.Equal("main", yaml.Map("infra").Scalar("module"));
        Assert.Equal("api", AzdFiles.ServiceName);
    }

    [Fact]
    public void The_parameter_file_maps_azd_variables_onto_declared_parameters_with_the_templates_defaults()
    {
        var declared = InfraTemplate.Compiled()["parameters"]!.AsObject();
        var file = AzdFiles.ParameterFile();
        Assert.Equal("${AZURE_ENV_NAME}", file["environmentName"]);
        Assert.Equal("${AZURE_LOCATION}", file["location"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", file["principalId"]);
        foreach (var (name, value) in file)
        {
            Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare");
            Assert.Matches(AzdFiles.Reference(), value);
            var match = AzdFiles.Reference().Match(value);
            if (match.Groups["default"].Success && declared[name]!["defaultValue"] is JsonValue defaultValue)
            {
                Assert.Equal(defaultValue.ToString(), match.Groups["default"].Value);
            }
        }
        foreach (var (name, declaration) in declared)
        {
            Assert.True(declaration!.AsObject().ContainsKey("defaultValue") || file.ContainsKey(name), $"required parameter '{name}' is not mapped");
        }
    }

    [Fact]
    public void What_azd_passes_from_a_fresh_environment_deploys_and_passes_every_check()
    {
        var declared = InfraTemplate.Compiled()["parameters"]!.AsObject();
        var environment = new Dictionary<string, string>
        {
            ["AZURE_ENV_NAME"] = InfraTemplate.EnvironmentName,
            ["AZURE_LOCATION"] = InfraTemplate.Location,
            ["AZURE_PRINCIPAL_ID"] = InfraTemplate.DeployerObjectId,
        };
        var parameters = AzdFiles.ParameterFile().ToDictionary(
            p => p.Key,
            p => AzdFiles.Substitute(p.Value, environment, declared[p.Key]!["type"]!.GetValue<string>()),
            StringComparer.OrdinalIgnoreCase);
        Assert.Equal("", parameters["resourceGroupName"]);
        Assert.Equal(2048L, parameters["instanceMemoryMB"]);
        var d = Arm.ArmDeployment.Deploy(InfraTemplate.Compiled(), parameters, InfraTemplate.Scope);
        var violations = InfraChecks.All(d);
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        environment["SUPERGNOSIS_WATCHLIST"] = "IWM";
        environment["AZURE_PRINCIPAL_TYPE"] = "ServicePrincipal";
        Assert.Equal("IWM", AzdFiles.Substitute(AzdFiles.ParameterFile()["watchlist"], environment, "string"));
        Assert.Equal("ServicePrincipal", AzdFiles.Substitute(AzdFiles.ParameterFile()["principalType"], environment, "string"));
    }

    [Fact]
    public void The_deploy_workflow_logs_in_with_federated_credentials_then_provisions_then_deploys()
    {
        var workflow = InfraTemplate.RepoFile(".github/workflows/azure-dev.yml");
        Assert.Contains("id-token: write", workflow, StringComparison.Ordinal);
        Assert.Contains("--federated-credential-provider \"github\"", workflow, StringComparison.Ordinal);
        foreach (var variable in new[] { "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_SUBSCRIPTION_ID", "AZURE_ENV_NAME", "AZURE_LOCATION" })
        {
            Assert.Contains($"{variable}: ${{{{ vars.{variable} }}}}", workflow, StringComparison.Ordinal);
        }
        var provision = workflow.IndexOf("azd provision --no-prompt", StringComparison.Ordinal);
        var deploy = workflow.IndexOf("azd deploy --no-prompt", StringComparison.Ordinal);
        Assert.True(provision > 0 && deploy > provision, "azd provision must run before azd deploy");
        Assert.DoesNotContain("client-secret", workflow, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secrets.", workflow, StringComparison.Ordinal);
    }
}
