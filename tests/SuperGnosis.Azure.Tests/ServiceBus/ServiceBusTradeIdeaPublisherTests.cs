using System.Text.Json;
using Azure.Messaging.ServiceBus;
using SuperGnosis.Azure.ServiceBus;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Azure.Tests.ServiceBus;

/// <summary>No Service Bus emulator runs here: the mapping is tested field by field, and received messages are built with the SDK's model factory.</summary>
public sealed class ServiceBusTradeIdeaPublisherTests
{
    private const string RunId = "run-20250314-spy-abc123";

    [Fact]
    public void ToMessage_MapsEveryField()
    {
        var idea = Samples.Idea(RunId, 0);
        var message = ServiceBusTradeIdeaPublisher.ToMessage(idea, RunId);

        Assert.Equal(idea.Id, message.MessageId);
        Assert.Equal(RunId, message.CorrelationId);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("trade_idea", message.Subject);
        Assert.Equal(2, message.ApplicationProperties.Count);
        Assert.Equal("SPY", message.ApplicationProperties["symbol"]);
        Assert.Equal("bull_call_spread", message.ApplicationProperties["strategy"]);
        Assert.Equal(JsonSerializer.Serialize(idea, ContractJson.Compact.TradeIdea), message.Body.ToString());
        Assert.Null(message.SessionId);
        Assert.Equal(default, message.ScheduledEnqueueTime);
    }

    [Fact]
    public void ToMessage_IsDeterministic_SoDuplicateDetectionWorks()
    {
        var a = ServiceBusTradeIdeaPublisher.ToMessage(Samples.Idea(RunId, 1), RunId);
        var b = ServiceBusTradeIdeaPublisher.ToMessage(Samples.Idea(RunId, 1), RunId);
        Assert.Equal(a.MessageId, b.MessageId);
        Assert.Equal(a.Body.ToString(), b.Body.ToString());
    }

    [Fact]
    public void IdsOver128Characters_BecomeAStableHash()
    {
        var longId = new string('i', 200);
        var message = ServiceBusTradeIdeaPublisher.ToMessage(Samples.Idea(RunId, 0, id: longId), RunId);
        Assert.StartsWith("sha256-", message.MessageId);
        Assert.True(message.MessageId.Length <= ServiceBusTradeIdeaPublisher.MaxMessageIdLength);
        Assert.Equal(message.MessageId, ServiceBusTradeIdeaPublisher.MessageIdFor(longId));
        Assert.Equal(new string('i', 128), ServiceBusTradeIdeaPublisher.MessageIdFor(new string('i', 128)));
    }

    [Fact]
    public void ToMessage_RejectsAnInvalidRunId()
    {
        Assert.Throws<ArgumentException>(() => ServiceBusTradeIdeaPublisher.ToMessage(Samples.Idea(RunId, 0), "bad run id"));
        Assert.Throws<ArgumentNullException>(() => ServiceBusTradeIdeaPublisher.ToMessage(null!, RunId));
    }

    [Fact]
    public void AReceivedMessage_RoundTripsEveryProperty()
    {
        var idea = Samples.Idea(RunId, 3, "QQQ");
        var sent = ServiceBusTradeIdeaPublisher.ToMessage(idea, RunId);

        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: sent.Body,
            messageId: sent.MessageId,
            correlationId: sent.CorrelationId,
            contentType: sent.ContentType,
            subject: sent.Subject,
            properties: sent.ApplicationProperties);

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(sent.CorrelationId, received.CorrelationId);
        Assert.Equal(sent.ContentType, received.ContentType);
        Assert.Equal(sent.Subject, received.Subject);
        Assert.Equal("QQQ", received.ApplicationProperties["symbol"]);
        Assert.Equal("bull_call_spread", received.ApplicationProperties["strategy"]);
        Assert.Equal(sent.Body.ToArray(), received.Body.ToArray());

        var (roundTripped, runId) = ServiceBusTradeIdeaPublisher.FromReceived(received);
        Assert.Equal(RunId, runId);
        Assert.Equal(JsonSerializer.Serialize(idea, ContractJson.Compact.TradeIdea), JsonSerializer.Serialize(roundTripped, ContractJson.Compact.TradeIdea));
        Assert.Equal(idea.Id, roundTripped.Id);
        Assert.Equal(idea.Legs, roundTripped.Legs);
    }

    [Fact]
    public void FromReceived_RejectsMessagesThatAreNotTradeIdeas()
    {
        var wrongType = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString("{}"), messageId: "m1", contentType: "text/plain", subject: "trade_idea");
        Assert.Throws<InvalidDataException>(() => ServiceBusTradeIdeaPublisher.FromReceived(wrongType));
        var badBody = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString("{\"id\":\"x\"}"), messageId: "m2", contentType: "application/json", subject: "trade_idea");
        Assert.Throws<InvalidDataException>(() => ServiceBusTradeIdeaPublisher.FromReceived(badBody));
    }

    [Fact]
    public void Options_AreOnOnlyWhenANamespaceOrConnectionStringIsSet_AndHideSecrets()
    {
        Assert.False(new ServiceBusTradeIdeaOptions().IsConfigured);
        Assert.False(new ServiceBusTradeIdeaOptions { FullyQualifiedNamespace = " " }.IsConfigured);
        var identity = new ServiceBusTradeIdeaOptions { FullyQualifiedNamespace = "sg-test.servicebus.windows.net" };
        Assert.True(identity.IsConfigured);
        Assert.Equal("trade-ideas", identity.TopicName);
        Assert.Contains("sg-test.servicebus.windows.net", identity.ToString());

        const string secret = "c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==";
        var keyed = new ServiceBusTradeIdeaOptions
        {
            ConnectionString = $"Endpoint=sb://sg-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={secret}",
        };
        Assert.True(keyed.IsConfigured);
        Assert.DoesNotContain(secret, keyed.ToString());
        Assert.DoesNotContain("SharedAccessKey", keyed.ToString());
    }

    [Fact]
    public async Task Create_BuildsAClientWithoutNetwork_AndRefusesWhenOff()
    {
        Assert.Throws<InvalidOperationException>(() => ServiceBusTradeIdeaPublisher.Create(new ServiceBusTradeIdeaOptions()));

        const string secret = "c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==";
        await using (ServiceBusTradeIdeaPublisher.Create(new ServiceBusTradeIdeaOptions
        {
            ConnectionString = $"Endpoint=sb://sg-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={secret}",
        }))
        {
        }
        await using (ServiceBusTradeIdeaPublisher.Create(new ServiceBusTradeIdeaOptions { FullyQualifiedNamespace = "sg-test.servicebus.windows.net", ClientId = "00000000-0000-0000-0000-000000000001" }))
        {
        }

        var error = Assert.Throws<InvalidOperationException>(() => ServiceBusTradeIdeaPublisher.Create(
            new ServiceBusTradeIdeaOptions { ConnectionString = $"SharedAccessKey={secret}" }));
        Assert.DoesNotContain(secret, error.Message);
        Assert.Null(error.InnerException);
    }
}
