using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Azure.Queues;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Queues;

/// <summary>
/// The stage queues have fixed names shared by every test on this Azurite, so each test finds its own messages by
/// its unique run id.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageQueueMessageSenderTests(AzuriteFixture azurite) : AzuriteTest(azurite)
{
    [Fact]
    public async Task Messages_AreBase64OnTheWire_AndDecodeToTheMessageJson()
    {
        var payloads = NewPayloadStore();
        var sender = new StorageQueueMessageSender(Connection, payloads);
        var runId = UniqueRunId();
        var message = new EngineOutputReady(runId, "SPY", Samples.AsOf, EngineKind.Liquidity);

        await sender.SendAsync([new OutboundMessage(StageAddress.SnapshotFanIn, message)], Ct);

        var raw = await ReceiveRawAsync("sg-snapshot", runId);
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(raw.MessageText)); // throws unless Base64
        Assert.Equal(PipelineMessageJson.Serialize(message), decoded);
        Assert.Equal(message, await QueueMessageBody.ResolveAsync(decoded, payloads, Ct));
    }

    [Fact]
    public async Task EachAddress_GoesToItsOwnQueue()
    {
        var sender = new StorageQueueMessageSender(Connection, NewPayloadStore());
        var runId = UniqueRunId();
        await sender.SendAsync(
        [
            new OutboundMessage(StageAddress.Engine(EngineKind.Hedge), new RunRequested(runId, "SPY", Samples.AsOf)),
            new OutboundMessage(StageAddress.Agent("primary_liquidity"), new SnapshotReady(runId, "SPY", Samples.AsOf)),
        ], Ct);

        Assert.Contains("run_requested", Decode(await ReceiveRawAsync("sg-engine-hedge", runId)));
        Assert.Contains("snapshot_ready", Decode(await ReceiveRawAsync("sg-agent-primary-liquidity", runId)));
    }

    [Fact]
    public async Task ABodyOver64KB_GoesByClaimCheck_AndResolvesToTheOriginalMessage()
    {
        var payloads = NewPayloadStore();
        var sender = new StorageQueueMessageSender(Connection, payloads);
        var runId = UniqueRunId();
        var message = new RunFailed(runId, "SPY", Samples.AsOf, "trade stage failed: " + Samples.Text(100_000));
        Assert.True(Encoding.UTF8.GetByteCount(PipelineMessageJson.Serialize(message)) > 65_536);

        await sender.SendAsync([new OutboundMessage(StageAddress.RunEvents, message)], Ct);

        var raw = await ReceiveRawAsync("sg-run-events", payloads.ContainerName); // the pointer names the container, not the run
        var decoded = Decode(raw);
        Assert.True(QueueMessageBody.IsClaimCheck(decoded));
        Assert.True(raw.MessageText.Length < 1_000, "the pointer is small");
        var blobs = await payloads.ListAsync("queues/sg-run-events/", Ct);
        Assert.Single(blobs);

        var resolved = await QueueMessageBody.ResolveAsync(decoded, payloads, Ct);
        Assert.Equal(message, resolved);
        Assert.Equal(((RunFailed)resolved).Reason, message.Reason);
    }

    [Fact]
    public async Task ATamperedClaimCheckBlob_IsRejected()
    {
        var payloads = NewPayloadStore();
        await payloads.TryUploadAsync("queues/x/abc.json", BinaryData.FromString("{}"), "application/json", Ct);
        var pointer = QueueMessageBody.Pointer(payloads.ContainerName, "queues/x/abc.json", 2, new string('0', 64));
        await Assert.ThrowsAsync<InvalidDataException>(() => QueueMessageBody.ResolveAsync(pointer, payloads, Ct));
        var elsewhere = QueueMessageBody.Pointer("other-container", "queues/x/abc.json", 2, new string('0', 64));
        await Assert.ThrowsAsync<InvalidDataException>(() => QueueMessageBody.ResolveAsync(elsewhere, payloads, Ct));
    }

    [Fact]
    public async Task MalformedBodies_ThrowTheMessageParsersErrors()
    {
        var payloads = NewPayloadStore();
        await Assert.ThrowsAsync<JsonException>(() => QueueMessageBody.ResolveAsync("not json", payloads, Ct));
        await Assert.ThrowsAsync<JsonException>(() => QueueMessageBody.ResolveAsync("{\"type\":\"nope\"}", payloads, Ct));
        // A message whose text merely mentions claim_check is still a message.
        var message = new RunFailed("run-1", "SPY", Samples.AsOf, "claim_check blob missing");
        Assert.Equal(message, await QueueMessageBody.ResolveAsync(PipelineMessageJson.Serialize(message), payloads, Ct));
    }

    [Fact]
    public async Task AVisibilityDelay_HidesTheMessageUntilItPasses()
    {
        var sender = new StorageQueueMessageSender(Connection, NewPayloadStore());
        var runId = UniqueRunId();
        await sender.SendAsync([new OutboundMessage(StageAddress.Trade, new CompositeReady(runId, "SPY", Samples.AsOf))], TimeSpan.FromMinutes(5), Ct);

        var queue = RawQueue("sg-trade");
        PeekedMessage[] visible = (await queue.PeekMessagesAsync(32, Ct)).Value;
        Assert.DoesNotContain(visible, m => Decode(m.MessageText).Contains(runId, StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StorageQueueMessageSender(Connection, NewPayloadStore(), TimeSpan.FromDays(8)));
    }

    private QueueClient RawQueue(string name) =>
        new(Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    /// <summary>Receives (and deletes) the first message of <paramref name="queueName"/> whose decoded text contains <paramref name="marker"/>.</summary>
    private async Task<QueueMessage> ReceiveRawAsync(string queueName, string marker)
    {
        var queue = RawQueue(queueName);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            QueueMessage[] messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1), Ct)).Value;
            foreach (var m in messages)
            {
                if (Decode(m).Contains(marker, StringComparison.Ordinal))
                {
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, Ct);
                    return m;
                }
            }
            await Task.Delay(100, Ct);
        }
        throw new Xunit.Sdk.XunitException($"no message containing '{marker}' in {queueName}");
    }

    private static string Decode(QueueMessage message) => Decode(message.MessageText);

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
