using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Functions.Stages;

namespace SuperGnosis.Functions.Tests;

public sealed class StageQueueNameTests
{
    [Fact]
    public void Every_queue_constant_is_the_queue_name_of_the_address_it_serves()
    {
        foreach (var (constant, address) in StageQueues.Served)
        {
            Assert.Equal(address.QueueName, constant);
        }
    }

    [Fact]
    public void The_served_addresses_cover_every_engine_every_product_agent_layer_and_every_single_stage()
    {
        var expected = Enum.GetValues<EngineKind>().Select(StageAddress.Engine)
            .Concat(new[] { "primary_hedge", "primary_liquidity", "primary_sentiment" }.Select(StageAddress.Agent))
            .Concat([StageAddress.SnapshotFanIn, StageAddress.Composer, StageAddress.Trade, StageAddress.Ledger, StageAddress.RunEvents])
            .Select(a => a.QueueName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, StageQueues.Served.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_primary_agent_layer_constants_are_the_layers_of_the_product_agents()
    {
        Assert.Equal(StageQueues.PrimaryHedgeLayer, new Core.Agents.HedgeAgentV3().Layer);
        Assert.Equal(StageQueues.PrimaryLiquidityLayer, new Core.Agents.LiquidityAgentV1().Layer);
        Assert.Equal(StageQueues.PrimarySentimentLayer, new Core.Agents.SentimentAgentV1().Layer);
    }

    [Fact]
    public void Every_poison_queue_is_its_queue_with_the_host_suffix()
    {
        Assert.Equal(StageQueues.Served.Keys.Order(StringComparer.Ordinal), StageQueues.Poison.Keys.Order(StringComparer.Ordinal));
        foreach (var (queue, poison) in StageQueues.Poison)
        {
            Assert.Equal(queue + "-poison", poison);
        }
    }

    [Fact]
    public void Every_queue_the_app_reads_is_a_valid_azure_queue_name()
    {
        Assert.Equal(24, StageQueues.All.Count);
        foreach (var name in StageQueues.All)
        {
            Assert.True(NameRules.IsValidQueueName(name), $"'{name}' is not a valid queue name");
        }
    }

    [Fact]
    public void Each_queue_has_exactly_one_trigger_and_every_trigger_reads_a_known_queue()
    {
        var triggers = QueueTriggers().ToList();
        Assert.Equal(StageQueues.All.Order(StringComparer.Ordinal), triggers.Select(t => t.Queue).Order(StringComparer.Ordinal));
        Assert.Equal(triggers.Count, triggers.Select(t => t.Function).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Stage_functions_read_stage_queues_and_poison_functions_read_poison_queues()
    {
        foreach (var (type, queue, _) in QueueTriggers())
        {
            Assert.Equal(queue.EndsWith("-poison", StringComparison.Ordinal) ? typeof(PoisonFunctions) : typeof(StageFunctions), type);
        }
    }

    internal static IEnumerable<(Type Type, string Queue, string Function)> QueueTriggers() =>
        from type in typeof(StageQueues).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<QueueTriggerAttribute>()
        where trigger is not null
        select (type, trigger.QueueName, function.Name);
}

/// <summary>Azure's naming rules, written out independently of the production checks.</summary>
internal static class NameRules
{
    /// <summary>Queues and containers: 3-63 of a-z, 0-9 and '-', starting and ending with a letter or digit, no "--".</summary>
    public static bool IsValidQueueName(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$") && name.Length is >= 3 and <= 63;

    public static bool IsValidContainerName(string name) => IsValidQueueName(name);

    /// <summary>Tables: 3-63 alphanumerics starting with a letter.</summary>
    public static bool IsValidTableName(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z][A-Za-z0-9]{2,62}$") && !name.Equals("tables", StringComparison.OrdinalIgnoreCase);
}
