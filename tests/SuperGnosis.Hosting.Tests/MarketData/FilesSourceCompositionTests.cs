using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Files;
using SuperGnosis.Data.Tests.Files;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Hosting.Tests.MarketData;

public sealed class FilesSourceCompositionTests : IDisposable
{
    private readonly FilesFixture _files = new();

    public void Dispose() => _files.Dispose();

    private Dictionary<string, string?> Settings(string? directory) => new()
    {
        ["SuperGnosis:MarketData:Source"] = "files",
        ["SuperGnosis:MarketData:DataDirectory"] = directory,
    };

    [Fact]
    public void Source_files_serves_every_port_from_the_data_directory_with_its_full_path_as_identity()
    {
        using var provider = TestComposition.BuildValidated(Settings(_files.Root));
        var sources = provider.GetRequiredService<MarketDataSources>();
        var source = Assert.IsType<FileMarketDataSource>(sources.Chains);
        Assert.Same(source, sources.Market);
        Assert.Same(source, sources.News);
        Assert.Same(source, sources.Quality);
        Assert.Equal("files:" + Path.GetFullPath(_files.Root), sources.Identity);
        Assert.All(provider.GetServices<Core.Ports.IEngine>(), e => Assert.IsType<DataQualityEngine>(e));
    }

    [Fact]
    public void The_fingerprint_depends_on_the_directory()
    {
        var other = Path.Combine(_files.Root, "SPY");
        using var a = TestComposition.BuildValidated(Settings(_files.Root));
        using var b = TestComposition.BuildValidated(Settings(other));
        using var synthetic = TestComposition.BuildValidated();
        var fa = a.GetRequiredService<RunFingerprint>().Value;
        Assert.NotEqual(fa, b.GetRequiredService<RunFingerprint>().Value);
        Assert.NotEqual(fa, synthetic.GetRequiredService<RunFingerprint>().Value);
    }

    [Theory]
    [InlineData(null, "must be set when Source = files")]
    [InlineData("missing", "does not exist")]
    [InlineData("file", "is a file, not a directory")]
    public void A_bad_data_directory_fails_at_start_naming_the_key(string? which, string expected)
    {
        var file = Path.Combine(_files.Root, "SPY", "news.jsonl");
        var directory = which switch { null => null, "missing" => Path.Combine(_files.Root, "nope"), _ => file };
        using var provider = TestComposition.Build(Settings(directory));
        var ex = Assert.Throws<OptionsValidationException>(() => provider.ValidateSuperGnosisOptions());
        Assert.Contains("SuperGnosis:MarketData:DataDirectory", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stale_chain_degrades_with_its_age_and_skipped_rows_reach_the_metadata()
    {
        var output = new EngineOutput(EngineKind.Hedge, "SPY", FilesFixture.AsOf, new Dictionary<string, double>(), 0.7, "neutral",
            new Dictionary<string, string> { ["rows_in"] = "60" });
        var report = new DataQualityReport(new Dictionary<DataKind, DataKindQuality>
        {
            [DataKind.Chain] = new(new Dictionary<string, int> { ["bad_type"] = 2 }.ToImmutableSortedDictionary(), FilesFixture.AsOf.AddHours(-30), []),
            [DataKind.Trades] = new(new Dictionary<string, int> { ["bad_price"] = 5 }.ToImmutableSortedDictionary(), null, []),
        }.ToImmutableSortedDictionary());

        var annotated = DataQualityEngine.Annotate(output, report, FilesFixture.AsOf, TimeSpan.FromDays(1));

        Assert.Equal("2", annotated.Metadata["data_chain_skipped_bad_type"]);
        Assert.Equal("108000", annotated.Metadata["chain_age_seconds"]);
        Assert.Equal("stale_chain", annotated.Metadata["degraded"]);
        Assert.False(annotated.Metadata.ContainsKey("data_trades_skipped_bad_price")); // the hedge engine reads no trades
        Assert.Equal(0.7, annotated.Confidence);

        var fresh = DataQualityEngine.Annotate(output, report, FilesFixture.AsOf, TimeSpan.FromDays(2));
        Assert.False(fresh.Metadata.ContainsKey("degraded"));
    }
}
