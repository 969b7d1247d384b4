using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Azure.Tests;

public sealed class AzureStorageNamesTests
{
    [Fact]
    public void EveryQueueTheProductUses_IsAValidAzureQueueName_IncludingPoisonQueues()
    {
        var queues = AzureStorageNames.DefaultQueueNames();
        Assert.Equal(2 * (4 + 3 + 5), queues.Count); // 4 engines, 3 agents, snapshot/composer/trade/ledger/run-events
        Assert.Equal(queues.Count, queues.Distinct().Count());
        Assert.All(queues, q => Assert.True(AzureStorageNames.IsValidQueueName(q), q));
        Assert.Contains("sg-engine-hedge", queues);
        Assert.Contains("sg-engine-elasticity-poison", queues);
        Assert.Contains("sg-agent-primary-sentiment-poison", queues);
        Assert.Contains("sg-run-events", queues);
        Assert.All(queues.Where(q => !q.EndsWith("-poison", StringComparison.Ordinal)), q => Assert.Contains(q + "-poison", queues));
    }

    [Fact]
    public void QueueNames_FollowTheConfiguredEnginesAndAgents()
    {
        var queues = AzureStorageNames.QueueNames([EngineKind.Hedge], ["primary_hedge", "custom_layer_2"]);
        Assert.Contains("sg-agent-custom-layer-2", queues);
        Assert.DoesNotContain("sg-engine-liquidity", queues);
        Assert.All(queues, q => Assert.True(AzureStorageNames.IsValidQueueName(q), q));
        Assert.Throws<ArgumentException>(() => AzureStorageNames.QueueNames([], ["Bad-Layer"]));
    }

    [Fact]
    public void EveryTableAndContainer_IsValid()
    {
        Assert.Equal(["runs", "ledger"], AzureStorageNames.Tables.ToArray());
        Assert.All(AzureStorageNames.Tables, t => Assert.True(AzureStorageNames.IsValidTableName(t), t));
        Assert.All(AzureStorageNames.Containers, c => Assert.True(AzureStorageNames.IsValidContainerName(c), c));
        Assert.Equal(AzureStorageNames.Containers.Length, AzureStorageNames.Containers.Distinct().Count());
    }

    [Fact]
    public void TheLongestStageQueuePlusPoison_FitsIn63Characters()
    {
        var longestLayer = "a" + new string('b', 40);
        var poison = StageAddress.Agent(longestLayer).QueueName + AzureStorageNames.PoisonSuffix;
        Assert.Equal(poison.Length <= 63, AzureStorageNames.IsValidQueueName(poison));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("sg-engine-hedge", true)]
    [InlineData("a1-b2-c3", true)]
    [InlineData("ab", false)]                 // too short
    [InlineData("Abc", false)]                // upper case
    [InlineData("-abc", false)]               // starts with a hyphen
    [InlineData("abc-", false)]               // ends with a hyphen
    [InlineData("ab--c", false)]              // consecutive hyphens
    [InlineData("ab_c", false)]               // underscore
    [InlineData("ab.c", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void QueueAndContainerRules(string? name, bool valid)
    {
        Assert.Equal(valid, AzureStorageNames.IsValidQueueName(name));
        Assert.Equal(valid, AzureStorageNames.IsValidContainerName(name));
    }

    [Fact]
    public void QueueAndContainerLengthLimits()
    {
        Assert.True(AzureStorageNames.IsValidQueueName(new string('a', 63)));
        Assert.False(AzureStorageNames.IsValidQueueName(new string('a', 64)));
        Assert.False(AzureStorageNames.IsValidContainerName(new string('a', 64)));
    }

    [Theory]
    [InlineData("runs", true)]
    [InlineData("ledger", true)]
    [InlineData("Runs2025", true)]
    [InlineData("r12", true)]
    [InlineData("ru", false)]                 // too short
    [InlineData("1runs", false)]              // starts with a digit
    [InlineData("run-s", false)]              // hyphen
    [InlineData("run_s", false)]
    [InlineData("tables", false)]             // reserved
    [InlineData(null, false)]
    public void TableRules(string? name, bool valid)
    {
        Assert.Equal(valid, AzureStorageNames.IsValidTableName(name));
        Assert.True(AzureStorageNames.IsValidTableName("t" + new string('1', 62)));
        Assert.False(AzureStorageNames.IsValidTableName("t" + new string('1', 63)));
    }

    [Fact]
    public void EnsureMethods_NameTheBadValue()
    {
        Assert.Contains("Bad_Queue", Assert.Throws<ArgumentException>(() => AzureStorageNames.EnsureQueueName("Bad_Queue")).Message);
        Assert.Contains("bad-table", Assert.Throws<ArgumentException>(() => AzureStorageNames.EnsureTableName("bad-table")).Message);
        Assert.Contains("x", Assert.Throws<ArgumentException>(() => AzureStorageNames.EnsureContainerName("x")).Message);
    }
}
