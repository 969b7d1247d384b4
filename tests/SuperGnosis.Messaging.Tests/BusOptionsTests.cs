using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting;

namespace SuperGnosis.Messaging.Tests;

/// <summary>Stage selection (<c>SuperGnosis:Bus:Stages</c>, <c>gnosis worker --stages</c>) and the bus and RabbitMQ options checked at start.</summary>
public sealed class BusOptionsTests
{
    private static IReadOnlyList<StageAddress> Plan()
    {
        using var services = new ServiceCollection().AddSuperGnosis(BusComposition.Configuration()).BuildServiceProvider();
        return [.. services.GetRequiredService<PipelineStages>().Handlers.Select(h => h.Address)];
    }

    [Theory]
    [InlineData("all", "sg-engine-hedge,sg-engine-liquidity,sg-engine-sentiment,sg-engine-elasticity,sg-snapshot,sg-agent-primary-hedge,sg-agent-primary-liquidity,sg-agent-primary-sentiment,sg-composer,sg-trade,sg-ledger")]
    [InlineData("none", "")]
    [InlineData("hedge, Liquidity", "sg-engine-hedge,sg-engine-liquidity")]
    [InlineData("engines", "sg-engine-hedge,sg-engine-liquidity,sg-engine-sentiment,sg-engine-elasticity")]
    [InlineData("ledger,agents,engine-elasticity,sg-snapshot", "sg-engine-elasticity,sg-snapshot,sg-agent-primary-hedge,sg-agent-primary-liquidity,sg-agent-primary-sentiment,sg-ledger")]
    [InlineData("trade,trade,agent-primary-hedge", "sg-agent-primary-hedge,sg-trade")]
    public void A_selection_names_stages_by_engine_kind_queue_or_group_in_pipeline_order(string selection, string queues)
    {
        Assert.Equal(queues, string.Join(',', StageSelection.Parse(selection, Plan()).Select(a => a.QueueName)));
    }

    [Theory]
    [InlineData("hedge,gamma,vanna", "unknown stages 'gamma', 'vanna'; known: all, none, engines, agents, hedge, liquidity, sentiment, elasticity, snapshot, agent-primary-hedge")]
    [InlineData(" , ", "no stage is named")]
    [InlineData("none,hedge", "'none' cannot be combined with stage names")]
    public void A_bad_selection_is_one_line_naming_what_is_wrong(string selection, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => StageSelection.Parse(selection, Plan()));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Bad_bus_and_RabbitMQ_settings_stop_the_start_naming_each_key_and_never_the_password()
    {
        const string password = "s3cret-Pa55";
        var services = new ServiceCollection().AddSuperGnosisBus(BusComposition.Configuration(new Dictionary<string, string?>
        {
            ["SuperGnosis:Ledger:Kind"] = "none",
            ["SuperGnosis:Bus:Transport"] = "rabbitmq",
            ["SuperGnosis:Bus:Stages"] = "hedge,gamma",
            ["SuperGnosis:Bus:Retry:Limit"] = "50",
            ["SuperGnosis:Bus:ConcurrentMessageLimit"] = "0",
            ["RabbitMq:Host"] = "amqp://user:" + password + "@broker",
            ["RabbitMq:Port"] = "70000",
            ["RabbitMq:Password"] = password,
            ["RabbitMq:ConnectTimeout"] = "00:00:00",
        })).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.ValidateSuperGnosisOptions());

        Assert.Contains("SuperGnosis:Bus:Stages: unknown stage 'gamma'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SuperGnosis:Bus:Retry:Limit = 50 must be in [0, 20]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SuperGnosis:Bus:ConcurrentMessageLimit = 0 must be in [1, 256]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:Host '***' must be a host name or IP address", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:Port = 70000 must be in [1, 65535]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("RabbitMq:ConnectTimeout = 00:00:00 must be in", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_RabbitMQ_options_print_without_their_password()
    {
        var options = new RabbitMqOptions { Host = "broker.internal", Password = "s3cret-Pa55", VirtualHost = "sg" };
        Assert.Equal("rabbitmq://broker.internal:5672/sg", options.Describe());
        Assert.Contains("Password = ***", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_password_is_named_with_the_variable_that_sets_it()
    {
        var result = new RabbitMqOptionsValidator().Validate(null, new RabbitMqOptions { Password = "" });
        Assert.True(result.Failed);
        Assert.Contains("RabbitMq:Password is not set (set the environment variable RabbitMq__Password)", result.FailureMessage, StringComparison.Ordinal);
    }
}
