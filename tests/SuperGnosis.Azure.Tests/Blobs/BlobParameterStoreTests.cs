using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Blobs;

[Collection(AzuriteCollection.Name)]
public sealed class BlobParameterStoreTests(AzuriteFixture azurite) : AzuriteTest(azurite)
{
    private static ParameterVersion Version(int number, ParameterVersionStatus status, double risk) => new(
        number, number - 1, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), status,
        new ParameterSet(new Dictionary<string, double> { [ParameterNames.RiskFraction] = risk }),
        [new ParameterChange(ParameterNames.RiskFraction, 0.01, risk, 0.01, risk, 40, "test")], 40, 1.5, 0.7, 0.02);

    [Fact]
    public async Task Versions_are_insert_unique_and_the_newest_accepted_one_is_read_back()
    {
        var payloads = NewPayloadStore();
        var store = new BlobParameterStore(payloads);
        Assert.Null(await store.GetLatestAsync(Ct));

        Assert.True(await store.SaveAsync(Version(1, ParameterVersionStatus.Accepted, 0.012), Ct));
        Assert.True(await store.SaveAsync(Version(2, ParameterVersionStatus.Proposed, 0.0144), Ct));
        Assert.False(await store.SaveAsync(Version(2, ParameterVersionStatus.Accepted, 0.5), Ct));
        Assert.True(await payloads.TryUploadAsync(BlobParameterStore.BlobName(3), BinaryData.FromString("not a version"), "application/json", Ct));

        Assert.Equal(2, (await store.GetLatestAsync(Ct))!.Version);
        var accepted = await store.GetLatestAcceptedAsync(Ct);
        Assert.Equal(Version(1, ParameterVersionStatus.Accepted, 0.012).ToJson(), accepted!.ToJson());
        Assert.Equal("parameters/v000002.json", BlobParameterStore.BlobName(2));
        Assert.Equal(0.0144, (await store.GetLatestAsync(Ct))!.Parameters.Values[ParameterNames.RiskFraction]);
    }
}
