using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Azure.Blobs;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Files;
using SuperGnosis.Functions.Tests.Harness;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Testing;

namespace SuperGnosis.Functions.Tests;

/// <summary>
/// The Functions app archives a run's captured inputs to Blob Storage in the files layout when the run's ledger stage
/// releases the capture: the archive container then reads through the files source like a folder.
/// </summary>
[Collection("azurite")]
public sealed class RunArchiveTests(AzuriteFixture azurite)
{
    /// <summary>An instant no other test runs SPY at (run ids are shared through the runs table of the one Azurite).</summary>
    private static readonly DateTimeOffset AsOf = Runs.SessionInstant.AddMinutes(23);

    [Fact]
    public async Task A_distributed_run_leaves_its_inputs_in_the_archive_container_readable_by_the_files_source()
    {
        await using var app = new TestApp(azurite);
        var harness = new QueueHarness(app.Services, azurite.ConnectionString);
        await harness.PurgeAsync();

        var runId = await Runs.StartAsync(app, "SPY", AsOf);
        await harness.DrainAsync(Runs.Finished(app, [runId]), TimeSpan.FromMinutes(3));
        var result = await app.Stages.ReadResultAsync(runId, CancellationToken.None);
        Assert.NotNull(result);

        var location = app.Configuration["SuperGnosis:Archive:Location"]!;
        var store = BlobDataFileStore.Open(new BlobServiceClient(azurite.ConnectionString), location);
        var files = new FileMarketDataSource(store);
        var stamp = AsOf.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains((await store.ListAsync("SPY/chains", CancellationToken.None)).Select(e => e.Path), p => p == $"SPY/chains/{stamp}.parquet");

        // The archived chain is the one the run analysed; the archived bars and ticks are there for the same instant.
        var chain = await files.GetChainAsync("SPY", AsOf, CancellationToken.None);
        var hedge = result!.EngineOutputs.Single(o => o.Kind == EngineKind.Hedge);
        Assert.Equal(hedge.Features[HedgeFeatureNames.Spot], chain.UnderlyingPrice);
        Assert.Equal(hedge.Metadata[HedgeMetadataKeys.RowsIn], chain.Quotes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEmpty(await files.GetBarsAsync("SPY", BarInterval.Daily, AsOf.AddDays(-30), AsOf, CancellationToken.None));
        Assert.NotEmpty(await files.GetBarsAsync("SPY", BarInterval.OneMinute, AsOf.AddHours(-1), AsOf, CancellationToken.None));
        Assert.NotEmpty(await files.GetTradesAsync("SPY", AsOf.AddHours(-1), AsOf, CancellationToken.None));
        Assert.NotEmpty(await files.GetQuotesAsync("SPY", AsOf.AddHours(-1), AsOf, CancellationToken.None));
    }

    [Fact]
    public void The_app_archives_to_the_archive_container_by_default()
    {
        Assert.Equal("az://sg-archive", FunctionsServiceCollectionExtensions.FunctionsArchiveLocation);
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["SuperGnosis:Ledger:Kind"] = "table",
            ["SuperGnosis:RunState:Kind"] = "table",
        }).Build();
        services.AddSuperGnosisFunctions(configuration);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<ArchiveOptions>>().Value;
        Assert.True(options.IsEnabled);
        Assert.Equal("az://sg-archive", options.EffectiveLocation());
    }
}
