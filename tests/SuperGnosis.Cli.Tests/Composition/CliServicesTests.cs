using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Cli.Tests.Composition;

public sealed class CliServicesTests
{
    [Fact]
    public void Flags_map_to_configuration_keys()
    {
        var settings = CliServices.AnalyzeSettings(11, "/tmp/x.jsonl");
        Assert.Equal("11", settings["SuperGnosis:MarketData:Seed"]);
        Assert.Equal("/tmp/x.jsonl", settings["SuperGnosis:Ledger:Path"]);
        Assert.False(settings.ContainsKey("SuperGnosis:MarketData:Capture"));
        Assert.False(CliServices.AnalyzeSettings(7, null).ContainsKey("SuperGnosis:Ledger:Path"));
    }

    [Fact]
    public void The_ledger_flag_chooses_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "gnosis-cli-services-" + Guid.NewGuid().ToString("N") + ".jsonl");
        using var services = CliServices.Build(CliServices.AnalyzeSettings(7, path), includeEnvironment: false);
        Assert.Equal(Path.GetFullPath(path), services.GetRequiredService<LedgerSelection>().Location);
        Assert.Equal(7, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MarketDataOptions>>().Value.Seed);
    }

    [Fact]
    public void A_bad_configuration_value_is_a_usage_error_naming_the_key()
    {
        var ex = Assert.Throws<CliUsageException>(() => CliServices.Build(
            new Dictionary<string, string?> { ["SuperGnosis:Trade:RiskFreeRate"] = "5" }, includeEnvironment: false));
        Assert.StartsWith("configuration: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SuperGnosis:Trade:RiskFreeRate", ex.Message, StringComparison.Ordinal);
    }
}
