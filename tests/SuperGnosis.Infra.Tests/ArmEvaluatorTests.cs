using System.Text.Json.Nodes;
using SuperGnosis.Infra.Tests.Arm;

namespace SuperGnosis.Infra.Tests;

/// <summary>The offline ARM evaluator on hand-written templates with known results.</summary>
public sealed class ArmEvaluatorTests
{
    private static readonly ArmScope Scope = new("t", "sub", null, "westeurope", "d");

    private static ArmDeploymentResult Deploy(string templateJson, Dictionary<string, object?>? parameters = null) =>
        ArmDeployment.Deploy(JsonNode.Parse(templateJson)!.AsObject(), parameters ?? [], Scope);

    private static object? Output(string expression, string variables = "{}")
    {
        var template = "{\"variables\": " + variables + ", \"outputs\": {\"o\": {\"type\": \"object\", \"value\": " + System.Text.Json.JsonSerializer.Serialize(expression) + "}}}";
        return Deploy(template).Output("o");
    }

    [Theory]
    [InlineData("[format('{0}-{1}', 'a', 7)]", "a-7")]
    [InlineData("[concat('a', 'b', 'c')]", "abc")]
    [InlineData("[toUpper(trim('  spy '))]", "SPY")]
    [InlineData("[if(empty(''), 'yes', 'no')]", "yes")]
    [InlineData("[replace('a-b-c', '-', '')]", "abc")]
    [InlineData("[take('abcdef', 3)]", "abc")]
    [InlineData("[[literal]", "[literal]")]
    [InlineData("['it''s']", "it's")]
    [InlineData("[string(length(createArray(1, 2, 3)))]", "3")]
    public void String_functions(string expression, string expected) => Assert.Equal(expected, Output(expression));

    [Fact]
    public void Union_merges_nested_objects_and_later_values_win()
    {
        var result = Assert.IsType<ArmObject>(Output("[union(variables('a'), variables('b'))]", """{"a": {"x": 1, "n": {"p": 1, "q": 1}}, "b": {"y": 2, "n": {"q": 2}}}"""));
        Assert.Equal(1L, result["x"]);
        Assert.Equal(2L, result["y"]);
        Assert.Equal(1L, result.Value("n", "p"));
        Assert.Equal(2L, result.Value("n", "q"));
    }

    [Fact]
    public void Lambdas_map_filter_and_build_objects()
    {
        var result = Assert.IsType<ArmObject>(Output(
            "[toObject(range(0, length(variables('s'))), lambda('i', format('k{0}', lambdaVariables('i'))), lambda('i', variables('s')[lambdaVariables('i')]))]",
            """{"s": "[filter(map(split('a, ,b', ','), lambda('x', trim(lambdaVariables('x')))), lambda('x', not(empty(lambdaVariables('x')))))]"}"""));
        Assert.Equal(["k0", "k1"], result.Keys);
        Assert.Equal("a", result["k0"]);
        Assert.Equal("b", result["k1"]);
    }

    [Fact]
    public void Items_are_sorted_by_key()
    {
        var items = Assert.IsType<List<object?>>(Output("[items(variables('o'))]", """{"o": {"b": 2, "a": 1}}"""));
        Assert.Equal("a", Assert.IsType<ArmObject>(items[0])["key"]);
    }

    [Fact]
    public void Resource_ids_follow_arm_rules()
    {
        Assert.Equal("/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/r1", Output("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]"));
        Assert.Equal("/subscriptions/sub/providers/A.B/t1/n1/t2/n2", Output("[resourceId('A.B/t1/t2', 'n1', 'n2')]"));
        Assert.Equal("/subscriptions/s2/resourceGroups/g/providers/A.B/t/n", Output("[resourceId('s2', 'g', 'A.B/t', 'n')]"));
        Assert.Equal("/x/providers/A.B/t/n", Output("[extensionResourceId('/x', 'A.B/t', 'n')]"));
        Assert.Throws<ArgumentException>(() => Output("[resourceId('A.B/t1/t2', 'n1')]"));
    }

    [Fact]
    public void Unique_string_and_guid_are_deterministic_and_shaped_like_arms()
    {
        var a = ArmEvaluator.UniqueString(["x", "y"]);
        Assert.Matches("^[a-z2-7]{13}$", a);
        Assert.Equal(a, ArmEvaluator.UniqueString(["x", "y"]));
        Assert.NotEqual(a, ArmEvaluator.UniqueString(["x", "z"]));
        Assert.True(Guid.TryParse(ArmEvaluator.Guid(["a"]), out _));
    }

    [Fact]
    public void Parameters_are_checked_against_their_declaration()
    {
        const string template = """
            {"parameters": {"n": {"type": "int", "defaultValue": 2, "minValue": 1, "maxValue": 3},
                            "s": {"type": "string", "allowedValues": ["a", "b"], "defaultValue": "a"}},
             "outputs": {"o": {"type": "string", "value": "[format('{0}{1}', parameters('s'), parameters('n'))]"}}}
            """;
        Assert.Equal("a2", Deploy(template).Output("o"));
        Assert.Equal("b3", Deploy(template, new() { ["s"] = "b", ["n"] = 3L }).Output("o"));
        Assert.Throws<ArgumentException>(() => Deploy(template, new() { ["n"] = 4L }));
        Assert.Throws<ArgumentException>(() => Deploy(template, new() { ["s"] = "c" }));
        Assert.Throws<ArgumentException>(() => Deploy(template, new() { ["n"] = "2" }));
        Assert.Throws<ArgumentException>(() => Deploy(template, new() { ["unknown"] = "x" }));
    }

    [Fact]
    public void Copy_loops_conditions_and_nested_deployments_with_references()
    {
        const string template = """
            {"parameters": {"names": {"type": "array", "defaultValue": ["q1", "q2"]}},
             "resources": [
               {"copy": {"name": "qs", "count": "[length(parameters('names'))]"}, "type": "A.B/t", "apiVersion": "1",
                "name": "[parameters('names')[copyIndex()]]", "properties": {"i": "[copyIndex()]"}},
               {"condition": false, "type": "A.B/t", "apiVersion": "1", "name": "never"},
               {"type": "Microsoft.Resources/deployments", "apiVersion": "1", "name": "inner", "resourceGroup": "g",
                "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "mode": "Incremental",
                  "parameters": {"p": {"value": "[parameters('names')[1]]"}},
                  "template": {"parameters": {"p": {"type": "string"}},
                    "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "1", "name": "[parameters('p')]"}],
                    "outputs": {"blob": {"type": "string", "value": "[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('p')), '1').primaryEndpoints.blob]"}}}}}],
             "outputs": {"o": {"type": "string", "value": "[reference(extensionResourceId('/subscriptions/sub/resourceGroups/g', 'Microsoft.Resources/deployments', 'inner'), '1').outputs.blob.value]"}}}
            """;
        var d = Deploy(template);
        Assert.Equal(["q1", "q2"], d.OfType("A.B/t").Select(r => r.Name));
        Assert.Equal(1L, d.OfType("A.B/t").Last().Properties["i"]);
        var account = Assert.Single(d.OfType("Microsoft.Storage/storageAccounts"));
        Assert.Equal("/subscriptions/sub/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/q2", account.Id);
        Assert.Equal("https://q2.blob.core.windows.net/", d.Output("o"));
        Assert.Contains(account.Id, d.ReferencedResourceIds);
    }

    [Fact]
    public void An_unknown_function_is_an_error_not_a_guess() =>
        Assert.Throws<NotSupportedException>(() => Output("[listKeys('x', '1')]"));
}
